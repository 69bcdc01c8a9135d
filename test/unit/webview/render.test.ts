// What an operator sees and can click in the checklist panel, for the views the host sends.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ChecklistState, Step, StepStatus } from '../../../src/core/checklist/types';
import { apply, at, node, pass, rolling, throughControlPlane, upgrade } from '../checklist/fixtures';
import { buttonByKey, buttonByLabel, labels, mount, stepEl, stepsOffering, viewMessage, viewOf, type Mounted } from './harness';

const DRAIN = 'h0/nodes/w1/drain';

/** The state with one step's status (and evidence) replaced, as a reload or the host would leave it. */
function withStep(state: ChecklistState, id: string, change: Partial<Step> & { status: StepStatus }): ChecklistState {
  return { ...state, hops: state.hops.map((h) => ({ ...h, steps: h.steps.map((s) => (s.id === id ? { ...s, ...change } : s)) })) };
}

let open: Mounted[] = [];
function page(saved?: unknown): Mounted {
  const m = mount(saved);
  open.push(m);
  return m;
}
afterEach(() => {
  for (const m of open) m.close();
  open = [];
});

describe('checklist panel: loading and messages', () => {
  it('says it is loading and tells the host it is ready', () => {
    const p = page();
    assert.match(p.doc.body.textContent ?? '', /Loading the checklist/);
    assert.deepEqual(p.posted, [{ type: 'ready' }]);
  });

  it('draws a view that arrives as a window message', () => {
    const p = page();
    p.window.dispatchEvent(new p.window.MessageEvent('message', { data: viewMessage(viewOf()) }));
    assert.equal(p.doc.querySelector('h1')?.textContent, 'Upgrade 1.33 → 1.34');
    assert.match(p.doc.querySelector('.cluster')?.textContent ?? '', /Context prod · server https:\/\/10\.0\.0\.1:6443/);
  });

  it('drops a message that fails the protocol checks and keeps showing the last good view', () => {
    const p = page();
    p.send(viewMessage(viewOf()));
    const before = p.doc.body.innerHTML;
    p.send({ type: 'view', view: { ...viewOf(), state: { schema: 99 } } });
    p.send({ type: 'view', view: { ...viewOf(), drive: { kind: 'watching' } } });
    p.send({ type: 'celebrate' });
    p.send('<b>hi</b>');
    assert.equal(p.doc.body.innerHTML, before);
  });

  it('shows a refused action as an alert until the next action', () => {
    const p = page();
    p.send(viewMessage(viewOf()));
    p.send({ type: 'refused', message: '"Drain" comes first' });
    const alert = p.doc.querySelector('[role="alert"]');
    assert.match(alert?.textContent ?? '', /Not done: "Drain" comes first/);
    buttonByLabel(p.doc, 'Export as Markdown').click();
    assert.equal(p.doc.querySelector('[role="alert"]'), null);
  });
});

