/**
 * Pod lifecycle details an audit or a drain meets, judged by kubectl v1.35.2:
 * finalizers that keep a pod Terminating (k8s.io/apiserver registry/generic/registry
 * store.go), and NoExecute taint eviction with tolerationSeconds (kubernetes/
 * kubernetes pkg/controller/tainteviction/taint_eviction.go).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../sim/types';
import { Kubectl, table, waitUntil } from './harness';
import { plainPod, scenario } from './scenarios';

async function withCluster(name: string, objects: string, body: (k: Kubectl) => Promise<void>): Promise<void> {
  const k = await Kubectl.start(scenario(name, objects));
  try {
    await waitUntil('scenario pods running', () => k.sim.cluster.store.all('/pods').every((p) => (p as Pod).status?.phase === 'Running'));
    await body(k);
  } finally {
    await k.stop();
  }
}

describe('kubectl and pod lifecycle', { concurrency: 2 }, () => {
  it('a pod with a finalizer stays Terminating until the finalizer is removed', async () => {
    const stuck = plainPod('stuck', 'worker-1', '').replace('metadata: {name: stuck, namespace: default}', 'metadata: {name: stuck, namespace: default, finalizers: [example.com/hold]}').replace('spec:\n', 'spec:\n  terminationGracePeriodSeconds: 1\n');
    await withCluster('finalizer', stuck, async (k) => {
      const del = await k.run(['delete', 'pod', 'stuck', '--wait=false']);
      assert.equal(del.code, 0, del.stderr);
      assert.match(del.stdout, /^pod "stuck" deleted/);
      await waitUntil('kubelet done', () => k.pod('default', 'stuck')?.metadata.deletionGracePeriodSeconds === 0);
      // Its containers are stopped and the pod is terminal, so kubectl's printer shows the
      // terminal reason rather than "Terminating"; the deletion is still pending.
      const get = await k.run(['get', 'pod', 'stuck']);
      assert.deepEqual(table(get.stdout), [
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ['stuck', '0/1', 'Completed', '0', '<age>'],
      ]);
      const pending = await k.run(['get', 'pod', 'stuck', '-o', 'jsonpath={.metadata.finalizers[0]} {.metadata.deletionGracePeriodSeconds} {.status.phase}']);
      assert.equal(pending.stdout, 'example.com/hold 0 Succeeded');
      assert.ok(k.pod('default', 'stuck')?.metadata.deletionTimestamp);
      const patch = await k.run(['patch', 'pod', 'stuck', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
      assert.equal(patch.stdout, 'pod/stuck patched\n', patch.stderr);
      const gone = await k.run(['get', 'pod', 'stuck']);
      assert.equal(gone.code, 1);
      assert.equal(gone.stderr, 'Error from server (NotFound): pods "stuck" not found\n');
    });
  });

  it('kubectl taint … :NoExecute evicts pods that do not tolerate it, and tolerationSeconds later those that do', async () => {
    const objects = [
      plainPod('plain', 'worker-1'),
      plainPod('brief', 'worker-1', '  tolerations: [{key: maintenance, operator: Exists, effect: NoExecute, tolerationSeconds: 100}]\n'),
      plainPod('forever', 'worker-1', '  tolerations: [{key: maintenance, operator: Exists, effect: NoExecute}]\n'),
    ].join('---\n');
    await withCluster('noexecute', objects, async (k) => {
      const taint = await k.run(['taint', 'node', 'worker-1', 'maintenance=now:NoExecute']);
      assert.equal(taint.stdout, 'node/worker-1 tainted\n', taint.stderr);
      await waitUntil('plain evicted', () => k.pod('default', 'plain') === undefined);
      assert.ok(k.pod('default', 'brief'), 'brief tolerates the taint for 100 s');
      // 100 simulated seconds are 2 s at the scenario's time scale.
      await waitUntil('brief evicted', () => k.pod('default', 'brief') === undefined);
      const get = await k.run(['get', 'pods', '-o', 'name']);
      assert.equal(get.stdout, 'pod/forever\n');
    });
  });
});
