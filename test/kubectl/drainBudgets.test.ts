/**
 * kubectl drain v1.35.2 against the eviction rules of kube-apiserver's
 * pkg/registry/core/pod/storage/eviction.go that need more than one budget or an
 * unready pod: several budgets on one pod, and unhealthyPodEvictionPolicy.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setCondition } from '../sim/controllers/podState';
import { clone, type Pod, type PodDisruptionBudget } from '../sim/types';
import { Kubectl, lines, waitUntil } from './harness';
import { pdb, replicaSet, scenario } from './scenarios';

async function withCluster(name: string, objects: string, body: (k: Kubectl) => Promise<void>): Promise<void> {
  const k = await Kubectl.start(scenario(name, objects));
  try {
    await waitUntil('scenario pods running', () => k.sim.cluster.store.all('/pods').every((p) => (p as Pod).status?.phase === 'Running'));
    await body(k);
  } finally {
    await k.stop();
  }
}

const budget = (k: Kubectl, name: string): PodDisruptionBudget['status'] => (k.sim.cluster.store.get('policy/poddisruptionbudgets', 'default', name) as PodDisruptionBudget | undefined)?.status;

function makeUnready(k: Kubectl, name: string): void {
  const next = clone(k.pod('default', name)!);
  next.status!.conditions = setCondition(next.status!.conditions ?? [], { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: k.sim.cluster.clock.timestamp() });
  k.sim.cluster.put('/pods', next);
}

describe('kubectl drain and disruption budgets', { concurrency: 3 }, () => {
  const web = replicaSet('web', [{ name: 'web-1', node: 'worker-1' }]);

  it('a pod selected by two budgets cannot be evicted: the 500 ends the drain', async () => {
    const objects = [web, pdb('web-a', 'app: web', 'minAvailable: 0'), pdb('web-b', 'app: web', 'maxUnavailable: 1')].join('---\n');
    await withCluster('two-budgets', objects, async (k) => {
      await waitUntil('budgets computed', () => budget(k, 'web-a')?.currentHealthy === 1 && budget(k, 'web-b')?.currentHealthy === 1);
      const r = await k.run(['drain', 'worker-1', '--timeout=20s']);
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/web-1']);
      const why = 'error when evicting pods/"web-1" -n "default": This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
      assert.equal(lines(r.stderr)[0], `There are pending pods in node "worker-1" when an error occurred: ${why}`);
      assert.ok(lines(r.stderr).includes(`error: unable to drain node "worker-1" due to error: ${why}, continuing command...`), r.stderr);
      assert.equal(k.pod('default', 'web-1')!.metadata.deletionTimestamp, undefined);
    });
  });

  it('an unready pod under a budget below its minimum: refused under IfHealthyBudget, evicted under AlwaysAllow', async () => {
    const lax = replicaSet('lax', [{ name: 'lax-1', node: 'worker-2' }]);
    const objects = [web, pdb('web', 'app: web', 'minAvailable: 1'), lax, pdb('lax', 'app: lax', 'minAvailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow')].join('---\n');
    await withCluster('unhealthy-policy', objects, async (k) => {
      await waitUntil('budgets computed', () => budget(k, 'web')?.currentHealthy === 1 && budget(k, 'lax')?.currentHealthy === 1);
      makeUnready(k, 'web-1');
      makeUnready(k, 'lax-1');
      await waitUntil('budgets see the unready pods', () => budget(k, 'web')?.currentHealthy === 0 && budget(k, 'lax')?.currentHealthy === 0);

      const refused = await k.run(['drain', 'worker-1', '--timeout=3s']);
      assert.equal(refused.code, 1);
      assert.equal(lines(refused.stderr)[0], 'error when evicting pods/"web-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.');
      assert.equal(k.pod('default', 'web-1')!.metadata.deletionTimestamp, undefined);

      const allowed = await k.run(['drain', 'worker-2', '--timeout=20s']);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.deepEqual(lines(allowed.stdout), ['node/worker-2 cordoned', 'evicting pod default/lax-1', 'pod/lax-1 evicted', 'node/worker-2 drained']);
    });
  });
});
