// A node row's last step: after the upgrade and the uncordon, the node is Ready and schedulable, its
// DaemonSet pods are back, and no pod of a workload on it is newly not ready.
import { podIsDeleting, podOwner, podProblem, type ApiPodWithStatus } from './podStatus';
import type { ChecklistNodeInput, NodeRow } from './types';
import type { NodeVerdict } from './verifyNode';

/** A pod on the node, as much as the verification compares. */
export interface PodOnNode {
  readonly namespace: string;
  readonly name: string;
  readonly ownerKind?: string;
  readonly ownerName?: string;
  readonly ready: boolean;
  /** Succeeded or Failed: a pod that completed is neither back nor missing. */
  readonly finished: boolean;
  /** Why it is not ready (CrashLoopBackOff…), when it is not. */
  readonly reason?: string;
}

/** The node's pods, from API objects; pods on their way out are left out. */
export function podsOnNode(pods: readonly ApiPodWithStatus[], node: string): PodOnNode[] {
  return pods
    .filter((p) => p.spec?.nodeName === node && p.metadata?.name && !podIsDeleting(p))
    .map((p) => {
      const owner = podOwner(p);
      const problem = podProblem(p);
      const phase = p.status?.phase;
      return {
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata!.name!,
        ...(owner ? { ownerKind: owner.kind, ownerName: owner.name } : {}),
        ready: problem === undefined && phase === 'Running',
        finished: phase === 'Succeeded' || phase === 'Failed',
        ...(problem ? { reason: problem.reason } : {}),
      };
    });
}

const key = (p: Pick<PodOnNode, 'namespace' | 'name'>): string => `${p.namespace}/${p.name}`;

/**
 * `before`: the node's pods before its drain (undefined when they were not recorded: the DaemonSet
 * check is then skipped). `live`: the node now, undefined when it is gone. `podsNow`: its pods now.
 */
export function verifyNodeAfter(row: NodeRow, before: readonly PodOnNode[] | undefined, live: ChecklistNodeInput | undefined, podsNow: readonly PodOnNode[]): NodeVerdict {
  if (!live) return { ok: false, reason: `node ${row.name} is not in the cluster` };
  const problems: string[] = [];
  if (!live.ready) problems.push('the node is not Ready');
  if (live.unschedulable && !row.wasCordoned) problems.push('the node is still cordoned');

  const readyDaemonSetsNow = new Set(podsNow.filter((p) => p.ready && p.ownerKind === 'DaemonSet').map((p) => `${p.namespace}/${p.ownerName ?? ''}`));
  const daemonSetsBefore = [...new Set((before ?? []).filter((p) => p.ready && p.ownerKind === 'DaemonSet').map((p) => `${p.namespace}/${p.ownerName ?? ''}`))].sort();
  const missing = daemonSetsBefore.filter((d) => !readyDaemonSetsNow.has(d));
  for (const d of missing) problems.push(`DaemonSet ${d} has no ready pod on the node yet`);

  const notReadyBefore = new Set((before ?? []).filter((p) => !p.ready).map(key));
  const newlyNotReady = podsNow.filter((p) => !p.ready && !p.finished && p.ownerKind !== undefined && !notReadyBefore.has(key(p)));
  for (const p of newlyNotReady) problems.push(`${key(p)} not ready: ${p.reason ?? 'unknown'}`);

  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  const running = podsNow.filter((p) => p.ready).length;
  const parts = [
    row.wasCordoned && live.unschedulable ? 'Ready, left cordoned as it was before the maintenance' : 'Ready and schedulable',
    ...(daemonSetsBefore.length > 0 ? [`${daemonSetsBefore.length} DaemonSet pod${daemonSetsBefore.length > 1 ? 's' : ''} back`] : []),
    `${running} pod${running === 1 ? '' : 's'} ready on it`,
  ];
  return { ok: true, observed: parts.join(', ') };
}
