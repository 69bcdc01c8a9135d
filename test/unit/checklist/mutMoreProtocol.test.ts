// The checklist panel's messages, each refusal with its exact reason: the limits of every field the
// webview may send, and every part of the view the host sends, accepted with and without its options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSavedState, parseToHost, parseToWebview, type ChecklistView } from '../../../src/core/checklist/protocol';
import { upgrade } from './fixtures';

type Raw = Record<string, unknown>;

function hostReason(v: unknown): string {
  const r = parseToHost(v);
  assert.ok(!r.ok, `accepted ${JSON.stringify(v).slice(0, 80)}`);
  return r.reason;
}

function accepted(v: Raw): void {
  assert.deepEqual(parseToHost(v), { ok: true, message: v });
}

const TYPES = 'ready, cancel, pause, resume, run-next-node, run-all-remaining, take-over, export, show-log, start-step, skip-step, resolve-interrupted, skip-node, copy, open-file, open-link, open-staging';

describe('protocol: webview → host, exact reasons and limits', () => {
  it('names what is wrong with a message that is not an intent', () => {
    assert.equal(hostReason(null), 'message: expected an object');
    assert.equal(hostReason([]), 'message: expected an object');
    assert.equal(hostReason({}), `type: expected one of ${TYPES}`);
    assert.equal(hostReason({ type: 'view' }), `type: expected one of ${TYPES}`);
  });

  it('takes a step id of 1 to 512 characters for each step intent', () => {
    for (const type of ['start-step', 'skip-step', 'resolve-interrupted']) {
      accepted({ type, stepId: 'x' });
      accepted({ type, stepId: 'x'.repeat(512) });
      assert.equal(hostReason({ type, stepId: '' }), 'stepId: expected 1 to 512 characters', type);
      assert.equal(hostReason({ type, stepId: 'x'.repeat(513) }), 'stepId: expected 1 to 512 characters', type);
      assert.equal(hostReason({ type }), 'stepId: expected text', type);
    }
  });

  it('takes a node name of 1 to 253 characters', () => {
    accepted({ type: 'skip-node', node: 'n'.repeat(253) });
    accepted({ type: 'skip-node', node: 'n' });
    assert.equal(hostReason({ type: 'skip-node', node: 'n'.repeat(254) }), 'node: expected 1 to 253 characters');
    assert.equal(hostReason({ type: 'skip-node', node: '' }), 'node: expected 1 to 253 characters');
    assert.equal(hostReason({ type: 'skip-node', stepId: 'w1' }), 'node: expected text');
  });

  it('takes text to copy of 1 to 64000 characters', () => {
    accepted({ type: 'copy', text: 'c' });
    assert.equal(hostReason({ type: 'copy', text: '' }), 'text: expected 1 to 64000 characters');
    assert.equal(hostReason({ type: 'copy', text: 'c'.repeat(64_001) }), 'text: expected 1 to 64000 characters');
    assert.equal(hostReason({ type: 'copy', text: 1 }), 'text: expected text');
  });

  it('takes a file of 1 to 4096 characters at a line from 1', () => {
    accepted({ type: 'open-file', file: 'f'.repeat(4096), line: 1 });
    accepted({ type: 'open-file', file: 'f', line: 120 });
    assert.equal(hostReason({ type: 'open-file', file: 'f'.repeat(4097), line: 1 }), 'file: expected 1 to 4096 characters');
    assert.equal(hostReason({ type: 'open-file', file: '', line: 1 }), 'file: expected 1 to 4096 characters');
    assert.equal(hostReason({ type: 'open-file', line: 1 }), 'file: expected text');
    for (const line of [0, -3, 2.5]) assert.equal(hostReason({ type: 'open-file', file: 'f', line }), 'line: expected a line number from 1', String(line));
    assert.equal(hostReason({ type: 'open-file', file: 'f', line: '3' }), 'line: expected a number');
    assert.equal(hostReason({ type: 'open-file', file: 'f' }), 'line: expected a number');
  });

  it('takes a link of 1 to 2048 characters that starts with http:// or https://', () => {
    accepted({ type: 'open-link', url: 'http://kubernetes.io/releases/' });
    accepted({ type: 'open-link', url: 'Https://kubernetes.io' });
    accepted({ type: 'open-link', url: `https://${'u'.repeat(2040)}` });
    assert.equal(hostReason({ type: 'open-link', url: `https://${'u'.repeat(2041)}` }), 'url: expected 1 to 2048 characters');
    assert.equal(hostReason({ type: 'open-link', url: '' }), 'url: expected 1 to 2048 characters');
    for (const url of ['httpx://a', 'https:/a', 'http//a', 'xhttps://a', 'ftp://a']) assert.equal(hostReason({ type: 'open-link', url }), 'url: only http and https links are opened', url);
  });

  it('takes a staging context of 1 to 1024 characters', () => {
    accepted({ type: 'open-staging', context: 's'.repeat(1024) });
    assert.equal(hostReason({ type: 'open-staging', context: 's'.repeat(1025) }), 'context: expected 1 to 1024 characters');
    assert.equal(hostReason({ type: 'open-staging', context: '' }), 'context: expected 1 to 1024 characters');
    assert.equal(hostReason({ type: 'open-staging' }), 'context: expected text');
  });

  it('passes on an error that is not about the shape', () => {
    assert.throws(() => parseToHost({ get type(): string { throw new RangeError('boom'); } }), RangeError);
  });
});

