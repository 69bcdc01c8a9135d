// Drains nodes the way kubectl drain v1.35 does (k8s.io/kubectl/pkg/cmd/drain/drain.go and
// pkg/drain/drain.go): cordon every node, then per node list its pods, filter them, evict them all
// at once (retrying a 429 every 5 s), wait until each is gone or replaced, and print kubectl's lines.
// Pure: the API, the clock and the output are passed in, so it runs in plain Node, in the CLI and
// in the editor alike. Cancelling stops new evictions and waits; the node stays cordoned.
import type { ApiNode, ApiPod } from '../cluster/apiTypes';
import { CORDON_ANNOTATIONS } from '../cluster/cordonRecord';
import type { ClusterErrorInfo } from '../cluster/errors';
import { formatGoDuration } from './goDuration';
import { daemonSetsToLookUp, decidePods, decisionErrors, decisionWarnings, deletedLongAgo, podsToRemove, type DaemonSetLookup, type DrainOptions, type PodDecision } from './filters';

/** A failed API call: our classification plus the server's own words. */
export interface DrainApiError {
  readonly info: ClusterErrorInfo;
}

export type EvictionVersion = 'policy/v1' | 'policy/v1beta1';

export interface DrainApi {
  getNode(name: string, signal: AbortSignal): Promise<ApiNode>;
  /** Sets spec.unschedulable (and our annotations: null removes one). */
  setUnschedulable(name: string, value: boolean, o: { dryRun: boolean; annotations?: Readonly<Record<string, string | null>> }, signal: AbortSignal): Promise<void>;
  listPodsOnNode(node: string, podSelector: string | undefined, signal: AbortSignal): Promise<ApiPod[]>;
  daemonSet(namespace: string, name: string, signal: AbortSignal): Promise<DaemonSetLookup>;
  /** The Eviction API the server serves for pods (from /api/v1 discovery), or undefined. */
  evictionVersion(signal: AbortSignal): Promise<EvictionVersion | undefined>;
  evict(pod: ApiPod, version: EvictionVersion, o: { gracePeriodSeconds?: number; dryRun: boolean }, signal: AbortSignal): Promise<void>;
  deletePod(pod: ApiPod, o: { gracePeriodSeconds?: number; dryRun: boolean }, signal: AbortSignal): Promise<void>;
  /** undefined when the pod no longer exists. */
  getPod(namespace: string, name: string, signal: AbortSignal): Promise<ApiPod | undefined>;
}

export interface Clock {
  now(): number;
  /** Resolves after ms; rejects when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** What happens, for progress displays; the kubectl lines go to out/err. */
export type DrainEvent =
  | { readonly type: 'cordoned'; readonly node: string; readonly already: boolean }
  | { readonly type: 'planned'; readonly node: string; readonly decisions: readonly PodDecision[]; readonly toRemove: number }
  | { readonly type: 'evicting'; readonly pod: string; readonly attempt: number }
  | { readonly type: 'refused'; readonly pod: string; readonly message: string; readonly retryInMs: number }
  | { readonly type: 'terminating'; readonly pod: string; readonly sinceMs: number }
  | { readonly type: 'gone'; readonly pod: string; readonly how: 'evicted' | 'deleted'; readonly replaced: boolean }
  | { readonly type: 'pod-failed'; readonly pod: string; readonly message: string }
  | { readonly type: 'drained'; readonly node: string }
  | { readonly type: 'node-failed'; readonly node: string; readonly message: string };

export interface DrainIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly event?: (e: DrainEvent) => void;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Seconds between checks that a pod is gone; kubectl polls every second. */
  readonly pollMs?: number;
  /** Delay after a 429; kubectl's EvictErrorRetryDelay is 5 s. */
  readonly retryMs?: number;
}

export interface NodeDrainResult {
  readonly node: string;
  readonly outcome: 'drained' | 'failed' | 'cancelled';
  /** ns/name of pods evicted or deleted (and gone). */
  readonly removed: readonly string[];
  /** ns/name of pods that were to go but are still there. */
  readonly remaining: readonly string[];
  readonly error?: string;
}

export interface DrainResult {
  readonly nodes: readonly NodeDrainResult[];
  /** kubectl's exit status for the same run. */
  readonly exitCode: 0 | 1;
}

const NAMESPACE_TERMINATING = 'NamespaceTerminating';
const ref = (p: ApiPod): string => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;

