// One heap measurement, in a process of its own started with --expose-gc (see memoryBench.ts):
//   heapProbe.ts model KUBECONFIG CONTEXT PODS   a ClusterModel that has listed every pod and watches
//   heapProbe.ts list FILE PODS                  the pods of FILE (a JSON array) held as parsed objects
// Prints {"heapGrowthBytes": N, "pods": M}: used heap after a full collection, less the same before.
import * as fs from 'node:fs';
import { loadKubeconfig } from '../../src/core/kubeconfig';
import { createSession } from '../../src/cluster/kube';
import { ClusterModel } from '../../src/cluster/clusterModel';

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function model(kubeconfig: string, context: string, expected: number): Promise<{ heapGrowthBytes: number; pods: number }> {
  const load = await loadKubeconfig({ origin: 'setting', files: [kubeconfig] }, async (p) => fs.readFileSync(p, 'utf8'));
  if (load.state !== 'ok') throw new Error('kubeconfig not loaded');
  const session = createSession(load.config, context, { allowExec: true, timeoutMs: 120_000 });
  await session.version({});
  const before = settledHeap();
  const m = new ClusterModel({ contextName: context, session: async () => session, log: () => undefined, kubectlVersion: async () => undefined, coalesceMs: 0 });
  const counted = await new Promise<number>((resolve, reject) => {
    m.onDidChange((s) => {
      if (s.phase === 'ready' && s.podsCounted) resolve(s.snapshot.nodes.reduce((n, node) => n + (node.podsUsed ?? 0), 0));
      else if (s.phase === 'error') reject(new Error(s.error.message));
    });
    m.start();
  });
  // The watches are open now; let the list's transient buffers go before measuring.
  await pause(1000);
  const after = settledHeap();
  if (m.current.phase !== 'ready' || !m.current.live) throw new Error('the model is not live after its lists');
  m.dispose();
  session.dispose();
  if (counted < expected) throw new Error(`the model counted ${counted} pods of ${expected}`);
  return { heapGrowthBytes: after - before, pods: counted };
}

function list(file: string): { heapGrowthBytes: number; pods: number } {
  const before = settledHeap();
  const held = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[];
  const after = settledHeap();
  return { heapGrowthBytes: after - before, pods: held.length };
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  const r = mode === 'model' ? await model(rest[0] ?? '', rest[1] ?? '', Number(rest[2])) : list(rest[0] ?? '');
  process.stdout.write(JSON.stringify(r) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
