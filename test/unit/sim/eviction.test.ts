import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { evictPod, parseEviction } from '../../sim/eviction';
import { ApiError } from '../../sim/status';
import type { PodDisruptionBudget } from '../../sim/types';
import { nodesYaml, running, startCluster, waitFor, type TestCluster } from './helpers';

// Expected behaviour from kubernetes pkg/registry/core/pod/storage/eviction.go.
const scenario = `${nodesYaml(['n1', 'n2'])}---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 2
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {terminationGracePeriodSeconds: 1, containers: [{name: db, image: postgres}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db, namespace: default}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: db}}
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec: {nodeName: n1, containers: [{name: c, image: x}]}
status: {phase: Succeeded}
`;

describe('eviction', () => {
  let c: TestCluster;
  after(() => c?.stop());

  const pdb = (): PodDisruptionBudget => c.cluster.store.get('policy/poddisruptionbudgets', 'default', 'db') as PodDisruptionBudget;

  it('evicts while the budget allows, then answers 429 with a DisruptionBudget cause', async () => {
    c = startCluster(scenario);
    await waitFor('budget allows 1', () => pdb().status?.disruptionsAllowed === 1 && running(c.pods()).length === 3 - 1);
    const ok = evictPod(c.cluster, 'default', 'db-0', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'db-0', namespace: 'default' } }, false);
    assert.equal(ok.status, 'Success');
    assert.ok(c.cluster.store.get('/pods', 'default', 'db-0')!.metadata.deletionTimestamp, 'the pod is terminating');
    assert.equal(pdb().status?.disruptionsAllowed, 0, 'the eviction decremented the budget');
    assert.ok(pdb().status?.disruptedPods?.['db-0']);
    await waitFor('the disruption controller to count db-0 out', () => pdb().status?.currentHealthy === 1);
    let err: unknown;
    try {
      evictPod(c.cluster, 'default', 'db-1', {}, false);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ApiError);
    assert.deepEqual(err.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget db needs 1 healthy pods and has 1 currently' }] },
      code: 429,
    });
    await waitFor('db-0 back and budget restored', () => pdb().status?.disruptionsAllowed === 1 && running(c.pods()).filter((p) => p.metadata.labels?.app === 'db').length === 2);
  });

  it('dry-run evictions change nothing', () => {
    const before = JSON.stringify(pdb());
    evictPod(c.cluster, 'default', 'db-1', { deleteOptions: { dryRun: ['All'] } as never }, false);
    evictPod(c.cluster, 'default', 'db-1', {}, true);
    assert.equal(JSON.stringify(pdb()), before);
    assert.equal(c.cluster.store.get('/pods', 'default', 'db-1')!.metadata.deletionTimestamp, undefined);
  });

  it('deletes terminal pods without consulting budgets, and 404s for missing pods', () => {
    evictPod(c.cluster, 'default', 'done', {}, false);
    assert.equal(c.cluster.store.get('/pods', 'default', 'done'), undefined);
    assert.throws(() => evictPod(c.cluster, 'default', 'nope', {}, false), (e: unknown) => e instanceof ApiError && e.code === 404 && e.message === 'pods "nope" not found');
  });
});

describe('eviction API versions', () => {
  const withVersion = (version: string): TestCluster => startCluster(scenario, `kubernetesVersion: ${version}\n  timeScale: 0.01\n  podStartSeconds: 1`);

  it('accepts policy/v1beta1 Evictions where the control plane serves policy/v1beta1, and refuses them from 1.25', async () => {
    const old = withVersion('v1.24.17');
    const current = withVersion('v1.25.16');
    try {
      await waitFor('db pods', () => running(old.pods()).length >= 2 && running(current.pods()).length >= 2);
      const body = { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'done', namespace: 'default' } };
      assert.equal(evictPod(old.cluster, 'default', 'done', parseEviction(body, old.cluster), false).status, 'Success');
      assert.throws(() => parseEviction(body, current.cluster), (e: unknown) => e instanceof ApiError && e.code === 400);
      assert.ok(parseEviction({ ...body, apiVersion: 'policy/v1' }, current.cluster));
    } finally {
      old.stop();
      current.stop();
    }
  });
});
