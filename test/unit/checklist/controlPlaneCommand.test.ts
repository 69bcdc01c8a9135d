// The control-plane step as the checklist performs it: the operator's command (here the simulator's
// admin CLI, as kubeadm would be called), filled in and quoted, run in the shell; then the wait.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expandCommand } from '../../../src/core/checklist/commandTemplate';
import { runProcess } from '../../../src/features/checklist/processRun';
import { waitForControlPlane } from '../../../src/features/checklist/waits';
import { clusterYaml, nodeYaml, startLiveCluster, type LiveCluster } from './simSession';

const repoRoot = path.resolve(__dirname, '../../..');
/** What an operator would configure: kubeadm's step, here done by the simulator's admin CLI. */
const TEMPLATE = `node --import tsx test/sim/main.ts admin --kubeconfig \${kubeconfig} upgrade control-plane v\${patch}`;

describe('the control-plane step: the operator\'s command, then the wait', () => {
  // A folder name a shell would split or expand if the kubeconfig path were not quoted.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "km cp $(echo x) it's-"));
  let c: LiveCluster;
  before(async () => {
    c = await startLiveCluster(clusterYaml('cmd', 'kubernetesVersion: v1.33.4\nmanaged: false\ntimeScale: 0.01\npodStartSeconds: 1\nstaticPodRestartSeconds: 10', [
      nodeYaml('cp-1', 'v1.33.4', { controlPlane: true }),
      nodeYaml('worker-1', 'v1.33.4'),
    ]), path.join(tmp, 'kubeconfig'));
  });
  after(async () => {
    await c.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a refused upgrade fails with the tool\'s own words and a non-zero exit status', async () => {
    const cmd = expandCommand(TEMPLATE, { version: '1.35', patch: '1.35.0', context: c.sim.contextName, kubeconfig: c.sim.kubeconfigPath }, 'posix');
    assert.ok(cmd.ok);
    const r = await runProcess({ command: cmd.command, cwd: repoRoot, env: process.env });
    assert.notEqual(r.exitCode, 0);
    assert.match(r.output, /Specified version to upgrade to "v1\.35\.0" is too high/);
  });

  it('the hop\'s command upgrades the control plane and the wait confirms it from the cluster', async () => {
    const cmd = expandCommand(TEMPLATE, { version: '1.34', patch: '1.34.1', context: c.sim.contextName, kubeconfig: c.sim.kubeconfigPath }, 'posix');
    assert.ok(cmd.ok);
    assert.ok(cmd.command.includes(`'${c.sim.kubeconfigPath.replace(/'/g, `'\\''`)}'`), cmd.command);
    const r = await runProcess({ command: cmd.command, cwd: repoRoot, env: process.env });
    assert.equal(r.exitCode, 0, r.output);
    const w = await waitForControlPlane(c.model, c.session, '1.34', { timeoutMs: 30_000, pollMs: 50 });
    assert.ok(w.ok, w.ok ? '' : w.reason);
    assert.match(w.observed, /kube-apiserver, kube-controller-manager, kube-scheduler on 1\.34; cp-1 Ready/);
  });
});
