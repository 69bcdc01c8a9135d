/**
 * The disruption controller: keeps each PodDisruptionBudget's status
 * (expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed and the
 * DisruptionAllowed condition) true to the pods it selects. Pods an eviction has
 * just approved (status.disruptedPods) do not count as healthy until they are
 * gone, or until the entry expires after two (simulated) minutes.
 */
import type { SimCluster } from '../cluster';
import { isEmptySelector, labelSelectorMatcher } from '../selectors';
import type { IntOrString, KubeObject, Pod, PodDisruptionBudget, Workload } from '../types';
import type { Controller } from './manager';
import { asPod, isPodReady } from './podState';

const DISRUPTED_POD_TIMEOUT_SECONDS = 120;

/** intstr.GetScaledValueFromIntOrPercent, rounding up. */
function scaled(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

export class DisruptionController implements Controller {
  readonly name = 'disruption';
  private readonly expiryArmed = new Set<string>();

  constructor(private readonly cluster: SimCluster) {}

  /** The replicas of the controllers (scale subresource) behind the selected pods. */
  private expectedFromControllers(pods: Pod[]): number {
    const seen = new Set<string>();
    let total = 0;
    for (const p of pods) {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller === true);
      if (!ref || seen.has(ref.uid)) continue;
      seen.add(ref.uid);
      const ns = p.metadata.namespace;
      if (ref.kind === 'ReplicaSet') {
        const rs = this.cluster.store.get('apps/replicasets', ns, ref.name) as Workload | undefined;
        const dRef = rs?.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === 'Deployment');
        const d = dRef ? (this.cluster.store.get('apps/deployments', ns, dRef.name) as Workload | undefined) : undefined;
        if (d && !seen.has(d.metadata.uid ?? '')) {
          seen.add(d.metadata.uid ?? '');
          total += d.spec.replicas ?? 1;
        } else if (!d) total += rs?.spec.replicas ?? 0;
      } else if (ref.kind === 'StatefulSet') {
        total += (this.cluster.store.get('apps/statefulsets', ns, ref.name) as Workload | undefined)?.spec.replicas ?? 0;
      } else if (ref.kind === 'ReplicationController') {
        total += ((this.cluster.store.get('/replicationcontrollers', ns, ref.name) as Workload | undefined)?.spec.replicas) ?? 0;
      } else {
        total += 1;
      }
    }
    return total;
  }

  reconcile(): void {
    const pdbs = this.cluster.store.all('policy/poddisruptionbudgets') as PodDisruptionBudget[];
    for (const pdb of pdbs) this.sync(pdb);
  }

  private sync(pdb: PodDisruptionBudget): void {
    const ns = pdb.metadata.namespace;
    const matches = isEmptySelector(pdb.spec.selector) ? (): boolean => true : labelSelectorMatcher(pdb.spec.selector);
    const pods = this.cluster.store.all('/pods', ns).map(asPod).filter((p) => matches(p.metadata.labels));
    let expected: number;
    let desired: number;
    if (pdb.spec.maxUnavailable !== undefined) {
      expected = this.expectedFromControllers(pods);
      desired = Math.max(0, expected - scaled(pdb.spec.maxUnavailable, expected));
    } else if (typeof pdb.spec.minAvailable === 'string' && pdb.spec.minAvailable.endsWith('%')) {
      expected = this.expectedFromControllers(pods);
      desired = scaled(pdb.spec.minAvailable, expected);
    } else {
      expected = pods.length;
      desired = scaled(pdb.spec.minAvailable ?? 0, expected);
    }
    const nowMs = Date.now();
    const timeoutMs = this.cluster.clock.wallMs(DISRUPTED_POD_TIMEOUT_SECONDS);
    const disrupted: Record<string, string> = {};
    for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
      const pod = pods.find((p) => p.metadata.name === name);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      if (Date.parse(at) + timeoutMs < nowMs) continue;
      disrupted[name] = at;
      const key = `${ns}/${pdb.metadata.name}/${name}/${at}`;
      if (!this.expiryArmed.has(key)) {
        this.expiryArmed.add(key);
        this.cluster.clock.after(DISRUPTED_POD_TIMEOUT_SECONDS + 1, () => {
          this.expiryArmed.delete(key);
          const current = this.cluster.store.get('policy/poddisruptionbudgets', ns, pdb.metadata.name ?? '') as PodDisruptionBudget | undefined;
          if (current) this.sync(current);
        });
      }
    }
    const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p) && !(p.metadata.name! in disrupted)).length;
    const allowed = Math.max(0, healthy - desired);
    const prevCond = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const condStatus = allowed > 0 ? 'True' : 'False';
    const generation = pdb.metadata.generation ?? 1;
    const status: NonNullable<PodDisruptionBudget['status']> = {
      currentHealthy: healthy,
      desiredHealthy: desired,
      disruptionsAllowed: allowed,
      expectedPods: expected,
      observedGeneration: generation,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: condStatus,
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: generation,
          lastTransitionTime: prevCond?.status === condStatus ? (prevCond.lastTransitionTime ?? this.cluster.clock.timestamp()) : this.cluster.clock.timestamp(),
        },
      ],
    };
    if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
    if (JSON.stringify(pdb.status) === JSON.stringify(status)) return;
    this.cluster.put('policy/poddisruptionbudgets', { ...pdb, status } as KubeObject);
  }
}
