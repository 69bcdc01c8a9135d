import type * as vscode from 'vscode';
import { isClusterError, type ClusterErrorInfo } from '../../core/cluster/errors';
import { buildSnapshot, type ApiNode, type ApiPod } from '../../core/cluster/fromApi';
import { evaluateSkew } from '../../core/versions/skew';
import type { ClusterSnapshot, SkewVerdict } from '../../core/cluster/types';
import type { ClusterSession, WatchHandle } from '../../cluster/types';

export type ClusterState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly snapshot: ClusterSnapshot; readonly verdicts: readonly SkewVerdict[]; readonly live: boolean; readonly podsCounted: boolean }
  | { readonly phase: 'error'; readonly error: ClusterErrorInfo };

export interface ConnectionDeps {
  readonly contextName: string;
  readonly session: () => Promise<ClusterSession>;
  readonly log: vscode.LogOutputChannel;
  readonly kubectlVersion: () => Promise<string | undefined>;
  readonly onChange: () => void;
  /** Forgets cached credentials, so the next attempt re-runs an exec plugin after a 401. */
  readonly invalidateSession?: () => void;
  /** Pause between watch reconnects, growing from min to max. */
  readonly backoff?: { readonly minMs: number; readonly maxMs: number };
}

const NODES = '/api/v1/nodes';
const SYSTEM_PODS = '/api/v1/namespaces/kube-system/pods';
const ALL_PODS = '/api/v1/pods';

function asInfo(e: unknown, action: string): ClusterErrorInfo {
  if (isClusterError(e)) return e.info;
  return { kind: 'server', action, message: `${action} failed: ${(e as Error)?.message ?? String(e)}` };
}

/**
 * One context's live view of its cluster: lists on start, then watches nodes, re-listing when the
 * watch is too old (410) and reconnecting with back-off when it drops. Stopped when collapsed.
 */
export class ClusterConnection {
  private state: ClusterState = { phase: 'idle' };
  private abort: AbortController | undefined;
  private watchHandle: WatchHandle | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private nodes = new Map<string, ApiNode>();
  private systemPods: ApiPod[] = [];
  private allPods: ApiPod[] | undefined;
  private version: ClusterSnapshot['serverVersion'] = { gitVersion: 'unknown' };
  private kubectl: string | undefined;
  private failures = 0;
  private generation = 0;
  /** What the tree last showed, so node heartbeats that change nothing visible cause no refresh. */
  private lastPublished = '';

  constructor(private readonly deps: ConnectionDeps) {}

