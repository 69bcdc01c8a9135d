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
import { Kubectl, lines, table } from './harness';

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
