/**
 * The DaemonSet controller: one pod on every node whose labels match the pod
 * template and whose taints it tolerates. Like the real controller it adds the
 * tolerations that let daemon pods ignore cordons and node conditions, and binds
 * each pod to its node with a matchFields node affinity.
 */
import type { SimCluster } from '../cluster';
import type { Node, Pod, Toleration, Workload } from '../types';
import type { Controller } from './manager';
import { asPod, byControllerUid, isActive, isPodReady, matchesNodeSelection, untoleratedTaints } from './podState';
import { createPodFor, templateHash, writeStatus } from './podTemplates';

const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export function daemonTolerations(existing: readonly Toleration[] | undefined): Toleration[] {
  const out = [...(existing ?? [])];
  for (const t of DAEMON_TOLERATIONS) if (!out.some((x) => x.key === t.key && x.effect === t.effect)) out.push({ ...t });
  return out;
}

export class DaemonSetController implements Controller {
  readonly name = 'daemonset';

  constructor(private readonly cluster: SimCluster) {}

  /**
   * The real controller's two questions: may a new daemon pod be placed on the node
   * (no untolerated NoSchedule/NoExecute taint), and may an existing one keep
   * running there (no untolerated NoExecute taint).
   */
  private placement(ds: Workload, node: Node): { shouldRun: boolean; shouldContinue: boolean } {
    const probe = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { ...ds.spec.template.spec, tolerations: daemonTolerations(ds.spec.template.spec.tolerations) } } as Pod;
    if (!matchesNodeSelection(probe, node)) return { shouldRun: false, shouldContinue: false };
    const taints = untoleratedTaints(node, probe.spec.tolerations);
    return { shouldRun: taints.length === 0, shouldContinue: !taints.some((t) => t.effect === 'NoExecute') };
  }

  reconcile(): void {
    const sets = this.cluster.store.all('apps/daemonsets') as Workload[];
    if (sets.length === 0) return;
    const nodes = this.cluster.store.all('/nodes') as Node[];
    const owned = byControllerUid(this.cluster.store.all('/pods'));
    for (const ds of sets) {
      if (ds.metadata.deletionTimestamp) continue;
      const pods = (owned.get(ds.metadata.uid ?? '') ?? []).map(asPod);
      const byNode = new Map<string, Pod[]>();
      for (const p of pods) {
        const n = p.spec.nodeName ?? '';
        byNode.set(n, [...(byNode.get(n) ?? []), p]);
      }
      const hash = templateHash(ds.spec.template);
      let desired = 0;
      let current = 0;
      let ready = 0;
      for (const node of nodes) {
        const nodeName = node.metadata.name ?? '';
        const here = byNode.get(nodeName) ?? [];
        const active = here.filter(isActive);
        const { shouldRun, shouldContinue } = this.placement(ds, node);
        if (!shouldContinue) {
          for (const p of active) this.cluster.deletePod(p);
          continue;
        }
        if (shouldRun || active.length > 0) desired++;
        if (active.length > 0) {
          current++;
          if (active.some(isPodReady)) ready++;
          continue;
        }
        if (!shouldRun || here.length > 0) continue; // not placeable, or the old pod is still terminating
        createPodFor(this.cluster, ds, {
          name: `${ds.metadata.name}-${this.cluster.random.suffix()}`,
          labels: { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
          nodeName,
          mutate: (pod) => {
            pod.spec.tolerations = daemonTolerations(pod.spec.tolerations);
            pod.spec.affinity = {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
                },
              },
            };
          },
        });
      }
      writeStatus(this.cluster, 'apps/daemonsets', ds, {
        currentNumberScheduled: current,
        desiredNumberScheduled: desired,
        numberAvailable: ready,
        numberMisscheduled: 0,
        numberReady: ready,
        observedGeneration: ds.metadata.generation ?? 1,
        updatedNumberScheduled: current,
      });
    }
  }
}
