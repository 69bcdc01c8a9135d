/**
 * kubectl drain v1.35.2 against the simulator. Each case asserts the exit status,
 * the output lines and the cluster state afterwards, as they would be on a real
 * cluster. Messages were checked against kubernetes/kubectl v0.35.2:
 *   pkg/cmd/drain/drain.go  (RunDrain, deleteOrEvictPodsSimple, onPodDeletionOrEvictionFinished)
 *   pkg/drain/drain.go      (evictPods: "evicting pod", 429 retry line, global timeout)
 *   pkg/drain/filters.go    (daemonSet / localStorage / unmanaged messages, mirror and completed pods)
 *   pkg/cmd/util/helpers.go (final error lines of an aggregate)
 * Evictions of several pods run concurrently in kubectl, so lines are compared as
 * sets where kubectl itself does not fix their order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../sim/types';
import { Kubectl, lines, waitUntil, settle } from './harness';
import { daemonSet, pdb, plainPod, replicaSet, scenario } from './scenarios';

const sorted = (xs: string[]): string[] => [...xs].sort();


async function withCluster(name: string, objects: string, body: (k: Kubectl) => Promise<void>): Promise<void> {
  const k = await Kubectl.start(scenario(name, objects));
  try {
    await waitUntil('scenario pods running', () => k.sim.cluster.store.all('/pods').every((p) => (p as Pod).status?.phase !== 'Pending'));
    await settle(k);
    await body(k);
  } finally {
    await k.stop();
  }
}

const names = (pods: Pod[]): string[] => pods.map((p) => p.metadata.name!).sort();
const running = (pods: Pod[]): Pod[] => pods.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);

const web = replicaSet('web', [
  { name: 'web-1', node: 'worker-1' },
  { name: 'web-2', node: 'worker-2' },
]);
const agent = daemonSet('agent', 'kube-system', 'agent-w1', 'worker-1');

describe('kubectl drain', { concurrency: 4 }, () => {
  it('refuses DaemonSet pods without --ignore-daemonsets, after cordoning', async () => {
    await withCluster('ds-refused', [web, agent].join('---\n'), async (k) => {
      const r = await k.run(['drain', 'worker-1']);
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned']);
      assert.deepEqual(lines(r.stderr), [
        'error: unable to drain node "worker-1" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-w1, continuing command...',
        'There are pending nodes to be drained:',
        ' worker-1',
        'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-w1',
      ]);
      assert.equal(k.node('worker-1')!.spec?.unschedulable, true);
      assert.deepEqual(names(k.podsOn('worker-1')), ['agent-w1', 'web-1'], 'nothing was evicted');
    });
  });

  it('evicts the other pods and leaves DaemonSet pods with --ignore-daemonsets', async () => {
    await withCluster('ds-ignored', [web, agent].join('---\n'), async (k) => {
      const r = await k.run(['drain', 'worker-1', '--ignore-daemonsets']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/web-1', 'pod/web-1 evicted', 'node/worker-1 drained']);
      assert.deepEqual(lines(r.stderr), ['Warning: ignoring DaemonSet-managed Pods: kube-system/agent-w1']);
      assert.deepEqual(names(k.podsOn('worker-1')), ['agent-w1']);
      await waitUntil('web back to 2 running replicas elsewhere', () => running(k.sim.cluster.store.all('/pods', 'default') as Pod[]).filter((p) => p.metadata.labels?.app === 'web').length === 2);
      const webPods = running(k.sim.cluster.store.all('/pods', 'default') as Pod[]);
      assert.ok(webPods.every((p) => p.spec.nodeName !== 'worker-1' && p.spec.nodeName !== 'cp-1'));
    });
  });

  it('refuses an unmanaged pod without --force', async () => {
    await withCluster('naked-refused', plainPod('naked', 'worker-1'), async (k) => {
      const r = await k.run(['drain', 'worker-1']);
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned']);
      assert.deepEqual(lines(r.stderr), [
        'error: unable to drain node "worker-1" due to error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/naked, continuing command...',
        'There are pending nodes to be drained:',
        ' worker-1',
        'cannot delete cannot delete Pods that declare no controller (use --force to override): default/naked',
      ]);
      assert.ok(k.pod('default', 'naked'));
    });
  });

  it('deletes an unmanaged pod for good with --force', async () => {
    await withCluster('naked-forced', plainPod('naked', 'worker-1'), async (k) => {
      const r = await k.run(['drain', 'worker-1', '--force']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/naked', 'pod/naked evicted', 'node/worker-1 drained']);
      assert.deepEqual(lines(r.stderr), ['Warning: deleting Pods that declare no controller: default/naked']);
      assert.equal(k.pod('default', 'naked'), undefined, 'nothing recreates it');
    });
  });

  const cache = replicaSet('cache', [{ name: 'cache-1', node: 'worker-1' }], { emptyDir: true });

  it('refuses a pod with emptyDir without --delete-emptydir-data', async () => {
    await withCluster('emptydir-refused', cache, async (k) => {
      const r = await k.run(['drain', 'worker-1']);
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned']);
      assert.deepEqual(lines(r.stderr), [
        'error: unable to drain node "worker-1" due to error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-1, continuing command...',
        'There are pending nodes to be drained:',
        ' worker-1',
        'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-1',
      ]);
      assert.ok(k.pod('default', 'cache-1'));
    });
  });

  it('evicts a pod with emptyDir with --delete-emptydir-data, and its ReplicaSet replaces it elsewhere', async () => {
    await withCluster('emptydir-deleted', cache, async (k) => {
      const r = await k.run(['drain', 'worker-1', '--delete-emptydir-data']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/cache-1', 'pod/cache-1 evicted', 'node/worker-1 drained']);
      // No warning: in filterPods (pkg/drain/drain.go) the last filter's status wins, and
      // unreplicatedFilter returns Okay for a pod with a controller, replacing the
      // "deleting Pods with local storage" warning of localStorageFilter.
      assert.equal(r.stderr, '');
      await waitUntil('replacement running', () => running(k.sim.cluster.store.all('/pods', 'default') as Pod[]).length === 1);
      assert.notEqual(running(k.sim.cluster.store.all('/pods', 'default') as Pod[])[0]!.spec.nodeName, 'worker-1');
    });
  });

  it('skips mirror pods silently', async () => {
    const mirror = `apiVersion: v1
kind: Pod
metadata:
  name: static-web-worker-1
  namespace: kube-system
  annotations: {kubernetes.io/config.mirror: 8f4c2b1a, kubernetes.io/config.source: file}
  ownerReferences: [{apiVersion: v1, kind: Node, name: worker-1, controller: true}]
spec:
  nodeName: worker-1
  containers: [{name: web, image: "nginx:1.27"}]
`;
    await withCluster('mirror', [web, mirror].join('---\n'), async (k) => {
      const r = await k.run(['drain', 'worker-1']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/web-1', 'pod/web-1 evicted', 'node/worker-1 drained']);
      assert.equal(r.stderr, '');
      assert.deepEqual(names(k.podsOn('worker-1')), ['static-web-worker-1']);
    });
  });

  it('deletes completed pods without --force or --delete-emptydir-data', async () => {
    const done = plainPod('done', 'worker-1', 'status: {phase: Succeeded}\n');
    const failed = `apiVersion: v1
kind: Pod
metadata: {name: failed, namespace: default}
spec:
  nodeName: worker-1
  volumes: [{name: tmp, emptyDir: {}}]
  containers: [{name: c, image: "busybox:1.36"}]
status: {phase: Failed}
`;
    await withCluster('completed', [done, failed].join('---\n'), async (k) => {
      const r = await k.run(['drain', 'worker-1']);
      assert.equal(r.code, 0, r.stderr);
      const out = lines(r.stdout);
      assert.equal(out[0], 'node/worker-1 cordoned');
      assert.equal(out[out.length - 1], 'node/worker-1 drained');
      assert.deepEqual(sorted(out.slice(1, -1)), ['evicting pod default/done', 'evicting pod default/failed', 'pod/done evicted', 'pod/failed evicted']);
      assert.equal(r.stderr, '');
      assert.deepEqual(k.podsOn('worker-1'), []);
    });
  });

  const db = [replicaSet('db', [{ name: 'db-1', node: 'worker-1' }]), pdb('db', 'app: db', 'minAvailable: 1')].join('---\n');

  it('retries evictions a PodDisruptionBudget refuses with 429, and finishes once the budget is released', async () => {
    await withCluster('pdb-released', db, async (k) => {
      await waitUntil('budget computed', () => (k.sim.cluster.store.get('policy/poddisruptionbudgets', 'default', 'db')?.status as { currentHealthy?: number } | undefined)?.currentHealthy === 1);
      const child = k.spawn(['drain', 'worker-1']);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await waitUntil('a 429', () => stderr.includes('will retry after'));
      const patch = await k.run(['patch', 'pdb', 'db', '--type=merge', '-p', '{"spec":{"minAvailable":0}}']);
      assert.equal(patch.stdout, 'poddisruptionbudget.policy/db patched\n');
      const code = await exited;
      assert.equal(code, 0, stderr);
      const retries = lines(stderr);
      assert.ok(retries.length >= 1);
      for (const l of retries) {
        assert.equal(l, 'error when evicting pods/"db-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.');
      }
      assert.deepEqual(lines(stdout), [
        'node/worker-1 cordoned',
        ...retries.map(() => 'evicting pod default/db-1'),
        'evicting pod default/db-1',
        'pod/db-1 evicted',
        'node/worker-1 drained',
      ]);
      await waitUntil('db replaced on another node', () => running(k.sim.cluster.store.all('/pods', 'default') as Pod[]).some((p) => p.spec.nodeName !== 'worker-1'));
    });
  });

  it('gives up with --timeout when the budget never allows a disruption', async () => {
    await withCluster('pdb-timeout', db, async (k) => {
      await waitUntil('budget computed', () => (k.sim.cluster.store.get('policy/poddisruptionbudgets', 'default', 'db')?.status as { currentHealthy?: number } | undefined)?.currentHealthy === 1);
      const r = await k.run(['drain', 'worker-1', '--timeout=3s']);
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/db-1', 'evicting pod default/db-1']);
      assert.deepEqual(lines(r.stderr), [
        'error when evicting pods/"db-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
        'There are pending pods in node "worker-1" when an error occurred: error when evicting pods/"db-1" -n "default": global timeout reached: 3s',
        'pod/db-1',
        'error: unable to drain node "worker-1" due to error: error when evicting pods/"db-1" -n "default": global timeout reached: 3s, continuing command...',
        'There are pending nodes to be drained:',
        ' worker-1',
        'error when evicting pods/"db-1" -n "default": global timeout reached: 3s',
      ]);
      assert.equal(k.pod('default', 'db-1')!.metadata.deletionTimestamp, undefined, 'the pod was never evicted');
      assert.equal(k.node('worker-1')!.spec?.unschedulable, true);
    });
  });

  it('only evicts the pods matching --pod-selector', async () => {
    const two = [replicaSet('front', [{ name: 'front-1', node: 'worker-1' }], { labels: { app: 'front' } }), replicaSet('back', [{ name: 'back-1', node: 'worker-1' }], { labels: { app: 'back' } })].join('---\n');
    await withCluster('pod-selector', two, async (k) => {
      const r = await k.run(['drain', 'worker-1', '--pod-selector', 'app=front']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/front-1', 'pod/front-1 evicted', 'node/worker-1 drained']);
      assert.deepEqual(names(k.podsOn('worker-1')), ['back-1']);
    });
  });

  it('deletes instead of evicting with --disable-eviction, bypassing the budget', async () => {
    await withCluster('disable-eviction', db, async (k) => {
      await waitUntil('budget computed', () => (k.sim.cluster.store.get('policy/poddisruptionbudgets', 'default', 'db')?.status as { currentHealthy?: number } | undefined)?.currentHealthy === 1);
      const r = await k.run(['drain', 'worker-1', '--disable-eviction']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'pod/db-1 deleted', 'node/worker-1 drained']);
      assert.equal(r.stderr, '');
      assert.equal(k.pod('default', 'db-1'), undefined);
    });
  });

  it('passes --grace-period to the eviction\'s DeleteOptions', async () => {
    const slow = replicaSet('slow', [{ name: 'slow-1', node: 'worker-1' }], { grace: 120 });
    await withCluster('grace-period', slow, async (k) => {
      const seen: number[] = [];
      const unsubscribe = k.sim.cluster.store.subscribe((e) => {
        const g = e.object.metadata.deletionGracePeriodSeconds;
        if (e.object.metadata.name === 'slow-1' && g !== undefined) seen.push(g);
      });
      const r = await k.run(['drain', 'worker-1', '--grace-period=3']);
      unsubscribe();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'evicting pod default/slow-1', 'pod/slow-1 evicted', 'node/worker-1 drained']);
      assert.equal(seen[0], 3, 'the pod terminated with a 3s grace period, not its own 120s');
    });
  });

  it('--dry-run=client changes nothing and says so', async () => {
    await withCluster('dry-client', [web, agent].join('---\n'), async (k) => {
      const before = k.sim.cluster.store.currentRv();
      const r = await k.run(['drain', 'worker-1', '--ignore-daemonsets', '--dry-run=client']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned (dry run)', 'evicting pod default/web-1 (dry run)', 'node/worker-1 drained (dry run)']);
      assert.deepEqual(lines(r.stderr), ['Warning: ignoring DaemonSet-managed Pods: kube-system/agent-w1']);
      assert.equal(k.sim.cluster.store.currentRv(), before, 'no write reached the server');
      assert.equal(k.node('worker-1')!.spec?.unschedulable, undefined);
    });
  });

  it('--dry-run=server sends dryRun=All: the server validates but stores nothing', async () => {
    await withCluster('dry-server', [web, agent].join('---\n'), async (k) => {
      const before = k.sim.cluster.store.currentRv();
      const r = await k.run(['drain', 'worker-1', '--ignore-daemonsets', '--dry-run=server']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned (server dry run)', 'evicting pod default/web-1 (server dry run)', 'node/worker-1 drained (server dry run)']);
      assert.deepEqual(lines(r.stderr), ['Warning: ignoring DaemonSet-managed Pods: kube-system/agent-w1']);
      assert.equal(k.sim.cluster.store.currentRv(), before, 'dry-run requests stored nothing');
      assert.equal(k.node('worker-1')!.spec?.unschedulable, undefined);
      assert.equal(k.pod('default', 'web-1')!.metadata.deletionTimestamp, undefined);
    });
  });

  it('uses policy/v1beta1 evictions against a 1.21 control plane, as discovery tells it to', async () => {
    const k = await Kubectl.start(scenario('v121', web, { version: 'v1.21.14' }));
    try {
      await waitUntil('pods running', () => k.podsOn('worker-1').every((p) => p.status?.phase === 'Running'));
      // -v=8 logs request bodies; -v>=2 also prints "eviction started" (onPodDeletionOrEvictionStarted).
      const r = await k.run(['drain', 'worker-1', '-v=8']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), ['node/worker-1 cordoned', 'pod/web-1 eviction started', 'evicting pod default/web-1', 'pod/web-1 evicted', 'node/worker-1 drained']);
      const bodies = r.stderr.match(/\{"kind":"Eviction","apiVersion":"[^"]+"/g) ?? [];
      assert.deepEqual(bodies, ['{"kind":"Eviction","apiVersion":"policy/v1beta1"']);
      assert.equal(k.pod('default', 'web-1'), undefined);
    } finally {
      await k.stop();
    }
  });
});
