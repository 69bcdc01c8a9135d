// The checklist panel's messages: what the host accepts from the webview, and that a real view survives
// the trip to the webview (JSON, as postMessage clones it) and is checked there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSavedState, parseToHost, parseToWebview, type ChecklistView, type ToHost } from '../../../src/core/checklist/protocol';
import { apply, at, node, throughControlPlane, upgrade } from './fixtures';

const trip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function refused(v: unknown): string {
  const r = parseToHost(v);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(v)}`);
  return r.ok ? '' : r.reason;
}

function realView(): ChecklistView {
  let state = throughControlPlane(upgrade([node('cp1', { controlPlane: true, zone: 'eu-1a' }), node('w1', { zone: 'eu-1b', unschedulable: true }), node('w2')], '1.35'));
  const drain = 'h0/nodes/cp1/drain';
  state = apply(state,
    { type: 'start-step', stepId: drain, at: at() },
    { type: 'step-progress', stepId: drain, at: at(), evidence: { kind: 'output', at: at(), command: 'drain cp1', text: 'node/cp1 cordoned' } },
    { type: 'step-succeeded', stepId: drain, at: at(), evidence: [{ kind: 'drain', at: at(), result: { node: 'cp1', outcome: 'drained', removed: ['kube-system/coredns-1'], remaining: [] } }] },
    { type: 'start-step', stepId: 'h0/nodes/cp1/node-upgrade', at: at() },
    { type: 'step-failed', stepId: 'h0/nodes/cp1/node-upgrade', at: at(), reason: 'exit status 2', evidence: [{ kind: 'output', at: at(), command: 'upgrade cp1', exitCode: 2, text: 'E: unable to locate package' }] },
    { type: 'pause', at: at(), reason: 'lunch' });
  return {
    context: 'prod',
    server: 'https://10.0.0.1:6443',
    state,
    drive: { kind: 'watching', holder: 'bob@ws-2' },
    unreachable: 'connect ECONNREFUSED',
    plan: [
      { to: '1.34', releaseNotes: 'https://kubernetes.io/blog/2025/08/27/kubernetes-v1-34-release/', patch: '1.34.2', removedApis: [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', replacement: 'flowcontrol.apiserver.k8s.io/v1', files: [{ file: '/ws/flows.yaml', line: 3, label: 'flows.yaml:3' }], elsewhere: ['helm release shop/flows'] }], skew: [], platformCommand: 'kubeadm upgrade apply v1.34.2' },
      { to: '1.35', removedApis: [], skew: ['w9 runs 1.31'] },
    ],
    planUnread: ['Helm releases: forbidden'],
    backup: ['Velero: 3 backups, newest 2h old'],
    staging: { context: 'staging', version: 'v1.34.2', detail: 'healthy' },
    commands: { 'control-plane-upgrade': { text: 'kubeadm upgrade apply v1.34.2', runnable: true }, 'node-upgrade': { text: 'ssh ${node} upgrade', runnable: false } },
    notReadyPods: [{ namespace: 'shop', name: 'cart', reason: 'CrashLoopBackOff', at: 5 }],
    warningEvents: [{ name: 'w1', reason: 'NodeNotReady', message: 'kubelet stopped posting status' }],
    rollback: ['cp1: drain it and reinstall 1.33'],
    reminders: ['w1 is still cordoned'],
    notes: ['the drain of cp1 was interrupted'],
    kubectl: 'v1.35.2',
  };
}

describe('protocol: webview → host', () => {
  it('accepts every intent, keeping only its own fields', () => {
    const intents: ToHost[] = [
      { type: 'ready' }, { type: 'cancel' }, { type: 'pause' }, { type: 'resume' }, { type: 'run-next-node' }, { type: 'run-all-remaining' },
      { type: 'take-over' }, { type: 'export' }, { type: 'show-log' },
      { type: 'start-step', stepId: 'h0/nodes/w1/drain' }, { type: 'skip-step', stepId: 'h0/backup/backup' }, { type: 'resolve-interrupted', stepId: 'h0/nodes/w1/drain' },
      { type: 'skip-node', node: 'w1' }, { type: 'copy', text: 'kubeadm upgrade apply v1.34.2' },
      { type: 'open-file', file: '/ws/flows.yaml', line: 3 }, { type: 'open-link', url: 'https://kubernetes.io/releases/' },
      { type: 'open-staging', context: 'staging' },
    ];
    for (const m of intents) assert.deepEqual(parseToHost({ ...m, extra: '<evil>' }), { ok: true, message: m });
  });

  it('refuses what is not an intent', () => {
    for (const v of [null, undefined, 'ready', 42, [], [{ type: 'ready' }], {}, { type: 'run-command', command: 'rm -rf /' }, { type: 'READY' }]) refused(v);
  });

  it('refuses an intent without its field, or with a field of the wrong type', () => {
    assert.match(refused({ type: 'start-step' }), /stepId/);
    assert.match(refused({ type: 'start-step', stepId: 7 }), /stepId: expected text/);
    assert.match(refused({ type: 'skip-step', stepId: '' }), /stepId: expected 1 to 512 characters/);
    assert.match(refused({ type: 'skip-node', node: { name: 'w1' } }), /node/);
    assert.match(refused({ type: 'open-file', file: '/ws/a.yaml' }), /line/);
    assert.match(refused({ type: 'open-staging', context: '' }), /context/);
  });

  it('refuses texts longer than their limits', () => {
    assert.match(refused({ type: 'start-step', stepId: 'x'.repeat(513) }), /1 to 512/);
    assert.equal(parseToHost({ type: 'start-step', stepId: 'x'.repeat(512) }).ok, true);
    assert.match(refused({ type: 'skip-node', node: 'n'.repeat(254) }), /1 to 253/);
    assert.match(refused({ type: 'copy', text: 'c'.repeat(64_001) }), /1 to 64000/);
    assert.equal(parseToHost({ type: 'copy', text: 'c'.repeat(64_000) }).ok, true);
    assert.match(refused({ type: 'open-file', file: 'f'.repeat(4097), line: 1 }), /file/);
    assert.match(refused({ type: 'open-link', url: `https://x/${'u'.repeat(2048)}` }), /url/);
  });

  it('opens files only at a real line', () => {
    for (const line of [0, -1, 1.5, Number.NaN, '3', null]) refused({ type: 'open-file', file: '/ws/a.yaml', line });
  });

  it('opens only http and https links', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://x', 'data:text/html,hi', ' https://x', 'kubernetes.io']) {
      assert.match(refused({ type: 'open-link', url }), /only http and https/);
    }
    assert.equal(parseToHost({ type: 'open-link', url: 'HTTP://kubernetes.io' }).ok, true);
  });
});

