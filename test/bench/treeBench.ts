// Runs under Node 24 (the Kubernetes client needs it): time from a refresh to the Clusters view's node
// data for a 5,000-node cluster, beside `kubectl get nodes -o json` on the same simulator, same run.
// Prints one JSON object on stdout.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadKubeconfig } from '../../src/core/kubeconfig';
import { createSession } from '../../src/cluster/kube';
import { ClusterModel } from '../../src/cluster/clusterModel';
import { ensureKubectl } from '../kubectl/getKubectl';
import { generateScenario, startSimulator } from '../sim/index';

const run = promisify(execFile);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const quietLog = (): void => undefined;

async function refreshToData(kubeconfig: string, context: string): Promise<number> {
  const load = await loadKubeconfig({ origin: 'setting', files: [kubeconfig] }, async (p) => fs.readFileSync(p, 'utf8'));
  if (load.state !== 'ok') throw new Error('kubeconfig not loaded');
  const session = createSession(load.config, context, { allowExec: true, timeoutMs: 60_000 });
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const conn: ClusterModel = new ClusterModel({
      contextName: context,
      session: async () => session,
      log: quietLog,
      kubectlVersion: async () => undefined,
    });
    conn.onDidChange(() => {
        const s = conn.current;
        if (s.phase === 'ready') {
          const ms = performance.now() - start;
          conn.dispose();
          session.dispose();
          if (s.snapshot.nodes.length !== nodes) reject(new Error(`listed ${s.snapshot.nodes.length} nodes`));
          else resolve(ms);
        } else if (s.phase === 'error') {
          conn.dispose();
          session.dispose();
          reject(new Error(s.error.message));
        }
    });
    conn.start();
  });
}

const nodes = Number(process.env['KM_BENCH_NODES'] ?? 5000);
const pods = Number(process.env['KM_BENCH_PODS'] ?? 50_000);

async function main(): Promise<void> {
  const kubectl = await ensureKubectl();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'km-tree-bench-'));
  const sim = await startSimulator({ scenario: generateScenario({ nodes, pods, kubeletVersions: ['v1.33.4', 'v1.32.9', 'v1.31.12'] }), kubeconfigPath: path.join(home, 'kubeconfig') });
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: sim.kubeconfigPath };
  try {
    await run(kubectl, ['get', 'nodes', '-o', 'json'], { env, maxBuffer: 1 << 30 });
    await refreshToData(sim.kubeconfigPath, sim.contextName);
    const kubectlMs: number[] = [];
    const treeMs: number[] = [];
    const startMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      await run(kubectl, ['get', 'nodes', '-o', 'json'], { env, maxBuffer: 1 << 30, encoding: 'buffer' });
      kubectlMs.push(performance.now() - t);
      treeMs.push(await refreshToData(sim.kubeconfigPath, sim.contextName));
      t = performance.now();
      await run(kubectl, ['version', '--client', '-o', 'json'], { env });
      startMs.push(performance.now() - t);
    }
    process.stdout.write(JSON.stringify({ nodes, pods, kubectlMs: median(kubectlMs), treeMs: median(treeMs), kubectlStartMs: median(startMs) }) + '\n');
  } finally {
    await sim.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
