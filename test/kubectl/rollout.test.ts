/**
 * Rolling updates judged by kubectl v1.35.2: `set image`, `rollout status`,
 * `rollout history`, `rollout undo`, `rollout pause/resume` for Deployments,
 * DaemonSets and StatefulSets. Messages checked against kubernetes/kubectl v0.35.2
 * pkg/polymorphichelpers/rollout_status.go, history.go and rollback.go; the
 * controllers' behaviour against kubernetes/kubernetes pkg/controller/deployment
 * (rolling.go), pkg/controller/daemon (update.go) and pkg/controller/statefulset
 * (stateful_set_control.go). While a rollout runs, the test watches the
 * simulator's store and checks the bounds a user relies on (surge, unavailability,
 * order).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, Workload } from '../sim/types';
import { Kubectl, lines, waitUntil, settle } from './harness';
import { scenario } from './scenarios';


async function withCluster(name: string, objects: string, body: (k: Kubectl) => Promise<void>): Promise<void> {
  const k = await Kubectl.start(scenario(name, objects));
  try {
    await waitUntil('scenario pods running', () => k.sim.cluster.store.all('/pods').length > 0 && k.sim.cluster.store.all('/pods').every((p) => (p as Pod).status?.phase === 'Running'));
    await settle(k);
    await body(k);
  } finally {
    await k.stop();
  }
}

const isReady = (p: Pod): boolean => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const appPods = (k: Kubectl, ns: string, app: string): Pod[] => (k.sim.cluster.store.all('/pods', ns) as Pod[]).filter((p) => p.metadata.labels?.app === app);
const liveImages = (k: Kubectl, ns: string, app: string): string[] =>
  appPods(k, ns, app)
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.spec.containers[0]!.image ?? '')
    .sort();

/** Records a figure after every store change while `body` runs. */
async function observe<T>(k: Kubectl, sample: () => T, body: () => Promise<void>): Promise<T[]> {
  const seen: T[] = [sample()];
  const stop = k.sim.cluster.store.subscribe(() => seen.push(sample()));
  try {
    await body();
  } finally {
    stop();
  }
  return seen;
}

const deployment = (name: string, strategy: string, image = 'nginx:1.27'): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  replicas: 4${strategy}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 2
      containers: [{name: ${name}, image: "${image}"}]
