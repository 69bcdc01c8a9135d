// One context's live cluster data, shared by every feature that holds a reference to it (the tree,
// a drain, a checklist): the server version, the nodes, kube-system's pods and pod counts per node.
// Plain TypeScript: views subscribe to its changes and translate them.
import type { BackoffPolicy } from '../core/cluster/backoff';
import type { ClusterErrorInfo } from '../core/cluster/errors';
import { buildSnapshot, type ApiNode, type ApiPod } from '../core/cluster/fromApi';
import type { ClusterSnapshot, ServerVersionInfo, SkewVerdict } from '../core/cluster/types';
import { evaluateSkew } from '../core/versions/skew';
import { ListWatch, type ListWatchChange, type ListWatchStatus } from './listWatch';
import type { ClusterSession, LogLevel } from './types';

export type ClusterState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  | {
      readonly phase: 'ready';
      readonly snapshot: ClusterSnapshot;
      readonly verdicts: readonly SkewVerdict[];
      /** False while reconnecting or stopped: the data is the last received. */
      readonly live: boolean;
      readonly podsCounted: boolean;
      /** Why the live view is down, while it is. */
      readonly reconnect?: { readonly error: ClusterErrorInfo; readonly retryAt: number };
    }
  /** `retryAt` when the model retries by itself (a transient failure). */
  | { readonly phase: 'error'; readonly error: ClusterErrorInfo; readonly retryAt?: number };

export interface ClusterModelDeps {
  readonly contextName: string;
  readonly session: () => Promise<ClusterSession>;
  readonly log: (level: LogLevel, line: string) => void;
  readonly kubectlVersion: () => Promise<string | undefined>;
  /** Told each server version read, so it can be remembered for later sessions. */
  readonly onVersion?: (version: ServerVersionInfo) => void;
  readonly backoff?: BackoffPolicy;
  readonly healthyAfterMs?: number;
  /** Delay that coalesces bursts of watch events into one change; default 150 ms. */
  readonly coalesceMs?: number;
}

export interface Listener {
  dispose(): void;
}

const NODES = '/api/v1/nodes';
const SYSTEM_PODS = '/api/v1/namespaces/kube-system/pods';
const ALL_PODS = '/api/v1/pods';

/** A node as kept: everything but managedFields, which nobody here reads. */
function keepNode(n: ApiNode): ApiNode {
  if (!n.metadata || !('managedFields' in n.metadata)) return n;
  const { managedFields: _dropped, ...metadata } = n.metadata as ApiNode['metadata'] & { managedFields?: unknown };
  return { ...n, metadata };
}

/** Of pods in general only what the counts need: the node and whether it still runs. */
interface PodSlot {
  readonly nodeName: string;
  readonly finished: boolean;
}

