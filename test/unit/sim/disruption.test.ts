/**
 * The simulator's disruption math, rule by rule, against kube-apiserver and
 * kube-controller-manager (kubernetes/kubernetes):
 *   [eviction.go]   pkg/registry/core/pod/storage/eviction.go (EvictionREST.Create,
 *                   canIgnorePDB, checkAndDecrement, addConditionAndDeletePod)
 *   [disruption.go] pkg/controller/disruption/disruption.go (getExpectedPodCount,
 *                   getExpectedScale, countHealthyPods, buildDisruptedPodMap,
 *                   updatePdbStatus, failSafe)
 *   [replica_set.go / stateful_set_control.go] pkg/controller/replicaset, pkg/controller/statefulset
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setCondition } from '../../sim/controllers/podState';
import { evictPod, MAX_DISRUPTED_POD_SIZE } from '../../sim/eviction';
import { ApiError } from '../../sim/status';
import { clone, type KubeObject, type Pod, type PodDisruptionBudget } from '../../sim/types';
import { nodesYaml, running, startCluster, waitFor, type TestCluster } from './helpers';

const replicaSet = (name: string, replicas: number, extra = ''): string => `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: ${name}, namespace: default}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {terminationGracePeriodSeconds: 1, containers: [{name: c, image: nginx}]${extra}}
`;

const budget = (name: string, spec: string, app = name): string => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: default}
spec:
  selector: {matchLabels: {app: ${app}}}
  ${spec}
`;

const unmanagedPod = (name: string, app: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default, labels: {app: ${app}}}
spec: {containers: [{name: c, image: nginx}]}
`;

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  assert.fail('the eviction was not refused');
}

describe('disruption math', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[]): TestCluster => {
    const c = startCluster([nodesYaml(['n1', 'n2']), ...objects].join('---\n'));
    clusters.push(c);
    return c;
  };
  const pdb = (c: TestCluster, name: string): PodDisruptionBudget => c.cluster.store.get('policy/poddisruptionbudgets', 'default', name) as PodDisruptionBudget;
  const pod = (c: TestCluster, name: string): Pod | undefined => c.cluster.store.get('/pods', 'default', name) as Pod | undefined;
  const appPods = (c: TestCluster, app: string): Pod[] => running(c.pods('default')).filter((p) => p.metadata.labels?.app === app);
  const evict = (c: TestCluster, name: string, deleteOptions?: Record<string, unknown>) =>
    evictPod(c.cluster, 'default', name, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, ...(deleteOptions ? { deleteOptions } : {}) }, false);
  const setUnready = (c: TestCluster, name: string): void => {
    const next = clone(pod(c, name)!);
    next.status!.conditions = setCondition(next.status!.conditions ?? [], { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: c.cluster.clock.timestamp() });
    c.cluster.put('/pods', next);
  };
  const settledBudget = (c: TestCluster, name: string, want: Partial<NonNullable<PodDisruptionBudget['status']>>, timeoutMs?: number) =>
    waitFor(
      `${name} status ${JSON.stringify(want)}`,
      () => {
        const st = pdb(c, name)?.status;
        return st !== undefined && Object.entries(want).every(([k, v]) => JSON.stringify((st as Record<string, unknown>)[k]) === JSON.stringify(v)) ? st : undefined;
      },
      timeoutMs,
    );

  it('[disruption.go getExpectedPodCount] minAvailable "50%" of 3 pods needs 2 (percentages round up); maxUnavailable "50%" of 3 allows 2 down (also 40%)', async () => {
    const c = start([
      replicaSet('web', 3),
      budget('min-half', 'minAvailable: "50%"', 'web'),
      budget('max-half', 'maxUnavailable: "50%"', 'web'),
      budget('min-40', 'minAvailable: "40%"', 'web'),
      budget('max-40', 'maxUnavailable: "40%"', 'web'),
    ]);
    await settledBudget(c, 'min-half', { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 });
    await settledBudget(c, 'max-half', { currentHealthy: 3, desiredHealthy: 1, disruptionsAllowed: 2, expectedPods: 3 });
    // 40% of 3 is 1.2: rounded up to 2, never to the nearest.
    await settledBudget(c, 'min-40', { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 });
    await settledBudget(c, 'max-40', { currentHealthy: 3, desiredHealthy: 1, disruptionsAllowed: 2, expectedPods: 3 });
  });

  it('[disruption.go getExpectedScale] a percentage expects the controllers\' scale and leaves unmanaged pods out; an integer counts the selected pods', async () => {
    const c = start([replicaSet('api', 2), unmanagedPod('api-manual', 'api'), budget('api-int', 'minAvailable: 1', 'api'), budget('api-pct', 'minAvailable: "100%"', 'api')]);
    await settledBudget(c, 'api-int', { currentHealthy: 3, desiredHealthy: 1, expectedPods: 3, disruptionsAllowed: 2 });
    await settledBudget(c, 'api-pct', { currentHealthy: 3, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 1 });
  });

  it('[disruption.go getExpectedScale] a Deployment\'s pods expect the Deployment\'s replicas, also mid-scale', async () => {
    const c = start([
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: front, namespace: default}
spec:
  replicas: 4
  selector: {matchLabels: {app: front}}
  template:
    metadata: {labels: {app: front}}
    spec: {containers: [{name: c, image: nginx}]}
`,
      budget('front', 'maxUnavailable: 1'),
    ]);
    await settledBudget(c, 'front', { currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptionsAllowed: 1 });
  });

  it('[disruption.go updatePdbStatus] no disruptions are allowed while no pods are expected, even with healthy pods', async () => {
    const c = start([unmanagedPod('solo-1', 'solo'), unmanagedPod('solo-2', 'solo'), budget('solo', 'maxUnavailable: 1')]);
    await settledBudget(c, 'solo', { currentHealthy: 2, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 });
    const err = refusal(() => evict(c, 'solo-1'));
    assert.equal(err.code, 429);
  });

  it('[disruption.go failSafe] pods of a controller without a scale subresource make the budget fail safe, and evictions wait', async () => {
    const c = start([
      `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: agent}]}
`,
      budget('agent', 'maxUnavailable: 1'),
    ]);
    await waitFor('agent pods', () => appPods(c, 'agent').length === 2);
    const st = await waitFor('SyncFailed', () => (pdb(c, 'agent').status?.conditions?.[0]?.reason === 'SyncFailed' ? pdb(c, 'agent').status : undefined));
    assert.equal(st.disruptionsAllowed, 0);
    assert.equal(st.conditions?.[0]?.status, 'False');
    assert.equal(st.conditions?.[0]?.message, 'daemonsets.apps does not implement the scale subresource');
    const err = refusal(() => evict(c, appPods(c, 'agent')[0]!.metadata.name!));
    assert.equal(err.code, 429);
    assert.equal(err.status.details?.causes?.[0]?.message, 'The disruption budget agent is still being processed by the server.');
    assert.equal(err.status.details?.retryAfterSeconds, 10);
  });

  it('[disruption.go getPodsForPdb] an empty selector selects every pod of the namespace; a missing one selects none', async () => {
    const c = start([
      replicaSet('a', 1),
      replicaSet('b', 2),
      `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: everything, namespace: default}
spec: {minAvailable: 1, selector: {}}
`,
      `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: nothing, namespace: default}
spec: {minAvailable: 1}
`,
    ]);
    await settledBudget(c, 'everything', { currentHealthy: 3, expectedPods: 3, disruptionsAllowed: 2 });
    await settledBudget(c, 'nothing', { currentHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 });
    // [eviction.go getPodDisruptionBudgets] neither selector guards an eviction.
    assert.equal(evict(c, appPods(c, 'a')[0]!.metadata.name!).status, 'Success');
  });

  it('[eviction.go] an unready pod is evicted while the budget sits exactly at its minimum, without spending it', async () => {
    const c = start([replicaSet('web', 3), budget('web', 'minAvailable: 2')]);
    await settledBudget(c, 'web', { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    const [sick] = appPods(c, 'web');
    setUnready(c, sick!.metadata.name!);
    await settledBudget(c, 'web', { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    assert.equal(evict(c, sick!.metadata.name!).status, 'Success');
    assert.ok(pod(c, sick!.metadata.name!)?.metadata.deletionTimestamp, 'the unready pod is terminating');
    assert.equal(pdb(c, 'web').status?.disruptedPods, undefined, 'the budget was not charged');
  });

  it('[eviction.go] under IfHealthyBudget an unready pod of a budget below its minimum is refused; AlwaysAllow evicts it', async () => {
    const c = start([
      replicaSet('strict', 2),
      budget('strict', 'minAvailable: 2'),
      replicaSet('lax', 2),
      budget('lax', 'minAvailable: 2\n  unhealthyPodEvictionPolicy: AlwaysAllow'),
    ]);
    await settledBudget(c, 'strict', { currentHealthy: 2 });
    await settledBudget(c, 'lax', { currentHealthy: 2 });
    const strictPod = appPods(c, 'strict')[0]!.metadata.name!;
    const laxPod = appPods(c, 'lax')[0]!.metadata.name!;
    setUnready(c, strictPod);
    setUnready(c, laxPod);
    await settledBudget(c, 'strict', { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 });
    await settledBudget(c, 'lax', { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 });
    const err = refusal(() => evict(c, strictPod));
    assert.equal(err.code, 429);
    assert.equal(err.status.details?.causes?.[0]?.message, 'The disruption budget strict needs 2 healthy pods and has 1 currently');
    assert.equal(evict(c, laxPod).status, 'Success');
    // AlwaysAllow covers unready pods only: the ready one is still guarded.
    const healthyLax = appPods(c, 'lax').find((p) => p.metadata.name !== laxPod)!;
    assert.equal(refusal(() => evict(c, healthyLax.metadata.name!)).code, 429);
  });

  it('[eviction.go] feature gates by version: AlwaysAllow from 1.27, the DisruptionTarget condition from 1.26', async () => {
    const old = startCluster([nodesYaml(['n1']), replicaSet('lax', 2), budget('lax', 'minAvailable: 2\n  unhealthyPodEvictionPolicy: AlwaysAllow')].join('---\n'), 'kubernetesVersion: v1.25.16\n  timeScale: 0.01\n  podStartSeconds: 1');
    clusters.push(old);
    await settledBudget(old, 'lax', { currentHealthy: 2 });
    const [a, b] = appPods(old, 'lax');
    setUnready(old, a!.metadata.name!);
    await settledBudget(old, 'lax', { currentHealthy: 1 });
    assert.equal(refusal(() => evict(old, a!.metadata.name!)).code, 429, 'a 1.25 API server does not know AlwaysAllow');
    const next = clone(pdb(old, 'lax'));
    next.spec.minAvailable = 1;
    old.cluster.update(old.cluster.catalog.lookup('policy', 'v1', 'poddisruptionbudgets')!.def, 'default', 'lax', next as KubeObject);
    await settledBudget(old, 'lax', { desiredHealthy: 1, disruptionsAllowed: 0 });
    assert.equal(evict(old, a!.metadata.name!).status, 'Success', 'IfHealthyBudget: the budget is met');
    assert.equal(pod(old, a!.metadata.name!)?.status?.conditions?.find((x) => x.type === 'DisruptionTarget'), undefined);
    assert.ok(b);
  });

  it('[eviction.go canIgnorePDB] a Pending pod under an exhausted budget is deleted; so is a pod already terminating', async () => {
    const c = start([
      replicaSet('stuck', 2, ', nodeSelector: {pool: none}'),
      budget('stuck', 'minAvailable: "100%"'),
      replicaSet('slow', 2).replace('terminationGracePeriodSeconds: 1', 'terminationGracePeriodSeconds: 600'),
      budget('slow', 'maxUnavailable: 1'),
    ]);
    await settledBudget(c, 'stuck', { desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 2 });
    const pending = c.pods('default').find((p) => p.metadata.labels?.app === 'stuck')!;
    assert.equal(pending.status?.phase, 'Pending');
    assert.equal(evict(c, pending.metadata.name!).status, 'Success');
    assert.equal(pod(c, pending.metadata.name!), undefined, 'an unscheduled pod is deleted at once');

    await settledBudget(c, 'slow', { currentHealthy: 2, disruptionsAllowed: 1 });
    const [first] = appPods(c, 'slow');
    assert.equal(evict(c, first!.metadata.name!).status, 'Success');
    assert.equal(pdb(c, 'slow').status?.disruptionsAllowed, 0);
    const allowedCond = pdb(c, 'slow').status?.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([allowedCond?.status, allowedCond?.reason], ['False', 'InsufficientPods'], 'the eviction itself flips DisruptionAllowed');
    assert.equal(evict(c, first!.metadata.name!).status, 'Success', 'evicting the terminating pod again does not consult the budget');
  });

  it('[eviction.go getPodDisruptionBudgets] a pod selected by two budgets is a 500, and the pod stays', async () => {
    const c = start([replicaSet('dup', 2), budget('dup-a', 'minAvailable: 1', 'dup'), budget('dup-b', 'maxUnavailable: 1', 'dup')]);
    await settledBudget(c, 'dup-a', { currentHealthy: 2 });
    await settledBudget(c, 'dup-b', { currentHealthy: 2 });
    const name = appPods(c, 'dup')[0]!.metadata.name!;
    const err = refusal(() => evict(c, name));
    assert.deepEqual(err.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
    assert.equal(pod(c, name)?.metadata.deletionTimestamp, undefined);
  });

  it('[eviction.go checkAndDecrement] a budget whose spec changed since the controller saw it answers 429 "still being processed"', async () => {
    const c = start([replicaSet('gen', 3), budget('gen', 'minAvailable: 1')]);
    await settledBudget(c, 'gen', { currentHealthy: 3, disruptionsAllowed: 2 });
    const def = c.cluster.catalog.lookup('policy', 'v1', 'poddisruptionbudgets')!.def;
    const next = clone(pdb(c, 'gen'));
    next.spec.minAvailable = 2;
    c.cluster.update(def, 'default', 'gen', next as KubeObject);
    // Same tick: the controller has not synced the new generation yet.
    const err = refusal(() => evict(c, appPods(c, 'gen')[0]!.metadata.name!));
    assert.equal(err.code, 429);
    assert.equal(err.status.details?.causes?.[0]?.message, 'The disruption budget gen is still being processed by the server.');
    await settledBudget(c, 'gen', { desiredHealthy: 2, disruptionsAllowed: 1 });
  });

  it('[eviction.go checkAndDecrement] more than MaxDisruptedPodSize unconfirmed evictions is a 403', async () => {
    const c = start([replicaSet('many', 2), budget('many', 'minAvailable: 1')]);
    await settledBudget(c, 'many', { currentHealthy: 2, disruptionsAllowed: 1 });
    const next = clone(pdb(c, 'many'));
    const now = c.cluster.clock.timestamp();
    next.status!.disruptedPods = Object.fromEntries(Array.from({ length: MAX_DISRUPTED_POD_SIZE + 1 }, (_, i) => [`gone-${i}`, now]));
    c.cluster.put('policy/poddisruptionbudgets', next as KubeObject);
    const err = refusal(() => evict(c, appPods(c, 'many')[0]!.metadata.name!));
    assert.equal(err.code, 403);
    assert.equal(err.message, 'poddisruptionbudget.policy "many" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  });

  it('[eviction.go + disruption.go buildDisruptedPodMap] a pod whose approved eviction then failed stays counted out until DeletionTimeout', async () => {
    // A slower clock (DeletionTimeout = 3.6 s) leaves room to observe the entry before it expires.
    const c = startCluster([nodesYaml(['n1', 'n2']), replicaSet('db', 3), budget('db', 'minAvailable: 1')].join('---\n'), 'kubernetesVersion: v1.33.4\n  timeScale: 0.03\n  podStartSeconds: 1');
    clusters.push(c);
    await settledBudget(c, 'db', { currentHealthy: 3, disruptionsAllowed: 2 });
    const name = appPods(c, 'db')[0]!.metadata.name!;
    const err = refusal(() => evict(c, name, { preconditions: { uid: 'not-the-pod' } }));
    assert.equal(err.code, 409);
    assert.equal(pod(c, name)?.metadata.deletionTimestamp, undefined, 'the pod was not deleted');
    const st = await settledBudget(c, 'db', { currentHealthy: 2, disruptionsAllowed: 1 });
    assert.ok(st.disruptedPods?.[name], 'the approved eviction stays in disruptedPods');
    // DeletionTimeout is 2 simulated minutes.
    const back = await settledBudget(c, 'db', { currentHealthy: 3, disruptionsAllowed: 2 }, 10_000);
    assert.equal(back.disruptedPods, undefined, 'the expired entry is dropped');
  });

  it('[eviction.go addConditionAndDeletePod] an evicted pod gets a DisruptionTarget condition; terminating pods are not healthy', async () => {
    const c = start([replicaSet('cond', 2).replace('terminationGracePeriodSeconds: 1', 'terminationGracePeriodSeconds: 600'), budget('cond', 'minAvailable: 1')]);
    await settledBudget(c, 'cond', { currentHealthy: 2, disruptionsAllowed: 1 });
    const name = appPods(c, 'cond')[0]!.metadata.name!;
    evict(c, name);
    const evicted = pod(c, name)!;
    const cond = evicted.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
    assert.deepEqual([cond?.status, cond?.reason, cond?.message], ['True', 'EvictionByEvictionAPI', 'Eviction API: evicting']);
    // The replacement becomes Ready; the terminating pod is not counted and its disruptedPods entry is dropped.
    const st = await settledBudget(c, 'cond', { currentHealthy: 2, disruptionsAllowed: 1 });
    assert.equal(st.disruptedPods, undefined);
    assert.ok(pod(c, name)?.metadata.deletionTimestamp, 'the evicted pod is still terminating');
  });

  it('[replica_set.go] a ReplicaSet replaces an evicted pod while it is still terminating; a StatefulSet waits until the name is free', async () => {
    const c = start([
      replicaSet('rs', 2).replace('terminationGracePeriodSeconds: 1', 'terminationGracePeriodSeconds: 600'),
      `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  serviceName: db
  template:
    metadata: {labels: {app: db}}
    spec: {terminationGracePeriodSeconds: 600, containers: [{name: c, image: postgres}]}
`,
    ]);
    await waitFor('pods running', () => appPods(c, 'rs').length === 2 && appPods(c, 'db').length === 2);
    const rsVictim = appPods(c, 'rs')[0]!;
    const dbVictim = pod(c, 'db-0')!;
    evict(c, rsVictim.metadata.name!);
    evict(c, 'db-0');
    await waitFor('a ReplicaSet replacement running', () => appPods(c, 'rs').length === 2);
    assert.ok(pod(c, rsVictim.metadata.name!)?.metadata.deletionTimestamp, 'the old pod is still terminating beside its replacement');
    assert.equal(pod(c, 'db-0')?.metadata.uid, dbVictim.metadata.uid, 'db-0 is not recreated while the old db-0 terminates');
    // [stateful_set_control.go] once the old pod is gone, the ordinal comes back under the same name.
    await waitFor('db-0 recreated', () => {
      const p = pod(c, 'db-0');
      return p !== undefined && p.metadata.uid !== dbVictim.metadata.uid && p.status?.phase === 'Running';
    }, 20_000);
  });
});
