/**
 * NoExecute taint eviction against kubernetes/kubernetes
 * pkg/controller/tainteviction/taint_eviction.go: getMinTolerationTime (the smallest
 * tolerationSeconds of the tolerations used, over all taints), addConditionAndDeletePod
 * (DisruptionTarget / DeletionByTaintManager from 1.26, when PodDisruptionConditions
 * became beta) and emitPodDeletionEvent (a TaintManagerEviction event).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Pod } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const pod = (name: string, node: string, tolerations = '', grace = 1): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: ${grace}${tolerations ? `\n  tolerations: ${tolerations}` : ''}
  containers: [{name: c, image: nginx}]
`;

const taintedNode = (name: string): string => `apiVersion: v1
kind: Node
metadata: {name: ${name}}
spec: {taints: [{key: maintenance, value: "true", effect: NoExecute}]}
`;

describe('taint eviction (taint_eviction.go)', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[], version = 'v1.33.4'): TestCluster => {
    const c = startCluster(objects.join('---\n'), `kubernetesVersion: ${version}\n  timeScale: 0.01\n  podStartSeconds: 1`);
    clusters.push(c);
    return c;
  };
  const get = (c: TestCluster, name: string): Pod | undefined => c.cluster.store.get('/pods', 'default', name) as Pod | undefined;
  const evictionEvents = (c: TestCluster): KubeObject[] => c.cluster.store.all('/events', 'default').filter((e) => e.reason === 'TaintManagerEviction');

  it('[taint_eviction.go getMinTolerationTime] the smallest tolerationSeconds over all the NoExecute taints decides', async () => {
    const c = start([
      nodesYaml(['n1']),
      // quick tolerates the first taint long and the second briefly; even tolerates both for a middle time.
      pod('quick', 'n1', '[{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 300}, {key: b, operator: Exists, effect: NoExecute, tolerationSeconds: 10}]'),
      pod('even', 'n1', '[{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 100}, {key: b, operator: Exists, effect: NoExecute, tolerationSeconds: 100}]'),
    ]);
    await waitFor('pods running', () => get(c, 'quick')?.status?.phase === 'Running' && get(c, 'even')?.status?.phase === 'Running');
    const node = clone(c.node('n1'));
    node.spec = { ...node.spec, taints: [{ key: 'a', effect: 'NoExecute' }, { key: 'b', effect: 'NoExecute' }] };
    c.cluster.put('/nodes', node as KubeObject);
    // 10 simulated seconds are 0.1 s here, 100 are 1 s.
    await waitFor('quick evicted', () => get(c, 'quick')?.metadata.deletionTimestamp !== undefined || get(c, 'quick') === undefined);
    const even = get(c, 'even');
    assert.ok(even && !even.metadata.deletionTimestamp, 'even still has time left');
    await waitFor('even evicted later', () => get(c, 'even')?.metadata.deletionTimestamp !== undefined || get(c, 'even') === undefined, 8000);
  });

  it('[taint_eviction.go] a pod bound to a node it cannot tolerate: DisruptionTarget as its only condition, and a TaintManagerEviction event', () => {
    const c = start([taintedNode('n1'), pod('victim', 'n1', '', 600), pod('tolerant', 'n1', '[{key: maintenance, operator: Exists}]', 600)]);
    // The first controller pass has run: the pod was evicted before its kubelet started it.
    const victim = get(c, 'victim')!;
    assert.ok(victim.metadata.deletionTimestamp);
    assert.equal(victim.status?.phase, 'Pending');
    const conditions = (victim.status?.conditions ?? []).map(({ lastTransitionTime, ...rest }) => {
      assert.match(lastTransitionTime ?? '', /Z$/);
      return rest;
    });
    assert.deepEqual(conditions, [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastProbeTime: null }]);
    assert.equal(get(c, 'tolerant')?.metadata.deletionTimestamp, undefined);
    const events = evictionEvents(c);
    assert.equal(events.length, 1);
    const e = events[0]! as KubeObject & { involvedObject: Record<string, unknown>; source: unknown; message: string; type: string };
    assert.deepEqual([e.type, e.message, e.source], ['Normal', 'Marking for deletion Pod default/victim', { component: 'taint-eviction-controller' }]);
    assert.deepEqual([e.involvedObject.kind, e.involvedObject.name, e.involvedObject.namespace], ['Pod', 'victim', 'default']);
  });

  it('[taint_eviction.go] before 1.26 (PodDisruptionConditions off) the pod is deleted without a DisruptionTarget condition', () => {
    const c = start([taintedNode('n1'), pod('victim', 'n1', '', 600)], 'v1.25.16');
    const victim = get(c, 'victim')!;
    assert.ok(victim.metadata.deletionTimestamp);
    assert.equal(victim.status?.conditions?.find((x) => x.type === 'DisruptionTarget'), undefined);
    const events = evictionEvents(c) as (KubeObject & { source: unknown; message: string })[];
    assert.deepEqual(
      events.map((e) => [e.message, e.source]),
      [['Marking for deletion Pod default/victim', { component: 'taint-controller' }]],
      'the taint manager still inside the node lifecycle controller',
    );
  });
});