describe('protocol: host → webview', () => {
  it('a real view comes through the trip unchanged', () => {
    const view = realView();
    const r = parseToWebview(trip({ type: 'view', view }));
    assert.deepEqual(r, { ok: true, message: { type: 'view', view } });
  });

  it('a fresh checklist’s view with no optional facts comes through too', () => {
    const view: ChecklistView = { context: 'prod', server: 's', state: upgrade(), drive: { kind: 'driving' }, plan: [], planUnread: [], backup: [], commands: {}, notReadyPods: [], warningEvents: [], rollback: [], reminders: [], notes: [] };
    assert.deepEqual(parseToWebview(trip({ type: 'view', view })), { ok: true, message: { type: 'view', view } });
  });

  it('a refused action comes through with its message', () => {
    assert.deepEqual(parseToWebview({ type: 'refused', message: 'paused: lunch' }), { ok: true, message: { type: 'refused', message: 'paused: lunch' } });
    assert.equal(parseToWebview({ type: 'refused' }).ok, false);
  });

  it('refuses a view whose parts have the wrong shape, naming the part', () => {
    const base = trip(realView()) as Record<string, unknown>;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ state: { ...(base.state as object), schema: 2 } }, /view\.state/],
      [{ drive: { kind: 'watching' } }, /drive\.holder/],
      [{ drive: { kind: 'steering' } }, /drive\.kind/],
      [{ commands: { 'node-upgrade': { text: 'x', runnable: 'yes' } } }, /commands\.node-upgrade\.runnable/],
      [{ plan: [{ to: '1.34', removedApis: [{ apiVersion: 'v1', kind: 'X', files: [{ file: 'a', line: '3', label: 'a' }], elsewhere: [] }], skew: [] }] }, /plan\[0\]\.removedApis\[0\]\.files\[0\]\.line/],
      [{ notReadyPods: [{ name: 'p' }] }, /notReadyPods\[0\]\.reason/],
      [{ reminders: 'w1 cordoned' }, /reminders/],
      [{ context: undefined }, /view\.context/],
    ];
    for (const [change, problem] of cases) {
      const r = parseToWebview({ type: 'view', view: { ...base, ...change } });
      assert.equal(r.ok, false, JSON.stringify(change));
      if (!r.ok) assert.match(r.reason, problem);
    }
    assert.equal(parseToWebview({ type: 'views', view: base }).ok, false);
  });
});

describe('protocol: the webview’s saved state', () => {
  it('reads back what the webview saved, and nothing else', () => {
    assert.deepEqual(parseSavedState({ context: 'prod', expanded: ['ev:h0/backup/backup'], scrollY: 120 }), { context: 'prod', expanded: ['ev:h0/backup/backup'], scrollY: 120 });
    assert.deepEqual(parseSavedState({ context: 'prod', server: 'https://10.0.0.1:6443', expanded: [], scrollY: 0 }), { context: 'prod', server: 'https://10.0.0.1:6443', expanded: [], scrollY: 0 });
    for (const v of [undefined, null, 'x', { context: 'prod' }, { context: 'prod', server: 7, expanded: [], scrollY: 0 }, { context: 'prod', expanded: [1], scrollY: 0 }, { context: 'prod', expanded: [], scrollY: 'top' }]) assert.equal(parseSavedState(v), undefined);
    assert.equal(parseSavedState({ context: 'prod', expanded: Array.from({ length: 1500 }, (_, i) => `ev:${i}`), scrollY: 0 })?.expanded.length, 1000);
  });
});