function keepPodSlot(p: ApiPod): PodSlot | undefined {
  const nodeName = p.spec?.nodeName;
  if (!nodeName) return undefined;
  return { nodeName, finished: p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' };
}

const podKey = (p: ApiPod): string | undefined => (p.metadata?.name ? `${p.metadata.namespace ?? ''}/${p.metadata.name}` : undefined);

export class ClusterModel {
  private state: ClusterState = { phase: 'idle' };
  private readonly listeners = new Set<(state: ClusterState) => void>();
  private readonly nodeWatch: ListWatch<ApiNode, ApiNode>;
  private readonly systemPodWatch: ListWatch<ApiPod, ApiPod>;
  private readonly podWatch: ListWatch<ApiPod, PodSlot>;
  private version: ServerVersionInfo = { gitVersion: 'unknown' };
  private kubectl: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastKey = '';
  private disposed = false;

  constructor(private readonly deps: ClusterModelDeps) {
    const log = (level: LogLevel, line: string): void => deps.log(level, `[${deps.contextName}] ${line}`);
    const common = {
      session: deps.session,
      log,
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
      ...(deps.healthyAfterMs !== undefined ? { healthyAfterMs: deps.healthyAfterMs } : {}),
    };
    const changed = (c: ListWatchChange): void => this.changed(c);
    this.nodeWatch = new ListWatch<ApiNode, ApiNode>(
      { path: NODES, what: 'nodes', key: (n) => n.metadata?.name, keep: keepNode },
      {
        ...common,
        beforeList: async (session, signal) => {
          const [version, kubectl] = await Promise.all([session.version({ signal }), this.deps.kubectlVersion()]);
          this.version = version;
          this.kubectl = kubectl;
          this.deps.onVersion?.(version);
        },
      },
      changed,
    );
    this.systemPodWatch = new ListWatch<ApiPod, ApiPod>({ path: SYSTEM_PODS, what: 'kube-system pods', key: podKey, keep: (p) => p }, { ...common, quiet: true }, changed);
    this.podWatch = new ListWatch<ApiPod, PodSlot>({ path: ALL_PODS, what: 'pods', key: podKey, keep: keepPodSlot }, { ...common, quiet: true }, changed);
  }

  get contextName(): string {
    return this.deps.contextName;
  }

  get current(): ClusterState {
    return this.state;
  }

  get running(): boolean {
    return this.nodeWatch.running;
  }

  /** The nodes as the API last sent them (without managedFields). */
  get nodes(): ReadonlyMap<string, ApiNode> {
    return this.nodeWatch.items;
  }

  /** List and watch counters, for tests and diagnostics. */
  get stats(): { nodes: { lists: number; watches: number }; pods: { lists: number; watches: number } } {
    return { nodes: { ...this.nodeWatch.stats }, pods: { ...this.podWatch.stats } };
  }

  onDidChange(listener: (state: ClusterState) => void): Listener {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  start(): void {
    if (this.disposed || this.nodeWatch.running) return;
    this.nodeWatch.start();
    this.systemPodWatch.start();
    // Pod counts come after the nodes, so the nodes show first on a cluster with many pods.
    if (this.nodeWatch.hasSynced) this.podWatch.start();
    this.derive();
  }

  stop(): void {
    this.nodeWatch.stop();
    this.systemPodWatch.stop();
    this.podWatch.stop();
    this.derive();
  }

  /** Forgets failures and starts again (the Retry action). */
  refresh(): void {
    this.stop();
    if (this.state.phase === 'error') this.setState({ phase: 'loading' });
    this.start();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private changed(c: ListWatchChange): void {
    if (c.kind === 'synced' && this.nodeWatch.hasSynced && !this.podWatch.running && this.nodeWatch.running) this.podWatch.start();
    if (c.kind === 'event') {
      // Coalesce bursts of watch events into one change.
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.derive();
      }, this.deps.coalesceMs ?? 150);
      return;
    }
    this.derive();
  }

  private derive(): void {
    const nodes = this.nodeWatch.status;
    if (!this.nodeWatch.hasSynced) {
      if (nodes.phase === 'failed') return this.setState({ phase: 'error', error: nodes.error });
      if (nodes.phase === 'retrying') return this.setState({ phase: 'error', error: nodes.error, retryAt: nodes.retryAt });
      if (nodes.phase === 'idle') return this.setState(this.state.phase === 'error' ? this.state : { phase: 'idle' });
      // An automatic retry in progress keeps showing what it retries, rather than flashing "Loading…".
      if (this.state.phase === 'error' && this.state.retryAt !== undefined) return;
      return this.setState({ phase: 'loading' });
    }
    if (nodes.phase === 'failed') return this.setState({ phase: 'error', error: nodes.error });
    const podCounts = this.podWatch.hasSynced ? countSlots(this.podWatch.items.values()) : undefined;
    const snapshot = buildSnapshot({
      version: this.version,
      nodes: [...this.nodeWatch.items.values()],
      systemPods: [...this.systemPodWatch.items.values()],
      ...(podCounts ? { podCounts } : {}),
      ...(this.kubectl ? { kubectlVersion: this.kubectl } : {}),
    });
    const verdicts = evaluateSkew(snapshot);
    const live = nodes.phase === 'live';
    const reconnect = reconnectOf(nodes);
    const next: ClusterState = { phase: 'ready', snapshot, verdicts, live, podsCounted: podCounts !== undefined, ...(reconnect ? { reconnect } : {}) };
    const key = JSON.stringify([snapshot, verdicts, live, next.podsCounted, reconnect?.error.message]);
    // Node heartbeats that change nothing visible cause no change event.
    if (key === this.lastKey && this.state.phase === 'ready') return;
    this.setState(next, key);
  }

  private setState(s: ClusterState, key = ''): void {
    if (s === this.state) return;
    this.lastKey = key;
    this.state = s;
    for (const l of [...this.listeners]) l(s);
  }
}

function reconnectOf(s: ListWatchStatus): { error: ClusterErrorInfo; retryAt: number } | undefined {
  return s.phase === 'retrying' ? { error: s.error, retryAt: s.retryAt } : undefined;
}

function countSlots(slots: Iterable<PodSlot>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of slots) if (!s.finished) counts.set(s.nodeName, (counts.get(s.nodeName) ?? 0) + 1);
  return counts;
}
