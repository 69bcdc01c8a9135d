/**
 * Baseline for later features: wall time of `kubectl get nodes -o json` against a
 * generated 5,000-node, 50,000-pod cluster (several runs, median). Plain numbers
 * in, plain numbers out; the bench harness decides how to report them.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ensureKubectl } from '../kubectl/getKubectl';
import { generateScenario } from './generate';
import { startSimulator } from './index';

const run = promisify(execFile);

export interface BenchOptions {
  nodes?: number;
  pods?: number;
  runs?: number;
  /** kubectl binary (default: the cached v1.35.2 from ensureKubectl). */
  kubectl?: string;
}

export interface BenchResult {
  nodes: number;
  pods: number;
  runs: number;
  /** Wall time of each `kubectl get nodes -o json`, in milliseconds, in run order. */
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Bytes kubectl printed (the same every run). */
  outputBytes: number;
  /** Time to build and start the simulated cluster (not part of the measurement). */
  startupMs: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function benchGetNodesJson(opts: BenchOptions = {}): Promise<BenchResult> {
  const nodes = opts.nodes ?? 5000;
  const pods = opts.pods ?? 50_000;
  const runs = Math.max(1, opts.runs ?? 5);
  const kubectl = opts.kubectl ?? (await ensureKubectl());
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-bench-'));
  const started = Date.now();
  const sim = await startSimulator({ scenario: generateScenario({ nodes, pods }), kubeconfigPath: path.join(home, 'kubeconfig') });
  const startupMs = Date.now() - started;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: sim.kubeconfigPath };
  try {
    // One untimed run fills kubectl's discovery cache and the server's JSON cache.
    await run(kubectl, ['get', 'nodes', '-o', 'json'], { env, maxBuffer: 1 << 30 });
    const samplesMs: number[] = [];
    let outputBytes = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const { stdout } = await run(kubectl, ['get', 'nodes', '-o', 'json'], { env, maxBuffer: 1 << 30, encoding: 'buffer' });
      samplesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      outputBytes = stdout.length;
    }
    return { nodes, pods, runs, samplesMs, medianMs: median(samplesMs), minMs: Math.min(...samplesMs), maxMs: Math.max(...samplesMs), outputBytes, startupMs };
  } finally {
    await sim.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
