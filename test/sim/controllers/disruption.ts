/**
 * The disruption controller (kubernetes/kubernetes pkg/controller/disruption/
 * disruption.go): keeps each PodDisruptionBudget's status true to the pods it
 * selects.
 * - getPodsForPdb: a nil selector selects no pods, an empty one every pod of the
 *   namespace.
 * - getExpectedPodCount: an integer minAvailable expects the selected pods; a
 *   percentage minAvailable or any maxUnavailable expects the scale of the pods'
 *   controllers (getExpectedScale: Deployment, else ReplicaSet, StatefulSet,
 *   ReplicationController, else a resource's scale subresource; pods without a
 *   controller are left out). Percentages round up.
 * - countHealthyPods: Ready pods that are not terminating and not in
 *   disruptedPods (an eviction approved them less than DeletionTimeout ago).
 * - buildDisruptedPodMap: entries of pods that are gone, terminating or older
 *   than DeletionTimeout (2 minutes) are dropped; a recheck is queued for the
 *   earliest expiry.
 * - updatePdbStatus: disruptionsAllowed = currentHealthy - desiredHealthy, and 0
 *   when negative or when no pods are expected.
 * - failSafe: when the expected count cannot be computed (a controller without a
 *   scale subresource, a controller that is gone), disruptionsAllowed becomes 0
 *   and the DisruptionAllowed condition False with reason SyncFailed.
 */
import type { SimCluster } from '../cluster';
import { labelSelectorMatcher } from '../selectors';
import type { Condition, IntOrString, KubeObject, LabelSelector, OwnerReference, Pod, PodDisruptionBudget, Workload } from '../types';
import { ChangeGate } from './changeGate';
import type { Controller } from './manager';
import { asPod, isPodReady } from './podState';

/** disruption.go DeletionTimeout, in simulated seconds. */
export const DELETION_TIMEOUT_SECONDS = 120;

type PdbStatus = NonNullable<PodDisruptionBudget['status']>;

/** intstr.GetScaledValueFromIntOrPercent(v, total, roundUp). */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

class SyncError extends Error {}

/** Pods by namespace and by label, so each budget looks only at pods that may match it. */
class PodLabelIndex {
  private readonly byNamespace = new Map<string, Pod[]>();
  private readonly byLabel = new Map<string, Pod[]>();

  constructor(pods: readonly Pod[]) {
    for (const p of pods) {
      const ns = p.metadata.namespace ?? '';
      push(this.byNamespace, ns, p);
      for (const [k, v] of Object.entries(p.metadata.labels ?? {})) push(this.byLabel, `${ns}\u0000${k}\u0000${v}`, p);
    }
  }

