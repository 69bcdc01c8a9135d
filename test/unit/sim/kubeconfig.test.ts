import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { startSimulator, writeCombinedKubeconfig } from '../../sim/index';
import { call } from './http';

const scenarios = path.resolve(__dirname, '..', '..', 'fixtures', 'scenarios');

interface Kubeconfig {
  'current-context': string;
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token?: string; exec?: { command: string; args: string[] } } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

describe('combined kubeconfig for the demo', () => {
  it('holds production and staging as separate contexts, each with a token and an exec user', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-kc-'));
    const prod = await startSimulator({ scenario: path.join(scenarios, 'production.yaml') });
    const staging = await startSimulator({ scenario: path.join(scenarios, 'staging.yaml') });
    try {
      const file = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), [prod, staging]);
      const kc = parseYaml(fs.readFileSync(file, 'utf8')) as Kubeconfig;
      assert.equal(kc['current-context'], 'production');
      assert.deepEqual(kc.contexts.map((c) => c.name), ['production', 'production-exec', 'production-jane', 'staging', 'staging-exec']);
      for (const ctx of kc.contexts) {
        const cluster = kc.clusters.find((c) => c.name === ctx.context.cluster)!.cluster;
        const user = kc.users.find((u) => u.name === ctx.context.user)!.user;
        let token = user.token;
        if (user.exec) {
          const { stdout } = await promisify(execFile)(user.exec.command, user.exec.args);
          token = (JSON.parse(stdout) as { status: { token: string } }).status.token;
        }
        const caPem = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
        const v = await call({ url: cluster.server, caPem, token: token! }, '/api/v1/nodes');
        assert.equal(v.status, 200, ctx.name);
      }
      assert.equal(kc.clusters[0]!.cluster.server, prod.url);
      assert.equal(kc.clusters[1]!.cluster.server, staging.url);
    } finally {
      await prod.stop();
      await staging.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
