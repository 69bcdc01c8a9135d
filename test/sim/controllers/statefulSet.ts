/**
 * The StatefulSet controller (pkg/controller/statefulset stateful_set_control.go):
 * pods named <set>-<ordinal>, each labelled with the ControllerRevision it was
 * made from.
 * - OrderedReady (the default): a missing ordinal is created only once all lower
 *   ordinals are Running and Ready; surplus ordinals go highest first, one at a
 *   time. Parallel creates and deletes without waiting.
 * - A pod being deleted keeps its name until it is gone: it is not recreated before.
 * - RollingUpdate: once every pod is healthy, the highest ordinal at or above
 *   `partition` that is not at the update revision is deleted and recreated from
 *   the new template, one at a time; ordinals below the partition are (re)created
 *   from the current revision. When all pods are updated and ready, the update
 *   revision becomes the current one.
 * - OnDelete: pods are recreated from the new template only when deleted.
 */
import type { SimCluster } from '../cluster';
import type { Pod, PodTemplateSpec, Workload } from '../types';
import { ChangeGate } from './changeGate';
import type { Controller } from './manager';
import { asPod, byControllerUid, isActive, isPodReady } from './podState';
import { createPodFor, writeStatus } from './podTemplates';
import { ensureRevision, ownedRevisions, toRevision, truncateHistory, type Revision } from './revisions';

interface StatefulSetSpec {
  replicas?: number;
  podManagementPolicy?: string;
  serviceName?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
}

const healthy = (p: Pod): boolean => isActive(p) && p.status?.phase === 'Running' && isPodReady(p);

export class StatefulSetController implements Controller {
  private readonly gate: ChangeGate;
  readonly name = 'statefulset';

  constructor(private readonly cluster: SimCluster) {
    this.gate = new ChangeGate(cluster.store, ['apps/statefulsets', 'apps/controllerrevisions', '/pods']);
  }

  reconcile(): void {
    if (!this.gate.changed()) return;
    const sets = this.cluster.store.all('apps/statefulsets') as Workload[];
    if (sets.length === 0) return;
    const owned = byControllerUid(this.cluster.store.all('/pods'));
    for (const sts of sets) {
      if (sts.metadata.deletionTimestamp) continue;
      this.sync(sts, (owned.get(sts.metadata.uid ?? '') ?? []).map(asPod));
    }
  }

  private create(sts: Workload, ordinal: number, revision: Revision): void {
    const name = sts.metadata.name ?? '';
    const podName = `${name}-${ordinal}`;
    const spec = sts.spec as StatefulSetSpec;
    const owner: Workload = { ...sts, spec: { ...sts.spec, template: revision.template as PodTemplateSpec } };
    createPodFor(this.cluster, owner, {
      name: podName,
      labels: { 'apps.kubernetes.io/pod-index': String(ordinal), 'controller-revision-hash': revision.name, 'statefulset.kubernetes.io/pod-name': podName },
      mutate: (pod) => {
        pod.spec.hostname = podName;
        if (spec.serviceName) pod.spec.subdomain = spec.serviceName;
      },
    });
  }

  private sync(sts: Workload, pods: Pod[]): void {
    const name = sts.metadata.name ?? '';
    const ns = sts.metadata.namespace;
    const spec = sts.spec as StatefulSetSpec;
    const replicas = spec.replicas ?? 1;
    const parallel = spec.podManagementPolicy === 'Parallel';
    const rolling = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = rolling ? Math.max(0, spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
    const update = ensureRevision(this.cluster, sts, (hash) => ({ 'controller.kubernetes.io/hash': hash }));
    const status = (sts.status ?? {}) as { currentRevision?: string };
    const known = ownedRevisions(this.cluster, sts).find((cr) => cr.metadata.name === status.currentRevision);
    let current = known ? toRevision(known) : update;
    // Pods a scenario declares without a revision label are taken as up to date.
    const revisionOfPod = (p: Pod): string => p.metadata.labels?.['controller-revision-hash'] ?? update.name;

    const ordinalOf = (p: Pod): number => {
      const n = Number((p.metadata.name ?? '').slice(name.length + 1));
      return Number.isInteger(n) ? n : -1;
    };
    const byOrdinal = new Map<number, Pod>();
    for (const p of pods) byOrdinal.set(ordinalOf(p), p);
    const podAt = (i: number): Pod | undefined => byOrdinal.get(i) ?? (this.cluster.store.get('/pods', ns, `${name}-${i}`) as Pod | undefined);

    let waiting = false;
    for (let i = 0; i < replicas; i++) {
      const existing = podAt(i);
      if (!existing) {
        this.create(sts, i, rolling && i < partition ? current : update);
        if (!parallel) {
          waiting = true;
          break;
        }
        continue;
      }
      if (!parallel && !healthy(existing)) {
        waiting = true;
        break;
      }
    }
    // Surplus ordinals: highest first, one at a time unless Parallel.
    const condemned = pods.filter((p) => ordinalOf(p) >= replicas).sort((a, b) => ordinalOf(b) - ordinalOf(a));
    for (const p of condemned) {
      if (!isActive(p)) {
        if (!parallel) break;
        continue;
      }
      if (!parallel && waiting) break;
      this.cluster.deletePod(p);
      if (!parallel) break;
    }
    // RollingUpdate: the highest ordinal not at the update revision goes first.
    if (rolling && !waiting && condemned.length === 0) {
      for (let target = replicas - 1; target >= partition; target--) {
        const p = podAt(target);
        if (!p) break;
        if (revisionOfPod(p) !== update.name && isActive(p)) {
          this.cluster.deletePod(p);
          break;
        }
        if (!healthy(p)) break;
      }
    }

    const active = (this.cluster.store.all('/pods', ns) as Pod[]).filter((p) => isActive(p) && p.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === sts.metadata.uid));
    const ready = active.filter(isPodReady).length;
    const updated = active.filter((p) => revisionOfPod(p) === update.name).length;
    if (rolling && updated === active.length && ready === active.length && active.length === replicas) current = update;
    const currentCount = active.filter((p) => revisionOfPod(p) === current.name).length;
    truncateHistory(this.cluster, sts, new Set([current.name, update.name, ...active.map(revisionOfPod)]));
    writeStatus(this.cluster, 'apps/statefulsets', sts, {
      availableReplicas: ready,
      collisionCount: 0,
      ...(currentCount > 0 ? { currentReplicas: currentCount } : {}),
      currentRevision: current.name,
      observedGeneration: sts.metadata.generation ?? 1,
      ...(ready > 0 ? { readyReplicas: ready } : {}),
      replicas: active.length,
      updateRevision: update.name,
      ...(updated > 0 ? { updatedReplicas: updated } : {}),
    });
  }
}