  candidates(namespace: string, selector: LabelSelector | undefined): readonly Pod[] {
    const first = Object.entries(selector?.matchLabels ?? {})[0];
    if (!first) return this.byNamespace.get(namespace) ?? [];
    return this.byLabel.get(`${namespace}\u0000${first[0]}\u0000${first[1]}`) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class DisruptionController implements Controller {
  private readonly gate: ChangeGate;
  readonly name = 'disruption';
  private readonly expiryArmed = new Set<string>();

  constructor(private readonly cluster: SimCluster) {
    this.gate = new ChangeGate(cluster.store, ['policy/poddisruptionbudgets', '/pods', 'apps/replicasets', 'apps/deployments', 'apps/statefulsets', '/replicationcontrollers', 'apiextensions.k8s.io/customresourcedefinitions']);
  }

  reconcile(): void {
    if (!this.gate.changed()) return;
    const pdbs = this.cluster.store.all('policy/poddisruptionbudgets') as PodDisruptionBudget[];
    if (pdbs.length === 0) return;
    const index = new PodLabelIndex(this.cluster.store.all('/pods').map(asPod));
    for (const pdb of pdbs) this.sync(pdb, index);
  }

  private workload(resource: string, ns: string | undefined, ref: OwnerReference): Workload | undefined {
    const w = this.cluster.store.get(resource, ns, ref.name) as Workload | undefined;
    return w && w.metadata.uid === ref.uid ? w : undefined;
  }

  /** The finders of disruption.go, in their order; undefined when none knows the controller. */
  private controllerScale(ref: OwnerReference, ns: string | undefined): { uid: string; scale: number } | undefined {
    const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
    if (ref.kind === 'ReplicationController' && group === '') {
      const rc = this.workload('/replicationcontrollers', ns, ref);
      return rc ? { uid: ref.uid, scale: rc.spec.replicas ?? 1 } : undefined;
    }
    if (ref.kind === 'ReplicaSet' && (group === 'apps' || group === 'extensions')) {
      const rs = this.workload('apps/replicasets', ns, ref);
      if (!rs) return undefined;
      const owner = rs.metadata.ownerReferences?.find((r) => r.controller === true);
      if (owner?.kind === 'Deployment') {
        const d = this.workload('apps/deployments', ns, owner);
        if (d) return { uid: owner.uid, scale: d.spec.replicas ?? 1 };
        // getPodReplicaSet skips a ReplicaSet a Deployment controls; the scale finder still reads it.
      }
      return { uid: ref.uid, scale: rs.spec.replicas ?? 1 };
    }
    if (ref.kind === 'StatefulSet' && group === 'apps') {
      const ss = this.workload('apps/statefulsets', ns, ref);
      return ss ? { uid: ref.uid, scale: ss.spec.replicas ?? 1 } : undefined;
    }
    // getScaleController: any resource with a scale subresource.
    const served = this.cluster.catalog.forKind(ref.apiVersion, ref.kind);
    if (!served) throw new SyncError(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    const def = served.def;
    const qualified = def.group ? `${def.plural}.${def.group}` : def.plural;
    if (!(def.subresources ?? []).some((s) => s.name === 'scale')) throw new SyncError(`${qualified} does not implement the scale subresource`);
    const obj = this.cluster.store.get(`${def.group}/${def.plural}`, ns, ref.name);
    if (!obj || obj.metadata.uid !== ref.uid) return undefined;
    const replicas = (obj.spec as { replicas?: number } | undefined)?.replicas;
    return { uid: ref.uid, scale: replicas ?? 0 };
  }

  /** disruption.go getExpectedScale. */
  private expectedScale(pods: Pod[]): number {
    const scales = new Map<string, number>();
    const seenRefs = new Set<string>();
    for (const p of pods) {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller === true);
      if (!ref || seenRefs.has(ref.uid)) continue;
      seenRefs.add(ref.uid);
      const found = this.controllerScale(ref, p.metadata.namespace);
      if (!found) throw new SyncError(`found no controllers for pod "${p.metadata.name ?? ''}"`);
      scales.set(found.uid, found.scale);
    }
    let total = 0;
    for (const n of scales.values()) total += n;
    return total;
  }

  /** disruption.go getExpectedPodCount. */
  private expectedPodCount(pdb: PodDisruptionBudget, pods: Pod[]): { expected: number; desired: number } {
    const { maxUnavailable, minAvailable } = pdb.spec;
    if (maxUnavailable !== undefined && maxUnavailable !== null) {
      const expected = this.expectedScale(pods);
      return { expected, desired: Math.max(0, expected - scaledValue(maxUnavailable, expected, true)) };
    }
    if (typeof minAvailable === 'number') return { expected: pods.length, desired: minAvailable };
    if (typeof minAvailable === 'string') {
      const expected = this.expectedScale(pods);
      return { expected, desired: scaledValue(minAvailable, expected, true) };
    }
    return { expected: 0, desired: 0 };
  }

  private sync(pdb: PodDisruptionBudget, index?: PodLabelIndex): void {
    const ns = pdb.metadata.namespace;
    const matches = labelSelectorMatcher(pdb.spec.selector);
    const candidates = index ? index.candidates(ns ?? '', pdb.spec.selector) : this.cluster.store.all('/pods', ns).map(asPod);
    const pods = candidates.filter((p) => matches(p.metadata.labels));
    let counts: { expected: number; desired: number };
    try {
      counts = this.expectedPodCount(pdb, pods);
    } catch (err) {
      this.failSafe(pdb, err instanceof Error ? err.message : String(err));
      return;
    }
    const disrupted = this.disruptedPodMap(pdb, pods);
    const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p) && !(p.metadata.name! in disrupted)).length;
    let allowed = healthy - counts.desired;
    if (counts.expected <= 0 || allowed <= 0) allowed = 0;
    const generation = pdb.metadata.generation ?? 1;
    const status: PdbStatus = {
      currentHealthy: healthy,
      desiredHealthy: counts.desired,
      disruptionsAllowed: allowed,
      expectedPods: counts.expected,
      observedGeneration: generation,
      conditions: this.allowedCondition(pdb, allowed > 0, allowed > 0 ? 'SufficientPods' : 'InsufficientPods', '', generation),
    };
    if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
    this.write(pdb, status);
  }