`;

describe('kubectl rollout', { concurrency: 3 }, () => {
  it('Deployment: API defaults, a surge-bounded rolling update, history, undo, pause and resume', async () => {
    const objects = [deployment('web', '\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}'), deployment('plain', '')].join('---\n');
    await withCluster('rollout-deploy', objects, async (k) => {
      // pkg/apis/apps/v1/defaults.go SetDefaults_Deployment
      const defaults = await k.run(['get', 'deploy', 'plain', '-o', 'jsonpath={.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.strategy.rollingUpdate.maxUnavailable} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds}']);
      assert.equal(defaults.stdout, 'RollingUpdate 25% 25% 10 600');
      assert.equal((await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}'])).stdout, '1');

      const set = await k.run(['set', 'image', 'deploy/web', 'web=nginx:1.28']);
      assert.equal(set.stdout, 'deployment.apps/web image updated\n');
      const counts = await observe(
        k,
        () => {
          const pods = appPods(k, 'default', 'web').filter((p) => !p.metadata.deletionTimestamp);
          return { live: pods.length, ready: pods.filter(isReady).length };
        },
        async () => {
          const status = await k.run(['rollout', 'status', 'deploy/web', '--timeout=60s']);
          assert.equal(status.code, 0, status.stderr);
          assert.equal(lines(status.stdout).at(-1), 'deployment "web" successfully rolled out');
          assert.ok(lines(status.stdout).every((l) => l.startsWith('Waiting for deployment "web" rollout to finish: ') || l === 'deployment "web" successfully rolled out'), status.stdout);
        },
      );
      assert.ok(Math.max(...counts.map((c) => c.live)) <= 5, 'never more than replicas + maxSurge pods');
      assert.ok(Math.min(...counts.map((c) => c.ready)) >= 4, 'never fewer than replicas - maxUnavailable ready pods');
      await settle(k);
      assert.deepEqual(liveImages(k, 'default', 'web'), Array(4).fill('nginx:1.28'));

      // The Deployment's change-cause annotation goes to its current ReplicaSet (util.SetNewReplicaSetAnnotations).
      assert.equal((await k.run(['annotate', 'deploy/web', 'kubernetes.io/change-cause=nginx 1.28'])).stdout, 'deployment.apps/web annotated\n');
      await settle(k);
      const history = await k.run(['rollout', 'history', 'deploy/web']);
      assert.deepEqual(lines(history.stdout).map((l) => l.trim().split(/\s{2,}/)), [['deployment.apps/web'], ['REVISION', 'CHANGE-CAUSE'], ['1', '<none>'], ['2', 'nginx 1.28']]);

      const undo = await k.run(['rollout', 'undo', 'deploy/web']);
      assert.equal(undo.stdout, 'deployment.apps/web rolled back\n', undo.stderr);
      assert.equal((await k.run(['rollout', 'status', 'deploy/web', '--timeout=60s'])).code, 0);
      await settle(k);
      assert.deepEqual(liveImages(k, 'default', 'web'), Array(4).fill('nginx:1.27'));
      const sets = k.sim.cluster.store.all('apps/replicasets', 'default').filter((rs) => rs.metadata.labels?.app === 'web') as Workload[];
      assert.equal(sets.length, 2, 'the rollback reused the first ReplicaSet');
      const revisions = await k.run(['rollout', 'history', 'deploy/web']);
      assert.deepEqual(lines(revisions.stdout).slice(2).map((l) => l.trim().split(/\s{2,}/)[0]), ['2', '3']);

      assert.equal((await k.run(['rollout', 'pause', 'deploy/web'])).stdout, 'deployment.apps/web paused\n');
      await k.run(['set', 'image', 'deploy/web', 'web=nginx:1.29']);
      await settle(k);
      assert.deepEqual(liveImages(k, 'default', 'web'), Array(4).fill('nginx:1.27'), 'a paused Deployment rolls nothing out');
      const paused = await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}']);
      assert.equal(paused.stdout, 'DeploymentPaused');
      const undoPaused = await k.run(['rollout', 'undo', 'deploy/web']);
      assert.equal(undoPaused.code, 1);
      assert.match(undoPaused.stderr, /you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again/);
      assert.equal((await k.run(['rollout', 'resume', 'deploy/web'])).stdout, 'deployment.apps/web resumed\n');
      assert.equal((await k.run(['rollout', 'status', 'deploy/web', '--timeout=60s'])).code, 0);
      await settle(k);
      assert.deepEqual(liveImages(k, 'default', 'web'), Array(4).fill('nginx:1.29'));

      // rollout restart changes the template (an annotation), so every pod is replaced.
      const before = new Set(appPods(k, 'default', 'web').map((p) => p.metadata.uid));
      assert.equal((await k.run(['rollout', 'restart', 'deploy/web'])).stdout, 'deployment.apps/web restarted\n');
      assert.equal((await k.run(['rollout', 'status', 'deploy/web', '--timeout=60s'])).code, 0);
      await settle(k);
      const after = appPods(k, 'default', 'web').filter((p) => !p.metadata.deletionTimestamp);
      assert.equal(after.length, 4);
      assert.ok(after.every((p) => !before.has(p.metadata.uid) && p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']));
    });
  });

  it('Deployment: Recreate stops every old pod before a new one starts', async () => {
    await withCluster('rollout-recreate', deployment('batch', '\n  strategy: {type: Recreate}'), async (k) => {
      const seen = await observe(
        k,
        () => new Set(appPods(k, 'default', 'batch').map((p) => p.spec.containers[0]!.image)).size,
        async () => {
          await k.run(['set', 'image', 'deploy/batch', 'batch=nginx:1.28']);
          const status = await k.run(['rollout', 'status', 'deploy/batch', '--timeout=60s']);
          assert.equal(status.code, 0, status.stderr);
        },
      );
      assert.ok(seen.every((n) => n <= 1), 'old and new pods never exist together');
      await settle(k);
      assert.deepEqual(liveImages(k, 'default', 'batch'), Array(4).fill('nginx:1.28'));
    });
  });

  it('Deployment: a rollout without progress for progressDeadlineSeconds fails rollout status', async () => {
    const stuck = deployment('stuck', '\n  progressDeadlineSeconds: 100').replace('terminationGracePeriodSeconds: 2', 'terminationGracePeriodSeconds: 2\n      nodeSelector: {pool: none}');
    const k = await Kubectl.start(scenario('rollout-deadline', stuck));
    try {
      const status = await k.run(['rollout', 'status', 'deploy/stuck', '--timeout=60s']);
      assert.equal(status.code, 1);
      assert.equal(status.stderr, 'error: deployment "stuck" exceeded its progress deadline\n');
      const cond = await k.run(['get', 'deploy', 'stuck', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].status} {.status.conditions[?(@.type=="Progressing")].reason}']);
      assert.equal(cond.stdout, 'False ProgressDeadlineExceeded');
    } finally {
      await k.stop();
    }
  });

  const proxy = (strategy: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {app: kube-proxy}}${strategy}
  template:
    metadata: {labels: {app: kube-proxy}}
    spec:
      terminationGracePeriodSeconds: 2
      tolerations: [{operator: Exists}]
      containers: [{name: kube-proxy, image: "registry.k8s.io/kube-proxy:v1.34.3"}]
`;

  it('DaemonSet: RollingUpdate replaces one node at a time; history, ControllerRevisions and undo', async () => {
    await withCluster('rollout-ds', proxy(''), async (k) => {
      assert.equal((await k.run(['get', 'ds', 'kube-proxy', '-n', 'kube-system', '-o', 'jsonpath={.spec.updateStrategy.type} {.spec.updateStrategy.rollingUpdate.maxUnavailable} {.spec.revisionHistoryLimit}'])).stdout, 'RollingUpdate 1 10');
      const set = await k.run(['set', 'image', 'ds/kube-proxy', '-n', 'kube-system', 'kube-proxy=registry.k8s.io/kube-proxy:v1.35.0']);
      assert.equal(set.stdout, 'daemonset.apps/kube-proxy image updated\n');
      const served = await observe(
        k,
        () => new Set(appPods(k, 'kube-system', 'kube-proxy').filter(isReady).map((p) => p.spec.nodeName)).size,
        async () => {
          const status = await k.run(['rollout', 'status', 'ds/kube-proxy', '-n', 'kube-system', '--timeout=60s']);
          assert.equal(status.code, 0, status.stderr);
          assert.equal(lines(status.stdout).at(-1), 'daemon set "kube-proxy" successfully rolled out');
        },
      );
      assert.ok(Math.min(...served) >= 3, 'at most maxUnavailable (1) of the 4 nodes without a ready kube-proxy');
      await settle(k);
      assert.deepEqual(liveImages(k, 'kube-system', 'kube-proxy'), Array(4).fill('registry.k8s.io/kube-proxy:v1.35.0'));
      const revisions = await k.run(['get', 'controllerrevisions', '-n', 'kube-system', '-o', 'jsonpath={range .items[*]}{.revision} {.metadata.ownerReferences[0].name}{"\\n"}{end}']);
      assert.deepEqual(lines(revisions.stdout).sort(), ['1 kube-proxy', '2 kube-proxy']);
      const history = await k.run(['rollout', 'history', 'ds/kube-proxy', '-n', 'kube-system']);
      assert.deepEqual(lines(history.stdout).slice(1).map((l) => l.trim().split(/\s{2,}/)), [['REVISION', 'CHANGE-CAUSE'], ['1', '<none>'], ['2', '<none>']]);

      const undo = await k.run(['rollout', 'undo', 'ds/kube-proxy', '-n', 'kube-system']);
      assert.equal(undo.stdout, 'daemonset.apps/kube-proxy rolled back\n', undo.stderr);
      assert.equal((await k.run(['rollout', 'status', 'ds/kube-proxy', '-n', 'kube-system', '--timeout=60s'])).code, 0);
      await settle(k);
      assert.deepEqual(liveImages(k, 'kube-system', 'kube-proxy'), Array(4).fill('registry.k8s.io/kube-proxy:v1.34.3'));
      const renumbered = await k.run(['get', 'controllerrevisions', '-n', 'kube-system', '-o', 'jsonpath={range .items[*]}{.revision}{"\\n"}{end}']);
      assert.deepEqual(lines(renumbered.stdout).sort(), ['2', '3'], 'the first template came back as revision 3');
    });
  });

  it('DaemonSet: OnDelete changes a pod only when it is deleted, and rollout status refuses it', async () => {
    await withCluster('rollout-ds-ondelete', proxy('\n  updateStrategy: {type: OnDelete}'), async (k) => {
      await k.run(['set', 'image', 'ds/kube-proxy', '-n', 'kube-system', 'kube-proxy=registry.k8s.io/kube-proxy:v1.35.0']);
      await settle(k);
      assert.deepEqual(liveImages(k, 'kube-system', 'kube-proxy'), Array(4).fill('registry.k8s.io/kube-proxy:v1.34.3'));
      const status = await k.run(['rollout', 'status', 'ds/kube-proxy', '-n', 'kube-system']);
      assert.equal(status.code, 1);
      assert.equal(status.stderr, 'error: rollout status is only available for RollingUpdate strategy type\n');
      const victim = appPods(k, 'kube-system', 'kube-proxy').find((p) => p.spec.nodeName === 'worker-1')!;
      await k.run(['delete', 'pod', '-n', 'kube-system', victim.metadata.name!]);
      await waitUntil('a new pod on worker-1', () => appPods(k, 'kube-system', 'kube-proxy').some((p) => p.spec.nodeName === 'worker-1' && isReady(p) && p.metadata.uid !== victim.metadata.uid));
      await settle(k);
      const byNode = Object.fromEntries(appPods(k, 'kube-system', 'kube-proxy').map((p) => [p.spec.nodeName, p.spec.containers[0]!.image]));
      assert.deepEqual(byNode, {
        'cp-1': 'registry.k8s.io/kube-proxy:v1.34.3',
        'worker-1': 'registry.k8s.io/kube-proxy:v1.35.0',
        'worker-2': 'registry.k8s.io/kube-proxy:v1.34.3',
        'worker-3': 'registry.k8s.io/kube-proxy:v1.34.3',
      });
    });
  });

  it('StatefulSet: a partition updates only the ordinals at or above it, then the rest from the highest down', async () => {
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 3
  serviceName: db
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 2
      containers: [{name: db, image: "postgres:16"}]
`;
    await withCluster('rollout-sts', sts, async (k) => {
      assert.equal((await k.run(['get', 'sts', 'db', '-o', 'jsonpath={.spec.podManagementPolicy} {.spec.revisionHistoryLimit} {.spec.persistentVolumeClaimRetentionPolicy.whenDeleted}'])).stdout, 'OrderedReady 10 Retain');
      const deleted: string[] = [];
      const readyCounts: number[] = [];
      const stop = k.sim.cluster.store.subscribe((e) => {
        const name = e.object.metadata.name ?? '';
        if (e.resource === '/pods' && e.object.metadata.deletionTimestamp && !deleted.includes(name)) deleted.push(name);
        if (e.resource === '/pods') readyCounts.push(appPods(k, 'default', 'db').filter(isReady).length);
      });
      try {
        await k.run(['set', 'image', 'sts/db', 'db=postgres:17']);
        const partial = await k.run(['rollout', 'status', 'sts/db', '--timeout=60s']);
        assert.equal(partial.code, 0, partial.stderr);
        assert.equal(lines(partial.stdout).at(-1), 'partitioned roll out complete: 1 new pods have been updated...');
        await settle(k);
        const image = (n: string): string => k.pod('default', n)?.spec.containers[0]?.image ?? '';
        assert.deepEqual(['db-0', 'db-1', 'db-2'].map(image), ['postgres:16', 'postgres:16', 'postgres:17']);
        assert.deepEqual(deleted, ['db-2']);
        const revs = await k.run(['get', 'sts', 'db', '-o', 'jsonpath={.status.currentRevision} {.status.updateRevision} {.status.updatedReplicas} {.status.currentReplicas}']);
        const [current, update, updated, currentCount] = revs.stdout.split(' ');
        assert.notEqual(current, update);
        assert.deepEqual([updated, currentCount], ['1', '2']);
        // Below the partition, a deleted pod comes back at the current revision.
        const before = k.pod('default', 'db-0')!.metadata.uid;
        await k.run(['delete', 'pod', 'db-0']);
        await waitUntil('db-0 back', () => {
          const p = k.pod('default', 'db-0');
          return p !== undefined && p.metadata.uid !== before && isReady(p);
        });
        assert.equal(image('db-0'), 'postgres:16');
        deleted.splice(deleted.indexOf('db-0'), 1);

        const patch = await k.run(['patch', 'sts', 'db', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}']);
        assert.equal(patch.stdout, 'statefulset.apps/db patched\n');
        const full = await k.run(['rollout', 'status', 'sts/db', '--timeout=60s']);
        assert.equal(full.code, 0, full.stderr);
        assert.equal(lines(full.stdout).at(-1), 'partitioned roll out complete: 3 new pods have been updated...');
        await settle(k);
        assert.deepEqual(['db-0', 'db-1', 'db-2'].map(image), ['postgres:17', 'postgres:17', 'postgres:17']);
        assert.deepEqual(deleted, ['db-2', 'db-1', 'db-0'], 'highest ordinal first');
        assert.ok(Math.min(...readyCounts) >= 2, 'one pod at a time is down');
        const done = await k.run(['get', 'sts', 'db', '-o', 'jsonpath={.status.currentRevision} {.status.updateRevision}']);
        const [cur, upd] = done.stdout.split(' ');
        assert.equal(cur, upd, 'the update revision became the current one');
      } finally {
        stop();
      }
    });
  });
});
