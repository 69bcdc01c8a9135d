/** The ReplicaSet controller: keeps `replicas` active pods, recreating evicted or deleted ones. */
import type { SimCluster } from '../cluster';
import type { Pod, Workload } from '../types';
import { ChangeGate } from './changeGate';
import type { Controller } from './manager';
import { asPod, byControllerUid, isActive, isPodReady } from './podState';
import { createPodFor, writeStatus } from './podTemplates';

/** Scale-down order of the ReplicaSet controller: unscheduled, pending, not ready, then newest first. */
function deletionRank(p: Pod): [number, number, number, number] {
  return [p.spec.nodeName ? 1 : 0, p.status?.phase === 'Pending' ? 0 : 1, isPodReady(p) ? 1 : 0, -Date.parse(p.metadata.creationTimestamp ?? '')];
}

export class ReplicaSetController implements Controller {
  private readonly gate: ChangeGate;
  readonly name = 'replicaset';

  constructor(private readonly cluster: SimCluster) {
    this.gate = new ChangeGate(cluster.store, ['apps/replicasets', '/pods']);
  }

  reconcile(): void {
    if (!this.gate.changed()) return;
    const sets = this.cluster.store.all('apps/replicasets') as Workload[];
    if (sets.length === 0) return;
    const owned = byControllerUid(this.cluster.store.all('/pods'));
    for (const rs of sets) {
      if (rs.metadata.deletionTimestamp) continue;
      const pods = (owned.get(rs.metadata.uid ?? '') ?? []).map(asPod);
      const active = pods.filter(isActive);
      const want = rs.spec.replicas ?? 1;
      if (active.length < want) {
        for (let i = active.length; i < want; i++) {
          createPodFor(this.cluster, rs, { name: `${rs.metadata.name}-${this.cluster.random.suffix()}` });
        }
      } else if (active.length > want) {
        const victims = [...active].sort((a, b) => {
          const ra = deletionRank(a);
          const rb = deletionRank(b);
          for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
          return 0;
        });
        for (const p of victims.slice(0, active.length - want)) this.cluster.deletePod(p);
      }
      const ready = active.filter(isPodReady).length;
      writeStatus(this.cluster, 'apps/replicasets', rs, {
        ...(ready > 0 ? { availableReplicas: ready } : {}),
        fullyLabeledReplicas: active.length,
        observedGeneration: rs.metadata.generation ?? 1,
        ...(ready > 0 ? { readyReplicas: ready } : {}),
        replicas: active.length,
      });
    }
  }
}
