/**
 * DaemonSet placement and status, against kubernetes/kubernetes
 * pkg/controller/daemon (daemon_controller.go NodeShouldRunDaemonPod,
 * updateDaemonSetStatus; util/daemonset_util.go AddOrUpdateDaemonPodTolerations,
 * ReplaceDaemonSetPodNodeNameNodeAffinity).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Node, type Pod, type Taint, type Workload } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

const node = (name: string, extra = '', labels = ''): string => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}${labels ? `, labels: ${labels}` : ''}}\n${extra}`;

const daemonSet = (name: string, spec = '', podSpec = '', meta = ''): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: default${meta}}
spec:
  selector: {matchLabels: {app: ${name}}}${spec}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: c, image: "${name}:1"}]${podSpec}
`;

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

describe('DaemonSet placement and status', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[], spec?: string): TestCluster => {
    const c = startCluster(objects.join('---\n'), spec);
    clusters.push(c);
    return c;
  };
  const agents = (c: TestCluster, app: string): Pod[] => c.pods('default').filter((p) => p.metadata.labels?.app === app);
  const live = (c: TestCluster, app: string): Pod[] => agents(c, app).filter((p) => !p.metadata.deletionTimestamp);
  const nodesOf = (pods: Pod[]): string[] => pods.map((p) => p.spec.nodeName ?? '').sort();
  const ds = (c: TestCluster, name: string): Workload => c.cluster.store.get('apps/daemonsets', 'default', name) as Workload;
  const status = (c: TestCluster, name: string): Record<string, unknown> => (ds(c, name).status ?? {}) as Record<string, unknown>;
  const ready = (p: Pod): boolean => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') === true;
  const setTaints = (c: TestCluster, name: string, taints: Taint[]): void => {
    const next = clone(c.node(name));
    next.spec = { ...(next.spec ?? {}) };
    if (taints.length > 0) next.spec.taints = taints;
    else delete next.spec.taints;
    c.cluster.update(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, name, next as KubeObject);
  };
  const setLabels = (c: TestCluster, name: string, labels: Record<string, string>): void => {
    const next = clone(c.node(name)) as Node;
    next.metadata.labels = { ...(next.metadata.labels ?? {}), ...labels };
    c.cluster.update(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, name, next as KubeObject);
  };

  it('[daemon_controller.go NodeShouldRunDaemonPod] runs where node selection matches and every NoSchedule/NoExecute taint is tolerated, cordoned nodes included', async () => {
    const c = start([
      node('plain'),
      node('edge', '', '{role: edge, zone: z1}'),
      node('gpu', 'spec: {taints: [{key: gpu, value: "yes", effect: NoSchedule}]}\n'),
      node('dedicated', 'spec: {taints: [{key: dedicated, value: db, effect: NoSchedule}]}\n'),
      node('evicting', 'spec: {taints: [{key: broken, effect: NoExecute}]}\n'),
      node('soft', 'spec: {taints: [{key: soft, effect: PreferNoSchedule}]}\n'),
      node('cordoned', 'spec: {unschedulable: true}\n'),
      node('pressure', 'spec: {taints: [{key: node.kubernetes.io/disk-pressure, effect: NoSchedule}, {key: node.kubernetes.io/memory-pressure, effect: NoSchedule}, {key: node.kubernetes.io/pid-pressure, effect: NoSchedule}]}\n'),
      daemonSet('all', '', '\n      tolerations: [{key: gpu, operator: Equal, value: "yes", effect: NoSchedule}]'),
      daemonSet('edge', '', '\n      nodeSelector: {role: edge}'),
      daemonSet(
        'affine',
        '',
        '\n      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [z1, z2]}]}, {matchFields: [{key: metadata.name, operator: In, values: [plain]}]}]}}}',
      ),
    ]);
    await waitFor('all agents', () => live(c, 'all').length === 6 && live(c, 'edge').length === 1 && live(c, 'affine').length === 2);
    assert.deepEqual(nodesOf(live(c, 'all')), ['cordoned', 'edge', 'gpu', 'plain', 'pressure', 'soft']);
    assert.deepEqual(nodesOf(live(c, 'edge')), ['edge']);
    assert.deepEqual(nodesOf(live(c, 'affine')), ['edge', 'plain']);
    await waitFor('status of all', () => status(c, 'all').numberReady === 6);
    assert.deepEqual(status(c, 'all'), {
      currentNumberScheduled: 6,
      desiredNumberScheduled: 6,
      numberAvailable: 6,
      numberMisscheduled: 0,
      numberReady: 6,
      observedGeneration: 1,
      updatedNumberScheduled: 6,
    });
    await waitFor('status of edge', () => status(c, 'edge').numberReady === 1);
    assert.deepEqual(status(c, 'edge'), {
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberAvailable: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      observedGeneration: 1,
      updatedNumberScheduled: 1,
    });
  });

  it('[daemonset_util.go] a daemon pod: its own tolerations first, then the default ones; bound by a matchFields affinity; hash and generation labels; owned by the DaemonSet', async () => {
    const c = start([
      node('n1'),
      daemonSet('agent', '', '\n      tolerations: [{key: example.com/x, operator: Exists}, {key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}]'),
    ]);
    const [pod] = await waitFor('one agent', () => (live(c, 'agent').length === 1 ? live(c, 'agent') : undefined));
    assert.match(pod!.metadata.name!, /^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(pod!.spec.tolerations, [{ key: 'example.com/x', operator: 'Exists' }, DEFAULT_TOLERATIONS[5], ...DEFAULT_TOLERATIONS.slice(0, 5)]);
    assert.deepEqual(pod!.spec.affinity, {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } },
    });
    assert.equal(pod!.spec.nodeName, 'n1');
    const set = ds(c, 'agent');
    const revisions = c.cluster.store.all('apps/controllerrevisions', 'default');
    assert.equal(revisions.length, 1);
    const hash = revisions[0]!.metadata.labels?.['controller-revision-hash'];
    assert.equal(revisions[0]!.metadata.name, `agent-${hash}`);
    assert.deepEqual(pod!.metadata.labels, { app: 'agent', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
    assert.deepEqual(pod!.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    // The template itself is left as it was: the tolerations are only added to the pods.
    assert.deepEqual(set.spec.template.spec.tolerations, [{ key: 'example.com/x', operator: 'Exists' }, DEFAULT_TOLERATIONS[5]]);
  });

  it('[daemonset_util.go AddOrUpdateDaemonPodTolerations] a matching toleration is replaced by the default one, a near miss is kept beside it', async () => {
    const c = start([
      node('n1'),
      daemonSet(
        'agent',
        '',
        '\n      tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 60}, {key: node.kubernetes.io/unschedulable, effect: NoSchedule}, {key: node.kubernetes.io/unreachable, operator: Exists}]',
      ),
    ]);
    const [pod] = await waitFor('one agent', () => (live(c, 'agent').length === 1 ? live(c, 'agent') : undefined));
    assert.deepEqual(pod!.spec.tolerations, [
      DEFAULT_TOLERATIONS[0],
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
      ...DEFAULT_TOLERATIONS.slice(1),
    ]);
  });

  it('[daemonset_util.go] host-network daemon pods also tolerate network-unavailable, so they start on a node without a network yet', async () => {
    const c = start([
      node('fresh', 'spec: {taints: [{key: node.kubernetes.io/network-unavailable, effect: NoSchedule}]}\n'),
      node('ok'),
      daemonSet('cni', '', '\n      hostNetwork: true'),
      daemonSet('app'),
    ]);
    await waitFor('agents', () => live(c, 'cni').length === 2 && live(c, 'app').length === 1 && status(c, 'app').desiredNumberScheduled === 1);
    assert.deepEqual(nodesOf(live(c, 'cni')), ['fresh', 'ok']);
    assert.deepEqual(nodesOf(live(c, 'app')), ['ok']);
    assert.deepEqual(live(c, 'cni')[0]!.spec.tolerations, [...DEFAULT_TOLERATIONS, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }]);
    assert.deepEqual(live(c, 'app')[0]!.spec.tolerations, DEFAULT_TOLERATIONS);
  });

  it('[daemonset_util.go ReplaceDaemonSetPodNodeNameNodeAffinity] only the required node terms are replaced; preferred terms and pod anti-affinity stay', async () => {
    const antiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'other' } }, topologyKey: 'kubernetes.io/hostname' }] };
    const preferred = [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } }];
    const c = start([
      node('n1', '', '{zone: z1}'),
      daemonSet(
        'agent',
        '',
        `\n      affinity: ${JSON.stringify({
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred },
          podAntiAffinity: antiAffinity,
        })}`,
      ),
    ]);
    const [pod] = await waitFor('one agent', () => (live(c, 'agent').length === 1 ? live(c, 'agent') : undefined));
    assert.deepEqual(pod!.spec.affinity, {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
      },
      podAntiAffinity: antiAffinity,
    });
  });

  it('[updateDaemonSetStatus] pods not yet started count as scheduled and updated but not ready; numberAvailable is left out and numberUnavailable given', async () => {
    const c = start([node('n1'), node('n2'), daemonSet('slow')], 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 100000');
    await waitFor('status', () => status(c, 'slow').currentNumberScheduled === 2);
    assert.deepEqual(status(c, 'slow'), {
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 0,
      numberUnavailable: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
    assert.ok(agents(c, 'slow').every((p) => (p.status?.phase ?? 'Pending') === 'Pending'));
  });

  it('[NodeShouldRunDaemonPod] a new NoSchedule taint leaves the pod running but misscheduled; a NoExecute taint removes it; without taints a pod comes back', async () => {
    const c = start([node('a'), node('b'), node('c'), daemonSet('agent')]);
    await waitFor('3 ready agents', () => live(c, 'agent').filter(ready).length === 3 && status(c, 'agent').numberReady === 3);
    const onB = live(c, 'agent').find((p) => p.spec.nodeName === 'b')!;
    setTaints(c, 'b', [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]);
    await waitFor('misscheduled', () => status(c, 'agent').numberMisscheduled === 1);
    assert.deepEqual(status(c, 'agent'), {
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberAvailable: 2,
      numberMisscheduled: 1,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
    const stillThere = c.cluster.store.get('/pods', 'default', onB.metadata.name!) as Pod | undefined;
    assert.ok(stillThere && !stillThere.metadata.deletionTimestamp, 'a NoSchedule taint does not remove a running daemon pod');
    setTaints(c, 'b', [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }, { key: 'dedicated', value: 'x', effect: 'NoExecute' }]);
    await waitFor('pod on b gone', () => !live(c, 'agent').some((p) => p.spec.nodeName === 'b') && status(c, 'agent').numberMisscheduled === 0);
    assert.deepEqual(nodesOf(live(c, 'agent')), ['a', 'c']);
    setTaints(c, 'b', []);
    await waitFor('pod back on b', () => live(c, 'agent').filter(ready).length === 3 && status(c, 'agent').numberReady === 3);
    assert.deepEqual(nodesOf(live(c, 'agent')), ['a', 'b', 'c']);
    assert.notEqual(live(c, 'agent').find((p) => p.spec.nodeName === 'b')!.metadata.uid, onB.metadata.uid);
    assert.equal(status(c, 'agent').desiredNumberScheduled, 3);
  });

  it('[NodeShouldRunDaemonPod] a node that stops matching the node selector loses its pod at once; a node that starts matching gets one', async () => {
    const c = start([node('a', '', '{run: "yes"}'), node('b'), daemonSet('agent', '', '\n      nodeSelector: {run: "yes"}')]);
    await waitFor('one agent on a', () => live(c, 'agent').length === 1 && status(c, 'agent').numberReady === 1);
    setLabels(c, 'b', { run: 'yes' });
    await waitFor('agent on b', () => live(c, 'agent').filter(ready).length === 2 && status(c, 'agent').numberReady === 2);
    setLabels(c, 'a', { run: 'no' });
    await waitFor('agent on a gone', () => live(c, 'agent').length === 1 && status(c, 'agent').desiredNumberScheduled === 1);
    assert.deepEqual(nodesOf(live(c, 'agent')), ['b']);
    assert.equal(status(c, 'agent').numberMisscheduled, 0);
  });

  it('[updateDaemonSetStatus] a NotReady node: its pod stays (not-ready is tolerated), is no longer ready, and the node no longer wants a pod', async () => {
    const c = start([node('a'), node('b'), daemonSet('agent')]);
    await waitFor('2 ready agents', () => status(c, 'agent').numberReady === 2);
    const onA = live(c, 'agent').find((p) => p.spec.nodeName === 'a')!;
    c.controllers.kubelet.setNodeReady('a', false);
    await waitFor('status after NotReady', () => status(c, 'agent').numberMisscheduled === 1 && status(c, 'agent').numberReady === 1);
    assert.deepEqual(status(c, 'agent'), {
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberAvailable: 1,
      numberMisscheduled: 1,
      numberReady: 1,
      observedGeneration: 1,
      updatedNumberScheduled: 1,
    });
    const pod = c.cluster.store.get('/pods', 'default', onA.metadata.name!) as Pod;
    assert.equal(pod.metadata.deletionTimestamp, undefined);
    c.controllers.kubelet.setNodeReady('a', true);
    await waitFor('back to 2', () => status(c, 'agent').numberReady === 2 && status(c, 'agent').desiredNumberScheduled === 2);
    assert.equal(live(c, 'agent').find((p) => p.spec.nodeName === 'a')!.metadata.uid, onA.metadata.uid, 'the same pod, not a new one');
  });

  it('[updateDaemonSetStatus] a ready pod whose node wants one, but is not ready: numberUnavailable counts it', async () => {
    const c = start([node('a'), node('b'), daemonSet('agent', '', '\n      tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule}]')]);
    await waitFor('2 ready agents', () => status(c, 'agent').numberReady === 2);
    c.controllers.kubelet.setNodeReady('b', false);
    await waitFor('one not ready', () => status(c, 'agent').numberReady === 1);
    assert.deepEqual(status(c, 'agent'), {
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberAvailable: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      numberUnavailable: 1,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
  });

  it('[daemon_controller.go] a node added later gets a pod, a node removed takes its pod with it', async () => {
    const c = start([node('a'), daemonSet('agent')]);
    await waitFor('1 agent', () => status(c, 'agent').numberReady === 1);
    c.cluster.load({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' } } as KubeObject);
    await waitFor('2 agents', () => status(c, 'agent').numberReady === 2 && live(c, 'agent').length === 2);
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, 'a');
    await waitFor('pod of a gone', () => agents(c, 'agent').length === 1 && status(c, 'agent').desiredNumberScheduled === 1);
    assert.deepEqual(nodesOf(agents(c, 'agent')), ['b']);
    assert.equal(status(c, 'agent').currentNumberScheduled, 1);
  });

  it('[daemon_controller.go] of two daemon pods on one node only the oldest stays', async () => {
    const c = start([node('a'), daemonSet('agent')]);
    const [first] = await waitFor('1 agent', () => (status(c, 'agent').numberReady === 1 ? live(c, 'agent') : undefined));
    const extra = clone(first!) as Pod;
    extra.metadata = { name: 'agent-older', namespace: 'default', labels: first!.metadata.labels, ownerReferences: first!.metadata.ownerReferences, creationTimestamp: '2020-01-01T00:00:00Z' };
    delete extra.status;
    c.cluster.create(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', extra as KubeObject);
    await waitFor('the newer one goes', () => live(c, 'agent').length === 1 && live(c, 'agent')[0]!.metadata.name === 'agent-older');
    await waitFor('status settles', () => status(c, 'agent').numberReady === 1 && agents(c, 'agent').length === 1);
    assert.equal(status(c, 'agent').currentNumberScheduled, 1);
  });

  it('[daemon_controller.go] a DaemonSet being deleted is left alone: no replacement pods, no status writes', async () => {
    const c = start([node('a'), node('b'), daemonSet('agent', '', '', ', finalizers: [example.com/hold]')]);
    await waitFor('2 agents', () => status(c, 'agent').numberReady === 2);
    const def = c.cluster.catalog.definition('apps', 'daemonsets')!;
    c.cluster.delete(def, 'default', 'agent');
    assert.ok(ds(c, 'agent').metadata.deletionTimestamp);
    const victim = live(c, 'agent')[0]!;
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', victim.metadata.name!, { gracePeriodSeconds: 0 });
    c.controllers.manager.runNow();
    assert.equal(agents(c, 'agent').length, 1);
    assert.equal(status(c, 'agent').currentNumberScheduled, 2, 'the status is not recomputed');
  });
});
