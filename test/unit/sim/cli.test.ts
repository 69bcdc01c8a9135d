import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startSimulator } from '../../sim/index';
import { call } from './http';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('npm run sim (test/sim/main.ts)', () => {
  it('prints "ready https://127.0.0.1:PORT", serves the kubeconfig it wrote, and exits cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cli-'));
    const kubeconfig = path.join(dir, 'out', 'kubeconfig');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sim/main.ts', '--scenario', 'test/fixtures/scenarios/staging.yaml', '--kubeconfig', kubeconfig], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!/^ready https:\/\/127\.0\.0\.1:\d+\n/.test(stdout)) {
        if (Date.now() > deadline) throw new Error(`no ready line: ${stdout}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const url = stdout.trim().split(' ')[1]!;
      const kc = parseYaml(fs.readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[]; users: { user: { token?: string } }[] };
      assert.equal(kc.clusters[0]!.cluster.server, url);
      const ca = Buffer.from(kc.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString('utf8');
      const r = await call({ url, caPem: ca, token: kc.users[0]!.user.token! }, '/version');
      assert.equal(r.json().gitVersion, 'v1.34.1');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('server going away', () => {
  it('drops connections and comes back on the same port', async () => {
    const sim = await startSimulator({ scenario: path.join(repoRoot, 'test/fixtures/scenarios/staging.yaml') });
    try {
      const t = { url: sim.url, caPem: sim.caPem, token: sim.token };
      await sim.admin.goAway(0.3);
      await new Promise((r) => setTimeout(r, 100));
      await assert.rejects(call(t, '/version'));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await call(t, '/version')).status, 200);
    } finally {
      await sim.stop();
    }
  });
});
