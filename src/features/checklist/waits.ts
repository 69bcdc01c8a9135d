// The checklist's waits: after the operator's command (or by hand), watch the cluster until the
// control plane or a node shows the change, with a time limit and a cancel. The cluster model keeps
// the nodes and kube-system pods live; /version is read here again and again, because the model reads
// it once per connection and the API servers of an HA control plane answer it in turn.
import { controlPlaneVerdict, MIN_VERSION_ANSWERS, type ControlPlaneFacts, type ControlPlaneVerdict } from '../../core/checklist/controlPlaneWait';
import { nodeInput } from '../../core/checklist/nodeOrder';
import type { ChecklistNodeInput } from '../../core/checklist/types';
import type { NodeVerdict } from '../../core/checklist/verifyNode';
import type { ClusterSnapshot, NodeInfo } from '../../core/cluster/types';
import type { ClusterState, Listener } from '../../cluster/clusterModel';
import type { ClusterSession } from '../../cluster/types';

/** What a wait needs of the cluster model: its state and its changes. */
export interface ModelView {
  readonly current: ClusterState;
  onDidChange(listener: (state: ClusterState) => void): Listener;
}

export interface WaitOptions<P> {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Told each time what is still awaited changes. */
  readonly onProgress?: (progress: P) => void;
}

export type WaitResult =
  | { readonly ok: true; readonly observed: string }
  | { readonly ok: false; readonly reason: string; readonly cancelled?: true };

/** /version answers kept: enough that every server of an HA control plane has answered more than once. */
const VERSION_WINDOW = MIN_VERSION_ANSWERS + 2;

export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const min = ms / 60_000;
  return `${Number.isInteger(min) ? min : min.toFixed(1)} min`;
}

/** The checklist's view of a node, from the model's snapshot. */

const isControlPlaneNode = (n: NodeInfo): boolean => n.roles.includes('control-plane') || n.roles.includes('master');

/**
 * Settles once `check` says so, the time is up or the signal aborts. `check` runs at once, on every
 * model change and whenever `poke` is called.
 */
