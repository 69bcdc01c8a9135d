// Runs under Node 24 (the Kubernetes client needs it): `kube-maintenance plan` of the generated
// 5,000-node, 50,000-pod scenario with 10,000 Helm release Secrets, beside `kubectl get pods -A -o json`
// on the same simulator, same run. Prints one JSON object on stdout.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { planCommand } from '../../src/cli/plan';
import { encodeHelmRelease } from '../../src/core/upgrade/helmRelease';
import { ensureKubectl } from '../kubectl/getKubectl';
import { generateScenario, startSimulator } from '../sim/index';

const run = promisify(execFile);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const nodes = Number(process.env['KM_BENCH_NODES'] ?? 5000);
const pods = Number(process.env['KM_BENCH_PODS'] ?? 50_000);
const releases = Number(process.env['KM_BENCH_RELEASES'] ?? 10_000);

function helmSecrets(count: number) {
  const manifest = (i: number) => `---\n# Source: app/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec: {containers: [{name: app, image: registry.example/app:1.${i % 50}}]}\n`;
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: { name: `sh.helm.release.v1.app-${i}.v1`, namespace: 'default', labels: { owner: 'helm', name: `app-${i}`, version: '1', status: 'deployed' } },
    data: { release: encodeHelmRelease({ name: `app-${i}`, namespace: 'default', version: 1, manifest: manifest(i) }) },
  }));
}

async function main(): Promise<void> {
  const kubectl = await ensureKubectl();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'km-plan-bench-'));
  const scenario = generateScenario({ nodes, pods, kubeletVersions: ['v1.33.4', 'v1.32.9', 'v1.31.12'] });
  scenario.objects.push(...helmSecrets(releases));
  const sim = await startSimulator({ scenario, kubeconfigPath: path.join(home, 'kubeconfig') });
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: sim.kubeconfigPath };
  const planOnce = async (): Promise<number> => {
    let out = 0;
    const t = performance.now();
    const code = await planCommand(['--kubeconfig', sim.kubeconfigPath, '--context', sim.contextName, '--format', 'json', '--kubectl', kubectl, '--timeout', '120'], {
      stdout: (s) => { out += s.length; },
      stderr: (s) => process.stderr.write(s),
      env,
    });
    const ms = performance.now() - t;
    if (code > 1 || out === 0) throw new Error(`plan exited ${code}`);
    return ms;
  };
  try {
    await run(kubectl, ['get', 'pods', '-A', '-o', 'json'], { env, maxBuffer: 1 << 30, encoding: 'buffer' });
    await planOnce();
    const kubectlMs: number[] = [];
    const planMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await run(kubectl, ['get', 'pods', '-A', '-o', 'json'], { env, maxBuffer: 1 << 30, encoding: 'buffer' });
      kubectlMs.push(performance.now() - t);
      planMs.push(await planOnce());
    }
    process.stdout.write(JSON.stringify({ nodes, pods, releases, kubectlMs: median(kubectlMs), planMs: median(planMs) }) + '\n');
  } finally {
    await sim.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
