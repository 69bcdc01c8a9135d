/**
 * Our `kube-maintenance drain|cordon|uncordon` against real kubectl v1.35.2: each case runs both on
 * fresh copies of the same simulated cluster and compares the exit status, the output lines (as
 * sets where kubectl evicts concurrently) and the cluster afterwards (which nodes are unschedulable,
 * which pods remain on which node, how many run per controller).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runNodeCommand } from '../../src/cli/nodes';
import type { Pod } from '../sim/types';
import { installUndiciCompat } from '../unit/sim/undiciCompat';
import { Kubectl, lines, waitUntil, type KubectlResult, settle } from './harness';
import { daemonSet, pdb, plainPod, replicaSet, scenario } from './scenarios';

installUndiciCompat();

async function settleRunning(k: Kubectl): Promise<void> {
  await waitUntil('scenario pods running', () => k.sim.cluster.store.all('/pods').every((p) => (p as Pod).status?.phase !== 'Pending'));
  await settle(k);
}

async function ours(k: Kubectl, args: readonly string[]): Promise<KubectlResult> {
  const [command, ...rest] = args;
  let stdout = '';
  let stderr = '';
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'km-cli-'));
  try {
    const code = await runNodeCommand(command as 'drain', rest, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { KUBECONFIG: k.sim.kubeconfigPath, HOME: home },
    });
    return { code, stdout, stderr };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

interface State {
  readonly unschedulable: Record<string, boolean>;
  /** Pods with the names the scenario gave them, and their node; controller-made names are counted per owner. */
  readonly named: string[];
  readonly perOwner: Record<string, number>;
}