describe('checklist panel: the buttons follow the next step', () => {
  it('a new checklist offers to start only the plan review; nothing else can be started', () => {
    const p = page();
    p.send(viewMessage(viewOf()));
    assert.deepEqual(stepsOffering(p.doc, 'Mark reviewed'), ['h0/plan/review-plan']);
    assert.deepEqual(stepsOffering(p.doc, 'Skip…'), ['h0/plan/review-plan']);
    assert.deepEqual(labels(stepEl(p.doc, 'h0/backup/backup').querySelector('.step-head') as HTMLElement), []);
    buttonByLabel(stepEl(p.doc, 'h0/plan/review-plan'), 'Mark reviewed').click();
    assert.deepEqual(p.posted.at(-1), { type: 'start-step', stepId: 'h0/plan/review-plan' });
  });

  it('the backup step is recorded with “I have a backup” and says when no tool was found', () => {
    const p = page();
    p.send(viewMessage(viewOf(pass(upgrade(), 'h0/plan/review-plan'))));
    assert.deepEqual(stepsOffering(p.doc, 'I have a backup'), ['h0/backup/backup']);
    assert.match(p.doc.querySelector('.section-backup')?.textContent ?? '', /No backup tool was detected/);
    p.send(viewMessage(viewOf(pass(upgrade(), 'h0/plan/review-plan'), { backup: ['Velero: last backup completed 2 hours ago'] })));
    assert.match(p.doc.querySelector('.section-backup')?.textContent ?? '', /Velero: last backup completed 2 hours ago/);
  });

  it('after the control plane, the first node’s drain is next, with the node-loop buttons', () => {
    const p = page();
    p.send(viewMessage(viewOf(throughControlPlane(upgrade()))));
    assert.deepEqual(stepsOffering(p.doc, 'Drain…'), [DRAIN]);
    assert.deepEqual(stepsOffering(p.doc, 'Uncordon'), []);
    buttonByLabel(p.doc, 'Do the next node').click();
    buttonByLabel(p.doc, 'Do all remaining (stop on first failure)').click();
    buttonByKey(p.doc, 'skip-node:w2').click();
    assert.deepEqual(p.posted.slice(1), [{ type: 'run-next-node' }, { type: 'run-all-remaining' }, { type: 'skip-node', node: 'w2' }]);
  });

  it('the control-plane command can be copied, and run only when it is the configured one', () => {
    const s = pass(pass(pass(upgrade(), 'h0/plan/review-plan'), 'h0/backup/backup'), 'h0/staging/staging');
    const p = page();
    p.send(viewMessage(viewOf(s, { commands: { 'control-plane-upgrade': { text: 'sudo kubeadm upgrade apply v1.34.2', runnable: false } } })));
    assert.deepEqual(stepsOffering(p.doc, 'Start by hand…'), ['h0/control-plane/control-plane-upgrade']);
    assert.deepEqual(stepsOffering(p.doc, 'Run…'), []);
    buttonByKey(p.doc, 'copy:cp:0').click();
    assert.deepEqual(p.posted.at(-1), { type: 'copy', text: 'sudo kubeadm upgrade apply v1.34.2' });
    p.send(viewMessage(viewOf(s, { commands: { 'control-plane-upgrade': { text: 'ssh cp1 upgrade 1.34', runnable: true } } })));
    assert.deepEqual(stepsOffering(p.doc, 'Run…'), ['h0/control-plane/control-plane-upgrade']);
    assert.match(p.doc.querySelector('.section-control-plane pre')?.textContent ?? '', /ssh cp1 upgrade 1\.34/);
  });

  it('a running step shows a spinner, Cancel, and the cluster’s not-ready pods and warning events beside it', () => {
    const s = apply(throughControlPlane(upgrade()), { type: 'start-step', stepId: DRAIN, at: at() });
    const p = page();
    p.send(viewMessage(viewOf(s, {
      notReadyPods: [{ namespace: 'shop', name: 'cart-7d9', reason: 'Pending: Unschedulable' }],
      warningEvents: [{ namespace: 'shop', name: 'cart-7d9', reason: 'FailedScheduling', message: '0/3 nodes are available' }],
    })));
    const step = stepEl(p.doc, DRAIN);
    assert.ok(step.querySelector('.codicon-loading.codicon-modifier-spin'));
    assert.deepEqual(labels(step.querySelector('.step-head') as HTMLElement), ['Cancel']);
    assert.match(step.querySelector('.live')?.textContent ?? '', /Not ready pods \(1\)shop\/cart-7d9: Pending: Unschedulable/);
    assert.match(step.querySelector('.live')?.textContent ?? '', /Warning events \(1\)shop\/cart-7d9: FailedScheduling — 0\/3 nodes are available/);
    assert.deepEqual(stepsOffering(p.doc, 'Drain…'), []);
    assert.equal(p.doc.querySelectorAll('.live').length, 1, 'only the running step has the live lists');
    buttonByLabel(step, 'Cancel').click();
    assert.deepEqual(p.posted.at(-1), { type: 'cancel' });
  });

  it('a failed step shows its reason, its output and Retry, and the roll-back section appears', () => {
    let s = apply(throughControlPlane(upgrade()), { type: 'start-step', stepId: DRAIN, at: at() });
    s = apply(s, { type: 'step-failed', stepId: DRAIN, at: at(), reason: 'Cannot evict pod as it would violate the pod\'s disruption budget', evidence: [{ kind: 'output', at: at(), command: 'drain w1', exitCode: 1, text: 'evicting pod shop/cart-7d9\nerror when evicting pods/"cart-7d9"' }] });
    const p = page();
    p.send(viewMessage(viewOf(s, { rollback: ['w1 is cordoned: uncordon it to put it back in service'] })));
    const step = stepEl(p.doc, DRAIN);
    assert.match(step.querySelector('.step-status')?.textContent ?? '', /Failed: Cannot evict pod as it would violate the pod's disruption budget/);
    assert.deepEqual(labels(step.querySelector('.step-head') as HTMLElement), ['Retry…', 'Skip…']);
    assert.match(step.querySelector('pre')?.textContent ?? '', /error when evicting pods/, 'the failed step’s output is open');
    assert.match(step.querySelector('.exit')?.textContent ?? '', /exit status 1/);
    const rollback = p.doc.querySelector('.section-rollback');
    assert.ok(rollback, 'the roll-back section is shown');
    assert.match(rollback.textContent ?? '', /w1 is cordoned: uncordon it to put it back in service/);
    assert.deepEqual(stepsOffering(p.doc, 'Roll back…'), ['h0/rollback/rollback']);
  });

  it('before any failure there is no roll-back section', () => {
    const p = page();
    p.send(viewMessage(viewOf(throughControlPlane(upgrade()), { rollback: ['nothing yet'] })));
    assert.equal(p.doc.querySelector('.section-rollback'), null);
  });

  it('an interrupted step shows its note and asks the operator to say what they checked', () => {
    const s = withStep(throughControlPlane(upgrade()), DRAIN, { status: { kind: 'interrupted', at: 5, startedAt: 4, note: 'the window closed while it ran: check w1 before going on' } });
    const p = page();
    p.send(viewMessage(viewOf(s)));
    const step = stepEl(p.doc, DRAIN);
    assert.match(step.textContent ?? '', /Interrupted: the window closed while it ran: check w1 before going on/);
    buttonByLabel(step, 'Checked it…').click();
    assert.deepEqual(p.posted.at(-1), { type: 'resolve-interrupted', stepId: DRAIN });
  });

  it('a paused checklist says why and offers Resume instead of starting steps', () => {
    const s = apply(throughControlPlane(upgrade()), { type: 'pause', at: at(), reason: 'waiting for the change window' });
    const p = page();
    p.send(viewMessage(viewOf(s, { unreachable: 'connect ECONNREFUSED 10.0.0.1:6443' })));
    assert.match(p.doc.querySelector('.banner.warning')?.textContent ?? '', /Paused\. waiting for the change window/);
    assert.match(p.doc.querySelector('.banner.error')?.textContent ?? '', /The cluster cannot be reached\. connect ECONNREFUSED/);
    assert.deepEqual(stepsOffering(p.doc, 'Drain…'), []);
    buttonByKey(p.doc, 'banner:resume').click();
    assert.deepEqual(p.posted.at(-1), { type: 'resume' });
  });

  it('skipped steps show their reason', () => {
    const s = upgrade([node('cp1', { controlPlane: true }), node('w1')], '1.34', 'provider-managed');
    const p = page();
    p.send(viewMessage(viewOf(s)));
    assert.match(stepEl(p.doc, 'h0/nodes/cp1/drain').textContent ?? '', /Skipped: the provider upgrades control-plane nodes/);
    assert.ok(p.doc.querySelector('.badge.control-plane'));
  });
});

describe('checklist panel: read-only', () => {
  it('while another window drives it, every mutating button is disabled with the reason, and Take over is offered', () => {
    const p = page();
    p.send(viewMessage(viewOf(throughControlPlane(upgrade()), { drive: { kind: 'watching', holder: 'alice@laptop (window 2)' } })));
    assert.match(p.doc.querySelector('.drive')?.textContent ?? '', /Read-only: alice@laptop \(window 2\) drives this checklist/);
    const drain = buttonByLabel(stepEl(p.doc, DRAIN), 'Drain…');
    assert.equal(drain.getAttribute('aria-disabled'), 'true');
    assert.equal(drain.getAttribute('title'), 'Read-only: alice@laptop (window 2) drives this checklist');
    for (const b of [drain, buttonByLabel(p.doc, 'Do the next node'), buttonByKey(p.doc, 'skip-node:w1'), buttonByLabel(p.doc, 'Pause')]) b.click();
    assert.deepEqual(p.posted, [{ type: 'ready' }], 'nothing mutating was sent');
    buttonByLabel(p.doc, 'Export as Markdown').click();
    buttonByLabel(p.doc, 'Take over…').click();
    assert.deepEqual(p.posted.slice(1), [{ type: 'export' }, { type: 'take-over' }]);
  });

  it('in an untrusted workspace nothing can be started and there is nothing to take over', () => {
    const p = page();
    p.send(viewMessage(viewOf(upgrade(), { drive: { kind: 'untrusted' } })));
    assert.match(p.doc.querySelector('.drive')?.textContent ?? '', /untrusted workspace/);
    const start = buttonByLabel(p.doc, 'Mark reviewed');
    assert.equal(start.getAttribute('aria-disabled'), 'true');
    assert.match(start.getAttribute('title') ?? '', /not trusted/);
    start.click();
    assert.throws(() => buttonByLabel(p.doc, 'Take over…'));
    assert.deepEqual(p.posted, [{ type: 'ready' }]);
  });

  it('when this window drives, the same buttons are enabled', () => {
    const p = page();
    p.send(viewMessage(viewOf(upgrade())));
    assert.equal(buttonByLabel(p.doc, 'Mark reviewed').getAttribute('aria-disabled'), null);
  });
});

describe('checklist panel: data is shown as text', () => {
  it('markup in node names, output and plan facts is shown, never run or parsed', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    let s = throughControlPlane(upgrade([node(evil), node('w2')]));
    const id = `h0/nodes/${evil}/drain`;
    s = apply(s, { type: 'start-step', stepId: id, at: at() }, { type: 'step-failed', stepId: id, at: at(), reason: evil, evidence: [{ kind: 'output', at: at(), text: evil }] });
    const p = page();
    p.send(viewMessage(viewOf(s, { reminders: [evil], planUnread: [evil], rollback: [evil] })));
    assert.equal(p.doc.querySelectorAll('script').length, 0);
    assert.equal(p.doc.querySelectorAll('img').length, 0);
    assert.equal(p.doc.querySelectorAll('[onerror]').length, 0);
    assert.equal(p.doc.querySelector('.node-name')?.textContent, evil);
    assert.equal(stepEl(p.doc, id).querySelector('pre')?.textContent, evil);
    assert.ok((p.doc.querySelector('.banners')?.textContent ?? '').includes(evil));
  });

  it('the plan\'s failing and warning checks are listed in the Plan section, as text', () => {
    const p = page();
    const checks = ['Fails: PodDisruptionBudgets: 1 PodDisruptionBudget allows 0 disruptions now: data/postgres', 'Warns: <b>cordoned</b> nodes: worker-3'];
    p.send(viewMessage(viewOf(upgrade(), { planChecks: checks })));
    const plan = p.doc.querySelector('.section-plan') as HTMLElement;
    assert.match(plan.textContent ?? '', /Cluster checks that fail or warn \(2\)/);
    assert.deepEqual([...plan.querySelectorAll('ul.checks li')].map((li) => li.textContent), checks);
    assert.equal(plan.querySelectorAll('b').length, 0);
  });

  it('only http(s) release-notes links become links; workspace files open at their line', () => {
    const s = upgrade();
    const p = page();
    p.send(viewMessage(viewOf(s, { plan: [{ to: '1.34', releaseNotes: 'javascript:alert(1)', removedApis: [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', replacement: 'flowcontrol.apiserver.k8s.io/v1', files: [{ file: '/ws/deploy/flows.yaml', line: 12, label: 'deploy/flows.yaml:12' }], elsewhere: ['apiserver metric: 3 requests in the last hour'] }], skew: ['kubelet 1.31 on w9 is more than three minors behind 1.34'] }] })));
    const plan = p.doc.querySelector('.section-plan') as HTMLElement;
    assert.throws(() => buttonByLabel(plan, 'Release notes for 1.34'), 'a javascript: link is not a button');
    assert.match(plan.textContent ?? '', /Release notes for 1\.34: javascript:alert\(1\)/);
    assert.match(plan.textContent ?? '', /flowcontrol\.apiserver\.k8s\.io\/v1beta3 FlowSchema → use flowcontrol\.apiserver\.k8s\.io\/v1/);
    assert.match(plan.textContent ?? '', /apiserver metric: 3 requests in the last hour/);
    assert.match(plan.textContent ?? '', /kubelet 1\.31 on w9 is more than three minors behind 1\.34/);
    buttonByLabel(plan, 'deploy/flows.yaml:12').click();
    assert.deepEqual(p.posted.at(-1), { type: 'open-file', file: '/ws/deploy/flows.yaml', line: 12 });
    p.send(viewMessage(viewOf(s)));
    buttonByLabel(p.doc.querySelector('.section-plan') as HTMLElement, 'Release notes for 1.34').click();
    assert.deepEqual(p.posted.at(-1), { type: 'open-link', url: 'https://kubernetes.io/blog/v1.34' });
  });
});

describe('checklist panel: what the operator opened survives a hide or reload', () => {
  const done = (): ChecklistState => apply(throughControlPlane(upgrade()), { type: 'start-step', stepId: DRAIN, at: at() }, { type: 'step-succeeded', stepId: DRAIN, at: at(), evidence: [{ kind: 'drain', at: at(), result: { node: 'w1', outcome: 'drained', removed: ['shop/cart-7d9'], remaining: [] } }] });

  it('opened evidence is saved and comes back open in a new page with that saved state', () => {
    const p = page();
    p.send(viewMessage(viewOf(done())));
    const step = stepEl(p.doc, DRAIN);
    assert.equal(step.querySelector('.evidence-list'), null, 'a done step’s evidence starts closed');
    const toggle = buttonByLabel(step, 'Evidence (1)');
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    toggle.click();
    assert.equal(buttonByLabel(stepEl(p.doc, DRAIN), 'Evidence (1)').getAttribute('aria-expanded'), 'true');
    assert.match(stepEl(p.doc, DRAIN).querySelector('.evidence-list')?.textContent ?? '', /Drain of w1: drained.*shop\/cart-7d9/);
    const saved = p.saved();
    assert.ok(saved?.expanded.includes(`ev:${DRAIN}`));

    const again = page(saved);
    again.send(viewMessage(viewOf(done())));
    assert.match(stepEl(again.doc, DRAIN).querySelector('.evidence-list')?.textContent ?? '', /shop\/cart-7d9/);
  });

  it('saved state of another cluster’s panel is not applied', () => {
    const p = page({ context: 'staging', expanded: [`ev:${DRAIN}`], scrollY: 0 });
    p.send(viewMessage(viewOf(done())));
    assert.equal(stepEl(p.doc, DRAIN).querySelector('.evidence-list'), null);
    assert.equal(p.saved()?.context, 'prod');
    assert.equal(p.saved()?.server, 'https://10.0.0.1:6443', 'a restored panel can find its checklist by server and context');
  });

  it('only the current hop is open; another hop opens on request and stays open when saved', () => {
    const two = upgrade([node('w1')], '1.35');
    const p = page();
    p.send(viewMessage(viewOf(two)));
    assert.equal(p.doc.querySelectorAll('.hop').length, 2);
    assert.equal(p.doc.querySelectorAll('.hop-body').length, 1);
    const toggle = buttonByKey(p.doc, 'toggle:hop:1');
    assert.match(toggle.textContent ?? '', /Hop 2 of 2: 1\.34 → 1\.35/);
    toggle.click();
    assert.equal(p.doc.querySelectorAll('.hop-body').length, 2);
    const again = page(p.saved());
    again.send(viewMessage(viewOf(two)));
    assert.equal(again.doc.querySelectorAll('.hop-body').length, 2);
  });
});

describe('checklist panel: keyboard and screen readers', () => {
  it('every control is a real button, and focus stays on the same button across updates', () => {
    const p = page();
    p.send(viewMessage(viewOf(throughControlPlane(upgrade()))));
    assert.equal(p.doc.querySelectorAll('[onclick], a:not([href])').length, 0);
    buttonByKey(p.doc, 'skip-node:w2').focus();
    p.send(viewMessage(viewOf(throughControlPlane(upgrade()), { notes: ['w1 was found cordoned'] })));
    assert.equal(p.doc.activeElement?.getAttribute('data-key'), 'skip-node:w2');
  });

  it('when the focused Start button goes away because the step started, focus moves to the step', () => {
    const s = throughControlPlane(upgrade());
    const p = page();
    p.send(viewMessage(viewOf(s)));
    buttonByKey(p.doc, `start:${DRAIN}`).focus();
    p.send(viewMessage(viewOf(apply(s, { type: 'start-step', stepId: DRAIN, at: at() }))));
    assert.equal(p.doc.activeElement?.getAttribute('data-step'), DRAIN);
  });

  it('“Go to the next step” moves focus to the step that comes next, then to the running one', () => {
    const s = throughControlPlane(upgrade());
    const p = page();
    p.send(viewMessage(viewOf(s)));
    buttonByLabel(p.doc, 'Go to the next step').click();
    assert.equal(p.doc.activeElement?.getAttribute('data-step'), DRAIN);
    p.send(viewMessage(viewOf(apply(s, { type: 'start-step', stepId: DRAIN, at: at() }))));
    buttonByLabel(p.doc, 'Go to the running step').click();
    assert.equal(p.doc.activeElement?.getAttribute('data-step'), DRAIN);
    assert.deepEqual(p.posted, [{ type: 'ready' }]);
  });

  it('status changes are announced in a live region', () => {
    const s = throughControlPlane(upgrade());
    const p = page();
    p.send(viewMessage(viewOf(s)));
    p.send(viewMessage(viewOf(apply(s, { type: 'start-step', stepId: DRAIN, at: at() }, { type: 'step-failed', stepId: DRAIN, at: at(), reason: 'timed out' }))));
    assert.match(p.doc.querySelector('[aria-live="polite"]')?.textContent ?? '', /Drain \(w1\): Failed: timed out/);
  });

  it('the page is organised by headings: the maintenance, each hop, each section in the guide’s order', () => {
    const p = page();
    p.send(viewMessage(viewOf()));
    assert.deepEqual(Array.from(p.doc.querySelectorAll('h3')).map((h) => h.textContent), ['Plan', 'Back up', 'Staging', 'Control plane', 'Nodes', 'kubectl', 'Verify']);
  });
});

describe('checklist panel: rolling node maintenance', () => {
  it('shows the node loop and the final verification only', () => {
    const p = page();
    p.send(viewMessage(viewOf(rolling(), { plan: [] })));
    assert.equal(p.doc.querySelector('h1')?.textContent, 'Rolling node maintenance');
    assert.deepEqual(Array.from(p.doc.querySelectorAll('h3')).map((h) => h.textContent), ['Nodes', 'Verify']);
    assert.deepEqual(stepsOffering(p.doc, 'Drain…'), ['h0/nodes/w1/drain']);
    assert.ok(stepEl(p.doc, 'h0/nodes/w1/node-patch'));
  });
});

describe('checklist panel: a finished checklist', () => {
  it('says it is complete, offers nothing to start and keeps the last hop open', () => {
    let s = upgrade([node('w1')]);
    for (const st of s.hops[0]?.steps ?? []) if (!st.optional) s = pass(s, st.id);
    const p = page();
    p.send(viewMessage(viewOf(s)));
    assert.match(p.doc.querySelector('.banner.success')?.textContent ?? '', /Complete\. Every hop was done and verified\./);
    assert.equal(p.doc.querySelectorAll('.step-head .actions button').length, 0);
    assert.equal(p.doc.querySelectorAll('.hop-body').length, 1);
    assert.equal(p.doc.querySelector('.section-rollback'), null);
  });
});
