// Runs under Node 24: heap growth of a ClusterModel that lists and watches a 100,000-pod simulated
// cluster, beside the heap growth of holding the same pods as a plain list (issue 9, item 6). The
// simulator runs here; each measurement runs in its own process (heapProbe.ts), so the server's
// memory never counts. Prints one JSON object on stdout.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { generateScenario, startSimulator } from '../sim/index';

const run = promisify(execFile);

const generatedPods = Number(process.env['KM_BENCH_MEMORY_PODS'] ?? 100_000);
const nodes = Number(process.env['KM_BENCH_MEMORY_NODES'] ?? 1_000);

async function probe(args: readonly string[], expected: number): Promise<number> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', path.join(__dirname, 'heapProbe.ts'), ...args], { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { heapGrowthBytes?: number; pods?: number };
  if (typeof r.heapGrowthBytes !== 'number' || r.pods !== expected) throw new Error(`probe ${args[0] ?? ''} answered ${stdout.slice(-500)}`);
  return r.heapGrowthBytes;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-memory-bench-'));
  const sim = await startSimulator({ scenario: generateScenario({ nodes, pods: generatedPods }), kubeconfigPath: path.join(dir, 'kubeconfig') });
  try {
    const podsFile = path.join(dir, 'pods.json');
    // The generated pods and the few the control plane adds.
    const all = sim.cluster.store.all('/pods');
    fs.writeFileSync(podsFile, JSON.stringify(all));
    const modelBytes = await probe(['model', sim.kubeconfigPath, sim.contextName, String(all.length)], all.length);
    const plainListBytes = await probe(['list', podsFile], all.length);
    process.stdout.write(JSON.stringify({ pods: all.length, nodes, modelBytes, plainListBytes }) + '\n');
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
