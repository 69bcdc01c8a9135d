// `kube-maintenance plan` before it reaches a cluster: option errors (exit 2, one line on standard
// error), release-data and kubeconfig problems, the workspace scan and the local kubectl's version.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { localKubectlVersion, PLAN_USAGE, planCommand, scanWorkspaces } from '../../../src/cli/plan';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'km-plan-options-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function plan(args: string[], env: NodeJS.ProcessEnv = { HOME: tmp, KUBECONFIG: path.join(tmp, 'none'), PATH: '/nonexistent' }): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await planCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

const usage = async (args: string[], message: string): Promise<void> => {
  assert.deepEqual(await plan(args), { code: 2, stdout: '', stderr: `kube-maintenance plan: ${message}\n` }, args.join(' '));
};

describe('plan options', () => {
  test('--help and -h print the usage with exit 0', async () => {
    for (const args of [['--help'], ['--to', '1.33', '-h']]) {
      assert.deepEqual(await plan(args), { code: 0, stdout: PLAN_USAGE, stderr: '' });
    }
    assert.match(PLAN_USAGE, /^Usage: kube-maintenance plan --context NAME --to X\.Y \[options\]\n/);
  });

  test('each bad option is named, with exit 2', async () => {
    await usage(['--context'], '--context needs a value');
    await usage(['--to'], '--to needs a value');
    await usage(['--to', 'latest'], '--to: expected a minor version like 1.33, got "latest"');
    await usage(['--to', '1.33.2'], '--to: expected a minor version like 1.33, got "1.33.2"');
    await usage(['--to=1'], '--to: expected a minor version like 1.33, got "1"');
    await usage(['--format', 'yaml'], '--format: expected text, json or markdown, got "yaml"');
    await usage(['--backup-max-age-hours', '0'], '--backup-max-age-hours: expected a positive number, got "0"');
    await usage(['--backup-max-age-hours=-3'], '--backup-max-age-hours: expected a positive number, got "-3"');
    await usage(['--timeout', 'soon'], '--timeout: expected a positive number, got "soon"');
    await usage(['--timeout', 'Infinity'], '--timeout: expected a positive number, got "Infinity"');
    await usage(['--bogus'], 'unknown option --bogus');
    await usage(['-x'], 'unknown option -x');
    await usage(['prod'], 'unexpected argument "prod"');
    await usage(['--release-data', path.join(tmp, 'none.json')], `--release-data: cannot read ${path.join(tmp, 'none.json')}`);
  });

  test('good options in both spellings get past the option check to the kubeconfig', async () => {
    const kubeconfig = path.join(tmp, 'none');
    const r = await plan(['--context=a', '--kubeconfig', kubeconfig, '--to=v1.33', '--workspace', tmp, '--workspace=.', '--format=markdown', '--format', 'json', '--format', 'text', '--staging', 'b', '--backup-max-age-hours=0.5', '--kubectl', 'kc', '--timeout=2']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.startsWith(`kube-maintenance plan: kubeconfig: ${kubeconfig}: does not exist (given with --kubeconfig)`), r.stderr);
  });

  test('release data that is not JSON or not release data is refused with the reasons', async () => {
    const notJson = path.join(tmp, 'not.json');
    fs.writeFileSync(notJson, 'releases: []');
    const a = await plan(['--release-data', notJson]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, new RegExp(`^kube-maintenance plan: --release-data: ${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid release data:\\n {2}[^\\n]* is not JSON: `));
    const wrong = path.join(tmp, 'wrong.json');
    fs.writeFileSync(wrong, '{"schema": 1}');
    const b = await plan(['--release-data', wrong]);
    assert.equal(b.code, 2);
    assert.ok(b.stderr.startsWith(`kube-maintenance plan: --release-data: ${wrong} is not valid release data:\n  `), b.stderr);
  });

  test('a target beyond the release data names the data and its newest release', async () => {
    const r = await plan(['--to', '1.99']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kube-maintenance plan: --to 1\.99 is not in the release data \(built-in, generated \d{4}-\d\d-\d\d; newest released 1\.\d+\)\n$/);
  });
});

describe('plan kubeconfig problems', () => {
  const write = (name: string, text: string): string => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const config = (current: string): string => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: prod, context: {cluster: c, user: u}}, {name: stage, context: {cluster: c, user: u}}]
