// Resume after reload: the stored checklist reloaded, re-checked against the live cluster, and never a
// destructive step repeated silently.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadChecklist, serializeChecklist } from '../../../src/core/checklist/persist';
import { autoStartStep, nextAction } from '../../../src/core/checklist/query';
import { GONE_REASON, reconcileChecklist, type LiveFacts } from '../../../src/core/checklist/reconcile';
import type { ChecklistNodeInput, ChecklistState } from '../../../src/core/checklist/types';
import { apply, KEY, node, nodeStepIds, pass, rejection, rolling, statusOf, stepOf, throughControlPlane, upgrade } from './fixtures';

/** Stores, reloads and reconciles, as a window reload does. */
function reload(state: ChecklistState, nodes: readonly ChecklistNodeInput[], controlPlaneVersions?: string[]) {
  const loaded = loadChecklist(serializeChecklist(state), KEY);
  assert.ok(loaded.ok);
  const live: LiveFacts = { now: 99_000, nodes, ...(controlPlaneVersions ? { controlPlaneVersions } : {}) };
  return reconcileChecklist(loaded.state, live);
}

const running = (state: ChecklistState, id: string) => apply(state, { type: 'start-step', stepId: id, at: 50 });
const both = [node('w1'), node('w2')];

describe('resume after reload', () => {
  it('shows where it stopped: finished steps stay finished and the next step is offered', () => {
    const s = pass(throughControlPlane(upgrade()), 'h0/nodes/w1/drain');
    const r = reload(s, [node('w1', { unschedulable: true }), node('w2')]);
    assert.equal(statusOf(r.state, 'h0/nodes/w1/drain'), 'done');
    assert.deepEqual(nextAction(r.state), { kind: 'start', step: stepOf(r.state, 'h0/nodes/w1/node-upgrade') });
    assert.deepEqual(r.notes, []);
  });

  it('makes an interrupted drain wait for the operator: no silent re-run, a confirmed one is allowed', () => {
    const r = reload(running(throughControlPlane(upgrade()), 'h0/nodes/w1/drain'), [node('w1', { unschedulable: true }), node('w2')]);
    const drain = stepOf(r.state, 'h0/nodes/w1/drain');
    assert.equal(drain.status.kind, 'interrupted');
    assert.match(drain.status.kind === 'interrupted' ? drain.status.note : '', /the node is cordoned and some pods may have been evicted; check before draining again/);
    assert.equal(nextAction(r.state).kind, 'check-interrupted');
    assert.equal(autoStartStep({ ...r.state, auto: 'all-remaining' }), undefined);
    assert.match(rejection(r.state, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 100_000 }), /confirm before running it again/);
    assert.equal(statusOf(apply(r.state, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 100_000, confirmRerun: true }), 'h0/nodes/w1/drain'), 'running');
    assert.deepEqual(r.notes.map((n) => n.stepId), ['h0/nodes/w1/drain']);
  });

  it('lets the operator settle an interrupted step by what they checked', () => {
    const r = reload(running(throughControlPlane(upgrade()), 'h0/nodes/w1/drain'), both);
    assert.match(rejection(r.state, { type: 'resolve-interrupted', stepId: 'h0/nodes/w1/drain', at: 1, outcome: 'done', note: ' ' }), /say what you checked/);
    assert.match(rejection(r.state, { type: 'resolve-interrupted', stepId: 'h0/nodes/w1/node-upgrade', at: 1, outcome: 'done', note: 'x' }), /was not interrupted/);
    const s = apply(r.state, { type: 'resolve-interrupted', stepId: 'h0/nodes/w1/drain', at: 1, outcome: 'done', note: 'no pods left on w1', by: 'alice' });
    assert.equal(statusOf(s, 'h0/nodes/w1/drain'), 'done');
    assert.deepEqual(stepOf(s, 'h0/nodes/w1/drain').evidence.at(-1), { kind: 'note', at: 1, text: 'no pods left on w1', by: 'alice' });
    const f = apply(r.state, { type: 'resolve-interrupted', stepId: 'h0/nodes/w1/drain', at: 1, outcome: 'failed', note: 'db-0 still there' });
    assert.deepEqual(stepOf(f, 'h0/nodes/w1/drain').status, { kind: 'failed', at: 1, reason: 'db-0 still there' });
  });

  it('settles an interrupted node upgrade from the kubelet when it reports the hop\'s version and Ready', () => {
    const s = running(pass(throughControlPlane(upgrade()), 'h0/nodes/w1/drain'), 'h0/nodes/w1/node-upgrade');
    const done = reload(s, [node('w1', { kubeletVersion: 'v1.34.1', unschedulable: true }), node('w2')]);
    assert.equal(statusOf(done.state, 'h0/nodes/w1/node-upgrade'), 'done');
    assert.deepEqual(stepOf(done.state, 'h0/nodes/w1/node-upgrade').evidence.at(-1), { kind: 'observed', at: 99_000, text: 'after the reload: kubelet v1.34.1, Ready' });
    const notReady = reload(s, [node('w1', { kubeletVersion: 'v1.34.1', ready: false }), node('w2')]);
    assert.equal(statusOf(notReady.state, 'h0/nodes/w1/node-upgrade'), 'interrupted');
    const old = reload(s, both);
    assert.match(JSON.stringify(stepOf(old.state, 'h0/nodes/w1/node-upgrade').status), /kubelet is v1\.33\.2, not 1\.34\); check the node before running it again/);
  });

  it('settles an interrupted patch when the OS image or kernel changed', () => {
    const s = running(pass(rolling(), 'h0/nodes/w1/drain'), 'h0/nodes/w1/node-patch');
    assert.equal(statusOf(reload(s, [node('w1', { kernelVersion: '6.1.0-27-amd64' }), node('w2')]).state, 'h0/nodes/w1/node-patch'), 'done');
    assert.equal(statusOf(reload(s, both).state, 'h0/nodes/w1/node-patch'), 'interrupted');
  });

  it('settles an interrupted uncordon when the node is schedulable, and puts it back to pending (run again without asking) when not', () => {
    const base = ['h0/nodes/w1/drain', 'h0/nodes/w1/node-upgrade'].reduce(pass, throughControlPlane(upgrade()));
    const s = running(base, 'h0/nodes/w1/uncordon');
    assert.equal(statusOf(reload(s, both).state, 'h0/nodes/w1/uncordon'), 'done');
    const still = reload(s, [node('w1', { unschedulable: true }), node('w2')]).state;
    assert.equal(statusOf(still, 'h0/nodes/w1/uncordon'), 'pending');
    assert.deepEqual(stepOf(still, 'h0/nodes/w1/uncordon').evidence.at(-1), { kind: 'observed', at: 99_000, text: 'the window closed while this check ran; it is to be run again' });
    assert.deepEqual(reload(s, [node('w1', { unschedulable: true }), node('w2')]).notes.map((n) => n.text), ['Uncordon (w1): the window closed while it ran; run it again']);
    assert.equal(statusOf(apply(still, { type: 'start-step', stepId: 'h0/nodes/w1/uncordon', at: 100_000 }), 'h0/nodes/w1/uncordon'), 'running');
  });

  it('settles an interrupted control-plane upgrade only when every component reports the hop\'s version', () => {
    const s = running(['h0/plan/review-plan', 'h0/backup/backup', 'h0/staging/staging'].reduce(pass, upgrade()), 'h0/control-plane/control-plane-upgrade');
    assert.equal(statusOf(reload(s, both, ['v1.34.0', 'v1.34.0']).state, 'h0/control-plane/control-plane-upgrade'), 'done');
    const part = reload(s, both, ['v1.34.0', 'v1.33.2']).state;
    assert.match(JSON.stringify(stepOf(part, 'h0/control-plane/control-plane-upgrade').status), /components report v1\.34\.0, v1\.33\.2/);
    assert.equal(statusOf(reload(s, both).state, 'h0/control-plane/control-plane-upgrade'), 'interrupted');
  });

  it('never continues "all remaining" by itself after a reload', () => {
    const s = apply(throughControlPlane(upgrade()), { type: 'run-all-remaining', at: 1 });
    const r = reload(s, both);
    assert.equal(r.state.auto, 'manual');
    assert.equal(autoStartStep(r.state), undefined);
    assert.match(r.notes[0]?.text ?? '', /"Do all remaining" stopped with the reload/);
  });

  it('skips the rest of a node that left the cluster, in this hop and the next', () => {
    const s = pass(throughControlPlane(upgrade(undefined, '1.35')), 'h0/nodes/w1/drain');
    const r = reload(s, [node('w2')]);
    assert.deepEqual(nodeStepIds(0, 'w1').map((id) => statusOf(r.state, id)), ['done', 'skipped', 'skipped', 'skipped']);
    assert.ok(nodeStepIds(1, 'w1').every((id) => JSON.stringify(stepOf(r.state, id).status).includes(GONE_REASON)));
    assert.deepEqual(r.notes.map((n) => n.node), ['w1', 'w1']);
  });

  it('adds a node that joined on the old version before kubectl and verify, and skips one that joined on the new version', () => {
    const s = throughControlPlane(upgrade());
    const r = reload(s, [...both, node('w3'), node('w4', { kubeletVersion: 'v1.34.0' })]);
    const hop = r.state.hops[0];
    assert.deepEqual(hop?.nodes.map((n) => n.name), ['w1', 'w2', 'w3', 'w4']);
    const order = hop?.steps.map((x) => x.id) ?? [];
    assert.ok(order.indexOf('h0/nodes/w3/drain') > order.indexOf('h0/nodes/w2/node-verify') && order.indexOf('h0/nodes/w4/node-verify') < order.indexOf('h0/kubectl/kubectl-skew'));
    assert.deepEqual(nodeStepIds(0, 'w3').map((id) => statusOf(r.state, id)), ['pending', 'pending', 'pending', 'pending']);
    assert.ok(nodeStepIds(0, 'w4').every((id) => statusOf(r.state, id) === 'skipped'));
    const loaded = loadChecklist(serializeChecklist(r.state), KEY);
    assert.ok(loaded.ok, 'the reconciled state stores and loads again');
  });
});

