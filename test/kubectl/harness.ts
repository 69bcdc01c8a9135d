/**
 * Runs the real kubectl v1.35.2 against a simulator: each Kubectl instance owns
 * one simulated cluster, a kubeconfig written into a temporary directory, and a
 * temporary HOME, so kubectl never reads ~/.kube (its discovery cache lands in the
 * temporary HOME too).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, type RunningSimulator } from '../sim/index';
import type { Scenario } from '../sim/scenario';
import type { Node, Pod } from '../sim/types';
import { ensureKubectl } from './getKubectl';

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class Kubectl {
  private constructor(readonly sim: RunningSimulator, private readonly binary: string, private readonly home: string) {}

  static async start(scenario: string | Scenario): Promise<Kubectl> {
    const binary = await ensureKubectl();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-parity-'));
    const sim = await startSimulator({ scenario, kubeconfigPath: path.join(home, 'kubeconfig') });
    return new Kubectl(sim, binary, home);
  }

  private env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { ...extra, PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home, KUBECONFIG: this.sim.kubeconfigPath, KUBECACHEDIR: path.join(this.home, 'cache'), NO_COLOR: '1' };
  }

  /** Starts kubectl; the caller reads its streams and ends it. */
  spawn(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
    return spawn(this.binary, args, { env: this.env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Runs kubectl to the end; `extraEnv` adds variables such as KUBE_EDITOR. */
  run(args: readonly string[], timeoutMs = 60_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(args, extraEnv);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  node(name: string): Node | undefined {
    return this.sim.cluster.store.get('/nodes', undefined, name) as Node | undefined;
  }

  pod(namespace: string, name: string): Pod | undefined {
    return this.sim.cluster.store.get('/pods', namespace, name) as Pod | undefined;
  }

  podsOn(node: string): Pod[] {
    return this.sim.cluster.store.podsOnNode(node) as Pod[];
  }

  async stop(): Promise<void> {
    await this.sim.stop();
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * kubectl's table output as rows of cells (columns are separated by at least two
 * spaces), with the cells of time-dependent columns such as AGE replaced by "<age>".
 */
export function table(text: string, timeColumns: readonly string[] = ['AGE']): string[][] {
  const rows = lines(text).map((l) => l.trim().split(/\s{2,}/));
  const header = rows[0] ?? [];
  const masked = header.map((h, i) => (timeColumns.includes(h) ? i : -1)).filter((i) => i >= 0);
  return rows.map((r, n) => (n === 0 ? r : r.map((c, i) => (masked.includes(i) ? '<age>' : c))));
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

export async function waitUntil(what: string, probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the controllers have stopped writing (no new resourceVersion for 300 ms). */
export async function settle(k: Kubectl): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  await waitUntil('cluster to settle', () => {
    const rv = k.sim.cluster.store.currentRv();
    if (rv !== last) {
      last = rv;
      stableSince = Date.now();
    }
    return Date.now() - stableSince > 300;
  });
}