${current}`;

  test('a broken kubeconfig, no current context, an unknown context or staging context: exit 2', async () => {
    const broken = write('broken', 'clusters: [\n');
    const b = await plan(['--kubeconfig', broken]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /^kube-maintenance plan: kubeconfig: [^\n]+\n$/);
    const none = write('no-current', config(''));
    await usage(['--kubeconfig', none], '--context is needed: the kubeconfig has no current context');
    await usage(['--kubeconfig', none, '--context', 'dev'], 'the kubeconfig has no context "dev"');
    await usage(['--kubeconfig', none, '--context', 'prod', '--staging', 'qa'], 'the kubeconfig has no context "qa"');
    const withCurrent = write('current', config('current-context: ghost\n'));
    await usage(['--kubeconfig', withCurrent], 'the kubeconfig has no context "ghost"');
  });

  test('KUBECONFIG from the environment is read when --kubeconfig is not given', async () => {
    const none = write('env-no-current', config(''));
    assert.deepEqual(await plan([], { HOME: tmp, KUBECONFIG: none }), { code: 2, stdout: '', stderr: 'kube-maintenance plan: --context is needed: the kubeconfig has no current context\n' });
  });
});

describe('the workspace scan of plan', () => {
  const rules = builtinRuleSet();
  const TARGET = { major: 1, minor: 33 };
  const FLOWSCHEMA = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\n';

  test('files in name order, .yaml, .yml, .json and .tpl only, .git and node_modules skipped, each use with its line', async () => {
    const dir = path.join(tmp, 'ws');
    for (const d of ['b', '.git', 'node_modules', 'a']) fs.mkdirSync(path.join(dir, d), { recursive: true });
    fs.writeFileSync(path.join(dir, 'b', 'x.yaml'), FLOWSCHEMA);
    fs.writeFileSync(path.join(dir, 'a', 'y.YML'), `# note\n---\n${FLOWSCHEMA}`);
    fs.writeFileSync(path.join(dir, 'a', 'z.tpl'), FLOWSCHEMA);
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema' }));
    fs.writeFileSync(path.join(dir, 'c.txt'), FLOWSCHEMA);
    fs.writeFileSync(path.join(dir, '.git', 'x.yaml'), FLOWSCHEMA);
    fs.writeFileSync(path.join(dir, 'node_modules', 'x.yaml'), FLOWSCHEMA);
    fs.writeFileSync(path.join(dir, 'bin.yaml'), Buffer.from([0x61, 0, 0x62]));
    const { uses, problems } = await scanWorkspaces([dir], rules, TARGET);
    assert.deepEqual(problems, []);
    const where = uses.map((u) => (u.source.type === 'workspace' ? `${path.relative(dir, u.source.file)}:${u.source.line}` : u.source.type));
    assert.deepEqual(where, ['a/y.YML:3', 'a/z.tpl:1', path.join('b', 'x.yaml') + ':1', 'c.json:1'].map((w) => w.replace('/', path.sep)));
    assert.ok(uses.every((u) => u.apiVersion === 'flowcontrol.apiserver.k8s.io/v1beta3' && u.kind === 'FlowSchema'));
  });

  test('a workspace that is a file is scanned as one; one that does not exist is a usage error', async () => {
    const file = path.join(tmp, 'one.yaml');
    fs.writeFileSync(file, FLOWSCHEMA);
    const { uses } = await scanWorkspaces([file, file], rules, TARGET);
    assert.equal(uses.length, 2);
    await assert.rejects(scanWorkspaces([path.join(tmp, 'nowhere')], rules, TARGET), new RegExp(`--workspace: no such file or directory: ${path.join(tmp, 'nowhere').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.deepEqual(await plan(['--workspace', path.join(tmp, 'nowhere')]), { code: 2, stdout: '', stderr: `kube-maintenance plan: no kubeconfig found (looked at ${path.join(tmp, 'none')})\n` });
  });

  test('a symbolic link is not followed; a file that cannot be read is a problem, not a failure', async () => {
    const dir = path.join(tmp, 'links');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(tmp, 'outside.yaml'), FLOWSCHEMA);
    fs.symlinkSync(path.join(tmp, 'outside.yaml'), path.join(dir, 'link.yaml'));
    fs.mkdirSync(path.join(dir, 'unreadable.yaml'));
    const r = await scanWorkspaces([dir], rules, TARGET);
    assert.deepEqual(r.uses, []);
    assert.deepEqual(r.problems, []);
    const asFile = await scanWorkspaces([path.join(dir, 'link.yaml')], rules, TARGET);
    assert.equal(asFile.uses.length, 1);
    // a socket named like a manifest cannot be read
    const socket = path.join(tmp, 'socket.yaml');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      assert.deepEqual(await scanWorkspaces([socket], rules, TARGET), { uses: [], problems: [`${socket}: cannot read (ENXIO)`] });
    } finally {
      server.close();
    }
  });
});

describe('the local kubectl version', () => {
  const script = (name: string, body: string): string => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  };

  test('read from `kubectl version --client -o json`; anything else gives no version', async () => {
    const env = { PATH: '/usr/bin:/bin' };
    const good = script('kubectl-good', 'test "$*" = "version --client -o json" || exit 1\necho \'{"clientVersion": {"gitVersion": "v1.33.2"}}\'');
    assert.equal(await localKubectlVersion(good, env), 'v1.33.2');
    assert.equal(await localKubectlVersion(script('kubectl-text', 'echo "Client Version: v1.33.2"'), env), undefined);
    assert.equal(await localKubectlVersion(script('kubectl-number', 'echo \'{"clientVersion": {"gitVersion": 133}}\''), env), undefined);
    assert.equal(await localKubectlVersion(script('kubectl-empty', "echo '{}'"), env), undefined);
    assert.equal(await localKubectlVersion(script('kubectl-fails', 'echo \'{"clientVersion": {"gitVersion": "v1.33.2"}}\'; exit 3'), env), undefined);
    assert.equal(await localKubectlVersion(path.join(tmp, 'no-kubectl'), env), undefined);
  });
});