describe('reload at any point of a hop', () => {
  it('after every event of a full hop, a reload keeps every finished step and never leaves a destructive step ready to run again unasked', () => {
    let s = upgrade([node('w1'), node('w2')]);
    const ids = s.hops[0]?.steps.filter((x) => !x.optional).map((x) => x.id) ?? [];
    const events = ids.flatMap((id) => [{ type: 'start-step' as const, stepId: id, at: 1 }, { type: 'step-succeeded' as const, stepId: id, at: 2 }]);
    for (const e of events) {
      s = apply(s, e);
      const r = reload(s, both);
      for (const step of s.hops[0]?.steps ?? []) {
        const after = stepOf(r.state, step.id);
        if (step.status.kind === 'done') assert.equal(after.status.kind, 'done', step.id);
        if (step.status.kind === 'running') {
          assert.equal(after.status.kind, step.kind === 'uncordon' ? 'done' : step.destructive ? 'interrupted' : 'pending', step.id);
          if (step.destructive) assert.match(rejection(r.state, { type: 'start-step', stepId: step.id, at: 3 }), /confirm before running it again/);
        }
      }
    }
    assert.deepEqual(nextAction(reload(s, both).state), { kind: 'complete' });
  });
});

describe('what the reload tells the operator, and nodes that came and went', () => {
  it('names each settled or interrupted step, with its node, in the notes', () => {
    const s = running(pass(throughControlPlane(upgrade()), 'h0/nodes/w1/drain'), 'h0/nodes/w1/node-upgrade');
    const done = reload(s, [node('w1', { kubeletVersion: 'v1.34.1' }), node('w2')]);
    assert.deepEqual(done.notes, [{ stepId: 'h0/nodes/w1/node-upgrade', node: 'w1', text: 'Upgrade kubelet to 1.34 (w1) was done: kubelet v1.34.1, Ready' }]);
    const cp = running(['h0/plan/review-plan', 'h0/backup/backup', 'h0/staging/staging'].reduce(pass, upgrade()), 'h0/control-plane/control-plane-upgrade');
    assert.deepEqual(reload(cp, both, ['v1.34.0']).notes, [{ stepId: 'h0/control-plane/control-plane-upgrade', text: 'Upgrade the control plane to 1.34 was done: every control-plane component reports 1.34' }]);
    assert.deepEqual(reload(cp, both).notes.map((n) => n.text), ['Upgrade the control plane to 1.34: the control-plane upgrade may have run in part; check before running it again']);
    const check = running(['h0/plan/review-plan', 'h0/backup/backup', 'h0/staging/staging', 'h0/control-plane/control-plane-upgrade'].reduce(pass, upgrade()), 'h0/control-plane/control-plane-wait');
    assert.deepEqual(reload(check, both).notes.map((n) => n.text), ['Wait until every control-plane component reports 1.34 and its nodes are Ready: the window closed while it ran; run it again']);
  });

  it('a patch settled from the node says what changed', () => {
    const s = running(pass(rolling(), 'h0/nodes/w1/drain'), 'h0/nodes/w1/node-patch');
    const r = reload(s, [node('w1', { kernelVersion: '6.1.0-27-amd64' }), node('w2')]);
    assert.match(r.notes[0]?.text ?? '', /^Patch OS \/ kernel \(w1\) was done: /);
    assert.match(JSON.stringify(stepOf(reload(s, both).state, 'h0/nodes/w1/node-patch').status), /the patch may have run in part \(.+\); check the node before running it again/);
  });

  for (const kind of ['drain', 'node-upgrade', 'node-patch'] as const) {
    it(`a ${kind} that was running on a node that then left is skipped, not left waiting for a check`, () => {
      const patch = kind === 'node-patch';
      const base = patch ? rolling() : throughControlPlane(upgrade());
      const before = kind === 'drain' ? base : pass(base, 'h0/nodes/w1/drain');
      const r = reload(running(before, `h0/nodes/w1/${kind}`), [node('w2')]);
      assert.deepEqual(stepOf(r.state, `h0/nodes/w1/${kind}`).status, { kind: 'skipped', at: 99_000, reason: 'the node is no longer in the cluster' });
      assert.deepEqual(nodeStepIds(0, 'w2', patch).map((id) => statusOf(r.state, id)), ['pending', 'pending', 'pending', 'pending'], 'the nodes still there keep their steps');
      const title = { drain: 'Drain', 'node-upgrade': 'Upgrade kubelet to 1.34', 'node-patch': 'Patch OS / kernel' }[kind];
      assert.deepEqual(r.notes.map((n) => n.text), [`${title} (w1): the window closed while it ran; check before running it again`, 'w1 is no longer in the cluster: its remaining steps are skipped']);
    });
  }

  it('a node that finished and then left is not mentioned', () => {
    const s = nodeStepIds(0, 'w1').reduce(pass, throughControlPlane(upgrade()));
    const r = reload(s, [node('w2')]);
    assert.deepEqual(r.notes, []);
    assert.ok(nodeStepIds(0, 'w1').every((id) => statusOf(r.state, id) === 'done'));
  });

  it('a node that joins is added to the current hop, not to a hop already finished', () => {
    let s = upgrade(undefined, '1.35');
    const ids = s.hops[0]?.steps.filter((x) => !x.optional).map((x) => x.id) ?? [];
    s = ids.reduce(pass, s);
    const r = reload(s, [...both, node('w3', { kubeletVersion: 'v1.34.2' })]);
    assert.deepEqual(r.state.hops.map((h) => h.nodes.map((n) => n.name)), [['w1', 'w2'], ['w1', 'w2', 'w3']]);
    assert.deepEqual(r.notes.map((n) => n.text), ['w3 joined the cluster on v1.34.2: added to the 1.35 hop']);
  });

  it('a node that joins a rolling maintenance is listed with its steps skipped', () => {
    const r = reload(rolling(), [...both, node('w3')]);
    assert.ok(nodeStepIds(0, 'w3', true).every((id) => statusOf(r.state, id) === 'skipped'));
    assert.deepEqual(r.notes.map((n) => n.text), ['w3 joined the cluster; its steps are skipped: it joined after the maintenance started']);
  });

  it('a node that joins a hop that had no nodes gets its steps before kubectl and verify', () => {
    const r = reload(upgrade([]), [node('w1')]);
    const order = r.state.hops[0]?.steps.map((x) => x.id) ?? [];
    assert.deepEqual(order.slice(order.indexOf('h0/control-plane/control-plane-wait') + 1, order.indexOf('h0/kubectl/kubectl-skew')), nodeStepIds(0, 'w1'));
  });

  it('"Do the next node" stops with the reload too, and says so', () => {
    const s = apply(throughControlPlane(upgrade()), { type: 'run-next-node', at: 1 });
    const r = reload(s, both);
    assert.equal(r.state.auto, 'manual');
    assert.deepEqual(r.notes.map((n) => n.text), ['"Do the next node" stopped with the reload; start it again when ready']);
  });
  it('each node step is judged by its own node, and says which', () => {
    const s = running(pass(throughControlPlane(upgrade()), 'h0/nodes/w1/drain'), 'h0/nodes/w1/node-upgrade');
    const w2First = reload(s, [node('w2', { kubeletVersion: 'v1.34.1' }), node('w1')]);
    assert.equal(statusOf(w2First.state, 'h0/nodes/w1/node-upgrade'), 'interrupted', 'w2 on 1.34 says nothing about w1');
    const d = reload(running(throughControlPlane(upgrade()), 'h0/nodes/w1/drain'), both);
    assert.deepEqual(d.notes.map((n) => n.text), ['Drain (w1): the drain stopped part-way: the node is not cordoned and some pods may have been evicted; check before draining again']);
    const u = reload(running(['h0/nodes/w1/drain', 'h0/nodes/w1/node-upgrade'].reduce(pass, throughControlPlane(upgrade())), 'h0/nodes/w1/uncordon'), both);
    assert.deepEqual(stepOf(u.state, 'h0/nodes/w1/uncordon').evidence.at(-1), { kind: 'observed', at: 99_000, text: 'after the reload: the node is schedulable' });
  });

  it("a patch is judged against its own node's OS before the maintenance", () => {
    const s = running(['h0/nodes/w1/drain', 'h0/nodes/w1/node-patch', 'h0/nodes/w1/uncordon', 'h0/nodes/w1/node-verify', 'h0/nodes/w2/drain'].reduce(pass, rolling([node('w1', { kernelVersion: '6.1.0-30-amd64' }), node('w2')])), 'h0/nodes/w2/node-patch');
    assert.equal(statusOf(reload(s, [node('w1', { kernelVersion: '6.1.0-31-amd64' }), node('w2', { kernelVersion: '6.1.0-30-amd64' })]).state, 'h0/nodes/w2/node-patch'), 'done', 'w2 moved from 6.1.0-26 to 6.1.0-30');
    assert.equal(statusOf(reload(s, [node('w1', { kernelVersion: '6.1.0-31-amd64' }), node('w2')]).state, 'h0/nodes/w2/node-patch'), 'interrupted');
  });

  it('a node that joins a rolling maintenance without nodes is listed before the verification', () => {
    const r = reload(rolling([]), [node('w1')]);
    const order = r.state.hops[0]?.steps.map((x) => x.id) ?? [];
    assert.deepEqual(order.slice(-5), [...nodeStepIds(0, 'w1', true), order.at(-1)]);
    assert.equal(stepOf(r.state, order.at(-1) ?? '').section, 'verify');
  });
});
