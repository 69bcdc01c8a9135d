/**
 * The StatefulSet controller against kubernetes/kubernetes
 * pkg/controller/statefulset/stateful_set_control.go: OrderedReady creates an
 * ordinal only once every lower one is Running and Ready and deletes surplus
 * ordinals highest first, one at a time, only while all others are healthy;
 * Parallel does both at once; a pod being deleted is not replaced before it is
 * gone; RollingUpdate with a partition; OnDelete; and the status fields
 * (updateStatefulSetStatus, completeRollingUpdate).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { clone, type KubeObject, type Pod, type Workload } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const sts = (name: string, replicas: number, extra = '', image = 'db:1', grace = 600): string => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: default}
spec:
  replicas: ${replicas}
  serviceName: ${name}
  selector: {matchLabels: {app: ${name}}}${extra ? `\n  ${extra}` : ''}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {terminationGracePeriodSeconds: ${grace}, containers: [{name: db, image: "${image}"}]}
`;

interface StsStatus {
  availableReplicas?: number;
  collisionCount?: number;
  currentReplicas?: number;
  currentRevision?: string;
  observedGeneration?: number;
  readyReplicas?: number;
  replicas?: number;
  updateRevision?: string;
  updatedReplicas?: number;
}

describe('StatefulSet controller (stateful_set_control.go)', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[], podStartSeconds: number): TestCluster => {
    const c = startCluster([nodesYaml(['n1', 'n2']), ...objects].join('---\n'), `kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: ${podStartSeconds}`);
    clusters.push(c);
    return c;
  };
  const stsDef = (c: TestCluster) => c.cluster.catalog.definition('apps', 'statefulsets')!;
  const getSts = (c: TestCluster, name: string): Workload => c.cluster.store.get('apps/statefulsets', 'default', name) as Workload;
  const status = (c: TestCluster, name: string): StsStatus => (getSts(c, name).status ?? {}) as StsStatus;
  const get = (c: TestCluster, name: string): Pod | undefined => c.cluster.store.get('/pods', 'default', name) as Pod | undefined;
  const names = (c: TestCluster, app: string): string[] =>
    c.pods('default')
      .filter((p) => p.metadata.labels?.app === app)
      .map((p) => `${p.metadata.name}${p.metadata.deletionTimestamp ? ' (terminating)' : ''}`)
      .sort();
  const edit = (c: TestCluster, name: string, change: (s: Workload & { spec: Record<string, unknown> }) => void): void => {
    const next = clone(getSts(c, name)) as Workload & { spec: Record<string, unknown> };
    change(next);
    c.cluster.update(stsDef(c), 'default', name, next as KubeObject);
  };
  /** Sets a pod's phase and Ready condition by hand (the kubelets do not start pods in these clusters). */
  const setState = (c: TestCluster, name: string, phase: 'Pending' | 'Running', ready: boolean): void => {
    const next = clone(get(c, name)!);
    next.status = {
      ...next.status,
      phase,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady' }), lastProbeTime: null, lastTransitionTime: '2025-01-01T00:00:00Z' }],
    };
    c.cluster.put('/pods', next);
  };
  const forceDelete = (c: TestCluster, name: string): void => {
    c.cluster.deletePod(get(c, name)!, { gracePeriodSeconds: 0 });
  };

  it('[stateful_set_control.go] OrderedReady: the next ordinal only once the previous one is Running and Ready; labels, hostname, subdomain and status', async () => {
    const c = start([sts('web', 3)], 100_000);
    assert.deepEqual(names(c, 'web'), ['web-0']);
    const rev = status(c, 'web').updateRevision!;
    assert.match(rev, /^web-[a-z0-9]+$/);
    const revision = c.cluster.store.get('apps/controllerrevisions', 'default', rev);
    assert.equal(revision?.metadata.labels?.['controller.kubernetes.io/hash'], rev.slice('web-'.length));
    const web0 = get(c, 'web-0')!;
    assert.deepEqual(
      [web0.metadata.labels?.['apps.kubernetes.io/pod-index'], web0.metadata.labels?.['controller-revision-hash'], web0.metadata.labels?.['statefulset.kubernetes.io/pod-name']],
      ['0', rev, 'web-0'],
    );
    assert.deepEqual([web0.spec.hostname, web0.spec.subdomain], ['web-0', 'web']);
    assert.deepEqual(status(c, 'web'), { availableReplicas: 0, collisionCount: 0, currentReplicas: 1, currentRevision: rev, observedGeneration: 1, replicas: 1, updateRevision: rev, updatedReplicas: 1 });

    // Neither Running alone nor Ready alone is enough.
    setState(c, 'web-0', 'Running', false);
    await waitFor('web-0 Running', () => get(c, 'web-0')?.status?.phase === 'Running');
    setState(c, 'web-0', 'Pending', true);
    await waitFor('web-0 Ready but Pending', () => get(c, 'web-0')?.status?.phase === 'Pending' && status(c, 'web').readyReplicas === 1);
    assert.deepEqual(names(c, 'web'), ['web-0']);

    setState(c, 'web-0', 'Running', true);
    await waitFor('web-1 created', () => get(c, 'web-1'));
    assert.deepEqual(names(c, 'web'), ['web-0', 'web-1']);
    setState(c, 'web-1', 'Running', true);
    await waitFor('web-2 created', () => get(c, 'web-2'));
    setState(c, 'web-2', 'Running', true);
    await waitFor('3 ready', () => status(c, 'web').readyReplicas === 3);
    assert.deepEqual(status(c, 'web'), {
      availableReplicas: 3,
      collisionCount: 0,
      currentReplicas: 3,
      currentRevision: rev,
      observedGeneration: 1,
      readyReplicas: 3,
      replicas: 3,
      updateRevision: rev,
      updatedReplicas: 3,
    });

    // Scale-down waits while a lower ordinal is unhealthy, then goes one terminating pod at a time.
    setState(c, 'web-0', 'Running', false);
    edit(c, 'web', (s) => (s.spec.replicas = 1));
    await waitFor('scale-down seen', () => status(c, 'web').observedGeneration === 2);
    assert.deepEqual(names(c, 'web'), ['web-0', 'web-1', 'web-2'], 'nothing goes while web-0 is not ready');
    setState(c, 'web-0', 'Running', true);
    await waitFor('web-2 terminating', () => get(c, 'web-2')?.metadata.deletionTimestamp);
    await waitFor('status after web-2', () => status(c, 'web').replicas === 2);
    assert.deepEqual(names(c, 'web'), ['web-0', 'web-1', 'web-2 (terminating)'], 'web-1 waits until web-2 is gone');
    forceDelete(c, 'web-2');
    await waitFor('web-1 terminating', () => get(c, 'web-1')?.metadata.deletionTimestamp);
    assert.deepEqual(names(c, 'web'), ['web-0', 'web-1 (terminating)']);
    forceDelete(c, 'web-1');
    await waitFor('one replica', () => status(c, 'web').replicas === 1);
    assert.deepEqual(names(c, 'web'), ['web-0']);
  });

  it('[stateful_set_control.go] Parallel creates all ordinals in one pass and deletes surplus ones past a Terminating one', async () => {
    const c = start([], 100_000);
    const seen: (number | undefined)[] = [];
    const unsubscribe = c.cluster.store.subscribe((e) => {
      if (e.resource === 'apps/statefulsets' && e.object.status) seen.push((e.object.status as StsStatus).replicas);
    });
    c.cluster.create(stsDef(c), 'default', parse(sts('par', 3, 'podManagementPolicy: Parallel')) as KubeObject);
    await waitFor('3 pods', () => status(c, 'par').replicas === 3);
    unsubscribe();
    assert.deepEqual(names(c, 'par'), ['par-0', 'par-1', 'par-2']);
    assert.equal(seen[0], 3, 'the first status already counts all three pods');
    // One surplus pod is already going; the other goes at once too.
    c.cluster.deletePod(get(c, 'par-2')!);
    edit(c, 'par', (s) => (s.spec.replicas = 1));
    await waitFor('surplus terminating', () => get(c, 'par-1')?.metadata.deletionTimestamp);
    assert.deepEqual(names(c, 'par'), ['par-0', 'par-1 (terminating)', 'par-2 (terminating)']);
    assert.deepEqual([status(c, 'par').replicas, status(c, 'par').readyReplicas], [1, undefined]);
  });

  it('[stateful_set_control.go] Parallel RollingUpdate does not wait for lower ordinals, but does wait for the pod it just updated', async () => {
    const c = start([sts('pr', 3, 'podManagementPolicy: Parallel')], 100_000);
    assert.deepEqual(names(c, 'pr'), ['pr-0', 'pr-1', 'pr-2']);
    edit(c, 'pr', (s) => ((s.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'db:2'));
    await waitFor('pr-2 terminating though nothing is ready', () => get(c, 'pr-2')?.metadata.deletionTimestamp);
    assert.deepEqual(names(c, 'pr'), ['pr-0', 'pr-1', 'pr-2 (terminating)']);
    forceDelete(c, 'pr-2');
    const fresh = await waitFor('pr-2 at db:2', () => (get(c, 'pr-2')?.spec.containers[0]?.image === 'db:2' ? get(c, 'pr-2') : undefined));
    await waitFor('status with pr-2 updated', () => status(c, 'pr').updatedReplicas === 1);
    assert.deepEqual(names(c, 'pr'), ['pr-0', 'pr-1', 'pr-2'], 'pr-1 waits while pr-2 is not ready');
    assert.equal(fresh.status?.phase, 'Pending');
    setState(c, 'pr-2', 'Running', true);
    await waitFor('pr-1 next', () => get(c, 'pr-1')?.metadata.deletionTimestamp);
  });

  it('[stateful_set_control.go] OrderedReady: no scale-down or update while an ordinal is missing, unhealthy or a surplus pod is going', async () => {
    const c = start([sts('gap', 3)], 100_000);
    for (const i of [0, 1, 2]) {
      await waitFor(`gap-${i}`, () => get(c, `gap-${i}`));
      setState(c, `gap-${i}`, 'Running', true);
    }
    await waitFor('3 ready', () => status(c, 'gap').readyReplicas === 3);
    // gap-0 is gone and being recreated: gap-2 stays for now.
    forceDelete(c, 'gap-0');
    edit(c, 'gap', (s) => (s.spec.replicas = 2));
    await waitFor('gap-0 recreated', () => get(c, 'gap-0') && status(c, 'gap').observedGeneration === 2);
    assert.deepEqual(names(c, 'gap'), ['gap-0', 'gap-1', 'gap-2']);
    setState(c, 'gap-0', 'Running', true);
    await waitFor('gap-2 terminating', () => get(c, 'gap-2')?.metadata.deletionTimestamp);
    forceDelete(c, 'gap-2');
    await waitFor('2 replicas', () => status(c, 'gap').replicas === 2 && !get(c, 'gap-2'));

    // A new template while gap-0 is not ready: nothing is replaced.
    setState(c, 'gap-0', 'Running', false);
    edit(c, 'gap', (s) => ((s.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'db:2'));
    await waitFor('update seen', () => status(c, 'gap').observedGeneration === 3);
    assert.deepEqual(names(c, 'gap'), ['gap-0', 'gap-1']);

    // Scale-down and a new template at once: the surplus pod goes first, the update waits until it is gone.
    setState(c, 'gap-0', 'Running', true);
    await waitFor('gap-1 replaced', () => get(c, 'gap-1')?.metadata.deletionTimestamp);
    forceDelete(c, 'gap-1');
    await waitFor('gap-1 back', () => get(c, 'gap-1'));
    setState(c, 'gap-1', 'Running', true);
    await waitFor('gap-0 replaced', () => get(c, 'gap-0')?.metadata.deletionTimestamp);
    forceDelete(c, 'gap-0');
    await waitFor('gap-0 back', () => get(c, 'gap-0'));
    setState(c, 'gap-0', 'Running', true);
    await waitFor('rollout complete', () => status(c, 'gap').currentRevision === status(c, 'gap').updateRevision && status(c, 'gap').readyReplicas === 2);
    edit(c, 'gap', (s) => {
      s.spec.replicas = 1;
      (s.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'db:3';
    });
    await waitFor('gap-1 terminating', () => get(c, 'gap-1')?.metadata.deletionTimestamp && status(c, 'gap').observedGeneration === 4);
    assert.deepEqual(names(c, 'gap'), ['gap-0', 'gap-1 (terminating)'], 'gap-0 is not updated while gap-1 goes');
    forceDelete(c, 'gap-1');
    await waitFor('then gap-0 is updated', () => get(c, 'gap-0')?.metadata.deletionTimestamp);
  });

  it('[stateful_set_control.go] a deleted pod is recreated under its name only once it is gone; an owned pod without an ordinal fills no ordinal', async () => {
    const c = start([sts('db', 2)], 100_000);
    setState(c, 'db-0', 'Running', true);
    await waitFor('db-1 created', () => get(c, 'db-1'));
    const set = getSts(c, 'db');
    // A pod the set controls whose name carries no ordinal.
    c.cluster.create(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'db-extra', namespace: 'default', labels: { app: 'other' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: set.metadata.uid!, controller: true }] },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    } as KubeObject);
    setState(c, 'db-1', 'Running', true);
    await waitFor('2 ready', () => status(c, 'db').readyReplicas === 2);
    const old = get(c, 'db-1')!;
    c.cluster.deletePod(old);
    await waitFor('status without db-1', () => status(c, 'db').replicas !== undefined && get(c, 'db-1')?.metadata.deletionTimestamp && status(c, 'db').readyReplicas === 1);
    assert.equal(get(c, 'db-1')!.metadata.uid, old.metadata.uid, 'not replaced while Terminating');
    forceDelete(c, 'db-1');
    const fresh = await waitFor('db-1 recreated', () => get(c, 'db-1'));
    assert.notEqual(fresh.metadata.uid, old.metadata.uid);
    assert.equal(fresh.status?.phase, 'Pending');

    // A Terminating pod is not healthy: no higher ordinal is made while it goes.
    setState(c, 'db-1', 'Running', true);
    await waitFor('2 ready again', () => status(c, 'db').readyReplicas === 2);
    c.cluster.deletePod(get(c, 'db-0')!);
    forceDelete(c, 'db-1');
    await waitFor('db-0 terminating, nothing ready', () => get(c, 'db-0')?.metadata.deletionTimestamp && status(c, 'db').readyReplicas === undefined);
    assert.equal(get(c, 'db-1'), undefined);
  });

  it('[stateful_set_control.go] a StatefulSet being deleted makes no new pods', async () => {
    const held = sts('held', 1).replace('namespace: default}', 'namespace: default, finalizers: [example.com/hold]}');
    const c = start([held, sts('witness', 1)], 100_000);
    assert.deepEqual([status(c, 'held').replicas, status(c, 'witness').replicas], [1, 1], 'each counts only its own pods');
    c.cluster.delete(stsDef(c), 'default', 'held');
    assert.ok(getSts(c, 'held').metadata.deletionTimestamp);
    const before = [get(c, 'held-0')!.metadata.uid, get(c, 'witness-0')!.metadata.uid];
    forceDelete(c, 'held-0');
    forceDelete(c, 'witness-0');
    await waitFor('witness-0 recreated', () => get(c, 'witness-0'));
    assert.notEqual(get(c, 'witness-0')!.metadata.uid, before[1]);
    assert.equal(get(c, 'held-0'), undefined);
  });

  it('[stateful_set_control.go] RollingUpdate with a partition: highest ordinal first, ordinals below the partition keep (and are recreated at) the current revision', async () => {
    const c = start([sts('db', 3, 'revisionHistoryLimit: 0\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}', 'db:1', 1)], 1);
    const image = (name: string): string | undefined => get(c, name)?.spec.containers[0]?.image;
    const settled = (): boolean => {
      const pods = c.pods('default').filter((p) => p.metadata.labels?.app === 'db');
      return pods.length === 3 && pods.every((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'));
    };
    await waitFor('3 ready', () => settled() && status(c, 'db').readyReplicas === 3);
    const rev1 = status(c, 'db').currentRevision!;
    const order: string[] = [];
    const unsubscribe = c.cluster.store.subscribe((e) => {
      if (e.resource === '/pods' && e.object.metadata.deletionTimestamp && !e.previous?.metadata.deletionTimestamp) order.push(e.object.metadata.name!);
    });
    edit(c, 'db', (s) => ((s.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'db:2'));
    await waitFor('ordinals 1 and 2 updated', () => settled() && image('db-1') === 'db:2' && image('db-2') === 'db:2' && status(c, 'db').updatedReplicas === 2 && status(c, 'db').readyReplicas === 3, 8000);
    unsubscribe();
    assert.deepEqual(order, ['db-2', 'db-1']);
    const rev2 = status(c, 'db').updateRevision!;
    assert.notEqual(rev2, rev1);
    assert.equal(image('db-0'), 'db:1');
    assert.deepEqual(status(c, 'db'), { availableReplicas: 3, collisionCount: 0, currentReplicas: 1, currentRevision: rev1, observedGeneration: 2, readyReplicas: 3, replicas: 3, updateRevision: rev2, updatedReplicas: 2 });

    forceDelete(c, 'db-0');
    await waitFor('db-0 back and ready', () => settled() && status(c, 'db').readyReplicas === 3);
    assert.deepEqual([image('db-0'), get(c, 'db-0')!.metadata.labels?.['controller-revision-hash']], ['db:1', rev1], 'below the partition: the current revision');

    edit(c, 'db', (s) => ((s.spec.updateStrategy as { rollingUpdate: { partition: number } }).rollingUpdate.partition = 0));
    await waitFor('all updated', () => settled() && image('db-0') === 'db:2' && status(c, 'db').currentRevision === rev2, 8000);
    const revisionNames = (): string[] => c.cluster.store.all('apps/controllerrevisions', 'default').map((r) => r.metadata.name!);
    assert.deepEqual(revisionNames(), [rev2], 'revisionHistoryLimit 0: the unused revision is dropped');
    assert.deepEqual(status(c, 'db'), { availableReplicas: 3, collisionCount: 0, currentReplicas: 3, currentRevision: rev2, observedGeneration: 3, readyReplicas: 3, replicas: 3, updateRevision: rev2, updatedReplicas: 3 });

    // The next rollout starts from rev2, the revision now current.
    edit(c, 'db', (s) => {
      (s.spec.updateStrategy as { rollingUpdate: { partition: number } }).rollingUpdate.partition = 2;
      (s.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'db:3';
    });
    await waitFor('db-2 at db:3', () => settled() && image('db-2') === 'db:3' && status(c, 'db').updatedReplicas === 1 && status(c, 'db').readyReplicas === 3, 8000);
    const s = status(c, 'db');
    assert.notEqual(s.updateRevision, rev2);
    assert.deepEqual([s.currentRevision, s.currentReplicas, image('db-0'), image('db-1')], [rev2, 2, 'db:2', 'db:2']);
  });

  it('[stateful_set_control.go] OnDelete: a new template reaches a pod only when it is deleted, and currentRevision stays', async () => {
    const c = start([sts('od', 2, 'updateStrategy: {type: OnDelete}', 'db:1', 1)], 100_000);
    setState(c, 'od-0', 'Running', true);
    await waitFor('od-1 created', () => get(c, 'od-1'));
    setState(c, 'od-1', 'Running', true);
    await waitFor('2 ready', () => status(c, 'od').readyReplicas === 2);
    const rev1 = status(c, 'od').currentRevision!;
    edit(c, 'od', (s) => ((s.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'db:2'));
    await waitFor('new revision seen', () => status(c, 'od').updateRevision !== rev1);
    assert.deepEqual(names(c, 'od'), ['od-0', 'od-1'], 'no pod is deleted');
    assert.equal('updatedReplicas' in status(c, 'od'), false, 'updatedReplicas is omitted while 0');
    assert.equal(get(c, 'od-1')!.spec.containers[0]!.image, 'db:1');
    forceDelete(c, 'od-1');
    const fresh = await waitFor('od-1 recreated', () => get(c, 'od-1'));
    assert.equal(fresh.spec.containers[0]!.image, 'db:2');
    setState(c, 'od-1', 'Running', true);
    forceDelete(c, 'od-0');
    await waitFor('od-0 recreated', () => get(c, 'od-0'));
    setState(c, 'od-0', 'Running', true);
    await waitFor('both ready again', () => status(c, 'od').readyReplicas === 2);
    const s = status(c, 'od');
    assert.deepEqual([s.currentRevision, s.currentReplicas, s.updatedReplicas], [rev1, undefined, 2], 'completeRollingUpdate is for RollingUpdate only');
  });
});
