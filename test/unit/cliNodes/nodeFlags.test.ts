// The node commands' flags that change what a drain does, the kubeconfig found from HOME, an exec
// credential context, and a cordon the server refuses.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { runNodeCommand } from '../../../src/cli/nodes';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { installUndiciCompat } from '../sim/undiciCompat';

installUndiciCompat();

const SCENARIO = path.join(__dirname, '..', '..', 'fixtures', 'scenarios', 'staging.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'km-node-flags-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(command: 'cordon' | 'uncordon' | 'drain', args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runNodeCommand(command, args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env });
  return { code, out, err };
}

interface Preview {
  pods: { ref: string; action: string; why?: string }[];
  canFinish: boolean;
}

describe('flags that change a drain', () => {
  let sim: RunningSimulator;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    sim = await startSimulator({ scenario: SCENARIO, kubeconfigPath: path.join(tmp, 'kubeconfig') });
    env = { HOME: tmp, KUBECONFIG: sim.kubeconfigPath, PATH: process.env['PATH'] };
    await sim.admin.applyObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'naked', namespace: 'shop', labels: { app: 'tool' } }, spec: { nodeName: 'stg-worker-2', containers: [{ name: 'c', image: 'busybox' }] } });
    await sim.admin.applyObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'scratch', namespace: 'shop', labels: { app: 'tool' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1', controller: true }] }, spec: { nodeName: 'stg-worker-2', volumes: [{ name: 'tmp', emptyDir: {} }], containers: [{ name: 'c', image: 'busybox' }] } });
  });
  after(() => sim.stop());
  afterEach(() => sim.admin.clearFaults());

  const preview = async (args: string[]): Promise<Map<string, string>> => {
    const r = await run('drain', ['stg-worker-2', '--preview', '--format=json', '--ignore-daemonsets', ...args], env);
    assert.equal(r.code, 0, r.err);
    const p = JSON.parse(r.out) as Preview;
    return new Map(p.pods.map((x) => [x.ref, x.action]));
  };

  test('an unmanaged pod blocks unless --force; a pod with emptyDir unless --delete-emptydir-data', async () => {
    const plain = await preview([]);
    assert.equal(plain.get('shop/naked'), 'block');
    assert.equal(plain.get('shop/scratch'), 'block');
    const forced = await preview(['--force']);
    assert.notEqual(forced.get('shop/naked'), 'block');
    assert.equal(forced.get('shop/scratch'), 'block');
    const both = await preview(['--force', '--delete-emptydir-data']);
    assert.notEqual(both.get('shop/naked'), 'block');
    assert.notEqual(both.get('shop/scratch'), 'block');
  });

  test('--disable-eviction deletes instead of evicting', async () => {
    const evicting = await preview(['--force', '--delete-emptydir-data']);
    const deleting = await preview(['--force', '--delete-emptydir-data', '--disable-eviction']);
    assert.equal(evicting.get('shop/scratch'), 'evict');
    assert.equal(deleting.get('shop/scratch'), 'delete');
  });

  test('--pod-selector and its alias --selector keep the drain to the matching pods', async () => {
    for (const flag of ['--pod-selector', '--selector']) {
      const only = await preview([`${flag}=app=tool`]);
      assert.deepEqual([...only.keys()].sort(), ['shop/naked', 'shop/scratch'], flag);
    }
    const all = await preview([]);
    assert.ok(all.size > 2);
  });

  test('a cordon the server refuses names the node and the server\'s message, with exit 1', async () => {
    await sim.admin.addFault({ match: { verb: 'patch', resource: 'nodes' }, error: { code: 500, message: 'etcd is down' } });
    const r = await run('cordon', ['stg-worker-2'], env);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, 'error: unable to cordon node "stg-worker-2": etcd is down\n');
  });

  test('the exec-credential context of the kubeconfig works', async () => {
    assert.deepEqual(await run('cordon', ['stg-worker-1', '--context', `${sim.contextName}-exec`, '--dry-run=client'], env), { code: 0, out: 'node/stg-worker-1 cordoned (dry run)\n', err: '' });
  });

  test('without KUBECONFIG the kubeconfig is HOME/.kube/config', async () => {
    const home = path.join(tmp, 'home');
    fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
    fs.copyFileSync(sim.kubeconfigPath, path.join(home, '.kube', 'config'));
    assert.deepEqual(await run('cordon', ['stg-worker-1', '--dry-run=client'], { HOME: home, PATH: process.env['PATH'] }), { code: 0, out: 'node/stg-worker-1 cordoned (dry run)\n', err: '' });
  });
});

describe('kubeconfig files that are not files, or not kubeconfigs', () => {
  test('a folder named as the kubeconfig is an error, not "no kubeconfig found"', async () => {
    const r = await run('cordon', ['x'], { HOME: tmp, KUBECONFIG: tmp });
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.ok(r.err.length > 0 && !r.err.includes('no kubeconfig found'), r.err);
    assert.match(r.err, /EISDIR|directory/);
  });

  test('a kubeconfig of the wrong shape names the file, the line and the problem', async () => {
    const file = path.join(tmp, 'shape');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: 5\n');
    assert.deepEqual(await run('cordon', ['x'], { HOME: tmp, KUBECONFIG: file }), { code: 1, out: '', err: `error: ${file}:3: "clusters" must be a list\n` });
  });

  test('a --kubeconfig file that does not exist is named, with no line', async () => {
    const file = path.join(tmp, 'missing-config');
    const r = await run('cordon', ['x', '--kubeconfig', file], { HOME: tmp });
    assert.equal(r.code, 1);
    assert.equal(r.err, `error: ${file}: does not exist (given with --kubeconfig)\n`);
  });
});