function state(k: Kubectl, declared: ReadonlySet<string>): State {
  const unschedulable: Record<string, boolean> = {};
  for (const n of k.sim.cluster.store.all('/nodes')) unschedulable[n.metadata.name ?? ''] = (n as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true;
  const pods = k.sim.cluster.store.all('/pods') as Pod[];
  const named = pods.filter((p) => declared.has(p.metadata.name ?? '')).map((p) => `${p.metadata.namespace}/${p.metadata.name}@${p.spec.nodeName ?? ''}${p.metadata.deletionTimestamp ? ' (terminating)' : ''}`).sort();
  const perOwner: Record<string, number> = {};
  for (const p of pods) {
    if (p.metadata.deletionTimestamp || p.metadata.namespace === 'kube-system') continue;
    const owner = p.metadata.ownerReferences?.[0];
    const key = owner ? `${owner.kind}/${owner.name}` : 'none';
    perOwner[key] = (perOwner[key] ?? 0) + 1;
  }
  return { unschedulable, named, perOwner };
}

const sorted = (xs: string[]): string[] => [...xs].sort();

interface Case {
  readonly name: string;
  readonly objects: string;
  readonly args: readonly string[];
  /** kubectl fixes the order of these outputs (no concurrent evictions). */
  readonly ordered?: boolean;
  readonly version?: string;
  readonly prepare?: (k: Kubectl) => Promise<void>;
  /** Wait for controllers to act before comparing the cluster. */
  readonly after?: (k: Kubectl) => Promise<void>;
  readonly mask?: (line: string) => string;
}

async function compare(c: Case): Promise<void> {
  const declared = new Set([...c.objects.matchAll(/kind: Pod\nmetadata:\s*\n?\s*(?:\{name: |name: )([\w-]+)/g)].map((m) => m[1] ?? ''));
  const run = async (who: 'kubectl' | 'ours'): Promise<{ r: KubectlResult; s: State }> => {
    const k = await Kubectl.start(scenario(`${c.name}-${who}`, c.objects, c.version ? { version: c.version } : {}));
    try {
      await settleRunning(k);
      if (c.prepare) await c.prepare(k);
      const r = who === 'kubectl' ? await k.run(c.args) : await ours(k, c.args);
      if (c.after) await c.after(k);
      return { r, s: state(k, declared) };
    } finally {
      await k.stop();
    }
  };
  const [theirs, mine] = await Promise.all([run('kubectl'), run('ours')]);
  const norm = (text: string): string[] => lines(text).map((l) => (c.mask ? c.mask(l) : l));
  assert.equal(mine.r.code, theirs.r.code, `exit status (kubectl stderr: ${theirs.r.stderr}; ours: ${mine.r.stderr})`);
  if (c.ordered) {
    assert.deepEqual(norm(mine.r.stdout), norm(theirs.r.stdout), 'stdout');
    assert.deepEqual(norm(mine.r.stderr), norm(theirs.r.stderr), 'stderr');
  } else {
    assert.deepEqual(sorted(norm(mine.r.stdout)), sorted(norm(theirs.r.stdout)), 'stdout lines');
    assert.deepEqual(sorted(norm(mine.r.stderr)), sorted(norm(theirs.r.stderr)), 'stderr lines');
  }
  assert.deepEqual(mine.s, theirs.s, 'the cluster afterwards');
}

const web = replicaSet('web', [
  { name: 'web-1', node: 'worker-1' },
  { name: 'web-2', node: 'worker-2' },
]);
const agent = daemonSet('agent', 'kube-system', 'agent-w1', 'worker-1');
const cache = replicaSet('cache', [{ name: 'cache-1', node: 'worker-1' }], { emptyDir: true });
const db = [replicaSet('db', [{ name: 'db-1', node: 'worker-1' }]), pdb('db', 'app: db', 'minAvailable: 1')].join('---\n');
const many = replicaSet('many', [
  { name: 'many-1', node: 'worker-1' },
  { name: 'many-2', node: 'worker-1' },
  { name: 'many-3', node: 'worker-1' },
  { name: 'many-4', node: 'worker-2' },
]);
const budgetReady = async (k: Kubectl): Promise<void> =>
  waitUntil('budget computed', () => (k.sim.cluster.store.get('policy/poddisruptionbudgets', 'default', 'db')?.status as { currentHealthy?: number } | undefined)?.currentHealthy === 1);
const replaced = (count: number) => async (k: Kubectl): Promise<void> =>
  waitUntil('replacements running', () => (k.sim.cluster.store.all('/pods', 'default') as Pod[]).filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp).length >= count);

const cases: Case[] = [
  { name: 'ds-refused', objects: [web, agent].join('---\n'), args: ['drain', 'worker-1'], ordered: true },
  { name: 'ds-ignored', objects: [web, agent].join('---\n'), args: ['drain', 'worker-1', '--ignore-daemonsets'], ordered: true, after: replaced(2) },
  { name: 'naked-refused', objects: plainPod('naked', 'worker-1'), args: ['drain', 'worker-1'], ordered: true },
  { name: 'naked-forced', objects: plainPod('naked', 'worker-1'), args: ['drain', 'worker-1', '--force'], ordered: true },
  { name: 'emptydir-refused', objects: cache, args: ['drain', 'worker-1'], ordered: true },
  { name: 'emptydir-deleted', objects: cache, args: ['drain', 'worker-1', '--delete-emptydir-data'], ordered: true, after: replaced(1) },
  { name: 'several-pods', objects: many, args: ['drain', 'worker-1'], after: replaced(4) },
  { name: 'pdb-timeout', objects: db, args: ['drain', 'worker-1', '--timeout=3s'], ordered: true, prepare: budgetReady },
  { name: 'pod-selector', objects: [replicaSet('front', [{ name: 'front-1', node: 'worker-1' }], { labels: { app: 'front' } }), replicaSet('back', [{ name: 'back-1', node: 'worker-1' }], { labels: { app: 'back' } })].join('---\n'), args: ['drain', 'worker-1', '--pod-selector', 'app=front'], ordered: true, after: replaced(2) },
  { name: 'disable-eviction', objects: db, args: ['drain', 'worker-1', '--disable-eviction'], ordered: true, prepare: budgetReady, after: replaced(1) },
  { name: 'dry-client', objects: [web, agent].join('---\n'), args: ['drain', 'worker-1', '--ignore-daemonsets', '--dry-run=client'], ordered: true },
  { name: 'dry-server', objects: [web, agent].join('---\n'), args: ['drain', 'worker-1', '--ignore-daemonsets', '--dry-run=server'], ordered: true },
  { name: 'unknown-node', objects: web, args: ['drain', 'nope'], ordered: true },
  { name: 'two-nodes', objects: many, args: ['drain', 'worker-1', 'worker-2'], after: replaced(4) },
  { name: 'cordon-twice', objects: web, args: ['cordon', 'worker-1', 'worker-1'], ordered: true },
  { name: 'uncordon', objects: web, args: ['uncordon', 'worker-1'], ordered: true, prepare: async (k) => void (await k.run(['cordon', 'worker-1'])) },
  {
    name: 'api-error-mid-drain',
    objects: many,
    args: ['drain', 'worker-1'],
    prepare: async (k) => void (await k.sim.admin.addFault({ match: { verb: 'create', resource: 'pods', subresource: 'eviction', name: 'many-2' }, error: { code: 500, message: 'etcdserver: request timed out' } })),
    after: replaced(3),
  },
  { name: 'never-terminates', objects: replicaSet('slow', [{ name: 'slow-1', node: 'worker-1' }], { grace: 3600 }), args: ['drain', 'worker-1', '--timeout=2s'], ordered: true },
  { name: 'v1beta1-evictions', objects: web, args: ['drain', 'worker-1'], ordered: true, version: 'v1.21.14', after: replaced(2) },
];

describe('kube-maintenance drain/cordon/uncordon against kubectl v1.35.2', { concurrency: 3 }, () => {
  for (const c of cases) {
    it(`${c.name}: ${c.args.join(' ')}`, { timeout: 120_000 }, () => compare(c));
  }
});
