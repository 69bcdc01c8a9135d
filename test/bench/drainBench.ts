// Runs under Node 24 (our CLI needs it): draining a node that runs 200 pods, with our CLI and with real
// kubectl v1.35.2, each on a fresh copy of the same simulated cluster, in the same run; and the time of
// our drain preview for that node beside `kubectl drain --dry-run=client` on the same cluster.
// Prints one JSON object on stdout.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../harness/paths';
import { ensureKubectl } from '../kubectl/getKubectl';
import { generateScenario, startSimulator, type RunningSimulator, type Scenario } from '../sim/index';
import type { Pod } from '../sim/types';

const run = promisify(execFile);

export const PODS_ON_NODE = 200;
export const DRAINED_NODE = 'node-00001';
const WORKERS = 3;
const RUNS = Number(process.env['KM_BENCH_DRAIN_RUNS'] ?? 3);
const cli = path.join(repoRoot, 'dist', 'cli.js');

/** One control-plane node and three workers with 200 pods each; room on the others for the replacements. */
function drainScenario(): Scenario {
  const s = generateScenario({ name: 'drain-bench', nodes: 1 + WORKERS, pods: PODS_ON_NODE * WORKERS, kubeletVersions: ['v1.35.0'], kubernetesVersion: 'v1.35.0' });
  for (const o of s.objects) {
    if (o.kind !== 'Node') continue;
    const status = (o as { status?: { capacity?: Record<string, string>; allocatable?: Record<string, string> } }).status;
    if (status?.capacity) status.capacity['pods'] = '1000';
    if (status?.allocatable) status.allocatable['pods'] = '1000';
  }
  // Pods end 30 simulated seconds after eviction (their default grace period): 0.3 s of wall time here.
  return { ...s, cluster: { ...s.cluster, timeScale: 0.01, podStartSeconds: 1 } };
}

interface Copy {
  readonly sim: RunningSimulator;
  readonly env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

async function freshCopy(): Promise<Copy> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'km-drain-bench-'));
  const sim = await startSimulator({ scenario: drainScenario(), kubeconfigPath: path.join(home, 'kubeconfig') });
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: sim.kubeconfigPath, KUBECACHEDIR: path.join(home, 'cache'), NO_COLOR: '1' };
  return {
    sim,
    env,
    async stop() {
      await sim.stop();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

function podsLeft(copy: Copy): number {
  return (copy.sim.cluster.store.podsOnNode(DRAINED_NODE) as Pod[]).length;
}

function cordoned(copy: Copy): boolean {
  const node = copy.sim.cluster.store.get('/nodes', undefined, DRAINED_NODE) as { spec?: { unschedulable?: boolean } } | undefined;
  return node?.spec?.unschedulable === true;
}

/** Wall time of one command; it must leave the node cordoned and empty. */
async function timedDrain(file: string, args: readonly string[], copy: Copy, who: string): Promise<number> {
  if (podsLeft(copy) !== PODS_ON_NODE) throw new Error(`${who}: the scenario has ${podsLeft(copy)} pods on ${DRAINED_NODE}, not ${PODS_ON_NODE}`);
  const t = performance.now();
  await run(file, [...args], { env: copy.env, maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  if (!cordoned(copy) || podsLeft(copy) !== 0) throw new Error(`${who} left ${DRAINED_NODE} ${cordoned(copy) ? 'cordoned' : 'schedulable'} with ${podsLeft(copy)} pods`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const kubectl = await ensureKubectl();
  const drainArgs = ['drain', DRAINED_NODE, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=120s'];
  const oursMs: number[] = [];
  const kubectlMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate who goes first, so neither always meets a warmer machine.
    const order = i % 2 === 0 ? (['kubectl', 'ours'] as const) : (['ours', 'kubectl'] as const);
    for (const who of order) {
      const copy = await freshCopy();
      try {
        if (who === 'kubectl') kubectlMs.push(await timedDrain(kubectl, drainArgs, copy, 'kubectl drain'));
        else oursMs.push(await timedDrain(process.execPath, [cli, ...drainArgs], copy, 'kube-maintenance drain'));
      } finally {
        await copy.stop();
      }
    }
  }
  // The preview changes nothing, so one copy serves every sample of both.
  const copy = await freshCopy();
  const previewMs: number[] = [];
  const dryRunMs: number[] = [];
  let previewPods = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const { stdout } = await run(process.execPath, [cli, 'drain', DRAINED_NODE, '--ignore-daemonsets', '--preview', '--format', 'json'], { env: copy.env, maxBuffer: 1 << 26 });
      previewMs.push(performance.now() - t);
      previewPods = countEvicted(stdout);
      t = performance.now();
      await run(kubectl, ['drain', DRAINED_NODE, '--ignore-daemonsets', '--dry-run=client'], { env: copy.env, maxBuffer: 1 << 26 });
      dryRunMs.push(performance.now() - t);
    }
    if (cordoned(copy) || podsLeft(copy) !== PODS_ON_NODE) throw new Error('the preview or the dry run changed the cluster');
  } finally {
    await copy.stop();
  }
  if (previewPods !== PODS_ON_NODE) throw new Error(`the preview lists ${previewPods} pods to evict, not ${PODS_ON_NODE}`);
  process.stdout.write(JSON.stringify({ pods: PODS_ON_NODE, runs: RUNS, oursMs: median(oursMs), kubectlMs: median(kubectlMs), previewMs: median(previewMs), dryRunMs: median(dryRunMs) }) + '\n');
}

/** Pods the JSON preview says will be evicted. */
function countEvicted(json: string): number {
  const parsed = JSON.parse(json) as { pods?: { action?: string }[] };
  return (parsed.pods ?? []).filter((p) => p.action === 'evict').length;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