  /** disruption.go buildDisruptedPodMap, with the recheck queued on the simulated clock. */
  private disruptedPodMap(pdb: PodDisruptionBudget, pods: Pod[]): Record<string, string> {
    const ns = pdb.metadata.namespace;
    const nowMs = Date.now();
    const timeoutMs = this.cluster.clock.wallMs(DELETION_TIMEOUT_SECONDS);
    const disrupted: Record<string, string> = {};
    for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
      const pod = pods.find((p) => p.metadata.name === name);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      const expiresMs = Date.parse(at) + timeoutMs;
      if (expiresMs < nowMs) continue;
      disrupted[name] = at;
      const key = `${ns}/${pdb.metadata.name}/${name}/${at}`;
      if (this.expiryArmed.has(key)) continue;
      this.expiryArmed.add(key);
      // Timestamps have second precision: recheck a little after the expiry.
      const scale = this.cluster.clock.timeScale;
      this.cluster.clock.after(scale > 0 ? (expiresMs - nowMs + 50) / 1000 / scale : 0, () => {
        this.expiryArmed.delete(key);
        const current = this.cluster.store.get('policy/poddisruptionbudgets', ns, pdb.metadata.name ?? '') as PodDisruptionBudget | undefined;
        if (current) this.sync(current);
      });
    }
    return disrupted;
  }

  /** disruption.go failSafe: the old status with no disruptions allowed. */
  private failSafe(pdb: PodDisruptionBudget, message: string): void {
    const old = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
    const observed = old.observedGeneration ?? 0;
    const status: PdbStatus = { ...old, disruptionsAllowed: 0, conditions: this.allowedCondition(pdb, false, 'SyncFailed', message, observed) };
    this.write(pdb, status);
  }

  /** apimeta.SetStatusCondition on DisruptionAllowed: the transition time moves only when the status does. */
  private allowedCondition(pdb: PodDisruptionBudget, allowed: boolean, reason: string, message: string, observedGeneration: number): Condition[] {
    const status = allowed ? 'True' : 'False';
    const others = (pdb.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionAllowed');
    const prev = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const lastTransitionTime = prev?.status === status ? (prev.lastTransitionTime ?? this.cluster.clock.timestamp()) : this.cluster.clock.timestamp();
    return [...others, { type: 'DisruptionAllowed', status, reason, message, observedGeneration, lastTransitionTime }];
  }

  private write(pdb: PodDisruptionBudget, status: PdbStatus): void {
    if (JSON.stringify(pdb.status) === JSON.stringify(status)) return;
    this.cluster.put('policy/poddisruptionbudgets', { ...pdb, status } as KubeObject);
  }
}
