/**
 * NoExecute taint eviction (kubernetes/kubernetes pkg/controller/tainteviction/
 * taint_eviction.go) and finalizers (k8s.io/apiserver registry/generic/registry
 * store.go: an object with finalizers is only marked deleted).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Node, type Pod } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const pod = (name: string, node: string, tolerations = '', extra = ''): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default${extra}}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1${tolerations ? `\n  tolerations: ${tolerations}` : ''}
  containers: [{name: c, image: nginx}]
`;

describe('NoExecute taints and finalizers', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[]): TestCluster => {
    const c = startCluster([nodesYaml(['n1', 'n2']), ...objects].join('---\n'));
    clusters.push(c);
    return c;
  };
  const get = (c: TestCluster, name: string): Pod | undefined => c.cluster.store.get('/pods', 'default', name) as Pod | undefined;
  const running = (c: TestCluster, name: string): boolean => get(c, name)?.status?.phase === 'Running';
  const taint = (c: TestCluster, node: string, key: string): void => {
    const next = clone(c.node(node));
    next.spec = { ...(next.spec ?? {}), taints: [...(next.spec?.taints ?? []), { key, value: 'x', effect: 'NoExecute' }] };
    c.cluster.put('/nodes', next as KubeObject);
  };

  it('[taint_eviction.go] an untolerated NoExecute taint evicts at once, tolerationSeconds later, a toleration without seconds never', async () => {
    const c = start([
      pod('plain', 'n1'),
      pod('brief', 'n1', '[{key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: 200}]'),
      pod('forever', 'n1', '[{key: dedicated, operator: Exists, effect: NoExecute}]'),
      pod('elsewhere', 'n2'),
    ]);
    await waitFor('pods running', () => ['plain', 'brief', 'forever', 'elsewhere'].every((n) => running(c, n)));
    taint(c, 'n1', 'dedicated');
    await waitFor('plain evicted', () => get(c, 'plain') === undefined || get(c, 'plain')!.metadata.deletionTimestamp !== undefined);
    assert.equal(get(c, 'brief')?.metadata.deletionTimestamp, undefined, 'a 200 s toleration has not run out yet');
    // 200 simulated seconds are 2 s at this time scale.
    await waitFor('brief evicted after its toleration', () => get(c, 'brief') === undefined, 10_000);
    assert.ok(get(c, 'forever') && !get(c, 'forever')!.metadata.deletionTimestamp, 'tolerated forever');
    assert.ok(get(c, 'elsewhere') && !get(c, 'elsewhere')!.metadata.deletionTimestamp, 'other nodes are untouched');
  });

  it('[taint_eviction.go] pods on a NotReady node go after the default 300 s not-ready toleration; DaemonSet pods stay; replacements start elsewhere', async () => {
    const c = start([
      `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {nodeSelector: {kubernetes.io/hostname: n1}, terminationGracePeriodSeconds: 1, containers: [{name: c, image: nginx}]}
`,
      `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: agent}]}
`,
    ]);
    // Nodes from nodesYaml carry no hostname label: give n1 one so the ReplicaSet's pod lands there first.
    const labelled = clone(c.node('n1'));
    labelled.metadata.labels = { ...(labelled.metadata.labels ?? {}), 'kubernetes.io/hostname': 'n1' };
    c.cluster.put('/nodes', labelled as KubeObject);
    const webPod = await waitFor('web on n1', () => c.pods('default').find((p) => p.metadata.labels?.app === 'web' && p.status?.phase === 'Running'));
    await waitFor('agents running', () => c.pods('default').filter((p) => p.metadata.labels?.app === 'agent' && p.status?.phase === 'Running').length === 2);
    const agentOnN1 = c.pods('default').find((p) => p.metadata.labels?.app === 'agent' && p.spec.nodeName === 'n1')!;
    // Let the replacement go anywhere once n1 is down.
    const rs = clone(c.cluster.store.get('apps/replicasets', 'default', 'web')!) as KubeObject & { spec: { template: { spec: Record<string, unknown> } } };
    delete rs.spec.template.spec.nodeSelector;
    c.cluster.update(c.cluster.catalog.definition('apps', 'replicasets')!, 'default', 'web', rs);
    c.controllers.kubelet.setNodeReady('n1', false);
    await waitFor('the not-ready NoExecute taint', () => (c.node('n1') as Node).spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoExecute'));
    assert.equal(get(c, webPod.metadata.name!)?.metadata.deletionTimestamp, undefined, 'not before the toleration runs out');
    // 300 simulated seconds are 3 s at this time scale.
    const evicted = await waitFor('web evicted', () => (get(c, webPod.metadata.name!)?.metadata.deletionTimestamp ? get(c, webPod.metadata.name!) : undefined), 8000);
    const cond = evicted.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
    assert.deepEqual([cond?.reason, cond?.message], ['DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint']);
    await waitFor('a replacement on n2', () => c.pods('default').some((p) => p.metadata.labels?.app === 'web' && p.spec.nodeName === 'n2' && p.status?.phase === 'Running'));
    assert.ok(get(c, webPod.metadata.name!), 'the evicted pod stays Terminating while its kubelet is down');
    const agent = c.cluster.store.get('/pods', 'default', agentOnN1.metadata.name!);
    assert.ok(agent && !agent.metadata.deletionTimestamp, 'DaemonSet pods tolerate not-ready without a time limit');
  });

  it('a scenario may declare a pod already deleted and held by a finalizer: it stays until the finalizer goes', async () => {
    const c = start([
      `apiVersion: v1
kind: Pod
metadata: {name: stuck, namespace: default, finalizers: [example.com/hold], deletionTimestamp: "2025-06-01T08:00:00Z", deletionGracePeriodSeconds: 0}
spec: {nodeName: n1, containers: [{name: c, image: nginx}]}
status: {phase: Running}
`,
      pod('gone', 'n1', '', ', deletionTimestamp: "2025-06-01T08:00:00Z", deletionGracePeriodSeconds: 0'),
    ]);
    await waitFor('the finalizer-less pod is removed', () => get(c, 'gone') === undefined);
    const stuck = get(c, 'stuck');
    assert.equal(stuck?.metadata.deletionTimestamp, '2025-06-01T08:00:00Z');
    const podsDef = c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    c.cluster.patch(podsDef, 'default', 'stuck', 'application/merge-patch+json', { metadata: { finalizers: [] } });
    assert.equal(get(c, 'stuck'), undefined);
  });

  it('[store.go] a pod with a finalizer stays Terminating after its grace period until the finalizer is removed', async () => {
    const c = start([pod('held', 'n1', '', ', finalizers: [example.com/hold]'), `apiVersion: v1
kind: ConfigMap
metadata: {name: kept, namespace: default, finalizers: [example.com/hold]}
data: {k: v}
`]);
    await waitFor('held running', () => running(c, 'held'));
    const podsDef = c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    c.cluster.delete(podsDef, 'default', 'held');
    await waitFor('the kubelet finished (grace 0)', () => get(c, 'held')?.metadata.deletionGracePeriodSeconds === 0);
    assert.ok(get(c, 'held')?.metadata.deletionTimestamp);
    c.cluster.patch(podsDef, 'default', 'held', 'application/merge-patch+json', { metadata: { finalizers: null } });
    assert.equal(get(c, 'held'), undefined, 'removing the last finalizer removes the pod');

    const cmDef = c.cluster.catalog.lookup('', 'v1', 'configmaps')!.def;
    c.cluster.delete(cmDef, 'default', 'kept');
    const kept = c.cluster.store.get('/configmaps', 'default', 'kept');
    assert.ok(kept?.metadata.deletionTimestamp, 'an object with finalizers is only marked deleted');
    c.cluster.patch(cmDef, 'default', 'kept', 'application/json-patch+json', [{ op: 'remove', path: '/metadata/finalizers' }]);
    assert.equal(c.cluster.store.get('/configmaps', 'default', 'kept'), undefined);
  });
});
