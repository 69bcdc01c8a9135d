/**
 * The StatefulSet controller: pods named <set>-<ordinal>. With the default
 * OrderedReady policy a missing ordinal is recreated only once all lower ordinals
 * are Running and Ready; a pod being deleted keeps its name until it is gone.
 */
import type { SimCluster } from '../cluster';
import type { Pod, Workload } from '../types';
import type { Controller } from './manager';
import { asPod, byControllerUid, isActive, isPodReady } from './podState';
import { createPodFor, templateHash, writeStatus } from './podTemplates';

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';

  constructor(private readonly cluster: SimCluster) {}

  reconcile(): void {
    const sets = this.cluster.store.all('apps/statefulsets') as Workload[];
    if (sets.length === 0) return;
    const owned = byControllerUid(this.cluster.store.all('/pods'));
    for (const sts of sets) {
      if (sts.metadata.deletionTimestamp) continue;
      const name = sts.metadata.name ?? '';
      const ns = sts.metadata.namespace;
      const replicas = sts.spec.replicas ?? 1;
      const parallel = sts.spec.podManagementPolicy === 'Parallel';
      const revision = `${name}-${templateHash(sts.spec.template)}`;
      const pods = (owned.get(sts.metadata.uid ?? '') ?? []).map(asPod);
      const byName = new Map<string, Pod>(pods.map((p) => [p.metadata.name ?? '', p]));
      for (let i = 0; i < replicas; i++) {
        const podName = `${name}-${i}`;
        const existing = byName.get(podName) ?? (this.cluster.store.get('/pods', ns, podName) as Pod | undefined);
        if (existing) {
          if (!parallel && !(isActive(existing) && isPodReady(existing))) break;
          continue;
        }
        createPodFor(this.cluster, sts, {
          name: podName,
          labels: { 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName },
          mutate: (pod) => {
            pod.spec.hostname = podName;
            if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
          },
        });
        if (!parallel) break;
      }
      for (const p of pods) {
        const ordinal = Number((p.metadata.name ?? '').slice(name.length + 1));
        if (Number.isInteger(ordinal) && ordinal >= replicas && isActive(p)) this.cluster.deletePod(p);
      }
      const active = pods.filter(isActive);
      const ready = active.filter(isPodReady).length;
      writeStatus(this.cluster, 'apps/statefulsets', sts, {
        availableReplicas: ready,
        collisionCount: 0,
        currentReplicas: active.length,
        currentRevision: revision,
        observedGeneration: sts.metadata.generation ?? 1,
        readyReplicas: ready,
        replicas: active.length,
        updateRevision: revision,
        updatedReplicas: active.length,
      });
    }
  }
}
