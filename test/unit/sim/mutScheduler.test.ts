/**
 * kube-scheduler's filters and its "0/N nodes are available" message, against
 * kubernetes/kubernetes pkg/scheduler/framework/plugins: nodeunschedulable,
 * tainttoleration, nodeaffinity, noderesources (fit.go), and the FitError text
 * of pkg/scheduler/framework/types.go (reasons counted per node, sorted).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type Condition, type KubeObject, type Pod } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

interface NodeOpts {
  labels?: Record<string, string>;
  taints?: string;
  unschedulable?: boolean;
  ready?: 'True' | 'False' | 'Unknown';
  allocatable?: { cpu: string; memory: string; pods: string };
}

const nodeYaml = (name: string, o: NodeOpts = {}): string => {
  const lines = ['apiVersion: v1', 'kind: Node', `metadata: {name: ${name}${o.labels ? `, labels: ${JSON.stringify(o.labels)}` : ''}}`];
  const spec: string[] = [];
  if (o.unschedulable) spec.push('unschedulable: true');
  if (o.taints) spec.push(`taints: ${o.taints}`);
  if (spec.length > 0) lines.push(`spec: {${spec.join(', ')}}`);
  const status: string[] = [];
  if (o.ready) status.push(`conditions: [{type: Ready, status: "${o.ready}", reason: KubeletNotReady, message: down}]`);
  if (o.allocatable) status.push(`allocatable: {cpu: "${o.allocatable.cpu}", memory: "${o.allocatable.memory}", pods: "${o.allocatable.pods}"}`);
  if (status.length > 0) lines.push(`status: {${status.join(', ')}}`);
  return `${lines.join('\n')}\n`;
};

interface PodOpts {
  nodeSelector?: Record<string, string>;
  tolerations?: string;
  cpu?: string;
  memory?: string;
  nodeName?: string;
  extraSpec?: string;
  extraMeta?: string;
  status?: string;
}

const podYaml = (name: string, o: PodOpts = {}): string => {
  const requests: string[] = [];
  if (o.cpu) requests.push(`cpu: "${o.cpu}"`);
  if (o.memory) requests.push(`memory: "${o.memory}"`);
  const resources = requests.length > 0 ? `, resources: {requests: {${requests.join(', ')}}}` : '';
  const spec = [`containers: [{name: c, image: nginx${resources}}]`, 'terminationGracePeriodSeconds: 1'];
  if (o.nodeSelector) spec.push(`nodeSelector: ${JSON.stringify(o.nodeSelector)}`);
  if (o.tolerations) spec.push(`tolerations: ${o.tolerations}`);
  if (o.nodeName) spec.push(`nodeName: ${o.nodeName}`);
  if (o.extraSpec) spec.push(o.extraSpec);
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: default${o.extraMeta ?? ''}}\nspec:\n${spec.map((s) => `  ${s}\n`).join('')}${o.status ? `status: ${o.status}\n` : ''}`;
};

const preemption = (n: number): string => `. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

describe('scheduler', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[]): TestCluster => {
    const c = startCluster(objects.join('---\n'));
    clusters.push(c);
    return c;
  };
  const get = (c: TestCluster, name: string): Pod => c.cluster.store.get('/pods', 'default', name) as Pod;
  const scheduled = (c: TestCluster, name: string): Condition | undefined => get(c, name).status?.conditions?.find((x) => x.type === 'PodScheduled');
  const why = (c: TestCluster, name: string): string | undefined => {
    const cond = scheduled(c, name);
    return cond?.status === 'False' ? cond.message : undefined;
  };

  it('[framework/types.go FitError] every node that fails counts once under its first failing filter; the reasons are sorted', () => {
    const c = start([
      nodeYaml('ssd', { labels: { disk: 'ssd' } }),
      nodeYaml('plain'),
      nodeYaml('gpu', { labels: { disk: 'hdd' }, taints: '[{key: dedicated, value: gpu, effect: NoSchedule}]' }),
      nodeYaml('cordoned', { labels: { disk: 'hdd' }, unschedulable: true }),
      nodeYaml('down', { labels: { disk: 'hdd' }, ready: 'False' }),
      podYaml('wants-hdd', { nodeSelector: { disk: 'hdd' } }),
    ]);
    const pod = get(c, 'wants-hdd');
    assert.equal(pod.spec.nodeName, undefined);
    assert.equal(pod.status?.phase, 'Pending');
    const cond = scheduled(c, 'wants-hdd')!;
    assert.equal(cond.status, 'False');
    assert.equal(cond.reason, 'Unschedulable');
    assert.equal(cond.lastProbeTime, null);
    assert.match(cond.lastTransitionTime ?? '', /Z$/);
    assert.equal(
      cond.message,
      '0/5 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, ' +
        "1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector" +
        preemption(5),
    );
  });

  it('[framework/types.go FitError] an unchanged verdict is not rewritten; a changed one is, and a fitting node then binds the pod', async () => {
    const c = start([nodeYaml('a'), podYaml('picky', { nodeSelector: { tier: 'gold' } })]);
    assert.equal(why(c, 'picky'), "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector" + preemption(1));
    const rv = get(c, 'picky').metadata.resourceVersion;
    const touched = clone(c.node('a'));
    touched.metadata.annotations = { touched: 'yes' };
    c.cluster.put('/nodes', touched);
    c.controllers.manager.runNow();
    assert.equal(get(c, 'picky').metadata.resourceVersion, rv, 'same message: no write');
    const nodesDef = c.cluster.catalog.lookup('', 'v1', 'nodes')!.def;
    c.cluster.create(nodesDef, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b', labels: { tier: 'silver' } } } as KubeObject);
    await waitFor('new message', () => why(c, 'picky')?.startsWith('0/2 '));
    assert.equal(why(c, 'picky'), "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector" + preemption(2));
    const b = clone(c.node('b'));
    b.metadata.labels = { ...b.metadata.labels, tier: 'gold' };
    c.cluster.put('/nodes', b);
    await waitFor('bound', () => get(c, 'picky').spec.nodeName);
    assert.equal(get(c, 'picky').spec.nodeName, 'b');
    const cond = scheduled(c, 'picky')!;
    assert.equal(cond.status, 'True');
    assert.equal(cond.reason, undefined);
    assert.equal(cond.message, undefined);
    assert.equal(cond.lastProbeTime, null);
    await waitFor('running on b', () => get(c, 'picky').status?.phase === 'Running');
  });

  it('[tainttoleration] NoSchedule and NoExecute taints filter, PreferNoSchedule does not; Equal needs the value, Exists does not, an empty key with Exists tolerates all', () => {
    const taintA = '[{key: a, value: x, effect: NoSchedule}]';
    const taintB = '[{key: b, effect: NoExecute}]';
    const taintC = '[{key: c, value: z, effect: PreferNoSchedule}]';
    const on = (node: string) => ({ 'kubernetes.io/hostname': node });
    const c = start([
      nodeYaml('ta', { taints: taintA }),
      nodeYaml('tb', { taints: taintB }),
      nodeYaml('tc', { taints: taintC }),
      podYaml('none-a', { nodeSelector: on('ta') }),
      podYaml('equal-a', { nodeSelector: on('ta'), tolerations: '[{key: a, operator: Equal, value: x, effect: NoSchedule}]' }),
      podYaml('wrong-value-a', { nodeSelector: on('ta'), tolerations: '[{key: a, operator: Equal, value: y, effect: NoSchedule}]' }),
      podYaml('exists-a', { nodeSelector: on('ta'), tolerations: '[{key: a, operator: Exists}]' }),
      podYaml('wrong-effect-b', { nodeSelector: on('tb'), tolerations: '[{key: b, operator: Exists, effect: NoSchedule}]' }),
      podYaml('everything-b', { nodeSelector: on('tb'), tolerations: '[{operator: Exists}]' }),
      podYaml('prefer-c', { nodeSelector: on('tc') }),
    ]);
    // The taint filter runs before node affinity: tb refuses the pods aimed at ta by its taint.
    const verdict = `0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {a: x}, 1 node(s) had untolerated taint {b: }${preemption(3)}`;
    assert.equal(why(c, 'none-a'), verdict);
    assert.equal(why(c, 'wrong-value-a'), verdict);
    assert.equal(why(c, 'wrong-effect-b'), verdict, 'a NoSchedule toleration does not cover a NoExecute taint; a taint without value prints empty');
    assert.equal(get(c, 'equal-a').spec.nodeName, 'ta');
    assert.equal(get(c, 'exists-a').spec.nodeName, 'ta');
    assert.equal(get(c, 'everything-b').spec.nodeName, 'tb');
    assert.equal(get(c, 'prefer-c').spec.nodeName, 'tc');
    assert.equal(scheduled(c, 'prefer-c')?.status, 'True');
  });

  it('[tainttoleration] a pod tolerating neither of two taints reports the first one', () => {
    const c = start([nodeYaml('t', { taints: '[{key: first, value: "1", effect: NoSchedule}, {key: second, value: "2", effect: NoExecute}]' }), podYaml('p')]);
    assert.equal(why(c, 'p'), `0/1 nodes are available: 1 node(s) had untolerated taint {first: 1}${preemption(1)}`);
  });

  it('[nodeunschedulable] a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable:NoSchedule', () => {
    const c = start([
      nodeYaml('cordoned', { unschedulable: true }),
      podYaml('plain'),
      podYaml('tolerant', { tolerations: '[{key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}]' }),
      podYaml('wrong-key', { tolerations: '[{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule}]' }),
    ]);
    assert.equal(why(c, 'plain'), `0/1 nodes are available: 1 node(s) were unschedulable${preemption(1)}`);
    assert.equal(why(c, 'wrong-key'), `0/1 nodes are available: 1 node(s) were unschedulable${preemption(1)}`);
    assert.equal(get(c, 'tolerant').spec.nodeName, 'cordoned');
  });

  it('[tainttoleration] a NotReady node is refused through its not-ready taint, an unknown one through unreachable; a pod tolerating them may land there', () => {
    const c = start([
      nodeYaml('down', { ready: 'False' }),
      nodeYaml('lost', { ready: 'Unknown' }),
      podYaml('plain'),
      podYaml('any', { tolerations: '[{operator: Exists}]' }),
    ]);
    assert.equal(
      why(c, 'plain'),
      `0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }${preemption(2)}`,
    );
    assert.ok(['down', 'lost'].includes(get(c, 'any').spec.nodeName ?? ''), 'tolerating every taint, it is bound');
  });

  it('[nodeaffinity] required node affinity: matchExpressions and matchFields select the node', () => {
    const c = start([
      nodeYaml('z1', { labels: { zone: 'a' } }),
      nodeYaml('z2', { labels: { zone: 'b' } }),
      podYaml('in-b', {
        extraSpec: 'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [b]}]}]}}}',
      }),
      podYaml('named', {
        extraSpec: 'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [z1]}]}]}}}',
      }),
      podYaml('nowhere', {
        extraSpec: 'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [c]}]}]}}}',
      }),
    ]);
    assert.equal(get(c, 'in-b').spec.nodeName, 'z2');
    assert.equal(get(c, 'named').spec.nodeName, 'z1');
    assert.equal(why(c, 'nowhere'), `0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector${preemption(2)}`);
  });

  it('[noderesources/fit.go] requests are checked against allocatable minus what bound, non-terminal pods request; all shortfalls of a node are listed', () => {
    const alloc = { cpu: '1', memory: '1Gi', pods: '4' };
    const c = start([
      nodeYaml('small', { allocatable: alloc }),
      podYaml('holder', { nodeName: 'small', cpu: '600m', memory: '600Mi' }),
      podYaml('finished', { nodeName: 'small', cpu: '1', memory: '1Gi', status: '{phase: Succeeded}' }),
      podYaml('cpu-hungry', { cpu: '500m' }),
      podYaml('memory-hungry', { memory: '500Mi' }),
      podYaml('both', { cpu: '500m', memory: '500Mi' }),
      podYaml('fits', { cpu: '400m', memory: '424Mi' }),
    ]);
    assert.equal(why(c, 'cpu-hungry'), `0/1 nodes are available: 1 Insufficient cpu${preemption(1)}`);
    assert.equal(why(c, 'memory-hungry'), `0/1 nodes are available: 1 Insufficient memory${preemption(1)}`);
    assert.equal(why(c, 'both'), `0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory${preemption(1)}`);
    assert.equal(get(c, 'fits').spec.nodeName, 'small', 'exactly the rest fits; a Succeeded pod holds nothing');
  });

  it('[noderesources/fit.go] pods placed in the same pass count against each other; the pods count is a limit too; pods without requests are not refused for cpu', () => {
    const c = start([
      nodeYaml('one', { allocatable: { cpu: '1', memory: '1Gi', pods: '3' } }),
      podYaml('over', { nodeName: 'one', cpu: '2' }),
      podYaml('first', { cpu: '0' }),
      podYaml('second'),
      podYaml('third'),
    ]);
    const bound = ['first', 'second', 'third'].filter((n) => get(c, n).spec.nodeName === 'one');
    assert.equal(bound.length, 2, 'room for 3 pods, one already there');
    const left = ['first', 'second', 'third'].find((n) => !bound.includes(n))!;
    assert.equal(why(c, left), `0/1 nodes are available: 1 Too many pods${preemption(1)}`);
  });

  it('[noderesources/fit.go] two pending pods that each fit alone do not both fit together', () => {
    const c = start([nodeYaml('one', { allocatable: { cpu: '1', memory: '4Gi', pods: '110' } }), podYaml('p1', { cpu: '600m' }), podYaml('p2', { cpu: '600m' })]);
    const bound = ['p1', 'p2'].filter((n) => get(c, n).spec.nodeName === 'one');
    assert.equal(bound.length, 1);
    assert.equal(why(c, ['p1', 'p2'].find((n) => !bound.includes(n))!), `0/1 nodes are available: 1 Insufficient cpu${preemption(1)}`);
  });

  it('[noderesources] a terminating pod still holds its requests until it is gone', async () => {
    const c = start([
      nodeYaml('one', { allocatable: { cpu: '1', memory: '4Gi', pods: '110' } }),
      podYaml('leaving', { nodeName: 'one', cpu: '1', extraMeta: ', finalizers: [example.com/hold], deletionTimestamp: "2025-01-01T00:00:00Z"' }),
      podYaml('next', { cpu: '1' }),
    ]);
    assert.equal(why(c, 'next'), `0/1 nodes are available: 1 Insufficient cpu${preemption(1)}`);
    const gone = clone(get(c, 'leaving'));
    gone.metadata.finalizers = [];
    c.cluster.update(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', 'leaving', gone as KubeObject);
    await waitFor('next bound', () => get(c, 'next').spec.nodeName === 'one');
  });

  it('spreads pods by count: a burst lands evenly, and a new pod goes to the emptiest node', () => {
    const c = start([
      nodeYaml('n1'),
      nodeYaml('n2'),
      nodeYaml('n3'),
      ...[1, 2, 3, 4, 5, 6].map((i) => podYaml(`burst-${i}`)),
    ]);
    const count = (node: string): number => c.pods('default').filter((p) => p.spec.nodeName === node).length;
    assert.deepEqual([count('n1'), count('n2'), count('n3')], [2, 2, 2]);
    const c2 = start([nodeYaml('busy'), nodeYaml('idle'), podYaml('x1', { nodeName: 'busy' }), podYaml('x2', { nodeName: 'busy' }), podYaml('new')]);
    assert.equal(get(c2, 'new').spec.nodeName, 'idle');
  });

  it('leaves alone pods with a nodeName, another schedulerName, a deletionTimestamp or a terminal phase', () => {
    const c = start([
      nodeYaml('cordoned', { unschedulable: true }),
      nodeYaml('free'),
      podYaml('preset', { nodeName: 'cordoned' }),
      podYaml('custom', { extraSpec: 'schedulerName: my-scheduler' }),
      podYaml('explicit-default', { extraSpec: 'schedulerName: default-scheduler' }),
      podYaml('deleted', { extraMeta: ', finalizers: [example.com/hold], deletionTimestamp: "2025-01-01T00:00:00Z"' }),
      podYaml('failed', { status: '{phase: Failed}' }),
    ]);
    assert.equal(get(c, 'preset').spec.nodeName, 'cordoned', 'a preset nodeName bypasses the scheduler');
    assert.equal(why(c, 'preset'), undefined);
    for (const name of ['custom', 'deleted', 'failed']) {
      assert.equal(get(c, name).spec.nodeName, undefined, name);
      assert.equal(scheduled(c, name), undefined, `${name}: no PodScheduled condition`);
    }
    assert.equal(get(c, 'explicit-default').spec.nodeName, 'free');
  });
});
