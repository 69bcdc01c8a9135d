/**
 * The Deployment controller (kubernetes/kubernetes pkg/controller/deployment):
 * - one ReplicaSet per pod template, named <deployment>-<template hash> and
 *   labelled pod-template-hash; the one whose template equals the Deployment's
 *   (ignoring that label) is the new one (util.EqualIgnoreHash), so a rollback
 *   (`kubectl rollout undo` patches an old template back) reuses its ReplicaSet;
 * - deployment.kubernetes.io/revision: a new or re-adopted ReplicaSet gets the
 *   highest revision + 1, and the Deployment carries the new ReplicaSet's revision;
 * - RollingUpdate (rolling.go): the new ReplicaSet grows while all ReplicaSets
 *   together stay within replicas + maxSurge (rounded up); old ones shrink, first
 *   their unavailable pods, while at least replicas - maxUnavailable (rounded
 *   down) pods stay available; maxSurge and maxUnavailable both 0 means 1
 *   unavailable (ResolveFenceposts);
 * - Recreate (recreate.go): old ReplicaSets go to zero, and the new one is scaled up
 *   only once their pods are gone;
 * - paused: the Deployment is only scaled, no new ReplicaSet is rolled out
 *   (Progressing Unknown, DeploymentPaused);
 * - status (sync.go calculateStatus) and conditions Available / Progressing, with
 *   ProgressDeadlineExceeded after progressDeadlineSeconds without progress;
 * - cleanupDeployment: beyond revisionHistoryLimit, the oldest empty ReplicaSets
 *   are deleted.
 * Not modelled: minReadySeconds (a Ready pod is available at once), proportional
 * scaling of several active ReplicaSets, collisionCount.
 */
import type { SimCluster } from '../cluster';
import { clone, type Condition, type IntOrString, type Workload } from '../types';
import { scaledValue } from './disruption';
import { ChangeGate } from './changeGate';
import type { Controller } from './manager';
import { byControllerUid } from './podState';
import { equalIgnoreHash, ownerReference, templateHash, writeStatus } from './podTemplates';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** deployment util annotationsToSkip: never copied from a Deployment to its ReplicaSets. */
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

interface RsStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

interface DeploymentSpec {
  replicas?: number;
  paused?: boolean;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
}

interface DeploymentCondition extends Omit<Condition, 'status'> {
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
}

