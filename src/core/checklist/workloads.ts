// Workloads as available as before the upgrade: a snapshot of every Deployment, StatefulSet and
// DaemonSet's ready count and of the pods not running, taken when the checklist starts and compared
// at the end. A workload deleted or scaled meanwhile is an operator's change, reported as such, not a
// failure of the upgrade. Also the live issues shown beside a running step.
import type { ApiObjectMeta, ApiTimestamp } from '../cluster/apiTypes';
import { podIsDeleting, podIsReady, podProblem, timeOf, type ApiPodWithStatus } from './podStatus';
import type { LiveIssue } from './protocol';

export interface WorkloadCount {
  readonly namespace: string;
  readonly name: string;
  readonly desired: number;
  readonly ready: number;
}

export interface PodNotRunning {
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  readonly reason: string;
}

export interface WorkloadSnapshot {
  /** Epoch ms. */
  readonly at: number;
  readonly deployments: readonly WorkloadCount[];
  readonly statefulsets: readonly WorkloadCount[];
  readonly daemonsets: readonly WorkloadCount[];
  readonly podsNotRunning: readonly PodNotRunning[];
}

/** Deployments and StatefulSets. */
export interface ApiReplicated {
  readonly metadata?: ApiObjectMeta;
  readonly spec?: { readonly replicas?: number };
  readonly status?: { readonly readyReplicas?: number };
}

export interface ApiDaemonSet {
  readonly metadata?: ApiObjectMeta;
  readonly status?: { readonly desiredNumberScheduled?: number; readonly numberReady?: number };
}

export interface SnapshotSource {
  readonly at: number;
  readonly deployments: readonly ApiReplicated[];
  readonly statefulsets: readonly ApiReplicated[];
  readonly daemonsets: readonly ApiDaemonSet[];
  readonly pods: readonly ApiPodWithStatus[];
}

const byName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }): number =>
  a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

function replicated(items: readonly ApiReplicated[]): WorkloadCount[] {
  return items
    .filter((w) => w.metadata?.name)
    // spec.replicas defaults to 1 when unset, as the API server defaults it.
    .map((w) => ({ namespace: w.metadata?.namespace ?? '', name: w.metadata!.name!, desired: w.spec?.replicas ?? 1, ready: w.status?.readyReplicas ?? 0 }))
    .sort(byName);
}

/** A pod that is not Running or Succeeded, and not on its way out. */
export function isNotRunning(pod: ApiPodWithStatus): boolean {
  const phase = pod.status?.phase ?? 'Unknown';
  return phase !== 'Running' && phase !== 'Succeeded' && !podIsDeleting(pod);
}

export function workloadSnapshot(src: SnapshotSource): WorkloadSnapshot {
  return {
    at: src.at,
    deployments: replicated(src.deployments),
    statefulsets: replicated(src.statefulsets),
    daemonsets: src.daemonsets
      .filter((d) => d.metadata?.name)
      .map((d) => ({ namespace: d.metadata?.namespace ?? '', name: d.metadata!.name!, desired: d.status?.desiredNumberScheduled ?? 0, ready: d.status?.numberReady ?? 0 }))
      .sort(byName),
    podsNotRunning: src.pods
      .filter((p) => p.metadata?.name && isNotRunning(p))
      .map((p) => ({ namespace: p.metadata?.namespace ?? '', name: p.metadata!.name!, phase: p.status?.phase ?? 'Unknown', reason: podProblem(p)?.reason ?? p.status?.phase ?? 'Unknown' }))
      .sort(byName),
  };
}

export interface WorkloadComparison {
  /** True when nothing is less available than before. */
  readonly ok: boolean;
  /** "shop/web (Deployment): 3/3 ready before, 2/3 now". */
  readonly regressions: readonly string[];
  /** "shop/api (Deployment): 1/2 ready before, 2/2 now". */
  readonly improved: readonly string[];
  /** The operator's changes meanwhile: deleted, created or scaled workloads, for the record. */
  readonly changed: readonly string[];
}

const KINDS = [
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
  ['daemonsets', 'DaemonSet'],
] as const;

const ratio = (w: WorkloadCount): string => `${w.ready}/${w.desired}`;
/** Replicas wanted but not ready. */
const shortfall = (w: WorkloadCount): number => Math.max(0, w.desired - w.ready);