/** The smallest view the host sends, as JSON. */
function minimal(): Raw {
  return JSON.parse(JSON.stringify({
    context: 'prod', server: 'https://10.0.0.1:6443', state: upgrade(), drive: { kind: 'driving' }, plan: [], planUnread: [], backup: [], commands: {},
    notReadyPods: [], warningEvents: [], rollback: [], reminders: [], notes: [],
  })) as Raw;
}

function viewReason(edit: (v: Raw) => void): string {
  const v = minimal();
  edit(v);
  const r = parseToWebview({ type: 'view', view: v });
  assert.ok(!r.ok, 'accepted');
  return r.reason;
}

function viewOf(edit: (v: Raw) => void): ChecklistView {
  const v = minimal();
  edit(v);
  const r = parseToWebview({ type: 'view', view: v });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.equal(r.message.type, 'view');
  return (r.message as { view: ChecklistView }).view;
}

describe('protocol: host → webview, exact reasons', () => {
  it('names a message that is not one of the host\'s', () => {
    assert.deepEqual(parseToWebview('view'), { ok: false, reason: 'message: expected an object' });
    assert.deepEqual(parseToWebview({ type: 'refresh' }), { ok: false, reason: 'type: expected one of view, refused' });
    assert.deepEqual(parseToWebview({ type: 'refused', message: 3 }), { ok: false, reason: 'message: expected text' });
    assert.deepEqual(parseToWebview({ type: 'refused', message: '', extra: 1 }), { ok: true, message: { type: 'refused', message: '' } });
    assert.deepEqual(parseToWebview({ type: 'view' }), { ok: false, reason: 'view: expected an object' });
  });

  it('reads the smallest view back with no optional part added', () => {
    const v = viewOf(() => undefined);
    assert.deepEqual(v, minimal());
    for (const k of ['unreachable', 'planChecks', 'staging', 'kubectl']) assert.equal(k in v, false, k);
  });

  it('refuses a view whose checklist would not load, with the checklist\'s reason', () => {
    assert.equal(viewReason((v) => { delete v.state; }), 'view.state: the value: expected an object');
    assert.equal(viewReason((v) => { (v.state as Raw).auto = 'sometimes'; }), 'view.state: auto: expected one of manual, next-node, all-remaining');
  });

  it('reads who drives, and refuses anything else', () => {
    assert.deepEqual(viewOf((v) => { v.drive = { kind: 'watching', holder: 'bob@ws-2' }; }).drive, { kind: 'watching', holder: 'bob@ws-2' });
    assert.deepEqual(viewOf((v) => { v.drive = { kind: 'untrusted', holder: 'x' }; }).drive, { kind: 'untrusted' });
    assert.deepEqual(viewOf((v) => { v.drive = { kind: 'driving', holder: 'x' }; }).drive, { kind: 'driving' });
    assert.equal(viewReason((v) => { v.drive = 'driving'; }), 'drive: expected an object');
    assert.equal(viewReason((v) => { v.drive = { kind: 'watching' }; }), 'drive.holder: expected text');
    assert.equal(viewReason((v) => { v.drive = {}; }), 'drive.kind: expected one of driving, watching, untrusted');
  });

  it('reads the commands by step kind, and refuses a bad one by name', () => {
    const commands = { 'node-upgrade': { text: 'ssh w1 up', runnable: false }, 'control-plane-upgrade': { text: 'kubeadm upgrade apply', runnable: true } };
    assert.deepEqual(viewOf((v) => { v.commands = { ...commands, 'node-patch': { text: 'p', runnable: true, extra: 1 } }; }).commands, { ...commands, 'node-patch': { text: 'p', runnable: true } });
    assert.equal(viewReason((v) => { v.commands = []; }), 'commands: expected an object');
    assert.equal(viewReason((v) => { v.commands = { 'node-patch': 'p' }; }), 'commands.node-patch: expected an object');
    assert.equal(viewReason((v) => { v.commands = { 'node-patch': { runnable: true } }; }), 'commands.node-patch.text: expected text');
    assert.equal(viewReason((v) => { v.commands = { 'node-patch': { text: 'p' } }; }), 'commands.node-patch.runnable: expected true or false');
  });

  it('reads live issues with and without their optional fields, and names a bad field', () => {
    const full = { namespace: 'shop', name: 'cart', reason: 'CrashLoopBackOff', message: 'back-off 5m', at: 7 };
    const bare = { name: 'w1', reason: 'NodeNotReady' };
    const v = viewOf((x) => { x.notReadyPods = [full, bare]; x.warningEvents = [bare, { ...full, extra: 1 }]; });
    assert.deepEqual([v.notReadyPods, v.warningEvents], [[full, bare], [bare, full]]);
    const cases: [Raw, string][] = [
      [{ ...bare, namespace: 1 }, 'namespace: expected text'],
      [{ reason: 'r' }, 'name: expected text'],
      [{ name: 'n' }, 'reason: expected text'],
      [{ ...bare, message: {} }, 'message: expected text'],
      [{ ...bare, at: 'now' }, 'at: expected a number'],
    ];
    for (const [i, problem] of cases) {
      assert.equal(viewReason((x) => { x.notReadyPods = [bare, i]; }), `view.notReadyPods[1].${problem}`);
      assert.equal(viewReason((x) => { x.warningEvents = [i]; }), `view.warningEvents[0].${problem}`);
    }
    assert.equal(viewReason((x) => { x.notReadyPods = {}; }), 'view.notReadyPods: expected a list');
    assert.equal(viewReason((x) => { x.warningEvents = [bare, 'w2']; }), 'view.warningEvents[1]: expected an object');
  });

  it('reads each hop\'s plan with and without its options, and names a bad field', () => {
    const api = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', replacement: 'flowcontrol.apiserver.k8s.io/v1', files: [{ file: '/ws/a.yaml', line: 3, label: 'a.yaml:3' }], elsewhere: ['helm release x'] };
    const full = { to: '1.34', releaseNotes: 'https://k8s.io/notes', patch: '1.34.2', removedApis: [api, { apiVersion: 'v1', kind: 'X', files: [], elsewhere: [] }], skew: ['w9 runs 1.31'], platformCommand: 'kubeadm upgrade apply v1.34.2' };
    const bare = { to: '1.35', removedApis: [], skew: [] };
    assert.deepEqual(viewOf((v) => { v.plan = [full, { ...bare, extra: 1 }]; }).plan, [full, bare]);
    const cases: [(p: Raw) => void, string][] = [
      [(p) => { p.to = 1.34; }, '.to: expected text'],
      [(p) => { p.releaseNotes = 1; }, '.releaseNotes: expected text'],
      [(p) => { p.patch = 2; }, '.patch: expected text'],
      [(p) => { p.removedApis = undefined; }, '.removedApis: expected a list'],
      [(p) => { p.removedApis = ['v1']; }, '.removedApis[0]: expected an object'],
      [(p) => { p.removedApis = [api, { ...api, apiVersion: 1 }]; }, '.removedApis[1].apiVersion: expected text'],
      [(p) => { p.removedApis = [{ ...api, kind: undefined }]; }, '.removedApis[0].kind: expected text'],
      [(p) => { p.removedApis = [{ ...api, replacement: false }]; }, '.removedApis[0].replacement: expected text'],
      [(p) => { p.removedApis = [{ ...api, files: 'a' }]; }, '.removedApis[0].files: expected a list'],
      [(p) => { p.removedApis = [{ ...api, files: [api.files[0], 'a'] }]; }, '.removedApis[0].files[1]: expected an object'],
      [(p) => { p.removedApis = [{ ...api, files: [{ line: 1, label: 'l' }] }]; }, '.removedApis[0].files[0].file: expected text'],
      [(p) => { p.removedApis = [{ ...api, files: [{ file: 'f', label: 'l' }] }]; }, '.removedApis[0].files[0].line: expected a number'],
      [(p) => { p.removedApis = [{ ...api, files: [{ file: 'f', line: 1 }] }]; }, '.removedApis[0].files[0].label: expected text'],
      [(p) => { p.removedApis = [{ ...api, elsewhere: [1] }]; }, '.removedApis[0].elsewhere[0]: expected text'],
      [(p) => { p.skew = 'none'; }, '.skew: expected a list'],
      [(p) => { p.platformCommand = ['a']; }, '.platformCommand: expected text'],
    ];
    for (const [edit, problem] of cases) {
      assert.equal(viewReason((v) => { const p = { ...full }; edit(p); v.plan = [bare, p]; }), `view.plan[1]${problem}`, problem);
    }
    assert.equal(viewReason((v) => { v.plan = 'none'; }), 'view.plan: expected a list');
  });

  it('reads the optional parts when there, and names each bad one', () => {
    const v = viewOf((x) => {
      x.unreachable = 'connect ECONNREFUSED';
      x.planChecks = ['fail: PDB'];
      x.staging = { context: 'staging', version: 'v1.34.2', detail: 'healthy', extra: 1 };
      x.kubectl = 'v1.35.0';
    });
    assert.deepEqual([v.unreachable, v.planChecks, v.staging, v.kubectl], ['connect ECONNREFUSED', ['fail: PDB'], { context: 'staging', version: 'v1.34.2', detail: 'healthy' }, 'v1.35.0']);
    assert.deepEqual(viewOf((x) => { x.staging = { context: 'staging', detail: 'not configured' }; }).staging, { context: 'staging', detail: 'not configured' });
    const cases: [(x: Raw) => void, string][] = [
      [(x) => { x.context = 1; }, 'view.context: expected text'],
      [(x) => { delete x.server; }, 'view.server: expected text'],
      [(x) => { x.unreachable = true; }, 'view.unreachable: expected text'],
      [(x) => { x.planUnread = [1]; }, 'view.planUnread[0]: expected text'],
      [(x) => { x.planChecks = 'x'; }, 'view.planChecks: expected a list'],
      [(x) => { x.backup = undefined; }, 'view.backup: expected a list'],
      [(x) => { x.staging = 'staging'; }, 'view.staging: expected an object'],
      [(x) => { x.staging = { detail: 'd' }; }, 'view.staging.context: expected text'],
      [(x) => { x.staging = { context: 'c', version: 1, detail: 'd' }; }, 'view.staging.version: expected text'],
      [(x) => { x.staging = { context: 'c' }; }, 'view.staging.detail: expected text'],
      [(x) => { x.rollback = [null]; }, 'view.rollback[0]: expected text'],
      [(x) => { x.reminders = {}; }, 'view.reminders: expected a list'],
      [(x) => { x.notes = ['a', 2]; }, 'view.notes[1]: expected text'],
      [(x) => { x.kubectl = 1; }, 'view.kubectl: expected text'],
    ];
    for (const [edit, problem] of cases) assert.equal(viewReason(edit), problem);
  });

  it('passes on an error that is not about the shape', () => {
    assert.throws(() => parseToWebview({ get type(): string { throw new RangeError('boom'); } }), RangeError);
  });
});

describe('protocol: the webview\'s saved state, exactly', () => {
  it('keeps the first 1000 expanded entries in order, and drops unknown fields', () => {
    const expanded = Array.from({ length: 1001 }, (_, i) => `ev:${i}`);
    assert.deepEqual(parseSavedState({ context: 'prod', expanded, scrollY: 3.5, extra: 1 }), { context: 'prod', expanded: expanded.slice(0, 1000), scrollY: 3.5 });
    assert.deepEqual(parseSavedState({ context: 'prod', expanded: ['a', 'b'], scrollY: 0 }), { context: 'prod', expanded: ['a', 'b'], scrollY: 0 });
  });

  it('gives nothing for a state it cannot read, whatever the error', () => {
    assert.equal(parseSavedState({ expanded: [], scrollY: 0 }), undefined);
    assert.equal(parseSavedState({ context: 'prod', scrollY: 0 }), undefined);
    assert.equal(parseSavedState({ get context(): string { throw new RangeError('boom'); } }), undefined);
  });
});
