// Reads what the checklist compares and shows about workloads: the snapshot taken at the start and
// the end of an upgrade, the pods of one node, and the live issues beside a running step. Lists go
// page by page and keep only what the checks read; the judging is in src/core/checklist.
import type { LiveIssue } from '../core/checklist/protocol';
import type { ApiPodWithStatus } from '../core/checklist/podStatus';
import { podsOnNode, type PodOnNode } from '../core/checklist/verifyNodeAfter';
import {
  notReadyPodIssues, warningEventIssues, workloadSnapshot,
  type ApiDaemonSet, type ApiEvent, type ApiReplicated, type WorkloadSnapshot,
} from '../core/checklist/workloads';
import { isClusterError } from '../core/cluster/errors';
import type { ClusterSession } from './types';

const PAGE = 500;

/** Only the fields the checks read, so a list of thousands of pods stays small in memory. */
function slimPod(p: ApiPodWithStatus): ApiPodWithStatus {
  const m = p.metadata;
  const s = p.status;
  return {
    metadata: {
      ...(m?.name !== undefined ? { name: m.name } : {}),
      ...(m?.namespace !== undefined ? { namespace: m.namespace } : {}),
      ...(m?.deletionTimestamp != null ? { deletionTimestamp: m.deletionTimestamp } : {}),
      ...(m?.ownerReferences ? { ownerReferences: m.ownerReferences.map((r) => ({ ...(r.kind ? { kind: r.kind } : {}), ...(r.name ? { name: r.name } : {}), ...(r.controller !== undefined ? { controller: r.controller } : {}) })) } : {}),
    },
    ...(p.spec?.nodeName ? { spec: { nodeName: p.spec.nodeName } } : {}),
    ...(s
      ? {
          status: {
            ...(s.phase !== undefined ? { phase: s.phase } : {}),
            ...(s.reason !== undefined ? { reason: s.reason } : {}),
            ...(s.message !== undefined ? { message: s.message } : {}),
            ...(s.conditions ? { conditions: s.conditions.filter((c) => c.type === 'Ready' || c.type === 'PodScheduled') } : {}),
            ...(s.containerStatuses ? { containerStatuses: s.containerStatuses.map((c) => ({ ...(c.name ? { name: c.name } : {}), ...(c.ready !== undefined ? { ready: c.ready } : {}), ...(c.state ? { state: c.state } : {}) })) } : {}),
            ...(s.initContainerStatuses ? { initContainerStatuses: s.initContainerStatuses.map((c) => ({ ...(c.state ? { state: c.state } : {}) })) } : {}),
          },
        }
      : {}),
  };
}

async function listAll<T, K>(session: ClusterSession, path: string, signal: AbortSignal, keep: (item: T) => K, fieldSelector?: string): Promise<K[]> {
  const out: K[] = [];
  await session.listPages<T>(path, { signal, pageSize: PAGE, ...(fieldSelector ? { fieldSelector } : {}) }, (items) => {
    for (const item of items) out.push(keep(item));
  });
  return out;
}

const same = <T>(x: T): T => x;

/** The snapshot of every Deployment, StatefulSet and DaemonSet's ready count and the pods not running. Throws a ClusterError when a list fails. */
export async function readWorkloadSnapshot(session: ClusterSession, signal: AbortSignal, now: () => number = Date.now): Promise<WorkloadSnapshot> {
  const [deployments, statefulsets, daemonsets, pods] = await Promise.all([
    listAll<ApiReplicated, ApiReplicated>(session, '/apis/apps/v1/deployments', signal, same),
    listAll<ApiReplicated, ApiReplicated>(session, '/apis/apps/v1/statefulsets', signal, same),
    listAll<ApiDaemonSet, ApiDaemonSet>(session, '/apis/apps/v1/daemonsets', signal, same),
    // Running and completed pods are most of a cluster; only the others are needed.
    listAll<ApiPodWithStatus, ApiPodWithStatus>(session, '/api/v1/pods', signal, slimPod, 'status.phase!=Running,status.phase!=Succeeded'),
  ]);
  return workloadSnapshot({ at: now(), deployments, statefulsets, daemonsets, pods });
}

/** The pods bound to one node, for its Verify step (before the drain and after the uncordon). */
export async function readPodsOnNode(session: ClusterSession, node: string, signal: AbortSignal): Promise<PodOnNode[]> {
  const pods = await listAll<ApiPodWithStatus, ApiPodWithStatus>(session, '/api/v1/pods', signal, slimPod, `spec.nodeName=${node}`);
  return podsOnNode(pods, node);
}

export interface LiveIssues {
  readonly notReadyPods: readonly LiveIssue[];
  readonly warningEvents: readonly LiveIssue[];
  /** What could not be read ("warning events: forbidden …"); the rest is still shown. */
  readonly unread: readonly string[];
}

function unreadLine(what: string, e: unknown): string {
  if (isClusterError(e)) return `${what}: ${e.info.message}`;
  return `${what}: ${(e as Error).message ?? String(e)}`;
}

/**
 * The cluster's pods that are not ready and its warning events of the last 15 minutes. Never
 * rejects for a cluster error: what failed is named in `unread`. Rejects only when cancelled.
 */
export async function readLiveIssues(session: ClusterSession, signal: AbortSignal, now: () => number = Date.now): Promise<LiveIssues> {
  const [pods, events] = await Promise.allSettled([
    listAll<ApiPodWithStatus, ApiPodWithStatus>(session, '/api/v1/pods', signal, slimPod, 'status.phase!=Succeeded'),
    listAll<ApiEvent, ApiEvent>(session, '/api/v1/events', signal, same, 'type=Warning'),
  ]);
  signal.throwIfAborted();
  const unread: string[] = [];
  if (pods.status === 'rejected') unread.push(unreadLine('pods', pods.reason));
  if (events.status === 'rejected') unread.push(unreadLine('warning events', events.reason));
  return {
    notReadyPods: pods.status === 'fulfilled' ? notReadyPodIssues(pods.value) : [],
    warningEvents: events.status === 'fulfilled' ? warningEventIssues(events.value, now()) : [],
    unread,
  };
}
