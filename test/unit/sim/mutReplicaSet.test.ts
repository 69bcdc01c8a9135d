/**
 * The ReplicaSet controller against kubernetes/kubernetes
 * pkg/controller/replicaset/replica_set.go: manageReplicas (create the missing
 * pods, delete the surplus in getPodsToDelete order), calculateStatus (readyReplicas
 * and availableReplicas omitted when 0, observedGeneration), terminating pods not
 * counted as active, and no pods made for a ReplicaSet being deleted.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Pod, type Workload } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

/** Nodes with room for two 1-CPU pods each. */
const smallNodes = ['n1', 'n2']
  .map((n) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${n}}\nstatus: {capacity: {cpu: "2", memory: 8Gi, pods: "110"}}\n`)
  .join('---\n');

const replicaSet = (name: string, replicas: number, extra = ''): Workload =>
  ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', ...(extra ? { finalizers: [extra] } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 600, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1' } } }] },
      },
    },
  }) as unknown as Workload;

describe('ReplicaSet controller (replica_set.go)', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string, podStartSeconds: number): TestCluster => {
    const c = startCluster(objects, `kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: ${podStartSeconds}`);
    clusters.push(c);
    return c;
  };
  const rsDef = (c: TestCluster) => c.cluster.catalog.definition('apps', 'replicasets')!;
  const getRs = (c: TestCluster, name: string): Workload => c.cluster.store.get('apps/replicasets', 'default', name) as Workload;
  const ownPods = (c: TestCluster, name: string): Pod[] => c.pods('default').filter((p) => p.metadata.labels?.app === name);
  const active = (c: TestCluster, name: string): Pod[] => ownPods(c, name).filter((p) => !p.metadata.deletionTimestamp);
  const scale = (c: TestCluster, name: string, replicas: number): void => {
    const rs = clone(getRs(c, name));
    rs.spec.replicas = replicas;
    c.cluster.update(rsDef(c), 'default', name, rs as KubeObject);
  };
  const setPod = (c: TestCluster, name: string, change: (p: Pod) => void): void => {
    const next = clone(c.cluster.store.get('/pods', 'default', name) as Pod);
    change(next);
    c.cluster.put('/pods', next);
  };
  const makeRunning = (ready: boolean, created: string) => (p: Pod): void => {
    p.metadata.creationTimestamp = created;
    p.status = {
      ...p.status,
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady' }), lastProbeTime: null, lastTransitionTime: created }],
    };
  };

  it('[replica_set.go manageReplicas, getPodsToDelete] creates exactly the missing pods; scales down unscheduled, then pending, then not ready, then the newest', async () => {
    // The kubelets never start pods by themselves here: the test sets each pod's state.
    const c = start(smallNodes, 100_000);
    let created = 0;
    const unsubscribe = c.cluster.store.subscribe((e) => {
      if (e.resource === '/pods' && e.type === 'ADDED') created++;
    });
    c.cluster.create(rsDef(c), 'default', replicaSet('web', 5) as KubeObject);
    const scheduled = await waitFor('4 pods bound, 1 left Pending', () => {
      const pods = ownPods(c, 'web');
      const bound = pods.filter((p) => p.spec.nodeName);
      return pods.length === 5 && bound.length === 4 ? bound.map((p) => p.metadata.name!).sort() : undefined;
    });
    unsubscribe();
    assert.equal(created, 5, 'no surplus pod is made and taken back');
    const unscheduled = ownPods(c, 'web').find((p) => !p.spec.nodeName)!.metadata.name!;
    await waitFor('status of 5 pending pods', () => getRs(c, 'web').status?.replicas === 5);
    assert.deepEqual(getRs(c, 'web').status, { fullyLabeledReplicas: 5, observedGeneration: 1, replicas: 5 }, 'readyReplicas and availableReplicas are omitted while 0');

    // The first in store order is the oldest ready pod, which must outlive the others.
    const [oldestReady, pending, notReady, newestReady] = scheduled as [string, string, string, string];
    setPod(c, pending, (p) => {
      p.metadata.creationTimestamp = '2025-01-01T00:00:00Z';
    });
    setPod(c, notReady, makeRunning(false, '2025-01-01T00:01:00Z'));
    setPod(c, oldestReady, makeRunning(true, '2025-01-01T00:02:00Z'));
    setPod(c, newestReady, makeRunning(true, '2025-01-01T00:03:00Z'));
    await waitFor('2 ready', () => getRs(c, 'web').status?.readyReplicas === 2);
    assert.deepEqual(getRs(c, 'web').status, { availableReplicas: 2, fullyLabeledReplicas: 5, observedGeneration: 1, readyReplicas: 2, replicas: 5 });

    const victims: string[] = [];
    for (const replicas of [4, 3, 2, 1]) {
      const before = new Set(active(c, 'web').map((p) => p.metadata.name!));
      scale(c, 'web', replicas);
      const left = await waitFor(`${replicas} active`, () => (active(c, 'web').length === replicas ? active(c, 'web') : undefined));
      victims.push(...[...before].filter((n) => !left.some((p) => p.metadata.name === n)));
    }
    assert.deepEqual(victims, [unscheduled, pending, notReady, newestReady]);
    assert.deepEqual(
      active(c, 'web').map((p) => p.metadata.name),
      [oldestReady],
    );
    // Bound pods are deleted gracefully and stay Terminating; the unbound one is removed at once.
    assert.equal(c.cluster.store.get('/pods', 'default', unscheduled), undefined);
    assert.ok(c.cluster.store.get('/pods', 'default', pending)?.metadata.deletionTimestamp);
    const rs = getRs(c, 'web');
    assert.equal(rs.metadata.generation, 5);
    await waitFor('status after scaling', () => getRs(c, 'web').status?.replicas === 1);
    assert.deepEqual(getRs(c, 'web').status, { availableReplicas: 1, fullyLabeledReplicas: 1, observedGeneration: 5, readyReplicas: 1, replicas: 1 });
  });

  it('[replica_set.go] a Terminating pod is replaced at once; a ReplicaSet being deleted makes no new pods', async () => {
    const c = start(smallNodes, 1);
    c.cluster.create(rsDef(c), 'default', replicaSet('held', 1, 'example.com/hold') as KubeObject);
    c.cluster.create(rsDef(c), 'default', replicaSet('witness', 1) as KubeObject);
    const runningPod = (name: string) => () => active(c, name).find((p) => p.status?.phase === 'Running');
    const held = await waitFor('held pod running', runningPod('held'));
    const witness = await waitFor('witness pod running', runningPod('witness'));
    c.cluster.delete(rsDef(c), 'default', 'held');
    assert.ok(getRs(c, 'held').metadata.deletionTimestamp, 'the finalizer keeps the ReplicaSet, marked deleted');
    c.cluster.deletePod(held);
    c.cluster.deletePod(witness);
    const replacement = await waitFor('the witness replaced', () => active(c, 'witness')[0]);
    assert.notEqual(replacement.metadata.name, witness.metadata.name);
    assert.ok(c.cluster.store.get('/pods', 'default', witness.metadata.name!)?.metadata.deletionTimestamp, 'the old pod is still Terminating');
    assert.deepEqual(
      ownPods(c, 'held').map((p) => [p.metadata.name, Boolean(p.metadata.deletionTimestamp)]),
      [[held.metadata.name, true]],
      'no replacement for a ReplicaSet being deleted',
    );
  });
});