const specOf = (d: Workload): DeploymentSpec => d.spec as DeploymentSpec;
const replicasOf = (rs: Workload): number => rs.spec.replicas ?? 1;
const statusOf = (rs: Workload): RsStatus => (rs.status ?? {}) as RsStatus;
const revisionOf = (rs: Workload): number => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;
const sum = (sets: readonly Workload[], f: (rs: Workload) => number): number => sets.reduce((n, rs) => n + f(rs), 0);
const oldestFirst = (a: Workload, b: Workload): number => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/** deployment util ResolveFenceposts: maxSurge rounds up, maxUnavailable down, never both 0. */
export function resolveFenceposts(d: Workload): { maxSurge: number; maxUnavailable: number } {
  const spec = specOf(d);
  const replicas = spec.replicas ?? 1;
  if (spec.strategy?.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const ru = spec.strategy.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export class DeploymentController implements Controller {
  private readonly gate: ChangeGate;
  readonly name = 'deployment';
  private readonly deadlineArmed = new Set<string>();
  /** The ReplicaSets of the Deployment being synced, as last written (uid -> object). */
  private view = new Map<string, Workload>();

  constructor(private readonly cluster: SimCluster) {
    this.gate = new ChangeGate(cluster.store, ['apps/deployments', 'apps/replicasets', '/pods']);
  }

  reconcile(): void {
    if (!this.gate.changed()) return;
    const deployments = this.cluster.store.all('apps/deployments') as Workload[];
    if (deployments.length === 0) return;
    const ownedSets = byControllerUid(this.cluster.store.all('apps/replicasets'));
    for (const d of deployments) {
      if (d.metadata.deletionTimestamp) continue;
      this.sync(d, ((ownedSets.get(d.metadata.uid ?? '') ?? []) as Workload[]).filter((rs) => !rs.metadata.deletionTimestamp));
    }
  }

  private scale(rs: Workload, replicas: number, d: Workload): Workload {
    const { maxSurge } = resolveFenceposts(d);
    const desired = String(specOf(d).replicas ?? 1);
    const max = String((specOf(d).replicas ?? 1) + maxSurge);
    const ann = rs.metadata.annotations ?? {};
    if (replicasOf(rs) === replicas && ann['deployment.kubernetes.io/desired-replicas'] === desired && ann['deployment.kubernetes.io/max-replicas'] === max) return rs;
    const next = clone(rs);
    next.spec.replicas = replicas;
    next.metadata.annotations = { ...ann, 'deployment.kubernetes.io/desired-replicas': desired, 'deployment.kubernetes.io/max-replicas': max };
    const def = this.cluster.catalog.definition('apps', 'replicasets')!;
    return this.track(this.cluster.update(def, next.metadata.namespace, next.metadata.name ?? '', next) as Workload);
  }

  private track(rs: Workload): Workload {
    this.view.set(rs.metadata.uid ?? '', rs);
    return rs;
  }

  private setRevision(rs: Workload, revision: number): Workload {
    if (revisionOf(rs) === revision) return rs;
    const next = clone(rs);
    const ann = next.metadata.annotations ?? {};
    // SetNewReplicaSetAnnotations: a re-adopted (rolled back to) ReplicaSet keeps its earlier revisions.
    const earlier = ann[REVISION_ANNOTATION];
    const history = ann['deployment.kubernetes.io/revision-history'];
    const kept: Record<string, string> = earlier === undefined ? {} : { 'deployment.kubernetes.io/revision-history': history ? `${history},${earlier}` : earlier };
    next.metadata.annotations = { ...ann, ...kept, [REVISION_ANNOTATION]: String(revision) };
    return this.track(this.cluster.put('apps/replicasets', next) as Workload);
  }

  /** util.SetNewReplicaSetAnnotations: the Deployment's own annotations (change-cause…) go to its new ReplicaSet. */
  private copyAnnotations(d: Workload, rs: Workload): Workload {
    const wanted = Object.entries(d.metadata.annotations ?? {}).filter(([k]) => !SKIPPED_ANNOTATIONS.has(k));
    const current = rs.metadata.annotations ?? {};
    if (wanted.every(([k, v]) => current[k] === v)) return rs;
    const next = clone(rs);
    next.metadata.annotations = { ...current, ...Object.fromEntries(wanted) };
    return this.track(this.cluster.put('apps/replicasets', next) as Workload);
  }

  private createNewReplicaSet(d: Workload, revision: number, replicas: number): Workload {
    const hash = templateHash(d.spec.template);
    const template = clone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
    const selector = clone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
    const { maxSurge } = resolveFenceposts(d);
    const desired = specOf(d).replicas ?? 1;
    const rs: Workload = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: { 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(desired + maxSurge), [REVISION_ANNOTATION]: String(revision) },
        ownerReferences: [ownerReference(d)],
      },
      spec: { replicas, selector, template },
    };
    const def = this.cluster.catalog.definition('apps', 'replicasets')!;
    return this.track(this.cluster.create(def, d.metadata.namespace, rs) as Workload);
  }

  private sync(d: Workload, sets: Workload[]): void {
    this.view = new Map(sets.map((rs) => [rs.metadata.uid ?? '', rs]));
    const spec = specOf(d);
    const replicas = spec.replicas ?? 1;
    let newRs = sets.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
    let olds = sets.filter((rs) => rs !== newRs);
    const maxOldRevision = Math.max(0, ...olds.map(revisionOf));

    if (spec.paused) {
      // sync.go sync(): scale the active ReplicaSet, roll nothing out.
      const active = sets.filter((rs) => replicasOf(rs) > 0);
      if (active.length === 1 && replicasOf(active[0]!) !== replicas) this.scale(active[0]!, replicas, d);
      else if (active.length === 0 && newRs && replicas > 0) this.scale(newRs, replicas, d);
      this.writeStatus(d, [...this.view.values()], newRs ? this.view.get(newRs.metadata.uid ?? '') : undefined, { paused: true });
      return;
    }

    const recreate = spec.strategy?.type === 'Recreate';
    if (!newRs) {
      let initial = 0;
      if (!recreate) {
        const { maxSurge } = resolveFenceposts(d);
        initial = Math.max(0, Math.min(replicas, replicas + maxSurge - sum(olds, replicasOf)));
      }
      newRs = this.createNewReplicaSet(d, maxOldRevision + 1, initial);
    } else if (revisionOf(newRs) <= maxOldRevision) {
      newRs = this.setRevision(newRs, maxOldRevision + 1);
    }
    this.setDeploymentRevision(d, revisionOf(newRs));
    newRs = this.copyAnnotations(d, newRs);

    if (recreate) this.rolloutRecreate(d, newRs, olds);
    else this.rolloutRolling(d, newRs, olds);

    const current = [...this.view.values()];
    newRs = this.view.get(newRs.metadata.uid ?? '') ?? newRs;
    olds = current.filter((rs) => rs.metadata.uid !== newRs!.metadata.uid);
    const complete = replicasOf(newRs) === replicas && (statusOf(newRs).availableReplicas ?? 0) >= replicas && olds.every((rs) => replicasOf(rs) === 0 && (statusOf(rs).replicas ?? 0) === 0);
    if (complete) this.cleanup(d, olds);
    this.writeStatus(d, [...this.view.values()], newRs, { paused: false });
  }

  private owned(d: Workload): Workload[] {
    return (this.cluster.store.all('apps/replicasets', d.metadata.namespace) as Workload[]).filter(
      (rs) => !rs.metadata.deletionTimestamp && rs.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === d.metadata.uid),
    );
  }

  private setDeploymentRevision(d: Workload, revision: number): void {
    if (d.metadata.annotations?.[REVISION_ANNOTATION] === String(revision)) return;
    const current = this.cluster.store.get('apps/deployments', d.metadata.namespace, d.metadata.name ?? '') as Workload;
    const next = clone(current);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION_ANNOTATION]: String(revision) };
    this.cluster.put('apps/deployments', next);
  }

  /** recreate.go: scale down everything old, wait for its pods to be gone, then scale up. */
  private rolloutRecreate(d: Workload, newRs: Workload, olds: Workload[]): void {
    for (const rs of olds) if (replicasOf(rs) > 0) this.scale(rs, 0, d);
    const oldUids = new Set(olds.map((rs) => rs.metadata.uid));
    const oldPods = this.cluster.store.all('/pods', d.metadata.namespace).some((p) => {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller === true);
      return ref !== undefined && oldUids.has(ref.uid);
    });
    if (!oldPods) this.scale(newRs, specOf(d).replicas ?? 1, d);
  }

  /** rolling.go rolloutRolling: reconcileNewReplicaSet, then reconcileOldReplicaSets. */
  private rolloutRolling(d: Workload, newRs: Workload, olds: Workload[]): void {
    const replicas = specOf(d).replicas ?? 1;
    const { maxSurge, maxUnavailable } = resolveFenceposts(d);
    // reconcileNewReplicaSet
    if (replicasOf(newRs) > replicas) {
      this.scale(newRs, replicas, d);
      return;
    }
    if (replicasOf(newRs) < replicas) {
      const current = replicasOf(newRs) + sum(olds, replicasOf);
      const maxTotal = replicas + maxSurge;
      if (current < maxTotal) {
        const up = Math.min(maxTotal - current, replicas - replicasOf(newRs));
        this.scale(newRs, replicasOf(newRs) + up, d);
        return;
      }
    } else {
      this.scale(newRs, replicas, d); // keeps the desired/max annotations current
    }
    // reconcileOldReplicaSets
    const oldCount = sum(olds, replicasOf);
    if (oldCount === 0) return;
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = replicasOf(newRs) - (statusOf(newRs).availableReplicas ?? 0);
    const maxScaledDown = oldCount + replicasOf(newRs) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    const sorted = [...olds].sort(oldestFirst);
    // cleanupUnhealthyReplicas: unavailable old pods go first.
    let cleaned = 0;
    const after = new Map<string, number>();
    for (const rs of sorted) {
      const want = replicasOf(rs);
      after.set(rs.metadata.uid ?? '', want);
      if (cleaned >= maxScaledDown || want === 0) continue;
      const unhealthy = want - (statusOf(rs).availableReplicas ?? 0);
      if (unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown - cleaned, unhealthy);
      after.set(rs.metadata.uid ?? '', want - down);
      cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: available pods above the minimum.
    const available = sum([newRs, ...olds], (rs) => statusOf(rs).availableReplicas ?? 0);
    let budget = Math.max(0, available - minAvailable);
    for (const rs of sorted) {
      const uid = rs.metadata.uid ?? '';
      const want = after.get(uid) ?? replicasOf(rs);
      if (budget > 0 && want > 0) {
        const down = Math.min(want, budget);
        after.set(uid, want - down);
        budget -= down;
      }
      const target = after.get(uid) ?? replicasOf(rs);
      if (target !== replicasOf(rs)) this.scale(rs, target, d);
    }
  }

  /** sync.go cleanupDeployment: old ReplicaSets with no pods beyond revisionHistoryLimit. */
  private cleanup(d: Workload, olds: Workload[]): void {
    const limit = specOf(d).revisionHistoryLimit ?? 10;
    const empty = olds.filter((rs) => replicasOf(rs) === 0 && (statusOf(rs).replicas ?? 0) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    const excess = olds.length - limit;
    for (const rs of empty.slice(0, Math.max(0, excess))) {
      this.cluster.store.remove('apps/replicasets', rs.metadata.namespace, rs.metadata.name ?? '');
      this.view.delete(rs.metadata.uid ?? '');
    }
  }

  /** sync.go calculateStatus and syncRolloutStatus. */
  private writeStatus(d: Workload, sets: Workload[], newRs: Workload | undefined, o: { paused: boolean }): void {
    const spec = specOf(d);
    const replicas = spec.replicas ?? 1;
    const { maxUnavailable } = resolveFenceposts(d);
    const actual = sum(sets, (rs) => statusOf(rs).replicas ?? 0);
    const updated = newRs ? (statusOf(newRs).replicas ?? 0) : 0;
    const ready = sum(sets, (rs) => statusOf(rs).readyReplicas ?? 0);
    const available = sum(sets, (rs) => statusOf(rs).availableReplicas ?? 0);
    const unavailable = Math.max(0, sum(sets, replicasOf) - available);
    const prev = (d.status ?? {}) as { conditions?: DeploymentCondition[]; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; replicas?: number };
    const now = this.cluster.clock.timestamp();
    const generation = d.metadata.generation ?? 1;
    const setCond = (type: string, status: DeploymentCondition['status'], reason: string, message: string, touch: boolean): DeploymentCondition => {
      const old = prev.conditions?.find((c) => c.type === type);
      const same = old !== undefined && old.status === status && old.reason === reason;
      return {
        type,
        status,
        lastUpdateTime: same && !touch ? (old.lastUpdateTime ?? now) : now,
        lastTransitionTime: old !== undefined && old.status === status ? (old.lastTransitionTime ?? now) : now,
        reason,
        message: same && !touch ? (old.message ?? message) : message,
      };
    };
    const availableCond =
      available >= replicas - maxUnavailable
        ? setCond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', false)
        : setCond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', false);
    const rsName = newRs?.metadata.name ?? '';
    const complete = updated === replicas && actual === replicas && available >= replicas && newRs !== undefined && replicasOf(newRs) === replicas;
    // deployment_util.go DeploymentProgressing: more updated, ready or available pods, or fewer old ones.
    const progressed =
      updated > (prev.updatedReplicas ?? 0) || ready > (prev.readyReplicas ?? 0) || available > (prev.availableReplicas ?? 0) || actual - updated < (prev.replicas ?? 0) - (prev.updatedReplicas ?? 0);
    const oldProgressing = prev.conditions?.find((c) => c.type === 'Progressing');
    let progressing: DeploymentCondition;
    if (o.paused) {
      progressing = setCond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', false);
    } else if (complete) {
      progressing = setCond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`, false);
    } else if (oldProgressing?.reason === 'NewReplicaSetAvailable' && actual === updated && oldProgressing.message === `ReplicaSet "${rsName}" has successfully progressed.`) {
      // progress.go syncRolloutStatus: a rolled-out Deployment that is only scaled keeps its condition.
      progressing = oldProgressing;
    } else if (oldProgressing?.reason === 'ProgressDeadlineExceeded' && !progressed) {
      progressing = oldProgressing;
    } else {
      const started = oldProgressing?.reason === 'ReplicaSetUpdated' ? oldProgressing : undefined;
      const deadline = spec.progressDeadlineSeconds ?? 600;
      const since = Date.parse(started?.lastUpdateTime ?? now);
      if (started && !progressed && Date.now() - since >= this.cluster.clock.wallMs(deadline)) {
        progressing = setCond('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`, true);
      } else {
        progressing = setCond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, progressed || started === undefined);
        this.armDeadline(d, progressing.lastUpdateTime ?? now, deadline);
      }
    }
    writeStatus(this.cluster, 'apps/deployments', this.cluster.store.get('apps/deployments', d.metadata.namespace, d.metadata.name ?? '') as Workload, {
      ...(available > 0 ? { availableReplicas: available } : {}),
      conditions: [availableCond, progressing],
      observedGeneration: generation,
      ...(ready > 0 ? { readyReplicas: ready } : {}),
      ...(actual > 0 ? { replicas: actual } : {}),
      ...(unavailable > 0 ? { unavailableReplicas: unavailable } : {}),
      ...(updated > 0 ? { updatedReplicas: updated } : {}),
    });
  }

  /** Re-examines a rollout once its progress deadline has passed. */
  private armDeadline(d: Workload, since: string, deadlineSeconds: number): void {
    const key = `${d.metadata.uid ?? ''}/${since}`;
    if (this.deadlineArmed.has(key)) return;
    this.deadlineArmed.add(key);
    const scale = this.cluster.clock.timeScale;
    const remainingMs = Date.parse(since) + this.cluster.clock.wallMs(deadlineSeconds) - Date.now() + 1000;
    this.cluster.clock.after(scale > 0 ? Math.max(0, remainingMs) / 1000 / scale : 0, () => {
      this.deadlineArmed.delete(key);
      const current = this.cluster.store.get('apps/deployments', d.metadata.namespace, d.metadata.name ?? '') as Workload | undefined;
      if (current) this.writeStatus(current, this.owned(current), this.owned(current).find((rs) => equalIgnoreHash(rs.spec.template, current.spec.template)), { paused: specOf(current).paused === true });
    });
  }
}