export function compareWorkloads(before: WorkloadSnapshot, after: WorkloadSnapshot): WorkloadComparison {
  const regressions: string[] = [];
  const improved: string[] = [];
  const changed: string[] = [];
  for (const [field, kind] of KINDS) {
    const now = new Map(after[field].map((w) => [`${w.namespace}/${w.name}`, w]));
    const then = new Map(before[field].map((w) => [`${w.namespace}/${w.name}`, w]));
    for (const [key, b] of then) {
      const label = `${key} (${kind})`;
      const a = now.get(key);
      if (!a) {
        changed.push(`${label}: deleted since the snapshot (${ratio(b)} ready then)`);
        continue;
      }
      // A DaemonSet's desired count follows the nodes (a node drained or added), not the operator.
      const scaled = a.desired !== b.desired && kind !== 'DaemonSet';
      if (scaled) changed.push(`${label}: scaled from ${b.desired} to ${a.desired}`);
      const line = `${label}: ${ratio(b)} ready before, ${ratio(a)} now`;
      // Fewer ready replicas than before, up to what is wanted now: scaled down is not less available.
      if (a.ready < Math.min(a.desired, b.ready)) regressions.push(line);
      else if (shortfall(a) < shortfall(b) && a.ready >= b.ready) improved.push(line);
    }
    for (const [key, a] of now) {
      if (!then.has(key)) changed.push(`${key} (${kind}): created since the snapshot, ${ratio(a)} ready`);
    }
  }
  const podsThen = new Set(before.podsNotRunning.map((p) => `${p.namespace}/${p.name}`));
  const podsNow = new Set(after.podsNotRunning.map((p) => `${p.namespace}/${p.name}`));
  for (const p of after.podsNotRunning) {
    if (!podsThen.has(`${p.namespace}/${p.name}`)) regressions.push(`${p.namespace}/${p.name} (pod): ${p.reason}, not running`);
  }
  for (const p of before.podsNotRunning) {
    if (!podsNow.has(`${p.namespace}/${p.name}`)) improved.push(`${p.namespace}/${p.name} (pod): was ${p.reason}, no longer pending or failed`);
  }
  return { ok: regressions.length === 0, regressions, improved, changed };
}

// ---------------------------------------------------------------------------------------------
// Live issues: what is wrong in the cluster right now, shown beside a running step.

/** A core/v1 Event, as much of it as the panel shows. */
export interface ApiEvent {
  readonly metadata?: ApiObjectMeta;
  readonly involvedObject?: { readonly kind?: string; readonly name?: string; readonly namespace?: string };
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly firstTimestamp?: ApiTimestamp;
  readonly lastTimestamp?: ApiTimestamp;
  readonly eventTime?: ApiTimestamp;
  readonly series?: { readonly count?: number; readonly lastObservedTime?: ApiTimestamp };
}

export const WARNING_WINDOW_MS = 15 * 60_000;
export const MAX_WARNING_EVENTS = 20;
export const MAX_NOT_READY_PODS = 50;

/** Pods that are not Ready and did not complete, with the reason kubectl would show; those going away are left out. */
export function notReadyPodIssues(pods: readonly ApiPodWithStatus[], max = MAX_NOT_READY_PODS): LiveIssue[] {
  const issues: LiveIssue[] = [];
  for (const p of pods) {
    if (!p.metadata?.name || podIsDeleting(p) || (p.status?.phase === 'Running' && podIsReady(p))) continue;
    const problem = podProblem(p);
    if (!problem) continue;
    issues.push({
      namespace: p.metadata.namespace ?? '',
      name: p.metadata.name,
      reason: problem.reason,
      ...(problem.message ? { message: problem.message } : {}),
      ...(problem.since !== undefined ? { at: problem.since } : {}),
    });
  }
  return issues.sort((a, b) => byName({ namespace: a.namespace ?? '', name: a.name }, { namespace: b.namespace ?? '', name: b.name })).slice(0, max);
}

/** When the event last happened: its series, its last timestamp, its event time, or when it was created. */
export function eventTime(e: ApiEvent): number | undefined {
  return timeOf(e.series?.lastObservedTime) ?? timeOf(e.lastTimestamp) ?? timeOf(e.eventTime) ?? timeOf(e.firstTimestamp) ?? timeOf(e.metadata?.creationTimestamp);
}

/** Warning events of the last 15 minutes, newest first, at most 20. */
export function warningEventIssues(events: readonly ApiEvent[], now: number, o: { windowMs?: number; max?: number } = {}): LiveIssue[] {
  const since = now - (o.windowMs ?? WARNING_WINDOW_MS);
  return events
    .filter((e) => e.type === 'Warning')
    .map((e) => ({ e, at: eventTime(e) }))
    .filter((x): x is { e: ApiEvent; at: number } => x.at !== undefined && x.at >= since)
    .sort((a, b) => b.at - a.at)
    .slice(0, o.max ?? MAX_WARNING_EVENTS)
    .map(({ e, at }) => {
      const obj = e.involvedObject;
      const count = e.series?.count ?? e.count ?? 1;
      const message = e.message ? `${e.message}${count > 1 ? ` (×${count})` : ''}` : undefined;
      const namespace = obj?.namespace ?? e.metadata?.namespace;
      return {
        ...(namespace ? { namespace } : {}),
        name: obj?.name ? `${(obj.kind ?? 'object').toLowerCase()}/${obj.name}` : (e.metadata?.name ?? 'unknown'),
        reason: e.reason ?? 'Warning',
        ...(message ? { message } : {}),
        at,
      };
    });
}
