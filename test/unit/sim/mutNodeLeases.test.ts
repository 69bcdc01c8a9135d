/**
 * Node heartbeats, against kubernetes/kubernetes pkg/kubelet/nodelease
 * (component-helpers/apimachinery/lease controller.go: a Lease named after the
 * node in kube-node-lease, holderIdentity the node, leaseDurationSeconds 40,
 * owned by the Node, renewTime a MicroTime renewed while the kubelet is up).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { KubeObject, Pod } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

interface Lease extends KubeObject {
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string };
}

describe('node leases', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (nodes: string[], renew: string, objects: string[] = []): TestCluster => {
    const c = startCluster([nodesYaml(nodes), ...objects].join('---\n'), `kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1\n  nodeLeaseRenewSeconds: ${renew}`);
    clusters.push(c);
    return c;
  };
  const lease = (c: TestCluster, name: string): Lease | undefined => c.cluster.store.get('coordination.k8s.io/leases', 'kube-node-lease', name) as Lease | undefined;
  const leases = (c: TestCluster): Lease[] => c.cluster.store.all('coordination.k8s.io/leases') as Lease[];

  it('[nodelease] every node gets a Lease named after it in kube-node-lease, held by it, 40 s long, owned by the Node', () => {
    const c = start(['n1', 'n2'], '10');
    assert.deepEqual(leases(c).map((l) => `${l.metadata.namespace}/${l.metadata.name}`).sort(), ['kube-node-lease/n1', 'kube-node-lease/n2']);
    const l = lease(c, 'n1')!;
    assert.equal(l.apiVersion, 'coordination.k8s.io/v1');
    assert.equal(l.kind, 'Lease');
    assert.deepEqual(l.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: c.node('n1').metadata.uid }]);
    assert.equal(l.spec.holderIdentity, 'n1');
    assert.equal(l.spec.leaseDurationSeconds, 40);
    assert.match(l.spec.renewTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(Math.abs(Date.parse(l.spec.renewTime!) - Date.now()) < 60_000, 'a wall-clock time');
  });

  it('[nodelease] a node added later gets its Lease; a node removed takes its Lease with it; an existing Lease is not recreated', async () => {
    const c = start(['n1'], '10');
    const first = lease(c, 'n1')!.metadata.uid;
    c.cluster.load({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } } as KubeObject);
    await waitFor('lease of n2', () => lease(c, 'n2'));
    assert.equal(lease(c, 'n2')!.metadata.ownerReferences?.[0]?.uid, c.node('n2').metadata.uid);
    assert.equal(lease(c, 'n1')!.metadata.uid, first);
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, 'n2');
    await waitFor('lease of n2 gone', () => lease(c, 'n2') === undefined);
    c.controllers.manager.runNow();
    assert.deepEqual(leases(c).map((l) => l.metadata.name), ['n1']);
  });

  it('[nodelease] Ready nodes renew their Lease; a NotReady node (its kubelet down) does not', async () => {
    const c = start(['n1', 'n2'], '0.03');
    c.controllers.kubelet.setNodeReady('n2', false);
    const before1 = lease(c, 'n1')!.spec.renewTime!;
    const before2 = lease(c, 'n2')!.spec.renewTime!;
    const renewed = await waitFor('n1 renewed', () => (lease(c, 'n1')!.spec.renewTime !== before1 ? lease(c, 'n1')!.spec.renewTime : undefined));
    assert.ok(Date.parse(renewed!) > Date.parse(before1));
    assert.match(renewed!, /\.\d{6}Z$/);
    assert.equal(lease(c, 'n2')!.spec.renewTime, before2, 'renewed in the same round, had n2 been up');
    assert.equal(lease(c, 'n2')!.spec.holderIdentity, 'n2');
    assert.equal(lease(c, 'n1')!.spec.leaseDurationSeconds, 40);
  });

  it('[nodelease] with renewal off the Lease keeps its first renewTime', async () => {
    const c = start(['n1'], '0', [`apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec: {nodeName: n1, containers: [{name: c, image: x}]}\n`]);
    const first = lease(c, 'n1')!;
    await waitFor('pod running', () => (c.cluster.store.get('/pods', 'default', 'p') as Pod | undefined)?.status?.phase === 'Running');
    assert.equal(lease(c, 'n1')!.metadata.resourceVersion, first.metadata.resourceVersion);
  });

  it('[nodelease] without the kube-node-lease namespace no Lease is created', async () => {
    const c = start(['n1'], '10');
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'namespaces')!.def, undefined, 'kube-node-lease');
    await waitFor('namespace gone', () => c.cluster.store.get('/namespaces', undefined, 'kube-node-lease') === undefined);
    c.cluster.load({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } } as KubeObject);
    c.controllers.manager.runNow();
    assert.deepEqual(leases(c), []);
  });
});
