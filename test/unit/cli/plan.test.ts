// `kube-maintenance plan` against the simulator: a multi-hop plan 1.31 → 1.35 with a Helm release
// using a removed API, kubelets that block the second hop, Velero backups recent/failed/absent, a
// Secret that does not decode, an RBAC-limited user, an unreachable cluster, and usage errors.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { planCommand } from '../../../src/cli/plan';
import { encodeHelmRelease } from '../../../src/core/upgrade/helmRelease';
import type { UpgradePlan } from '../../../src/core/upgrade/planTypes';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { installUndiciCompat } from '../sim/undiciCompat';

installUndiciCompat();

const SCENARIO = path.join(__dirname, '..', '..', 'fixtures', 'scenarios', 'plan-multihop.yaml');
const NOW = new Date('2026-12-01T08:00:00Z');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'km-plan-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FLOWSCHEMA = `apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
kind: FlowSchema
metadata:
  name: batch-jobs
spec:
  priorityLevelConfiguration: {name: workload-low}
  matchingPrecedence: 1000
`;

interface Run { code: number; stdout: string; stderr: string }

async function plan(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await planCommand(args, {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    env: { PATH: '/nonexistent', HOME: tmp, ...env },
    now: NOW,
  });
  return { code, stdout, stderr };
}

function json(run: Run): UpgradePlan {
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as UpgradePlan;
}

function helmSecret(release: string, namespace: string, revision: number, data: string) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: { name: `sh.helm.release.v1.${release}.v${revision}`, namespace, labels: { owner: 'helm', name: release, version: String(revision), status: 'deployed' } },
    data: { release: data },
  };
}

const veleroCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'backups.velero.io' },
  spec: {
    group: 'velero.io',
    scope: 'Namespaced',
    names: { plural: 'backups', singular: 'backup', kind: 'Backup', listKind: 'BackupList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

function backup(name: string, phase: string, completed: string) {
  return { apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name, namespace: 'velero' }, status: { phase, completionTimestamp: completed } };
}

describe('kube-maintenance plan against a simulated cluster', () => {
  let sim: RunningSimulator;
  let workspace: string;
  before(async () => {
    sim = await startSimulator({ scenario: SCENARIO, kubeconfigPath: path.join(tmp, 'kubeconfig') });
    await sim.admin.applyObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops' } });
    await sim.admin.applyObject(helmSecret('apf', 'ops', 3, encodeHelmRelease({ name: 'apf', namespace: 'ops', version: 3, manifest: `---\n# Source: apf/templates/flowschema.yaml\n${FLOWSCHEMA}` })));
    workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(path.join(workspace, 'deploy'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'deploy', 'apf.yaml'), `# priority for batch jobs\n---\n${FLOWSCHEMA}`);
    fs.writeFileSync(path.join(workspace, 'deploy', 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
  });
  after(() => sim.stop());
  beforeEach(() => sim.admin.clearFaults());

  const base = (): string[] => ['--kubeconfig', sim.kubeconfigPath, '--context', sim.contextName];

  it('plans 1.31 → 1.35 hop by hop: the removed API with its workspace and Helm sources, the kubelet that blocks the second hop', async () => {
    const run = await plan([...base(), '--to', '1.35', '--workspace', workspace, '--format', 'json']);
    const p = json(run);
    assert.equal(run.code, 1, 'blocked');
    assert.equal(p.blocked, true);
    assert.equal(p.context, sim.contextName);
    assert.equal(p.from, '1.31.4');
    assert.equal(p.to, '1.35');
    assert.equal(p.platform, 'kubeadm');
    assert.deepEqual(p.hops.map((h) => [h.version, h.patch]), [['1.32', '1.32.13'], ['1.33', '1.33.10'], ['1.34', '1.34.9'], ['1.35', '1.35.9']]);
    assert.match(p.hops[0].upgradeCommand ?? '', /kubeadm upgrade apply v1\.32\.13/);
    assert.match(p.hops[0].releaseNotes, /CHANGELOG-1\.32\.md/);

    const [fs132] = p.hops[0].removedApis;
    assert.equal(fs132.apiVersion, 'flowcontrol.apiserver.k8s.io/v1beta3');
    assert.equal(fs132.kind, 'FlowSchema');
    assert.equal(fs132.replacement, 'flowcontrol.apiserver.k8s.io/v1');
    assert.deepEqual(fs132.sources, [
      { type: 'workspace', file: path.join(workspace, 'deploy', 'apf.yaml'), line: 3 },
      { type: 'helm', release: 'apf', namespace: 'ops', revision: 3 },
    ]);
    assert.deepEqual(p.hops.slice(1).map((h) => h.removedApis.length), [0, 0, 0]);

    assert.deepEqual(p.hops[0].skew, []);
    const old = p.hops[1].skew.find((s) => s.subject === 'node/worker-old');
    assert.deepEqual(old && { component: old.component, version: old.version, verdict: old.verdict }, { component: 'kubelet', version: 'v1.29.10', verdict: 'blocks' });
    assert.ok(p.hops[3].skew.some((s) => s.subject === 'node/worker-1'), 'kubelets at 1.31 block 1.35');

    const byId = new Map(p.checks.map((c) => [c.id, c]));
    assert.equal(byId.get('nodes-ready')?.status, 'pass');
    assert.equal(byId.get('single-replica')?.status, 'warn');
    assert.match(byId.get('single-replica')?.detail ?? '', /shop\/cart/);
    assert.equal(byId.get('eol-current')?.status, 'warn');
    assert.equal(byId.get('apiserver-certificate')?.status, 'pass');
    assert.equal(byId.get('backup')?.status, 'unknown');
    assert.match(byId.get('backup')?.detail ?? '', /confirm your own backup/);
    assert.equal(byId.get('control-plane-health')?.status, 'pass');
    assert.equal(byId.get('staging-1.32')?.status, 'unknown');
    // The simulator serves /metrics; no client has used a deprecated version yet, so it adds no source.
    assert.ok(!p.unread.some((u) => /apiserver_requested_deprecated_apis/.test(u)), p.unread.join('\n'));
    assert.ok(!fs132.sources.some((src) => src.type === 'metric'));
  });

  it('defaults --to to one minor above the cluster, and prints text and Markdown', async () => {
    const text = await plan([...base(), '--workspace', workspace]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /Upgrade plan for plan-multihop: 1\.31\.4 → 1\.32 \(platform: kubeadm/);
    assert.match(text.stdout, /removed: flowcontrol\.apiserver\.k8s\.io\/v1beta3 FlowSchema → flowcontrol\.apiserver\.k8s\.io\/v1/);
    assert.match(text.stdout, /Helm release ops\/apf revision 3/);
    assert.doesNotMatch(text.stdout, /Hop to 1\.33/);
    const md = await plan([...base(), '--format', 'markdown']);
    assert.match(md.stdout, /^# Upgrade plan: plan-multihop, 1\.31\.4 → 1\.32/);
  });

  it('grades Velero backups: recent passes, a failed newest fails', async () => {
    await sim.admin.applyObject(veleroCrd);
    await sim.admin.applyObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'velero' } });
    await sim.admin.applyObject(backup('nightly-1', 'Completed', '2026-12-01T02:00:00Z'));
    let p = json(await plan([...base(), '--format', 'json']));
    assert.equal(p.checks.find((c) => c.id === 'backup')?.status, 'pass');
    await sim.admin.applyObject(backup('nightly-2', 'Failed', '2026-12-01T06:00:00Z'));
    p = json(await plan([...base(), '--format', 'json']));
    const c = p.checks.find((x) => x.id === 'backup');
    assert.equal(c?.status, 'fail');
    assert.match(c?.detail ?? '', /velero\/nightly-2 ended Failed/);
  });

  it('an RBAC-limited user gets unknown checks naming the denied verb and resource, never a pass', async () => {
    await sim.admin.addFault({ match: { verb: 'list', resource: 'poddisruptionbudgets' }, error: { code: 403, reason: 'Forbidden' } });
    await sim.admin.addFault({ match: { verb: 'list', resource: 'secrets' }, error: { code: 403, reason: 'Forbidden' } });
    await sim.admin.addFault({ match: { path: '/readyz' }, error: { code: 403, reason: 'Forbidden' } });
    const p = json(await plan([...base(), '--format', 'json', '--workspace', workspace]));
    const byId = new Map(p.checks.map((c) => [c.id, c]));
    assert.equal(byId.get('pdb-disruptions')?.status, 'unknown');
    assert.equal(byId.get('pdb-disruptions')?.detail, 'forbidden: cannot list poddisruptionbudgets.policy in all namespaces');
    assert.equal(byId.get('control-plane-health')?.status, 'unknown');
    assert.match(byId.get('control-plane-health')?.detail ?? '', /forbidden: cannot get \/readyz/);
    assert.ok(p.unread.some((u) => u === 'Helm releases: forbidden: cannot list secrets in all namespaces (Helm releases)'), p.unread.join('\n'));
    assert.equal(p.incomplete, true);
    // the workspace source still shows; the Helm one could not be read
    assert.deepEqual(p.hops[0].removedApis[0].sources.map((s) => s.type), ['workspace']);
  });

  it('reports a Helm Secret that does not decode and goes on', async () => {
    await sim.admin.applyObject(helmSecret('broken', 'ops', 1, Buffer.from('not a release').toString('base64')));
    const run = await plan([...base(), '--format', 'json']);
    const p = json(run);
    assert.ok(p.unread.some((u) => /Helm release Secret ops\/sh\.helm\.release\.v1\.broken\.v1 does not decode/.test(u)), p.unread.join('\n'));
    assert.equal(p.hops[0].removedApis[0].sources[0].type, 'helm', 'the good release is still scanned');
  });

  it('usage errors exit 2: a target below the cluster, outside the data, a bad option', async () => {
    const below = await plan([...base(), '--to', '1.30']);
    assert.equal(below.code, 2);
    assert.match(below.stderr, /below the cluster's version 1\.31/);
    const outside = await plan([...base(), '--to', '1.45']);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /not in the release data/);
    assert.equal((await plan([...base(), '--format', 'yaml'])).code, 2);
    assert.equal((await plan([...base(), '--to', '1.33.2'])).code, 2);
    assert.equal((await plan(['--kubeconfig', sim.kubeconfigPath, '--context', 'nope'])).code, 2);
  });

  it('exits 3 when the cluster cannot be reached', async () => {
    const dead = path.join(tmp, 'dead-kubeconfig');
    fs.writeFileSync(dead, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: dead, context: {cluster: c, user: u}}]
current-context: dead
`);
    const run = await plan(['--kubeconfig', dead, '--timeout', '3']);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /cannot reach the cluster of context "dead"/);
  });
});