function settleWhen<T>(
  model: ModelView,
  o: Pick<WaitOptions<T>, 'timeoutMs' | 'signal'>,
  check: () => { readonly settled: WaitResult } | { readonly pending: T },
  timedOut: (last: T | undefined) => string,
  progress: (p: T) => void,
  run?: (poke: () => void, stopped: AbortSignal) => Promise<void>,
): Promise<WaitResult> {
  return new Promise((resolve) => {
    const stop = new AbortController();
    let last: T | undefined;
    let lastKey = '';
    const finish = (r: WaitResult): void => {
      if (stop.signal.aborted) return;
      stop.abort();
      clearTimeout(timer);
      listener.dispose();
      o.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const poke = (): void => {
      if (stop.signal.aborted) return;
      const r = check();
      if ('settled' in r) return finish(r.settled);
      last = r.pending;
      const key = JSON.stringify(r.pending);
      if (key !== lastKey) {
        lastKey = key;
        progress(r.pending);
      }
    };
    const onAbort = (): void => finish({ ok: false, reason: 'cancelled', cancelled: true });
    const timer = setTimeout(() => finish({ ok: false, reason: `timed out after ${formatDuration(o.timeoutMs)}: ${timedOut(last)}` }), o.timeoutMs);
    const listener = model.onDidChange(() => poke());
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    poke();
    if (run && !stop.signal.aborted) void run(poke, stop.signal);
  });
}

export interface ControlPlaneWaitOptions extends WaitOptions<ControlPlaneVerdict> {
  /** Time between /version reads; default 2 s. */
  readonly pollMs?: number;
}

/**
 * Waits until the control plane runs `to` (a minor, "1.34"): every /version answer of the latest
 * few, every component pod and the control-plane nodes, as ../../core/checklist/controlPlaneWait
 * judges them. A failing /version read (the only API server restarting) is waited through.
 */
export function waitForControlPlane(model: ModelView, session: Pick<ClusterSession, 'version'>, to: string, o: ControlPlaneWaitOptions): Promise<WaitResult> {
  const answers: string[] = [];
  let lastError: string | undefined;
  let baseline: { managed: boolean; expectedPods: readonly string[] } | undefined;
  let lastSnapshot: ClusterSnapshot | undefined;

  const snapshot = (): ClusterSnapshot | undefined => {
    const s = model.current;
    if (s.phase === 'ready') lastSnapshot = s.snapshot;
    return lastSnapshot;
  };

  const verdict = (): ControlPlaneVerdict => {
    const snap = snapshot();
    if (!snap) return { done: false, stillOld: ["the cluster's nodes and pods are not loaded yet"], observed: 'nothing seen yet' };
    // Whether the control plane is managed is decided once: pods restarting must not make it look managed.
    baseline ??= { managed: snap.managed, expectedPods: snap.managed ? [] : snap.components.map((c) => c.podName) };
    const facts: ControlPlaneFacts = {
      serverVersions: answers,
      components: snap.components,
      controlPlaneNodes: snap.nodes.filter(isControlPlaneNode).map((n) => ({ name: n.name, ready: n.ready === 'True', kubeletVersion: n.kubeletVersion })),
      managed: baseline.managed,
      expectedPods: baseline.expectedPods,
    };
    const v = controlPlaneVerdict(facts, to);
    return lastError && !v.done ? { ...v, stillOld: [...v.stillOld, `the last /version read failed: ${lastError}`] } : v;
  };

  const pollMs = o.pollMs ?? 2000;
  return settleWhen<ControlPlaneVerdict>(
    model,
    o,
    () => {
      const v = verdict();
      return v.done ? { settled: { ok: true, observed: v.observed } } : { pending: v };
    },
    (v) => `still old: ${(v ?? verdict()).stillOld.join(', ')}`,
    (v) => o.onProgress?.(v),
    async (poke, stopped) => {
      const signal = AbortSignal.any([stopped, ...(o.signal ? [o.signal] : [])]);
      while (!signal.aborted) {
        try {
          const v = await session.version({ signal, timeoutMs: Math.max(pollMs, 5000) });
          answers.push(v.gitVersion);
          if (answers.length > VERSION_WINDOW) answers.shift();
          lastError = undefined;
        } catch (e) {
          if (signal.aborted) return;
          lastError = (e as Error).message;
        }
        poke();
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, pollMs);
          function done(): void {
            clearTimeout(t);
            signal.removeEventListener('abort', done);
            resolve();
          }
          signal.addEventListener('abort', done, { once: true });
        });
      }
    },
  );
}

/**
 * Waits until `verdict` accepts the node as the model sees it (kubelet version and Ready after an
 * upgrade, a changed OS image or kernel after a patch: ../../core/checklist/verifyNode).
 */
export function waitForNode(model: ModelView, node: string, verdict: (node: ChecklistNodeInput) => NodeVerdict, o: WaitOptions<string>): Promise<WaitResult> {
  let lastSnapshot: ClusterSnapshot | undefined;
  return settleWhen<string>(
    model,
    o,
    () => {
      const s = model.current;
      if (s.phase === 'ready') lastSnapshot = s.snapshot;
      if (s.phase === 'error') return { pending: `the cluster cannot be reached: ${s.error.message}` };
      if (!lastSnapshot) return { pending: "the cluster's nodes are not loaded yet" };
      const info = lastSnapshot.nodes.find((n) => n.name === node);
      if (!info) return { pending: `node ${node} is not in the cluster` };
      const v = verdict(nodeInput(info));
      return v.ok ? { settled: { ok: true, observed: v.observed } } : { pending: v.reason };
    },
    (last) => last ?? 'nothing seen',
    (p) => o.onProgress?.(p),
  );
}
