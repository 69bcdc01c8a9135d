/**
 * A StatefulSet's status against kubernetes/kubernetes
 * pkg/controller/statefulset/stateful_set_control.go: the counts are of the set's
 * own pods (those whose controller reference is the set), and completeRollingUpdate
 * moves currentRevision to the update revision only once every replica is updated
 * and Ready.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Pod, Workload } from '../../sim/types';
import { editObject, nodesYaml, setPodRunning, startCluster, waitFor, type TestCluster } from './helpers';

const statefulSet = (name: string, replicas: number): string => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: default}
spec:
  replicas: ${replicas}
  serviceName: ${name}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {terminationGracePeriodSeconds: 1, containers: [{name: db, image: "db:1"}]}
`;

interface Status {
  replicas?: number;
  readyReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  updatedReplicas?: number;
}

describe('StatefulSet status (stateful_set_control.go)', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[], podStartSeconds: number): TestCluster => {
    const c = startCluster([nodesYaml(['n1']), ...objects].join('---\n'), `kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: ${podStartSeconds}`);
    clusters.push(c);
    return c;
  };
  const getSet = (c: TestCluster, name: string): Workload => c.cluster.store.get('apps/statefulsets', 'default', name) as Workload;
  const status = (c: TestCluster, name: string): Status => (getSet(c, name).status ?? {}) as Status;
  const pod = (c: TestCluster, name: string): Pod | undefined => c.cluster.store.get('/pods', 'default', name) as Pod | undefined;

  it('[updateStatefulSetStatus] two StatefulSets in one namespace each count only their own pods', async () => {
    const c = start([statefulSet('alpha', 2), statefulSet('beta', 1)], 1);
    await waitFor('both sets ready', () => status(c, 'alpha').readyReplicas === 2 && status(c, 'beta').readyReplicas === 1);
    assert.deepEqual([status(c, 'alpha').replicas, status(c, 'alpha').readyReplicas], [2, 2]);
    assert.deepEqual([status(c, 'beta').replicas, status(c, 'beta').readyReplicas], [1, 1]);
  });

  it('[completeRollingUpdate] currentRevision stays while the updated pod is Running but not Ready, and moves once it is Ready', async () => {
    // The kubelet would start pods after 100,000 s: the test sets their state by hand.
    const c = start([statefulSet('solo', 1)], 100_000);
    const setState = (ready: boolean): void => setPodRunning(c, 'solo-0', ready);
    await waitFor('solo-0 created', () => pod(c, 'solo-0'));
    setState(true);
    await waitFor('solo ready', () => status(c, 'solo').readyReplicas === 1);
    const first = status(c, 'solo').currentRevision!;
    editObject<Workload & { spec: { template: { spec: { containers: { image: string }[] } } } }>(c, 'apps', 'statefulsets', 'solo', (set) => {
      set.spec.template.spec.containers[0]!.image = 'db:2';
    });
    await waitFor('solo-0 recreated at the new revision', () => pod(c, 'solo-0')?.spec.containers[0]?.image === 'db:2' && !pod(c, 'solo-0')?.metadata.deletionTimestamp);
    setState(false);
    const during = await waitFor('the updated pod counted', () => (status(c, 'solo').updatedReplicas === 1 ? status(c, 'solo') : undefined));
    assert.notEqual(during.updateRevision, first);
    assert.equal(during.currentRevision, first, 'not complete while the pod is not Ready');
    setState(true);
    const done = await waitFor('the rollout complete', () => (status(c, 'solo').currentRevision !== first ? status(c, 'solo') : undefined));
    assert.equal(done.currentRevision, done.updateRevision);
  });
});