function dryRunSuffix(o: DrainOptions): string {
  return o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
}

/** An error to show as kubectl shows a client-go error: the server's message when it sent one. */
function apiText(e: unknown): string {
  const info = (e as Partial<DrainApiError> | undefined)?.info;
  if (info) return info.serverMessage ?? info.message;
  return e instanceof Error ? e.message : String(e);
}

function apiInfo(e: unknown): ClusterErrorInfo | undefined {
  return (e as Partial<DrainApiError> | undefined)?.info;
}

/** kubectl's "Error from server (Reason): message" for an API failure printed on its own. */
export function kubectlErrorLine(e: unknown): string {
  const info = apiInfo(e);
  if (info?.status !== undefined && info.serverMessage !== undefined) return `Error from server (${info.reason ?? 'InternalError'}): ${info.serverMessage}`;
  return `error: ${apiText(e)}`;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several de-duplicated in brackets. */
export function aggregate(messages: readonly string[]): string {
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

export interface CordonRecord {
  readonly who: string;
  readonly reason?: string;
}

export { CORDON_ANNOTATIONS } from '../cluster/cordonRecord';

/** Our annotations for a cordon (who, when, why) or their removal on uncordon. */
export function cordonAnnotations(record: CordonRecord | undefined, nowMs: number, cordon: boolean): Record<string, string | null> | undefined {
  if (!cordon) return { [CORDON_ANNOTATIONS.by]: null, [CORDON_ANNOTATIONS.at]: null, [CORDON_ANNOTATIONS.reason]: null };
  if (!record) return undefined;
  return {
    [CORDON_ANNOTATIONS.by]: record.who,
    [CORDON_ANNOTATIONS.at]: new Date(nowMs).toISOString(),
    [CORDON_ANNOTATIONS.reason]: record.reason ?? null,
  };
}

export interface CordonResult {
  readonly ok: boolean;
  readonly changed: boolean;
  readonly error?: unknown;
}

/** kubectl cordon/uncordon for one node: "node/x cordoned", "node/x already cordoned". */
export async function cordonNode(api: DrainApi, nodeOrName: string | ApiNode, cordon: boolean, o: { dryRun: DrainOptions['dryRun']; record?: CordonRecord }, io: DrainIo): Promise<CordonResult> {
  const verb = cordon ? 'cordoned' : 'uncordoned';
  let node: ApiNode;
  try {
    node = typeof nodeOrName === 'string' ? await api.getNode(nodeOrName, io.signal) : nodeOrName;
  } catch (e) {
    return { ok: false, changed: false, error: e };
  }
  const name = node.metadata?.name ?? (typeof nodeOrName === 'string' ? nodeOrName : '');
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  if ((node.spec?.unschedulable === true) === cordon) {
    io.out(`node/${name} already ${verb}${suffix}`);
    io.event?.({ type: 'cordoned', node: name, already: true });
    return { ok: true, changed: false };
  }
  if (o.dryRun !== 'client') {
    try {
      const annotations = cordonAnnotations(o.record, io.clock.now(), cordon);
      await api.setUnschedulable(name, cordon, { dryRun: o.dryRun === 'server', ...(annotations ? { annotations } : {}) }, io.signal);
    } catch (e) {
      return { ok: false, changed: false, error: e };
    }
  }
  io.out(`node/${name} ${verb}${suffix}`);
  if (cordon) io.event?.({ type: 'cordoned', node: name, already: false });
  return { ok: true, changed: true };
}

/** The pods of a node and kubectl's verdict on each, without changing anything (the preview's input). */
export async function planNode(api: DrainApi, node: string, options: DrainOptions, signal: AbortSignal, nowMs: number): Promise<PodDecision[]> {
  const pods = await api.listPodsOnNode(node, options.podSelector, signal);
  const daemonSets = new Map<string, DaemonSetLookup>();
  await Promise.all(
    daemonSetsToLookUp(pods).map(async ({ namespace, name }) => {
      try {
        daemonSets.set(`${namespace}/${name}`, await api.daemonSet(namespace, name, signal));
      } catch (e) {
        daemonSets.set(`${namespace}/${name}`, { error: apiText(e) });
      }
    }),
  );
  return decidePods({ pods, options, daemonSets, nowMs, notFoundMessage: (_ns, name) => `daemonsets.apps "${name}" not found` });
}

class Timeout extends Error {}

/** One node's "deleteOrEvictPodsSimple" (after it was cordoned). Throws the error kubectl would return. */
async function drainPods(api: DrainApi, node: string, options: DrainOptions, io: DrainIo, track: { removed: string[]; remaining: Set<string> }): Promise<void> {
  const decisions = await planNode(api, node, options, io.signal, io.clock.now());
  const errors = decisionErrors(decisions);
  const pods = podsToRemove(decisions);
  io.event?.({ type: 'planned', node, decisions, toRemove: errors.length > 0 ? 0 : pods.length });
  if (errors.length > 0) throw new Error(aggregate(errors));
  const warnings = decisionWarnings(decisions);
  if (warnings !== '') io.err(`Warning: ${warnings}`);
  if (options.dryRun === 'client') {
    for (const p of pods) io.out(`evicting pod ${ref(p)} (dry run)`);
    return;
  }
  for (const p of pods) track.remaining.add(ref(p));
  if (pods.length === 0) return;
  const started = io.clock.now();
  const deadline = options.timeoutSeconds > 0 ? started + options.timeoutSeconds * 1000 : Infinity;
  const timeoutText = formatGoDuration(options.timeoutSeconds * 1000);
  const expired = (): boolean => io.clock.now() >= deadline;
  const grace = options.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: options.gracePeriodSeconds } : {};
  const dryServer = options.dryRun === 'server';
  const done = (p: ApiPod, how: 'evicted' | 'deleted', replaced: boolean): void => {
    track.remaining.delete(ref(p));
    track.removed.push(ref(p));
    io.out(`pod/${p.metadata?.name ?? ''} ${how}`);
    io.event?.({ type: 'gone', pod: ref(p), how, replaced });
  };

  /** waitForDelete: polls until the pod is gone or has a new UID; kubectl's messages on timeout. */
  const waitGone = async (p: ApiPod, how: 'evicted' | 'deleted'): Promise<void> => {
    const since = io.clock.now();
    for (;;) {
      const now = await api.getPod(p.metadata?.namespace ?? 'default', p.metadata?.name ?? '', io.signal);
      if (!now || now.metadata?.uid !== p.metadata?.uid) return done(p, how, now !== undefined);
      if (deletedLongAgo(now, options.skipWaitForDeleteTimeoutSeconds, io.clock.now())) {
        io.out(`pod "${p.metadata?.name ?? ''}" has DeletionTimestamp older than ${options.skipWaitForDeleteTimeoutSeconds} seconds, skipping`);
        track.remaining.delete(ref(p));
        return;
      }
      io.event?.({ type: 'terminating', pod: ref(p), sinceMs: io.clock.now() - since });
      // The wait runs under the drain's deadline: Go reports the context's own error.
      if (expired()) throw new Timeout('context deadline exceeded');
      await io.clock.sleep(io.pollMs ?? 1000, io.signal);
    }
  };

  if (!options.disableEviction) {
    const version = await api.evictionVersion(io.signal);
    if (version) {
      const results = await Promise.all(
        pods.map(async (p): Promise<string | undefined> => {
          const name = p.metadata?.name ?? '';
          const ns = p.metadata?.namespace ?? 'default';
          for (let attempt = 1; ; attempt++) {
            io.out(dryServer ? `evicting pod ${ref(p)} (server dry run)` : `evicting pod ${ref(p)}`);
            io.event?.({ type: 'evicting', pod: ref(p), attempt });
            if (expired()) return `error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${timeoutText}`;
            try {
              await api.evict(p, version, { ...grace, dryRun: dryServer }, io.signal);
              break;
            } catch (e) {
              if (io.signal.aborted) throw e;
              const info = apiInfo(e);
              if (info?.status === 404) {
                track.remaining.delete(ref(p));
                return undefined;
              }
              const terminating = info?.status === 403 && (info.causes ?? []).includes(NAMESPACE_TERMINATING);
              if (terminating && p.metadata?.deletionTimestamp) break;
              if (info?.status === 429 || terminating) {
                const retryMs = io.retryMs ?? 5000;
                io.err(
                  terminating
                    ? `error when evicting pod "${name}" from terminating namespace "${ns}" (will retry after 5s): ${apiText(e)}`
                    : `error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${apiText(e)}`,
                );
                io.event?.({ type: 'refused', pod: ref(p), message: apiText(e), retryInMs: retryMs });
                await io.clock.sleep(retryMs, io.signal);
                continue;
              }
              io.event?.({ type: 'pod-failed', pod: ref(p), message: apiText(e) });
              return `error when evicting pods/"${name}" -n "${ns}": ${apiText(e)}`;
            }
          }
          if (dryServer) {
            track.remaining.delete(ref(p));
            return undefined;
          }
          try {
            await waitGone(p, 'evicted');
            return undefined;
          } catch (e) {
            if (io.signal.aborted) throw e;
            const why = e instanceof Timeout ? e.message : apiText(e);
            return `error when waiting for pod "${name}" in namespace "${ns}" to terminate: ${why}`;
          }
        }),
      );
      const failed = results.filter((r): r is string => r !== undefined);
      if (failed.length > 0) throw new Error(aggregate(failed));
      return;
    }
  }
  // deletePods: delete each, then wait for all of them.
  for (const p of pods) {
    try {
      await api.deletePod(p, { ...grace, dryRun: dryServer }, io.signal);
    } catch (e) {
      if (apiInfo(e)?.status !== 404) throw e;
    }
  }
  if (dryServer) {
    for (const p of pods) track.remaining.delete(ref(p));
    return;
  }
  const waits = await Promise.all(
    pods.map((p) =>
      waitGone(p, 'deleted').then(
        () => undefined,
        (e: unknown) => {
          if (io.signal.aborted) throw e;
          return e instanceof Timeout ? e.message : apiText(e);
        },
      ),
    ),
  );
  const failed = waits.filter((w): w is string => w !== undefined);
  if (failed.length > 0) throw new Error(failed[0]);
}

/**
 * kubectl drain NODE...: cordons them all, then drains each in turn. A node that fails does not
 * stop the others (kubectl's "continuing command..."); the exit status is 1 if any failed.
 */
export async function drainNodes(api: DrainApi, nodes: readonly string[], options: DrainOptions, io: DrainIo, record?: CordonRecord): Promise<DrainResult> {
  const results: NodeDrainResult[] = [];
  // kubectl resolves every node first: one that does not exist ends the command before any change.
  const resolved: ApiNode[] = [];
  for (const node of nodes) {
    try {
      resolved.push(await api.getNode(node, io.signal));
    } catch (e) {
      io.err(kubectlErrorLine(e));
      return { nodes: [{ node, outcome: 'failed', removed: [], remaining: [], error: apiText(e) }], exitCode: 1 };
    }
  }
  const cordoned: string[] = [];
  for (const n of resolved) {
    const node = n.metadata?.name ?? '';
    const c = await cordonNode(api, n, true, { dryRun: options.dryRun, ...(record ? { record } : {}) }, io);
    // A failed cordon is reported and the drain goes on, as in kubectl's RunCordonOrUncordon.
    if (!c.ok) io.err(`error: unable to cordon node "${node}": ${apiText(c.error)}`);
    cordoned.push(node);
  }
  const fatal: string[] = [];
  const pending: string[] = [];
  for (const node of cordoned) {
    const track = { removed: [] as string[], remaining: new Set<string>() };
    try {
      await drainPods(api, node, options, io, track);
      io.out(`node/${node} drained${dryRunSuffix(options)}`);
      io.event?.({ type: 'drained', node });
      results.push({ node, outcome: 'drained', removed: track.removed, remaining: [] });
    } catch (e) {
      if (io.signal.aborted) {
        results.push({ node, outcome: 'cancelled', removed: track.removed, remaining: [...track.remaining] });
        return { nodes: results, exitCode: 1 };
      }
      const message = e instanceof Error && !apiInfo(e) ? e.message : apiText(e);
      if (track.remaining.size > 0) {
        io.err(`There are pending pods in node "${node}" when an error occurred: ${message}`);
        for (const r of track.remaining) io.err(`pod/${r.split('/')[1] ?? r}`);
      }
      io.err(`error: unable to drain node "${node}" due to error: ${message}, continuing command...`);
      io.event?.({ type: 'node-failed', node, message });
      fatal.push(message);
      pending.push(node);
      results.push({ node, outcome: 'failed', removed: track.removed, remaining: [...track.remaining], error: message });
    }
  }
  if (pending.length > 0) {
    io.err('There are pending nodes to be drained:');
    for (const n of pending) io.err(` ${n}`);
    for (const f of fatal) io.err(f);
  }
  return { nodes: results, exitCode: pending.length > 0 ? 1 : 0 };
}
