/**
 * The kubelet's side of graceful pod deletion, against kubernetes/kubernetes
 * pkg/kubelet/pod_workers.go: a pod with a deletionTimestamp is stopped after its
 * deletionGracePeriodSeconds (a later delete may shorten it, never lengthen it:
 * calculateEffectiveGracePeriod), the API object is removed only once the kubelet
 * confirms (so never while the node's kubelet is down), a pod still held by a
 * finalizer stays with its containers terminated, and timers belong to a pod UID,
 * not to a name that a new pod may reuse.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Pod } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const podYaml = (name: string, nodeName: string, grace: number, extraMeta = ''): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default${extraMeta}}
spec: {nodeName: ${nodeName}, terminationGracePeriodSeconds: ${grace}, containers: [{name: c, image: busybox}]}
`;

const newPod = (name: string, nodeName: string, grace: number): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { nodeName, terminationGracePeriodSeconds: grace, containers: [{ name: 'c', image: 'busybox' }] },
});

describe('kubelet: terminating pods', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (yaml: string, spec?: string): TestCluster => {
    const c = startCluster(yaml, spec);
    clusters.push(c);
    return c;
  };
  const podsDef = (c: TestCluster) => c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
  const get = (c: TestCluster, name: string): Pod | undefined => c.cluster.store.get('/pods', 'default', name) as Pod | undefined;
  const isRunning = (c: TestCluster, ...names: string[]): boolean => names.every((n) => get(c, n)?.status?.phase === 'Running');

  it('[pod_workers.go] a deleted pod is removed after its own grace period; a later delete with a shorter grace period ends it sooner', async () => {
    const c = start(`${nodesYaml(['n1'])}---\n${podYaml('slow', 'n1', 3000)}---\n${podYaml('quick', 'n1', 1)}`);
    await waitFor('both Running', () => isRunning(c, 'slow', 'quick'));
    // slow is deleted first: were its grace period ignored it would be gone before quick.
    c.cluster.delete(podsDef(c), 'default', 'slow');
    c.cluster.delete(podsDef(c), 'default', 'quick');
    await waitFor('quick removed', () => get(c, 'quick') === undefined);
    const slow = get(c, 'slow')!;
    assert.equal(slow.metadata.deletionGracePeriodSeconds, 3000);
    assert.equal(typeof slow.metadata.deletionTimestamp, 'string');
    assert.equal(slow.status?.phase, 'Running');
    // kubectl delete --grace-period=2 on a pod already terminating with 3000s.
    c.cluster.delete(podsDef(c), 'default', 'slow', { gracePeriodSeconds: 2 });
    assert.equal(get(c, 'slow')!.metadata.deletionGracePeriodSeconds, 2);
    await waitFor('slow removed with the shorter grace period', () => get(c, 'slow') === undefined);
  });

  it('[pod_workers.go] a pod held by a finalizer stays after its grace period, deletionGracePeriodSeconds 0, phase Succeeded, containers terminated', async () => {
    const c = start(`${nodesYaml(['n1'])}---\n${podYaml('held', 'n1', 1, ', finalizers: [example.com/hold]')}`);
    await waitFor('held Running', () => isRunning(c, 'held'));
    const running = get(c, 'held')!;
    c.cluster.delete(podsDef(c), 'default', 'held');
    const p = await waitFor('held stopped', () => (get(c, 'held')?.metadata.deletionGracePeriodSeconds === 0 ? get(c, 'held') : undefined));
    assert.equal(p.status?.phase, 'Succeeded');
    assert.deepEqual(p.metadata.finalizers, ['example.com/hold']);
    const ready = p.status?.conditions?.find((x) => x.type === 'Ready');
    assert.deepEqual({ status: ready?.status, reason: ready?.reason }, { status: 'False', reason: 'PodCompleted' });
    const cs = p.status!.containerStatuses![0]!;
    assert.deepEqual({ ready: cs.ready, started: cs.started, exitCode: cs.state?.terminated?.exitCode, reason: cs.state?.terminated?.reason }, { ready: false, started: false, exitCode: 0, reason: 'Completed' });
    assert.equal(cs.state?.terminated?.startedAt, running.status!.containerStatuses![0]!.state!.running!.startedAt);
    // Removing the finalizer lets the API server delete it.
    const next = structuredClone(p);
    next.metadata.finalizers = [];
    c.cluster.update(podsDef(c), 'default', 'held', next);
    await waitFor('held removed', () => get(c, 'held') === undefined);
  });

  it('[pod_workers.go] a pod on a NotReady node is not removed until its kubelet is back', async () => {
    const c = start(`${nodesYaml(['n1', 'n2'])}---\n${podYaml('stuck', 'n1', 1)}---\n${podYaml('free', 'n2', 1)}`);
    await waitFor('both Running', () => isRunning(c, 'stuck', 'free'));
    c.controllers.kubelet.setNodeReady('n1', false);
    // stuck is deleted first: on a Ready node it would be gone before free.
    c.cluster.delete(podsDef(c), 'default', 'stuck');
    c.cluster.delete(podsDef(c), 'default', 'free');
    await waitFor('free removed', () => get(c, 'free') === undefined);
    const stuck = get(c, 'stuck')!;
    assert.equal(typeof stuck.metadata.deletionTimestamp, 'string');
    assert.equal(stuck.metadata.deletionGracePeriodSeconds, 1);
    c.controllers.kubelet.setNodeReady('n1', true);
    await waitFor('stuck removed once n1 is Ready', () => get(c, 'stuck') === undefined);
  });

  it('[pod_workers.go] a pod deleted before it started is never started, and takes no pod IP', async () => {
    const c = start(nodesYaml(['n1']), 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 20');
    c.cluster.create(podsDef(c), 'default', newPod('early', 'n1', 1000));
    c.controllers.manager.runNow(); // the kubelet has planned its start
    c.cluster.delete(podsDef(c), 'default', 'early');
    assert.equal(typeof get(c, 'early')!.metadata.deletionTimestamp, 'string');
    // witness is created later, so its start comes after early's would have.
    c.cluster.create(podsDef(c), 'default', newPod('witness', 'n1', 1));
    await waitFor('witness Running', () => isRunning(c, 'witness'));
    const early = get(c, 'early')!;
    assert.equal(early.status?.phase, 'Pending');
    assert.equal(early.status?.podIP, undefined);
    assert.equal(early.status?.containerStatuses, undefined);
    const base = c.node('n1').spec!.podCIDR!.split('.').slice(0, 3).join('.');
    assert.equal(get(c, 'witness')!.status?.podIP, `${base}.3`);
  });

  it('a pod removed before the kubelet got to it is skipped; pods queued after it still start', async () => {
    const c = start(nodesYaml(['n1']));
    c.cluster.create(podsDef(c), 'default', newPod('a-gone', 'n1', 30));
    c.cluster.delete(podsDef(c), 'default', 'a-gone');
    c.cluster.delete(podsDef(c), 'default', 'a-gone', { gracePeriodSeconds: 0 });
    c.cluster.create(podsDef(c), 'default', newPod('b-next', 'n1', 30));
    await waitFor('b-next Running', () => isRunning(c, 'b-next'));
    assert.equal(get(c, 'a-gone'), undefined);
  });

  it('[pod_workers.go] a force-deleted pod\'s pending termination does not remove a new pod that reuses its name', async () => {
    const c = start(`${nodesYaml(['n1'])}---\n${podYaml('same', 'n1', 20)}---\n${podYaml('witness', 'n1', 20)}`);
    await waitFor('both Running', () => isRunning(c, 'same', 'witness'));
    const oldUid = get(c, 'same')!.metadata.uid;
    c.cluster.delete(podsDef(c), 'default', 'same');
    c.controllers.manager.runNow(); // the kubelet has seen the deletion
    c.cluster.delete(podsDef(c), 'default', 'same', { gracePeriodSeconds: 0 });
    assert.equal(get(c, 'same'), undefined);
    c.cluster.create(podsDef(c), 'default', newPod('same', 'n1', 20));
    // witness gets the same grace period later: once it is gone, the old pod's termination has fired.
    c.cluster.delete(podsDef(c), 'default', 'witness');
    await waitFor('witness removed', () => get(c, 'witness') === undefined);
    const same = get(c, 'same')!;
    assert.notEqual(same.metadata.uid, oldUid);
    assert.equal(same.metadata.deletionTimestamp, undefined);
    await waitFor('the new pod Running', () => isRunning(c, 'same'));
  });
});
