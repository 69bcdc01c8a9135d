/**
 * The pod and node predicates the controllers share, against the rules of
 * kubernetes/kubernetes: pod phases and conditions (pkg/api/v1/pod/util.go,
 * UpdatePodCondition keeps lastTransitionTime while the status is unchanged),
 * taint toleration (k8s.io/api/core/v1 toleration.go ToleratesTaint), pod requests
 * (k8s.io/component-helpers/resource PodRequests: the larger of the containers'
 * sum and any init container) and required node affinity
 * (k8s.io/component-helpers/scheduling/corev1/nodeaffinity).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  byControllerUid,
  condition,
  isActive,
  isNodeReady,
  isPodReady,
  isTerminal,
  isTerminating,
  matchesNodeSelection,
  nodeAllocatable,
  ownedBy,
  podRequests,
  setCondition,
  tolerates,
  untoleratedTaints,
} from '../../sim/controllers/podState';
import type { Condition, KubeObject, Node, Pod, PodStatus, Taint, Toleration } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

const pod = (over: { phase?: PodStatus['phase']; deleting?: boolean; conditions?: Condition[]; spec?: Partial<Pod['spec']> } = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ...(over.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...over.spec },
  ...(over.phase !== undefined || over.conditions ? { status: { ...(over.phase ? { phase: over.phase } : {}), ...(over.conditions ? { conditions: over.conditions } : {}) } } : {}),
});

const node = (labels?: Record<string, string>, name = 'n1', extra: Partial<Node> = {}): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, ...(labels ? { labels } : {}) }, ...extra });

const withAffinity = (terms: unknown[]): Pod => pod({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } });

const expr = (key: string, operator: string, values?: string[]): { matchExpressions: unknown[] } => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

describe('pod and node predicates', () => {
  it('[pod/util.go] only Succeeded and Failed are terminal phases; a deletionTimestamp makes a pod terminating; active is neither', () => {
    assert.equal(isTerminal(pod({ phase: 'Succeeded' })), true);
    assert.equal(isTerminal(pod({ phase: 'Failed' })), true);
    assert.equal(isTerminal(pod({ phase: 'Running' })), false);
    assert.equal(isTerminal(pod({ phase: 'Pending' })), false);
    assert.equal(isTerminal(pod({ phase: 'Unknown' })), false);
    assert.equal(isTerminal(pod()), false);
    assert.equal(isTerminating(pod({ deleting: true })), true);
    assert.equal(isTerminating(pod()), false);
    assert.equal(isActive(pod({ phase: 'Running' })), true);
    assert.equal(isActive(pod({ phase: 'Pending' })), true);
    assert.equal(isActive(pod()), true);
    assert.equal(isActive(pod({ phase: 'Succeeded' })), false);
    assert.equal(isActive(pod({ phase: 'Failed' })), false);
    assert.equal(isActive(pod({ phase: 'Running', deleting: true })), false);
  });

  it('[pod/util.go IsPodReady] a pod or node is ready only with a Ready condition whose status is True', () => {
    const ready: Condition = { type: 'Ready', status: 'True' };
    assert.equal(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'ContainersReady', status: 'True' }, ready] })), true);
    assert.equal(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] })), false);
    assert.equal(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'Unknown' }] })), false);
    assert.equal(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'ContainersReady', status: 'True' }] })), false);
    assert.equal(isPodReady(pod({ phase: 'Running' })), false);
    assert.equal(isPodReady(pod()), false);
    assert.equal(isNodeReady(node(undefined, 'a', { status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, ready] } })), true);
    assert.equal(isNodeReady(node(undefined, 'a', { status: { conditions: [{ type: 'MemoryPressure', status: 'True' }, { type: 'Ready', status: 'False' }] } })), false);
    assert.equal(isNodeReady(node(undefined, 'a', { status: { conditions: [{ type: 'DiskPressure', status: 'True' }] } })), false);
    assert.equal(isNodeReady(node()), false);
    const conds: Condition[] = [{ type: 'A', status: 'True', reason: 'first' }, { type: 'B', status: 'False' }, { type: 'A', status: 'False', reason: 'second' }];
    assert.deepEqual(condition(conds, 'A'), conds[0]);
    assert.deepEqual(condition(conds, 'B'), conds[1]);
    assert.equal(condition(conds, 'C'), undefined);
    assert.equal(condition(undefined, 'A'), undefined);
  });

  it('[pod/util.go UpdatePodCondition] setCondition appends a new type, replaces an existing one, and keeps lastTransitionTime while the status stays', () => {
    const base: Condition[] = [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: 't0' },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'not yet', lastTransitionTime: 't1' },
    ];
    const frozen = JSON.stringify(base);
    const appended = setCondition(base, { type: 'Initialized', status: 'True', lastTransitionTime: 't2' });
    assert.deepEqual(appended, [...base, { type: 'Initialized', status: 'True', lastTransitionTime: 't2' }]);
    const sameStatus = setCondition(base, { type: 'Ready', status: 'False', reason: 'NodeNotReady', message: 'changed', lastTransitionTime: 't9' });
    assert.deepEqual(sameStatus, [base[0], { type: 'Ready', status: 'False', reason: 'NodeNotReady', message: 'changed', lastTransitionTime: 't1' }]);
    const flipped = setCondition(base, { type: 'Ready', status: 'True', lastTransitionTime: 't9' });
    assert.deepEqual(flipped, [base[0], { type: 'Ready', status: 'True', lastTransitionTime: 't9' }]);
    const first = setCondition(base, { type: 'PodScheduled', status: 'True', lastTransitionTime: 't5' });
    assert.deepEqual(first, base);
    // A previous condition without a transition time takes the new one.
    const noTime = setCondition([{ type: 'Ready', status: 'True' }], { type: 'Ready', status: 'True', reason: 'r', lastTransitionTime: 't7' });
    assert.deepEqual(noTime, [{ type: 'Ready', status: 'True', reason: 'r', lastTransitionTime: 't7' }]);
    assert.equal(JSON.stringify(base), frozen, 'the input array is left unchanged');
    assert.notEqual(first, base);
  });

  it('[toleration.go ToleratesTaint] effect, key, operator and value rules', () => {
    const noSchedule: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const t = (...tols: Toleration[]): boolean => tolerates(tols, noSchedule);
    assert.equal(tolerates(undefined, noSchedule), false);
    assert.equal(t(), false);
    assert.equal(t({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }), true);
    assert.equal(t({ key: 'dedicated', operator: 'Equal', value: 'gpu' }), true, 'an empty effect matches every effect');
    assert.equal(t({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }), false);
    assert.equal(t({ key: 'dedicated', value: 'gpu' }), true, 'no operator means Equal');
    assert.equal(t({ key: 'dedicated', value: 'cpu' }), false);
    assert.equal(t({ key: 'dedicated', operator: 'Equal' }), false, 'Equal without a value needs an empty taint value');
    assert.equal(t({ key: 'other', operator: 'Equal', value: 'gpu' }), false);
    assert.equal(t({ key: 'dedicated', operator: 'Exists' }), true);
    assert.equal(t({ key: 'other', operator: 'Exists' }), false);
    assert.equal(t({ operator: 'Exists' }), true, 'an empty key with Exists tolerates everything');
    assert.equal(t({ operator: 'Exists', effect: 'NoExecute' }), false);
    assert.equal(t({ key: 'other', operator: 'Exists' }, { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }), true, 'any matching toleration is enough');
    assert.equal(tolerates([{ key: 'k', operator: 'Equal' }], { key: 'k', effect: 'NoExecute' }), true, 'missing values on both sides are equal');
    assert.equal(tolerates([{ key: 'k', operator: 'Equal', value: '' }], { key: 'k', effect: 'NoExecute' }), true);
    assert.equal(tolerates([{ key: 'k', operator: 'Equal', value: 'v' }], { key: 'k', effect: 'NoExecute' }), false);
  });

  it('[tainttoleration] untoleratedTaints lists the NoSchedule and NoExecute taints not tolerated, never PreferNoSchedule', () => {
    const taints: Taint[] = [
      { key: 'a', effect: 'NoSchedule' },
      { key: 'b', value: 'x', effect: 'NoExecute' },
      { key: 'c', effect: 'PreferNoSchedule' },
      { key: 'd', effect: 'NoSchedule' },
    ];
    const n = node(undefined, 'n', { spec: { taints } });
    assert.deepEqual(untoleratedTaints(n, undefined), [taints[0], taints[1], taints[3]]);
    assert.deepEqual(untoleratedTaints(n, [{ key: 'a', operator: 'Exists' }, { key: 'b', value: 'x' }]), [taints[3]]);
    assert.deepEqual(untoleratedTaints(n, [{ operator: 'Exists' }]), []);
    assert.deepEqual(untoleratedTaints(node(), undefined), []);
  });

  it('[component-helpers PodRequests] containers add up, an init container counts by itself, whichever is larger per resource', () => {
    const p = pod({
      spec: {
        containers: [
          { name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' } } },
          { name: 'b', resources: { requests: { cpu: '500m' } } },
          { name: 'c' },
        ],
        initContainers: [
          { name: 'i1', resources: { requests: { cpu: '1', memory: '32Mi' } } },
          { name: 'i2', resources: { requests: { memory: '16Mi' } } },
        ],
      },
    });
    assert.deepEqual(podRequests(p), { cpu: 1, memory: 64 * 1024 ** 2 });
    const small = pod({ spec: { containers: [{ name: 'a', resources: { requests: { cpu: '2', memory: '1Gi' } } }], initContainers: [{ name: 'i', resources: { requests: { cpu: '500m', memory: '2Gi' } } }] } });
    assert.deepEqual(podRequests(small), { cpu: 2, memory: 2 * 1024 ** 3 });
    assert.deepEqual(podRequests(pod()), { cpu: 0, memory: 0 });
  });

  it('nodeAllocatable reads cpu, memory and pods, with 110 pods when the node does not say', () => {
    assert.deepEqual(nodeAllocatable(node(undefined, 'n', { status: { allocatable: { cpu: '3500m', memory: '2Gi', pods: '17' } } })), { cpu: 3.5, memory: 2 * 1024 ** 3, pods: 17 });
    assert.deepEqual(nodeAllocatable(node(undefined, 'n', { status: { allocatable: { cpu: '2' } } })), { cpu: 2, memory: 0, pods: 110 });
    assert.deepEqual(nodeAllocatable(node()), { cpu: 0, memory: 0, pods: 110 });
  });

  it('[nodeaffinity] nodeSelector needs every label; without affinity or terms any node matches', () => {
    const n = node({ zone: 'a', disk: 'ssd' });
    assert.equal(matchesNodeSelection(pod({ spec: { nodeSelector: { zone: 'a', disk: 'ssd' } } }), n), true);
    assert.equal(matchesNodeSelection(pod({ spec: { nodeSelector: { zone: 'a', disk: 'hdd' } } }), n), false);
    assert.equal(matchesNodeSelection(pod({ spec: { nodeSelector: { zone: 'a' } } }), node()), false);
    assert.equal(matchesNodeSelection(pod(), node()), true);
    assert.equal(matchesNodeSelection(pod({ spec: { affinity: { podAntiAffinity: {} } } }), n), true);
    assert.equal(matchesNodeSelection(withAffinity([]), n), true);
    // nodeSelector and affinity must both hold.
    assert.equal(matchesNodeSelection(pod({ spec: { nodeSelector: { zone: 'b' }, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [expr('zone', 'Exists')] } } } } }), n), false);
  });

  it('[nodeaffinity] matchExpressions operators In, NotIn, Exists, DoesNotExist, Gt, Lt; an unknown operator matches nothing', () => {
    const n = node({ zone: 'a', cores: '16', gen: '9' });
    const m = (key: string, op: string, values?: string[]): boolean => matchesNodeSelection(withAffinity([expr(key, op, values)]), n);
    assert.equal(m('zone', 'In', ['b', 'a']), true);
    assert.equal(m('zone', 'In', ['b']), false);
    assert.equal(m('zone', 'In'), false);
    assert.equal(m('missing', 'In', ['a']), false);
    assert.equal(m('zone', 'NotIn', ['b']), true);
    assert.equal(m('zone', 'NotIn', ['a']), false);
    assert.equal(m('missing', 'NotIn', ['a']), true);
    assert.equal(m('zone', 'Exists'), true);
    assert.equal(m('missing', 'Exists'), false);
    assert.equal(m('missing', 'DoesNotExist'), true);
    assert.equal(m('zone', 'DoesNotExist'), false);
    assert.equal(m('cores', 'Gt', ['8']), true, 'numbers, not strings: 16 > 8');
    assert.equal(m('cores', 'Gt', ['16']), false);
    assert.equal(m('cores', 'Gt', ['100']), false);
    assert.equal(m('missing', 'Gt', ['-1']), false);
    assert.equal(m('gen', 'Lt', ['10']), true, 'numbers, not strings: 9 < 10');
    assert.equal(m('gen', 'Lt', ['9']), false);
    assert.equal(m('gen', 'Lt', ['3']), false);
    assert.equal(m('missing', 'Lt', ['100']), false);
    assert.equal(m('zone', 'Equals', ['a']), false);
  });

  it('[nodeaffinity] expressions in a term are ANDed, terms are ORed, matchFields select by metadata.name only, and an empty term selects nothing', () => {
    const n = node({ zone: 'a', disk: 'ssd' }, 'worker-1');
    const both = { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] };
    assert.equal(matchesNodeSelection(withAffinity([both]), n), false);
    assert.equal(matchesNodeSelection(withAffinity([both, expr('disk', 'In', ['ssd'])]), n), true);
    assert.equal(matchesNodeSelection(withAffinity([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] }]), n), true);
    assert.equal(matchesNodeSelection(withAffinity([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }]), n), false);
    assert.equal(matchesNodeSelection(withAffinity([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['worker-1'] }] }]), n), false);
    assert.equal(matchesNodeSelection(withAffinity([{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['worker-1'] }] }]), n), false);
    assert.equal(matchesNodeSelection(withAffinity([{ matchFields: [{ key: 'metadata.uid', operator: 'DoesNotExist' }] }]), n), true);
    const mixed = { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['other'] }] };
    assert.equal(matchesNodeSelection(withAffinity([mixed]), n), false, 'expressions and fields of one term are ANDed');
    assert.equal(matchesNodeSelection(withAffinity([{}]), n), false);
    assert.equal(matchesNodeSelection(withAffinity([{ matchExpressions: [], matchFields: [] }]), n), false);
    assert.equal(matchesNodeSelection(withAffinity([{}, expr('zone', 'In', ['a'])]), n), true);
  });

  it('ownedBy and byControllerUid only follow the controller owner reference', () => {
    const obj = (name: string, refs?: { uid: string; controller?: boolean }[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...(refs ? { ownerReferences: refs.map((r) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', ...r })) } : {}) },
    });
    const a1 = obj('a1', [{ uid: 'A', controller: true }]);
    const a2 = obj('a2', [{ uid: 'B' }, { uid: 'A', controller: true }]);
    const b1 = obj('b1', [{ uid: 'B', controller: true }]);
    const loose = obj('loose', [{ uid: 'A', controller: false }]);
    const bare = obj('bare');
    assert.equal(ownedBy(a1, 'A'), true);
    assert.equal(ownedBy(a2, 'A'), true);
    assert.equal(ownedBy(a2, 'B'), false, 'a non-controller reference does not own');
    assert.equal(ownedBy(loose, 'A'), false);
    assert.equal(ownedBy(bare, 'A'), false);
    assert.equal(ownedBy(a1, undefined), false);
    const groups = byControllerUid([a1, loose, b1, bare, a2]);
    assert.deepEqual([...groups.keys()], ['A', 'B']);
    assert.deepEqual(groups.get('A')!.map((o) => o.metadata.name), ['a1', 'a2']);
    assert.deepEqual(groups.get('B')!.map((o) => o.metadata.name), ['b1']);
  });
});

describe('node affinity as the scheduler applies it', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));

  it('[nodeaffinity] a pod whose only required term is empty fits no node and stays Pending', async () => {
    const c = startCluster(`apiVersion: v1
kind: Node
metadata: {name: n1, labels: {zone: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: empty-term, namespace: default}
spec:
  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{}]}}}
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: zone-a, namespace: default}
spec:
  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{}, {matchExpressions: [{key: zone, operator: In, values: [a]}]}]}}}
  containers: [{name: c, image: nginx}]
`);
    clusters.push(c);
    const p = await waitFor('empty-term unschedulable', () => {
      const x = c.cluster.store.get('/pods', 'default', 'empty-term') as Pod;
      return x.status?.conditions?.some((k) => k.type === 'PodScheduled' && k.status === 'False') ? x : undefined;
    });
    assert.equal(p.spec.nodeName, undefined);
    assert.equal(
      condition(p.status?.conditions, 'PodScheduled')?.message,
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
    assert.equal((c.cluster.store.get('/pods', 'default', 'zone-a') as Pod).spec.nodeName, 'n1');
  });
});
