// `kube-maintenance plan` inputs read before the cluster: the --to spellings at the edges of the
// release data, a release-data file of one's own, the kubeconfig found from HOME or KUBECONFIG,
// the environment given to the local kubectl, and the workspace's file order.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { localKubectlVersion, planCommand, scanWorkspaces } from '../../../src/cli/plan';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { builtinReleaseData, releasedVersions } from '../../../src/core/releases/releaseData';
import { formatMinor } from '../../../src/core/versions/kubeVersion';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'km-plan-inputs-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const NONE = path.join(tmp, 'none');

async function plan(args: string[], env: NodeJS.ProcessEnv = { HOME: tmp, KUBECONFIG: NONE, PATH: '/nonexistent' }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await planCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

const NO_KUBECONFIG = `kube-maintenance plan: no kubeconfig found (looked at ${NONE})\n`;
const newest = releasedVersions(builtinReleaseData()).at(-1);

describe('--to at the edges', () => {
  test('the newest released minor is a valid target; one above is not in the data', async () => {
    assert.ok(newest);
    assert.deepEqual(await plan(['--to', formatMinor(newest.minor)]), { code: 2, stdout: '', stderr: NO_KUBECONFIG });
    const above = formatMinor({ major: newest.minor.major, minor: newest.minor.minor + 1 });
    assert.match((await plan(['--to', above])).stderr, new RegExp(`^kube-maintenance plan: --to ${above.replace('.', '\\.')} is not in the release data`));
  });

  test('a two-digit major and blanks around the version are a minor version; the data then decides', async () => {
    assert.match((await plan(['--to', '10.1'])).stderr, /^kube-maintenance plan: --to 10\.1 is not in the release data/);
    assert.deepEqual(await plan(['--to', ' 1.30 ']), { code: 2, stdout: '', stderr: NO_KUBECONFIG });
    assert.deepEqual(await plan(['--to', 'v1.30']), { code: 2, stdout: '', stderr: NO_KUBECONFIG });
  });
});

describe('a release-data file of one\'s own', () => {
  test('valid data is used, and named as the origin of the release data', async () => {
    const file = path.join(tmp, 'releases.json');
    fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'src', 'core', 'releases', 'kubernetes-releases.json'), file);
    assert.deepEqual(await plan(['--release-data', file]), { code: 2, stdout: '', stderr: NO_KUBECONFIG });
    const r = await plan(['--release-data', file, '--to', '1.99']);
    assert.ok(r.stderr.startsWith(`kube-maintenance plan: --to 1.99 is not in the release data (${file}, generated `), r.stderr);
  });

  test('each problem of invalid data is on its own indented line', async () => {
    const file = path.join(tmp, 'bad-releases.json');
    fs.writeFileSync(file, JSON.stringify({ schema: 1, generatedAt: 'yesterday', releases: 'none' }));
    const r = await plan(['--release-data', file]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], `kube-maintenance plan: --release-data: ${file} is not valid release data:`);
    assert.ok(lines.length >= 3, r.stderr);
    assert.ok(lines.slice(1).every((l) => /^ {2}\S/.test(l)), r.stderr);
  });
});

describe('where plan looks for the kubeconfig', () => {
  const config = 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: prod, context: {cluster: c, user: u}}]\n';

  test('without KUBECONFIG, HOME/.kube/config', async () => {
    const home = path.join(tmp, 'home');
    fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
    fs.writeFileSync(path.join(home, '.kube', 'config'), config);
    assert.deepEqual(await plan([], { HOME: home }), { code: 2, stdout: '', stderr: 'kube-maintenance plan: --context is needed: the kubeconfig has no current context\n' });
  });

  test('every file of a KUBECONFIG list is named when none exists', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    assert.deepEqual(await plan([], { HOME: tmp, KUBECONFIG: `${a}:${b}` }), { code: 2, stdout: '', stderr: `kube-maintenance plan: no kubeconfig found (looked at ${a}, ${b})\n` });
  });

  test('a folder named as the kubeconfig is an error of its own, not a missing file', async () => {
    const r = await plan([], { HOME: tmp, KUBECONFIG: tmp });
    assert.ok(!r.stderr.includes('no kubeconfig found'), r.stderr);
    assert.match(r.stderr, /EISDIR|directory/);
  });
});

describe('the local kubectl and the workspace order', () => {
  test('kubectl runs with the environment plan was given', async () => {
    const file = path.join(tmp, 'kubectl-env');
    fs.writeFileSync(file, '#!/bin/sh\necho "{\\"clientVersion\\": {\\"gitVersion\\": \\"$KM_TEST_VERSION\\"}}"\n', { mode: 0o755 });
    assert.equal(await localKubectlVersion(file, { KM_TEST_VERSION: 'v1.31.7' }), 'v1.31.7');
  });

  test('files are scanned in name order whatever order the folder lists them in; backup copies are not manifests', async () => {
    const dir = path.join(tmp, 'order');
    fs.mkdirSync(dir);
    const flowschema = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\n';
    const names = ['m.yaml', 'c.yaml', 'x.yaml', 'a.yaml', 'q.yaml', 'e.yaml', 'z.yaml', 'b.yaml'];
    for (const name of names) fs.writeFileSync(path.join(dir, name), flowschema);
    fs.writeFileSync(path.join(dir, 'old.yaml.bak'), flowschema);
    const { uses } = await scanWorkspaces([dir], builtinRuleSet(), { major: 1, minor: 33 });
    const files = uses.map((u) => (u.source.type === 'workspace' ? path.basename(u.source.file) : ''));
    assert.deepEqual(files, [...names].sort());
  });
});
