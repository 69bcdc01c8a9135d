/**
 * `npm run sim` as an operator uses it: it writes the admin access beside the
 * kubeconfig and prints the admin URL and token; `npm run sim -- admin ...` then
 * upgrades the control plane the way `kubeadm upgrade apply` does, upgrades a
 * kubelet and flips readiness, and kubectl v1.35.2 sees each change.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ensureKubectl } from './getKubectl';
import { waitUntil } from './harness';
import { scenario } from './scenarios';

const repoRoot = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCommand(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Result> {
  try {
    const { stdout, stderr } = await run(file, [...args], { cwd: repoRoot, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run sim -- admin', () => {
  let dir: string;
  let kubeconfig: string;
  let child: ChildProcess;
  let stderr = '';
  let kubectlBin: string;
  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(dir, 'cache') });
  const admin = (...args: string[]): Promise<Result> => runCommand(process.execPath, ['--import', 'tsx', 'test/sim/main.ts', 'admin', ...args], env());
  const kubectl = (...args: string[]): Promise<Result> => runCommand(kubectlBin, args, env());

  before(async () => {
    kubectlBin = await ensureKubectl();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-admin-cli-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    const file = path.join(dir, 'scenario.yaml');
    fs.writeFileSync(
      file,
      scenario('cli', '', {
        version: 'v1.33.4',
        managed: false,
        nodes: [
          { name: 'cp-1', version: 'v1.33.4', ip: '10.0.0.10', controlPlane: true },
          { name: 'worker-1', version: 'v1.33.4', ip: '10.0.0.11' },
        ],
      }),
    );
    child = spawn(process.execPath, ['--import', 'tsx', 'test/sim/main.ts', '--scenario', file, '--kubeconfig', kubeconfig], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    await waitUntil('admin line', () => /admin: https:\/\/127\.0\.0\.1:\d+\/_sim token admin-\S+/.test(stderr), 30_000);
  });
  after(() => {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the admin URL and token and writes them beside the kubeconfig', () => {
    const access = JSON.parse(fs.readFileSync(`${kubeconfig}.admin.json`, 'utf8')) as { url: string; token: string; caPem: string };
    assert.match(stderr, new RegExp(`admin: ${access.url}/_sim token ${access.token} `));
    assert.match(access.caPem, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(fs.statSync(`${kubeconfig}.admin.json`).mode & 0o777, 0o600);
  });

  it('refuses a skipped minor like kubeadm (exit 1), then upgrades one minor and waits until done', async () => {
    const skip = await admin('upgrade', 'control-plane', 'v1.35.0');
    assert.equal(skip.code, 1);
    assert.match(skip.stdout, /^\[upgrade\/version\] FATAL: the --version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "v1\.35\.0" is too high; kubeadm can upgrade only 1 minor version at a time\n/);
    const up = await admin('upgrade', 'control-plane', 'v1.34.2');
    assert.equal(up.code, 0, up.stdout + up.stderr);
    assert.match(up.stdout, /\[upgrade\/successful\] SUCCESS! The control plane of node "cp-1" was upgraded to "v1\.34\.2"\. Enjoy!\n$/);
    const v = await kubectl('version');
    assert.match(v.stdout, /Server Version: v1\.34\.2\n/);
    const image = await kubectl('get', 'pod', 'kube-apiserver-cp-1', '-n', 'kube-system', '-o', 'jsonpath={.spec.containers[0].image}');
    assert.equal(image.stdout, 'registry.k8s.io/kube-apiserver:v1.34.2');
  });

  it('flips readiness and upgrades a kubelet', async () => {
    assert.equal((await admin('ready', 'worker-1', 'false')).code, 0);
    assert.match((await kubectl('get', 'node', 'worker-1', '--no-headers')).stdout, /^worker-1\s+NotReady\s/);
    assert.equal((await admin('ready', 'worker-1', 'true')).code, 0);
    assert.equal((await admin('upgrade', 'kubelet', 'worker-1', 'v1.34.2')).code, 0);
    let row = '';
    for (let i = 0; i < 100 && !/^worker-1\s+Ready\s+<none>\s+\S+\s+v1\.34\.2/.test(row); i++) {
      row = (await kubectl('get', 'node', 'worker-1', '--no-headers')).stdout;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(row, /^worker-1\s+Ready\s+<none>\s+\S+\s+v1\.34\.2/);
  });

  it('injects a fault kubectl then hits', async () => {
    const add = await admin('fault', 'add', JSON.stringify({ match: { verb: 'list', resource: 'nodes' }, error: { code: 503, message: 'etcd is slow' }, count: 1 }));
    assert.equal(add.code, 0, add.stderr);
    const r = await kubectl('get', 'nodes');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /etcd is slow/);
    assert.equal((await kubectl('get', 'nodes')).code, 0);
  });

  it('explains its usage on an unknown verb (exit 2)', async () => {
    const r = await admin('frobnicate');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown verb "frobnicate"\nusage: npm run sim -- admin/);
  });
});
