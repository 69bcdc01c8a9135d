/**
 * Node heartbeats as the kubelet sends them: a Lease per node in kube-node-lease
 * (holder = the node, 40 s duration, owned by the Node), renewed every
 * `nodeLeaseRenewSeconds` (10 s, a quarter of the duration, as the kubelet does)
 * while the node is Ready. Renewal follows the wall clock, not the time scale: the
 * renew times are wall-clock timestamps that readers compare with their own clock.
 * A NotReady node's kubelet is down, so its lease goes stale; `kubectl describe
 * node` shows the lease.
 */
import type { SimCluster } from '../cluster';
import { clone, type KubeObject, type Node } from '../types';
import type { Controller } from './manager';
import { isNodeReady } from './podState';

export const LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_DURATION_SECONDS = 40;
const LEASES = 'coordination.k8s.io/leases';

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class NodeLeases implements Controller {
  readonly name = 'node-leases';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly cluster: SimCluster, private readonly renewSeconds: number) {
    if (renewSeconds > 0) this.scheduleRenewal();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private scheduleRenewal(): void {
    this.timer = setInterval(() => this.renewAll(), this.renewSeconds * 1000);
    this.timer.unref();
  }

  reconcile(): void {
    if (!this.cluster.store.get('/namespaces', undefined, LEASE_NAMESPACE)) return;
    for (const node of this.cluster.store.all('/nodes') as Node[]) {
      if (!this.cluster.store.get(LEASES, LEASE_NAMESPACE, node.metadata.name ?? '')) this.createLease(node);
    }
  }

  private createLease(node: Node): void {
    const name = node.metadata.name ?? '';
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: LEASE_NAMESPACE, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }] },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(new Date()) },
    };
    const def = this.cluster.catalog.lookup('coordination.k8s.io', 'v1', 'leases')!.def;
    this.cluster.create(def, LEASE_NAMESPACE, lease);
  }

  /** One heartbeat from every kubelet that is up. */
  renewAll(): void {
    const now = microTime(new Date());
    for (const node of this.cluster.store.all('/nodes') as Node[]) {
      if (!isNodeReady(node)) continue;
      const lease = this.cluster.store.get(LEASES, LEASE_NAMESPACE, node.metadata.name ?? '');
      if (!lease) continue;
      const next = clone(lease);
      (next.spec as { renewTime?: string }).renewTime = now;
      this.cluster.store.update(LEASES, next);
    }
  }
}