  get current(): ClusterState {
    return this.state;
  }

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Lists and starts watching; a second call while running does nothing. */
  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    void this.load(this.abort.signal, ++this.generation);
  }

  /** Stops watching and cancels calls in flight; the last data stays visible, marked not live. */
  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.state.phase === 'ready' && this.state.live) this.setState({ ...this.state, live: false });
    else if (this.state.phase === 'loading') this.setState({ phase: 'idle' });
  }

  refresh(): void {
    this.stop();
    this.setState(this.state.phase === 'ready' ? this.state : { phase: 'loading' });
    this.start();
  }

  dispose(): void {
    this.stop();
    if (this.changeTimer) clearTimeout(this.changeTimer);
  }

  private setState(s: ClusterState, published = ''): void {
    // Any other change (not live, error, loading) must not be mistaken for what was published.
    this.lastPublished = published;
    this.state = s;
    this.deps.onChange();
  }

  private async load(signal: AbortSignal, gen: number): Promise<void> {
    const { log, contextName } = this.deps;
    if (this.state.phase !== 'ready') this.setState({ phase: 'loading' });
    const started = Date.now();
    try {
      const session = await this.deps.session();
      const [version, nodes, systemPods, kubectl] = await Promise.all([
        session.version({ signal }),
        session.list<ApiNode>(NODES, { signal }),
        session.list<ApiPod>(SYSTEM_PODS, { signal }).catch((e: unknown) => {
          // Without kube-system access the nodes still show; the control plane is then unknown.
          log.warn(`[${contextName}] ${asInfo(e, 'list pods in kube-system').message}`);
          return { items: [] as ApiPod[], resourceVersion: '' };
        }),
        this.deps.kubectlVersion(),
      ]);
      if (signal.aborted || gen !== this.generation) return;
      this.version = version;
      this.kubectl = kubectl;
      this.nodes = new Map(nodes.items.map((n) => [n.metadata?.name ?? '', n]));
      this.systemPods = systemPods.items;
      this.allPods = undefined;
      this.failures = 0;
      this.publish(true);
      log.info(`[${contextName}] ${version.gitVersion}: ${nodes.items.length} nodes listed in ${Date.now() - started} ms`);
      await this.watchNodes(session, nodes.resourceVersion, signal, gen);
      void this.countPods(session, signal, gen);
    } catch (e) {
      if (signal.aborted || gen !== this.generation) return;
      const info = asInfo(e, 'connect');
      log.error(`[${contextName}] ${info.message}`);
      if (info.kind === 'unauthorized') this.deps.invalidateSession?.();
      this.setState({ phase: 'error', error: info });
      this.abort = undefined;
    }
  }

  /** Pod counts per node come second: the nodes show first, even on a cluster with many pods. */
  private async countPods(session: ClusterSession, signal: AbortSignal, gen: number): Promise<void> {
    try {
      const pods = await session.list<ApiPod>(ALL_PODS, { signal });
      if (signal.aborted || gen !== this.generation) return;
      this.allPods = pods.items;
      this.publish(true);
    } catch (e) {
      if (!signal.aborted) this.deps.log.warn(`[${this.deps.contextName}] pods per node not counted: ${asInfo(e, 'list pods').message}`);
    }
  }

  private async watchNodes(session: ClusterSession, resourceVersion: string, signal: AbortSignal, gen: number): Promise<void> {
    if (signal.aborted) return;
    let lastRv = resourceVersion;
    this.watchHandle = await session.watch<ApiNode>(NODES, resourceVersion, {
      onEvent: (type, node) => {
        const name = node.metadata?.name;
        lastRv = node.metadata?.resourceVersion ?? lastRv;
        if (type === 'BOOKMARK' || !name) return;
        if (type === 'DELETED') this.nodes.delete(name);
        else this.nodes.set(name, node);
        this.failures = 0;
        this.scheduleChange();
      },
      onClose: ({ error, gone }) => {
        if (signal.aborted || gen !== this.generation) return;
        if (gone) {
          this.deps.log.info(`[${this.deps.contextName}] node watch expired (410 Gone); listing again`);
          this.relist(gen);
          return;
        }
        if (!error) {
          // The server ended the watch normally (timeout): continue from where it stopped.
          void this.watchNodes(session, lastRv, signal, gen).catch((e: unknown) => this.retryLater(asInfo(e, 'watch nodes'), gen));
          return;
        }
        this.retryLater(error, gen);
      },
    });
  }

  private retryLater(error: ClusterErrorInfo, gen: number): void {
    if (gen !== this.generation || !this.abort) return;
    this.failures++;
    if (error.kind === 'unauthorized') this.deps.invalidateSession?.();
    const { minMs, maxMs } = this.deps.backoff ?? { minMs: 1000, maxMs: 30_000 };
    const delay = Math.min(maxMs, minMs * 2 ** Math.min(this.failures - 1, 10));
    this.deps.log.warn(`[${this.deps.contextName}] node watch dropped: ${error.message}; reconnecting in ${Math.round(delay / 100) / 10} s`);
    if (this.state.phase === 'ready') this.setState({ ...this.state, live: false });
    this.reconnectTimer = setTimeout(() => this.relist(gen), delay);
  }

  private relist(gen: number): void {
    if (gen !== this.generation || !this.abort) return;
    this.watchHandle?.stop();
    const signal = this.abort.signal;
    void (async () => {
      try {
        const session = await this.deps.session();
        const nodes = await session.list<ApiNode>(NODES, { signal });
        if (signal.aborted || gen !== this.generation) return;
        this.nodes = new Map(nodes.items.map((n) => [n.metadata?.name ?? '', n]));
        this.publish(true);
        await this.watchNodes(session, nodes.resourceVersion, signal, gen);
      } catch (e) {
        if (!signal.aborted) this.retryLater(asInfo(e, 'list nodes'), gen);
      }
    })();
  }

  private scheduleChange(): void {
    if (this.changeTimer) return;
    // Coalesce bursts of watch events into one tree update.
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.publish(this.running);
    }, 150);
  }

  private publish(live: boolean): void {
    const snapshot = buildSnapshot({
      version: this.version,
      nodes: [...this.nodes.values()],
      systemPods: this.systemPods,
      ...(this.allPods ? { allPods: this.allPods } : {}),
      ...(this.kubectl ? { kubectlVersion: this.kubectl } : {}),
    });
    const verdicts = evaluateSkew(snapshot);
    const podsCounted = this.allPods !== undefined;
    const key = JSON.stringify([snapshot, verdicts, live, podsCounted]);
    if (key === this.lastPublished && this.state.phase === 'ready') return;
    this.setState({ phase: 'ready', snapshot, verdicts, live, podsCounted }, key);
  }
}
