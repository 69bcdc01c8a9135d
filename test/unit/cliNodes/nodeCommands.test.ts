// `kube-maintenance cordon|uncordon|drain` as a terminal or CI job sees them: exit status, the
// lines on standard output and standard error, and what changed on the (simulated) cluster.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NODES_USAGE, runNodeCommand } from '../../../src/cli/nodes';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { call } from '../sim/http';
import { installUndiciCompat } from '../sim/undiciCompat';

installUndiciCompat();

const SCENARIO = path.join(__dirname, '..', '..', 'fixtures', 'scenarios', 'staging.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'km-nodes-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(command: 'cordon' | 'uncordon' | 'drain', args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runNodeCommand(command, args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env });
  return { code, out, err };
}

describe('node command usage errors (no cluster needed)', () => {
  const env = { HOME: tmp, KUBECONFIG: path.join(tmp, 'none') };
  const usage = async (command: 'cordon' | 'uncordon' | 'drain', args: string[], message: string): Promise<void> => {
    assert.deepEqual(await run(command, args, env), { code: 2, out: '', err: `error: ${message}\n\n${NODES_USAGE}` }, `${command} ${args.join(' ')}`);
  };

  test('--help prints the usage with exit 0', async () => {
    for (const args of [['--help'], ['n', '-h']]) {
      assert.deepEqual(await run('drain', args, env), { code: 0, out: NODES_USAGE, err: '' });
    }
  });

  test('each bad flag is named as kubectl names it, with exit 2 and the usage', async () => {
    await usage('cordon', [], 'cordon needs at least one NODE');
    await usage('drain', ['--force'], 'drain needs at least one NODE');
    await usage('drain', ['n', '--bogus'], 'unknown flag: --bogus');
    await usage('drain', ['n', '--bogus=1'], 'unknown flag: --bogus');
    await usage('drain', ['n', '--force=yes'], 'invalid argument "yes" for "--force" flag');
    await usage('drain', ['n', '--context'], 'flag needs an argument: --context');
    await usage('drain', ['n', '--grace-period=abc'], 'invalid argument "abc" for "--grace-period" flag');
    await usage('drain', ['n', '--grace-period', '1.5'], 'invalid argument "1.5" for "--grace-period" flag');
    await usage('drain', ['n', '--skip-wait-for-delete-timeout=x1'], 'invalid argument "x1" for "--skip-wait-for-delete-timeout" flag');
    await usage('drain', ['n', '--timeout=5'], 'invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"');
    await usage('drain', ['n', '--dry-run=maybe'], 'Invalid dry-run value (maybe). Must be "none", "server", or "client".');
    await usage('drain', ['n', '--preview', '--format=yaml'], '--format must be text or json');
  });

  test('flags that kubectl accepts pass the usage check and reach the kubeconfig', async () => {
    const ok = ['--ignore-daemonsets', '--delete-emptydir-data=true', '--force=false', '--disable-eviction', '--grace-period=-1', '--grace-period', '30', '--timeout=1m30s', '--timeout', '0', '--pod-selector=app=web', '--selector', 'a=b', '--skip-wait-for-delete-timeout=5', '--dry-run=server', '--dry-run', 'client', '--dry-run=none', '--format=json', '--format', 'text', '--reason', 'disk', '--record=false', '--preview=false'];
    const r = await run('drain', ['n', ...ok], env);
    assert.deepEqual(r, { code: 1, out: '', err: 'error: no kubeconfig found (set KUBECONFIG or --kubeconfig)\n' });
  });
});

