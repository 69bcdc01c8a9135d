/**
 * What an audit or a backup check reads from the demo's production scenario, with
 * the real clients: helm v4.1.4 finds the Helm release stored as a
 * `helm.sh/release.v1` Secret and prints its manifest (still policy/v1beta1, an API
 * removed in 1.25); kubectl v1.35.2 lists Velero's Backups (last night's completed,
 * the one before failed) and Schedule; and the read-only user "jane" may look at
 * everything a drain looks at but is refused the cordon and the evictions.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ensureHelm } from './getKubectl';
import { Kubectl, lines, table, waitUntil } from './harness';

const repoRoot = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

describe('the production scenario through helm and kubectl', () => {
  let k: Kubectl;
  let helmBin: string;
  const helm = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(helmBin, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.dirname(k.sim.kubeconfigPath), KUBECONFIG: k.sim.kubeconfigPath } });
    return stdout;
  };
  before(async () => {
    helmBin = await ensureHelm();
    k = await Kubectl.start(path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'production.yaml'));
  });
  after(() => k.stop());

  it('helm list finds the release stored in its Secret', async () => {
    const rows = lines(await helm('list', '-A')).map((l) => l.split('\t').map((c) => c.trim()));
    assert.deepEqual(rows[0], ['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']);
    assert.deepEqual(rows.slice(1), [['legacy-gateway', 'shop', '1', '2024-03-12 09:41:07.512318 +0000 UTC', 'deployed', 'gateway-1.4.2', '1.25.4']]);
  });

  it('helm get manifest shows the removed API the release was installed with', async () => {
    const manifest = await helm('get', 'manifest', 'legacy-gateway', '-n', 'shop');
    assert.match(manifest, /^# Source: gateway\/templates\/pdb\.yaml\napiVersion: policy\/v1beta1\nkind: PodDisruptionBudget$/m);
  });

  it('kubectl lists Velero backups: one completed within the last day, one failed with its reason', async () => {
    const r = await k.run(['get', 'backups.velero.io', '-n', 'velero', '-o', 'jsonpath={range .items[*]}{.metadata.name}|{.status.phase}|{.status.completionTimestamp}|{.status.failureReason}{"\\n"}{end}']);
    assert.equal(r.code, 0, r.stderr);
    const [failed, recent] = lines(r.stdout).map((l) => l.split('|'));
    assert.deepEqual(failed!.slice(0, 2), ['nightly-failed', 'Failed']);
    assert.match(failed![3]!, /AccessDenied/);
    assert.deepEqual(recent!.slice(0, 2), ['nightly-recent', 'Completed']);
    const completedAgoHours = (Date.now() - Date.parse(recent![2]!)) / 3_600_000;
    assert.ok(completedAgoHours > 0 && completedAgoHours < 24, `completed ${completedAgoHours.toFixed(1)} h ago`);
  });

  it('kubectl get schedules prints the CRD\'s columns', async () => {
    const rows = table((await k.run(['get', 'schedules.velero.io', '-n', 'velero'])).stdout, ['AGE', 'LASTBACKUP']);
    assert.deepEqual(rows, [['NAME', 'STATUS', 'SCHEDULE', 'LASTBACKUP', 'AGE', 'PAUSED'], ['nightly', 'Enabled', '0 2 * * *', '<age>', '<age>']]);
  });

  it('jane may read nodes and pods but not cordon or evict', async () => {
    const as = (...args: string[]) => k.run(['--context', 'production-jane', ...args]);
    assert.equal((await as('get', 'nodes')).code, 0);
    assert.equal((await as('get', 'pods', '-A')).code, 0);
    assert.equal((await as('auth', 'can-i', 'create', 'pods/eviction', '-n', 'shop')).stdout, 'no\n');
    const drain = await as('drain', 'worker-1', '--ignore-daemonsets');
    assert.notEqual(drain.code, 0);
    assert.match(drain.stderr, /^error: unable to cordon node "worker-1": nodes "worker-1" is forbidden: User "jane" cannot patch resource "nodes" in API group "" at the cluster scope$/m);
    assert.match(drain.stderr, /pods "postgres-0" is forbidden: User "jane" cannot create resource "pods\/eviction" in API group "" in the namespace "data"/);
  });
});

describe('the production scenario upgraded 1.33 → 1.34 → 1.35 as an operator would', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'production.yaml'));
  });
  after(() => k.stop());

  const kubeletsTo = async (version: string, nodes: string[]): Promise<void> => {
    await Promise.all(nodes.map((n) => k.sim.admin.setKubeletVersion(n, version)));
    for (const n of nodes) {
      await waitUntil(`${n} Ready on ${version}`, () => k.node(n)?.status?.nodeInfo?.kubeletVersion === version && k.node(n)?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true, 30_000);
    }
  };
  const versions = async (): Promise<string[]> => {
    const r = await k.run(['get', 'nodes', '--no-headers', '-o', 'custom-columns=V:.status.nodeInfo.kubeletVersion']);
    return [...new Set(lines(r.stdout).map((l) => l.trim()))].sort();
  };

  it('is refused while kubelets are four minors behind, then goes through one minor at a time', async () => {
    const refused = await k.sim.admin.upgradeControlPlane({ version: 'v1.34.2' }).then(
      () => '',
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    assert.match(refused, /There are kubelets in this cluster that are too old that have these versions \[v1\.29\.15\]/);
    const all = ['cp-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4'];
    await kubeletsTo('v1.33.4', ['worker-2', 'worker-3', 'worker-4']);
    for (const version of ['v1.34.2', 'v1.35.2']) {
      await k.sim.admin.upgradeControlPlane({ version });
      await k.sim.admin.waitForUpgrade('cp-1');
      const v = await k.run(['version']);
      assert.match(v.stdout, new RegExp(`Server Version: ${version.replace(/\./g, '\\.')}\\n`));
      await kubeletsTo(version, all);
      assert.deepEqual(await versions(), [version]);
      const proxy = await k.run(['get', 'daemonset', 'kube-proxy', '-n', 'kube-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
      assert.equal(proxy.stdout, `registry.k8s.io/kube-proxy:${version}`);
    }
    const pods = await k.run(['get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane', '--no-headers', '-o', 'custom-columns=IMAGE:.spec.containers[0].image']);
    assert.deepEqual(lines(pods.stdout).map((l) => l.trim()), ['registry.k8s.io/etcd:3.6.4-0', 'registry.k8s.io/kube-apiserver:v1.35.2', 'registry.k8s.io/kube-controller-manager:v1.35.2', 'registry.k8s.io/kube-scheduler:v1.35.2']);
  });
});
