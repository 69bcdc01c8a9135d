/**
 * Cleanup controllers, against kubernetes/kubernetes pkg/controller/garbagecollector
 * (garbagecollector.go attemptToDeleteItem: a dependent goes once none of its
 * owners exists, an owner of another uid under the same name counts as absent),
 * pkg/controller/podgc (gc_controller.go gcOrphaned: pods of a node that no longer
 * exists) and pkg/controller/namespace (namespaced_resources_deleter.go: a
 * terminating namespace is emptied through the API, so finalizers are honoured).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Pod } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const configMap = (name: string, meta = '', ns = 'default'): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}${meta}}\ndata: {k: v}\n`;
const pod = (name: string, node: string, meta = '', ns = 'default', grace = 1000): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}${meta}}
spec: {nodeName: ${node}, terminationGracePeriodSeconds: ${grace}, containers: [{name: c, image: nginx}]}
`;

describe('garbage collector, pod GC and namespace cleanup', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[]): TestCluster => {
    const c = startCluster([nodesYaml(['n1', 'n2']), ...objects].join('---\n'));
    clusters.push(c);
    return c;
  };
  const cmDef = (c: TestCluster) => c.cluster.catalog.lookup('', 'v1', 'configmaps')!.def;
  const cm = (c: TestCluster, name: string, ns = 'default'): KubeObject | undefined => c.cluster.store.get('/configmaps', ns, name);
  const getPod = (c: TestCluster, name: string, ns = 'default'): Pod | undefined => c.cluster.store.get('/pods', ns, name) as Pod | undefined;
  const uid = (c: TestCluster, name: string): string => cm(c, name)!.metadata.uid!;
  const marked = <T extends KubeObject>(obj: T | undefined): T | undefined => (obj?.metadata.deletionTimestamp ? obj : undefined);
  const ownedBy = (...owners: string[]): string => `, ownerReferences: [${owners.map((o) => `{apiVersion: v1, kind: ConfigMap, name: ${o}}`).join(', ')}]`;

  it('[garbagecollector.go] deleting an owner deletes its dependents in the background: pods gracefully, other objects at once', async () => {
    const c = start([configMap('owner'), configMap('child', ownedBy('owner')), pod('worker', 'n1', ownedBy('owner')), configMap('bystander')]);
    await waitFor('worker running', () => getPod(c, 'worker')?.status?.phase === 'Running');
    c.cluster.delete(cmDef(c), 'default', 'owner');
    await waitFor('child gone', () => cm(c, 'child') === undefined);
    const worker = await waitFor('worker terminating', () => marked(getPod(c, 'worker')));
    assert.equal(worker.metadata.deletionGracePeriodSeconds, 1000, 'the pod gets its grace period, it is not removed outright');
    assert.ok(cm(c, 'bystander'));
  });

  it('[garbagecollector.go] a dependent with several owners stays until the last one is gone', async () => {
    const c = start([configMap('a'), configMap('b'), configMap('shared', ownedBy('a', 'b'))]);
    c.controllers.manager.runNow();
    c.cluster.delete(cmDef(c), 'default', 'a');
    c.controllers.manager.runNow();
    assert.ok(cm(c, 'shared'), 'b still owns it');
    c.cluster.delete(cmDef(c), 'default', 'b');
    await waitFor('shared gone', () => cm(c, 'shared') === undefined);
  });

  it('[garbagecollector.go] an owner reference to another uid under the same name counts as absent', async () => {
    const c = start([configMap('a'), configMap('b')]);
    const dep = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dep', namespace: 'default', ownerReferences: [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: uid(c, 'a') },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: 'not-the-uid-of-b' },
    ] }, data: { k: 'v' } } as KubeObject;
    c.cluster.create(cmDef(c), 'default', dep);
    const keeper = clone(dep);
    keeper.metadata = { name: 'keeper', namespace: 'default', ownerReferences: [dep.metadata.ownerReferences![0]!, { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: uid(c, 'b') }] };
    c.cluster.create(cmDef(c), 'default', keeper);
    c.cluster.delete(cmDef(c), 'default', 'a');
    await waitFor('dep gone', () => cm(c, 'dep') === undefined);
    c.controllers.manager.runNow();
    assert.ok(cm(c, 'keeper'), 'b, with its real uid, still owns keeper');
  });

  it('[garbagecollector.go] an owner of a kind the cluster does not serve is not taken as gone; a cluster-scoped owner is looked up without a namespace', async () => {
    const c = start([configMap('a')]);
    const n2 = c.node('n2');
    const refs = (other: { apiVersion: string; kind: string; name: string; uid: string }) => [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: uid(c, 'a') }, other];
    c.cluster.create(cmDef(c), 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rollout-owned', namespace: 'default', ownerReferences: refs({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'r', uid: 'u-1' }) } } as KubeObject);
    c.cluster.create(cmDef(c), 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'node-owned', namespace: 'default', ownerReferences: refs({ apiVersion: 'v1', kind: 'Node', name: 'n2', uid: n2.metadata.uid! }) } } as KubeObject);
    c.cluster.create(cmDef(c), 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-a', namespace: 'default', ownerReferences: refs({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: uid(c, 'a') }).slice(0, 1) } } as KubeObject);
    c.cluster.delete(cmDef(c), 'default', 'a');
    await waitFor('only-a gone', () => cm(c, 'only-a') === undefined);
    assert.ok(cm(c, 'rollout-owned'));
    assert.ok(cm(c, 'node-owned'));
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, 'n2');
    await waitFor('node-owned gone with its last owner', () => cm(c, 'node-owned') === undefined);
  });

  it('[garbagecollector.go] a dependent with a finalizer is only marked deleted', async () => {
    const c = start([configMap('owner'), configMap('held', `${ownedBy('owner')}, finalizers: [example.com/hold]`)]);
    c.controllers.manager.runNow();
    c.cluster.delete(cmDef(c), 'default', 'owner');
    const held = await waitFor('held marked deleted', () => marked(cm(c, 'held')));
    assert.deepEqual(held.metadata.finalizers, ['example.com/hold']);
    const next = clone(held);
    next.metadata.finalizers = [];
    c.cluster.update(cmDef(c), 'default', 'held', next);
    assert.equal(cm(c, 'held'), undefined);
  });

  it('[gc_controller.go gcOrphaned] pods bound to a deleted node are removed outright; a node deleted and re-added at once keeps its pods', async () => {
    const c = start([pod('on-n2', 'n2'), pod('on-n1', 'n1'), pod('unbound', '')]);
    await waitFor('pods running', () => getPod(c, 'on-n2')?.status?.phase === 'Running' && getPod(c, 'on-n1')?.status?.phase === 'Running');
    const nodes = c.cluster.catalog.lookup('', 'v1', 'nodes')!.def;
    const n1 = clone(c.node('n1'));
    c.cluster.delete(nodes, undefined, 'n1');
    c.cluster.load({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: n1.metadata.labels } } as KubeObject);
    c.cluster.delete(nodes, undefined, 'n2');
    await waitFor('on-n2 gone', () => getPod(c, 'on-n2') === undefined);
    c.controllers.manager.runNow();
    const kept = getPod(c, 'on-n1');
    assert.ok(kept && !kept.metadata.deletionTimestamp, 'n1 is back: its pod stays');
    assert.ok(getPod(c, 'unbound'), 'a pod bound to no node is not pod GC business');
  });

  it('[namespaced_resources_deleter.go] a terminating namespace: objects go, pods terminate gracefully, the namespace goes last', async () => {
    const c = start([
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: temp}\n',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n',
      configMap('settings', '', 'temp'),
      configMap('settings', '', 'other'),
      pod('worker', 'n1', '', 'temp', 50),
    ]);
    await waitFor('worker running', () => getPod(c, 'worker', 'temp')?.status?.phase === 'Running');
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'namespaces')!.def, undefined, 'temp');
    await waitFor('configmap gone', () => cm(c, 'settings', 'temp') === undefined);
    const worker = await waitFor('worker terminating', () => marked(getPod(c, 'worker', 'temp')));
    assert.equal(worker.metadata.deletionGracePeriodSeconds, 50);
    const ns = c.cluster.store.get('/namespaces', undefined, 'temp');
    assert.deepEqual(ns?.status, { phase: 'Terminating' });
    await waitFor('namespace gone', () => c.cluster.store.get('/namespaces', undefined, 'temp') === undefined);
    assert.ok(cm(c, 'settings', 'other'), 'other namespaces are untouched');
    assert.ok(c.cluster.store.get('/namespaces', undefined, 'other'));
  });

  it('[namespaced_resources_deleter.go] an object with a finalizer keeps its namespace Terminating until the finalizer is removed', async () => {
    const c = start(['apiVersion: v1\nkind: Namespace\nmetadata: {name: temp}\n', configMap('held', ', finalizers: [example.com/hold]', 'temp'), configMap('plain', '', 'temp')]);
    c.controllers.manager.runNow();
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'namespaces')!.def, undefined, 'temp');
    await waitFor('plain gone', () => cm(c, 'plain', 'temp') === undefined);
    const held = await waitFor('held marked deleted', () => marked(cm(c, 'held', 'temp')));
    c.controllers.manager.runNow();
    assert.ok(c.cluster.store.get('/namespaces', undefined, 'temp'), 'the namespace waits for the finalizer');
    const next = clone(held);
    next.metadata.finalizers = [];
    c.cluster.update(cmDef(c), 'temp', 'held', next);
    await waitFor('namespace gone', () => c.cluster.store.get('/namespaces', undefined, 'temp') === undefined);
  });
});