describe('kubeconfig problems exit 1 with one line', () => {
  test('no kubeconfig, a broken one with its line, a missing context, and no current context', async () => {
    assert.deepEqual(await run('cordon', ['x'], { HOME: tmp, KUBECONFIG: path.join(tmp, 'none') }), { code: 1, out: '', err: 'error: no kubeconfig found (set KUBECONFIG or --kubeconfig)\n' });
    const broken = path.join(tmp, 'broken');
    fs.writeFileSync(broken, 'apiVersion: v1\nkind: Config\nclusters: [\n');
    const b = await run('cordon', ['x'], { HOME: tmp, KUBECONFIG: broken });
    assert.equal(b.code, 1);
    assert.match(b.err, new RegExp(`^error: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: not valid YAML: [^\\n]+\\n$`));
    const noCurrent = path.join(tmp, 'no-current');
    fs.writeFileSync(noCurrent, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\n');
    assert.deepEqual(await run('uncordon', ['x'], { HOME: tmp, KUBECONFIG: noCurrent }), { code: 1, out: '', err: 'error: no context is set: use --context or set current-context\n' });
    assert.deepEqual(await run('uncordon', ['x', '--context', 'other'], { HOME: tmp, KUBECONFIG: noCurrent }), { code: 1, out: '', err: 'error: context "other" does not exist\n' });
    // --kubeconfig wins over KUBECONFIG
    assert.deepEqual(await run('uncordon', ['x', '--kubeconfig', noCurrent], { HOME: tmp, KUBECONFIG: path.join(tmp, 'none') }), { code: 1, out: '', err: 'error: no context is set: use --context or set current-context\n' });
  });
});

describe('against a cluster', () => {
  let sim: RunningSimulator;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    sim = await startSimulator({ scenario: SCENARIO, kubeconfigPath: path.join(tmp, 'kubeconfig') });
    env = { HOME: tmp, KUBECONFIG: sim.kubeconfigPath, PATH: process.env['PATH'] };
  });
  after(() => sim.stop());

  const node = async (name: string): Promise<{ spec?: { unschedulable?: boolean }; metadata: { annotations?: Record<string, string> } }> => {
    const r = await call({ url: sim.url, caPem: sim.caPem, token: sim.token }, `/api/v1/nodes/${name}`);
    return r.json();
  };

  test('cordon and uncordon say what they did, as kubectl does, and record who cordoned and why', async () => {
    assert.deepEqual(await run('cordon', ['stg-worker-2', '--reason', 'disk swap'], env), { code: 0, out: 'node/stg-worker-2 cordoned\n', err: '' });
    const cordoned = await node('stg-worker-2');
    assert.equal(cordoned.spec?.unschedulable, true);
    const notes = cordoned.metadata.annotations ?? {};
    assert.equal(notes['kubernetes-maintenance.io/cordon-reason'], 'disk swap');
    assert.ok(notes['kubernetes-maintenance.io/cordoned-by'], JSON.stringify(notes));
    assert.ok(!Number.isNaN(Date.parse(notes['kubernetes-maintenance.io/cordoned-at'] ?? '')));
    assert.deepEqual(await run('cordon', ['stg-worker-2', 'stg-worker-2'], env), { code: 0, out: 'node/stg-worker-2 already cordoned\nnode/stg-worker-2 already cordoned\n', err: '' });
    assert.deepEqual(await run('uncordon', ['stg-worker-2'], env), { code: 0, out: 'node/stg-worker-2 uncordoned\n', err: '' });
    const back = await node('stg-worker-2');
    assert.notEqual(back.spec?.unschedulable, true);
    assert.equal(back.metadata.annotations?.['kubernetes-maintenance.io/cordon-reason'], undefined);
    assert.deepEqual(await run('uncordon', ['stg-worker-2'], env), { code: 0, out: 'node/stg-worker-2 already uncordoned\n', err: '' });
  });

  test('--record=false cordons without a record; a dry run changes nothing and says so', async () => {
    assert.deepEqual(await run('cordon', ['stg-worker-2', '--record=false'], env), { code: 0, out: 'node/stg-worker-2 cordoned\n', err: '' });
    assert.equal((await node('stg-worker-2')).metadata.annotations?.['kubernetes-maintenance.io/cordoned-by'], undefined);
    await run('uncordon', ['stg-worker-2'], env);
    assert.deepEqual(await run('cordon', ['stg-worker-2', '--dry-run=client'], env), { code: 0, out: 'node/stg-worker-2 cordoned (dry run)\n', err: '' });
    assert.deepEqual(await run('cordon', ['stg-worker-2', '--dry-run=server', '--reason', 'x'], env), { code: 0, out: 'node/stg-worker-2 cordoned (server dry run)\n', err: '' });
    const after = await node('stg-worker-2');
    assert.notEqual(after.spec?.unschedulable, true);
    assert.equal(after.metadata.annotations?.['kubernetes-maintenance.io/cordon-reason'], undefined);
  });

  test('a node that does not exist: the server\'s error, exit 1, and no other node touched', async () => {
    assert.deepEqual(await run('cordon', ['stg-worker-2', 'nope'], env), { code: 1, out: '', err: 'Error from server (NotFound): nodes "nope" not found\n' });
    assert.notEqual((await node('stg-worker-2')).spec?.unschedulable, true);
    assert.deepEqual(await run('drain', ['nope', '--preview'], env), { code: 1, out: '', err: 'Error from server (NotFound): nodes "nope" not found\n' });
    assert.deepEqual(await run('uncordon', ['nope', '--context', sim.contextName], env), { code: 1, out: '', err: 'Error from server (NotFound): nodes "nope" not found\n' });
  });

  test('drain --preview lists what would happen and changes nothing; --format json gives the same as data', async () => {
    const text = await run('drain', ['stg-worker-1', '--preview'], env);
    assert.equal(text.code, 0);
    assert.equal(text.err, '');
    const lines = text.out.split('\n');
    assert.equal(lines[0], 'Drain preview for node/stg-worker-1:');
    assert.match(text.out, /\nBlock the drain \(1\):\n {2}kube-system\/kube-proxy-[a-z0-9]+ — DaemonSet pod: it cannot leave the node \(allowed by --ignore-daemonsets\)\n/);
    assert.match(text.out, /\nThe drain cannot finish with these options\.\n$/);
    const json = await run('drain', ['stg-worker-1', '--preview', '--ignore-daemonsets', '--format=json'], env);
    assert.equal(json.code, 0);
    const preview = JSON.parse(json.out) as { node: string; canFinish: boolean; pods: { ref: string; action: string }[] };
    assert.equal(preview.node, 'stg-worker-1');
    assert.equal(preview.canFinish, true);
    assert.deepEqual(preview.pods.map((p) => p.action).sort(), ['evict', 'evict', 'skip']);
    assert.ok(json.out.endsWith('}\n'));
    assert.notEqual((await node('stg-worker-1')).spec?.unschedulable, true);
  });

  test('a client dry-run drain prints kubectl\'s lines and leaves the node schedulable', async () => {
    const r = await run('drain', ['stg-worker-1', '--dry-run=client', '--ignore-daemonsets'], env);
    assert.equal(r.code, 0);
    assert.match(r.out, /^node\/stg-worker-1 cordoned \(dry run\)\n(evicting pod [a-z-]+\/[a-z0-9-]+ \(dry run\)\n){2}node\/stg-worker-1 drained \(dry run\)\n$/);
    assert.match(r.err, /^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-[a-z0-9]+\n$/);
    assert.notEqual((await node('stg-worker-1')).spec?.unschedulable, true);
  });

  test('a drain that the DaemonSet pod blocks fails with exit 1 and kubectl\'s error, after cordoning', async () => {
    const r = await run('drain', ['stg-worker-1', '--record=false'], env);
    assert.equal(r.code, 1);
    assert.match(r.out, /^node\/stg-worker-1 cordoned\n/);
    assert.match(r.err, /cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-/);
    assert.equal((await node('stg-worker-1')).spec?.unschedulable, true);
    assert.deepEqual(await run('uncordon', ['stg-worker-1'], env), { code: 0, out: 'node/stg-worker-1 uncordoned\n', err: '' });
  });
});
