/**
 * The Deployment controller, reduced to what the simulator needs: one ReplicaSet
 * per pod template (named deployment-<template hash>, labelled pod-template-hash),
 * scaled to the Deployment's replicas; older ReplicaSets are scaled to zero.
 */
import type { SimCluster } from '../cluster';
import { clone, type Workload } from '../types';
import type { Controller } from './manager';
import { byControllerUid } from './podState';
import { ownerReference, templateHash, writeStatus } from './podTemplates';

export class DeploymentController implements Controller {
  readonly name = 'deployment';

  constructor(private readonly cluster: SimCluster) {}

  reconcile(): void {
    const deployments = this.cluster.store.all('apps/deployments') as Workload[];
    if (deployments.length === 0) return;
    const rsDef = this.cluster.catalog.definition('apps', 'replicasets');
    if (!rsDef) return;
    const ownedSets = byControllerUid(this.cluster.store.all('apps/replicasets'));
    for (const d of deployments) {
      if (d.metadata.deletionTimestamp) continue;
      const hash = templateHash(d.spec.template);
      const name = `${d.metadata.name}-${hash}`;
      const replicas = d.spec.replicas ?? 1;
      const sets = (ownedSets.get(d.metadata.uid ?? '') ?? []) as Workload[];
      let current = sets.find((s) => s.metadata.name === name);
      if (!current) {
        const template = clone(d.spec.template);
        template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
        const selector = clone(d.spec.selector ?? {});
        selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
        const rs: Workload = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name,
            namespace: d.metadata.namespace,
            labels: { ...(template.metadata.labels ?? {}) },
            annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), 'deployment.kubernetes.io/revision': String(sets.length + 1) },
            ownerReferences: [ownerReference(d)],
          },
          spec: { replicas, selector, template },
        };
        current = this.cluster.create(rsDef, d.metadata.namespace, rs) as Workload;
      } else if ((current.spec.replicas ?? 1) !== replicas) {
        const next = clone(current);
        next.spec.replicas = replicas;
        this.cluster.update(rsDef, next.metadata.namespace, name, next);
      }
      for (const old of sets) {
        if (old.metadata.name === name || (old.spec.replicas ?? 1) === 0) continue;
        const next = clone(old);
        next.spec.replicas = 0;
        this.cluster.update(rsDef, next.metadata.namespace, next.metadata.name ?? '', next);
      }
      const st = (current.status ?? {}) as { replicas?: number; readyReplicas?: number; availableReplicas?: number };
      const total = sets.reduce((n, s) => n + (((s.status ?? {}) as { replicas?: number }).replicas ?? 0), 0);
      const ready = st.readyReplicas ?? 0;
      const available = st.availableReplicas ?? 0;
      const now = this.cluster.clock.timestamp();
      const prevConds = ((d.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string; lastUpdateTime?: string }[] }).conditions ?? [];
      const cond = (type: string, status: string, reason: string, message: string) => {
        const prev = prevConds.find((c) => c.type === type && c.status === status);
        return { type, status, lastUpdateTime: prev?.lastUpdateTime ?? now, lastTransitionTime: prev?.lastTransitionTime ?? now, reason, message };
      };
      writeStatus(this.cluster, 'apps/deployments', d, {
        ...(available > 0 ? { availableReplicas: available } : {}),
        conditions: [
          available >= replicas
            ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
            : cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
          cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${name}" has successfully progressed.`),
        ],
        observedGeneration: d.metadata.generation ?? 1,
        ...(ready > 0 ? { readyReplicas: ready } : {}),
        replicas: total,
        ...(total - available > 0 ? { unavailableReplicas: total - available } : {}),
        updatedReplicas: st.replicas ?? 0,
      });
    }
  }
}
