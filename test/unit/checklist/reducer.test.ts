// Every transition of the checklist: what the operator can do when, and what a rejected event says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoStartStep, currentHopIndex, nextAction } from '../../../src/core/checklist/query';
import { MAX_EVIDENCE_TEXT, reduce } from '../../../src/core/checklist/reducer';
import type { ChecklistState, Evidence } from '../../../src/core/checklist/types';
import { apply, at, node, nodeStepIds, pass, rejection, statusOf, stepOf, throughControlPlane, upgrade } from './fixtures';

const drainResult = { node: 'w1', outcome: 'drained', removed: ['default/web-1'], remaining: [] } as const;

/** Lets the auto-runner drive until it stops, passing every step it starts. */
function drive(state: ChecklistState, failAt?: string): ChecklistState {
  let s = state;
  for (let step = autoStartStep(s); step; step = autoStartStep(s)) {
    s = apply(s, { type: 'start-step', stepId: step.id, at: at() });
    s = apply(s, step.id === failAt
      ? { type: 'step-failed', stepId: step.id, at: at(), reason: 'exit status 1' }
      : { type: 'step-succeeded', stepId: step.id, at: at() });
  }
  return s;
}

/** The id of the step the panel offers to start next. */
function startable(state: ChecklistState): string | undefined {
  const a = nextAction(state);
  return a.kind === 'start' ? a.step.id : undefined;
}

describe('checklist transitions', () => {
  it('starts the next step, records its evidence and marks it done', () => {
    let s = throughControlPlane(upgrade());
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 10 });
    assert.deepEqual(stepOf(s, 'h0/nodes/w1/drain').status, { kind: 'running', startedAt: 10 });
    assert.deepEqual(nextAction(s).kind, 'running');
    s = apply(s, { type: 'step-progress', stepId: 'h0/nodes/w1/drain', at: 11, evidence: { kind: 'output', at: 11, text: 'node/w1 cordoned' } });
    s = apply(s, { type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: 12, evidence: [{ kind: 'drain', at: 12, result: drainResult }] });
    assert.deepEqual(stepOf(s, 'h0/nodes/w1/drain').status, { kind: 'done', at: 12 });
    assert.deepEqual(stepOf(s, 'h0/nodes/w1/drain').evidence.map((e) => e.kind), ['output', 'drain']);
    assert.equal(s.updatedAt, 12);
  });

  it('keeps steps in order: a later step, a second running step or the next hop cannot start early', () => {
    const s = upgrade(undefined, '1.35');
    assert.match(rejection(s, { type: 'start-step', stepId: 'h0/backup/backup', at: 1 }), /comes first/);
    assert.match(rejection(s, { type: 'start-step', stepId: 'h1/plan/review-plan', at: 1 }), /1\.35 hop starts when the previous hop is verified/);
    const running = apply(s, { type: 'start-step', stepId: 'h0/plan/review-plan', at: 1 });
    assert.match(rejection(running, { type: 'start-step', stepId: 'h0/rollback/rollback', at: 2 }), /still running/);
    assert.match(rejection(s, { type: 'start-step', stepId: 'nope', at: 1 }), /no step nope/);
  });

  it('moves to the next hop only when the previous one is verified', () => {
    let s = throughControlPlane(upgrade([node('w1')], '1.35'));
    s = nodeStepIds(0, 'w1').reduce(pass, s);
    s = pass(s, 'h0/kubectl/kubectl-skew');
    assert.equal(currentHopIndex(s), 0);
    s = pass(s, 'h0/verify/verify-cluster');
    assert.equal(currentHopIndex(s), 1);
    assert.equal(startable(s), 'h1/plan/review-plan');
    s = pass(s, 'h1/plan/review-plan');
    assert.equal(statusOf(s, 'h1/plan/review-plan'), 'done');
  });

  it('fails a step with its reason and offers retry or skip; a destructive retry needs confirmation', () => {
    let s = throughControlPlane(upgrade());
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 1 },
      { type: 'step-failed', stepId: 'h0/nodes/w1/drain', at: 2, reason: 'PDB blocks eviction', evidence: [{ kind: 'drain', at: 2, result: { ...drainResult, outcome: 'failed', remaining: ['default/db-0'] } }] });
    assert.deepEqual(stepOf(s, 'h0/nodes/w1/drain').status, { kind: 'failed', at: 2, reason: 'PDB blocks eviction' });
    assert.deepEqual(nextAction(s), { kind: 'retry-or-skip', step: stepOf(s, 'h0/nodes/w1/drain'), reason: 'PDB blocks eviction' });
    assert.match(rejection(s, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 3 }), /confirm before running it again/);
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 3, confirmRerun: true });
    assert.equal(statusOf(s, 'h0/nodes/w1/drain'), 'running');
  });

  it('retries a failed step that does not change the cluster without asking', () => {
    let s = apply(upgrade(), { type: 'start-step', stepId: 'h0/plan/review-plan', at: 1 }, { type: 'step-failed', stepId: 'h0/plan/review-plan', at: 2, reason: 'skew blocker' });
    s = apply(s, { type: 'start-step', stepId: 'h0/plan/review-plan', at: 3 });
    assert.equal(statusOf(s, 'h0/plan/review-plan'), 'running');
  });

  it('refuses a result for a step that is not running', () => {
    const s = upgrade();
    assert.match(rejection(s, { type: 'step-succeeded', stepId: 'h0/plan/review-plan', at: 1 }), /not running \(it is pending\)/);
    assert.match(rejection(s, { type: 'step-progress', stepId: 'h0/plan/review-plan', at: 1, evidence: { kind: 'observed', at: 1, text: 'x' } }), /not running/);
  });

  it('skips a step only with a reason, and never a running or finished one', () => {
    let s = upgrade();
    assert.match(rejection(s, { type: 'skip-step', stepId: 'h0/staging/staging', at: 1, reason: '  ' }), /needs a reason/);
    s = apply(s, { type: 'skip-step', stepId: 'h0/staging/staging', at: 1, reason: 'no staging cluster' });
    assert.deepEqual(stepOf(s, 'h0/staging/staging').status, { kind: 'skipped', at: 1, reason: 'no staging cluster' });
    assert.match(rejection(s, { type: 'skip-step', stepId: 'h0/staging/staging', at: 2, reason: 'again' }), /already skipped/);
    s = apply(s, { type: 'start-step', stepId: 'h0/plan/review-plan', at: 2 });
    assert.match(rejection(s, { type: 'skip-step', stepId: 'h0/plan/review-plan', at: 3, reason: 'x' }), /cancel it first/);
    s = pass(pass(apply(s, { type: 'step-succeeded', stepId: 'h0/plan/review-plan', at: 3 }), 'h0/backup/backup'), 'h0/control-plane/control-plane-upgrade');
    assert.equal(statusOf(s, 'h0/control-plane/control-plane-upgrade'), 'done', 'the skipped staging step does not hold up the control plane');
  });

  it('skips what is left of a node with the reason', () => {
    let s = throughControlPlane(upgrade());
    s = pass(s, 'h0/nodes/w1/drain');
    assert.match(rejection(s, { type: 'skip-node', node: 'w1', at: 1, reason: '' }), /needs a reason/);
    assert.match(rejection(s, { type: 'skip-node', node: 'ghost', at: 1, reason: 'x' }), /no node ghost/);
    s = apply(s, { type: 'skip-node', node: 'w1', at: 5, reason: 'hardware fault, replaced later' });
    assert.deepEqual(nodeStepIds(0, 'w1').map((id) => statusOf(s, id)), ['done', 'skipped', 'skipped', 'skipped']);
    assert.equal(startable(s), 'h0/nodes/w2/drain');
    assert.match(rejection(s, { type: 'skip-node', node: 'w1', at: 6, reason: 'x' }), /already done/);
  });

  it('pauses and resumes: nothing starts while paused, a running step still finishes', () => {
    let s = apply(upgrade(), { type: 'start-step', stepId: 'h0/plan/review-plan', at: 1 }, { type: 'pause', at: 2, reason: 'cluster unreachable: connect ECONNREFUSED' });
    assert.match(rejection(s, { type: 'pause', at: 3, reason: 'x' }), /already paused/);
    s = apply(s, { type: 'step-succeeded', stepId: 'h0/plan/review-plan', at: 3 });
    assert.deepEqual(nextAction(s), { kind: 'paused', reason: 'cluster unreachable: connect ECONNREFUSED' });
    assert.match(rejection(s, { type: 'start-step', stepId: 'h0/backup/backup', at: 4 }), /paused: cluster unreachable/);
    s = apply(s, { type: 'resume', at: 5 });
    assert.equal(s.paused, undefined);
    assert.match(rejection(s, { type: 'resume', at: 6 }), /not paused/);
    s = apply(s, { type: 'start-step', stepId: 'h0/backup/backup', at: 6 });
    assert.equal(statusOf(s, 'h0/backup/backup'), 'running');
  });

  it('lets roll back start while paused after a failure', () => {
    let s = throughControlPlane(upgrade());
    s = apply(s, { type: 'run-all-remaining', at: 1 });
    s = drive(s, 'h0/nodes/w1/node-upgrade');
    assert.ok(s.paused);
    s = apply(s, { type: 'start-step', stepId: 'h0/rollback/rollback', at: at() });
    assert.equal(statusOf(s, 'h0/rollback/rollback'), 'running');
  });

  it('"do the next node" runs one node\'s drain → upgrade → uncordon → verify, then waits', () => {
    let s = throughControlPlane(upgrade([node('w1'), node('w2'), node('w3')]));
    assert.equal(autoStartStep(s), undefined, 'nothing starts by itself in manual mode');
    s = drive(apply(s, { type: 'run-next-node', at: 1 }));
    assert.deepEqual(nodeStepIds(0, 'w1').map((id) => statusOf(s, id)), ['done', 'done', 'done', 'done']);
    assert.equal(statusOf(s, 'h0/nodes/w2/drain'), 'pending');
    assert.equal(s.auto, 'manual');
  });

  it('"do all remaining" runs every remaining node and stops before kubectl', () => {
    let s = throughControlPlane(upgrade([node('w1'), node('w2'), node('w3')]));
    s = drive(apply(s, { type: 'run-all-remaining', at: 1 }));
    assert.ok(['w1', 'w2', 'w3'].every((n) => nodeStepIds(0, n).every((id) => statusOf(s, id) === 'done')));
    assert.equal(statusOf(s, 'h0/kubectl/kubectl-skew'), 'pending');
    assert.equal(s.auto, 'manual');
  });

  it('"do all remaining" stops on the first failure and pauses with what failed', () => {
    let s = throughControlPlane(upgrade([node('w1'), node('w2'), node('w3')]));
    s = drive(apply(s, { type: 'run-all-remaining', at: 1 }), 'h0/nodes/w2/node-upgrade');
    assert.equal(statusOf(s, 'h0/nodes/w2/node-upgrade'), 'failed');
    assert.equal(statusOf(s, 'h0/nodes/w3/drain'), 'pending');
    assert.equal(s.auto, 'manual');
    assert.match(s.paused?.reason ?? '', /stopped on the first failure: Upgrade kubelet to 1\.34 \(w2\): exit status 1/);
  });

  it('runs nodes automatically only when a node step is next', () => {
    const s = upgrade();
    assert.match(rejection(s, { type: 'run-all-remaining', at: 1 }), /no node is waiting/);
    assert.match(rejection(apply(s, { type: 'pause', at: 1, reason: 'x' }), { type: 'run-next-node', at: 2 }), /paused/);
  });

  it('never starts by itself a step that was started before', () => {
    let s = throughControlPlane(upgrade());
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 1 }, { type: 'step-failed', stepId: 'h0/nodes/w1/drain', at: 2, reason: 'timeout' });
    assert.match(rejection(s, { type: 'run-all-remaining', at: 3 }), /Drain" \(w1\) is failed: retry or skip it first/);
    assert.equal(autoStartStep({ ...s, auto: 'all-remaining' }), undefined);
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 4, confirmRerun: true }, { type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: 5 }, { type: 'run-all-remaining', at: 6 });
    assert.equal(autoStartStep(s)?.id, 'h0/nodes/w1/node-upgrade');
  });

  it('cancels the running step: it fails as cancelled, automatic running stops and its late result is refused', () => {
    let s = throughControlPlane(upgrade());
    s = apply(s, { type: 'run-all-remaining', at: 1 }, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 2 });
    assert.match(rejection(upgrade(), { type: 'cancel', at: 1 }), /nothing is running/);
    s = apply(s, { type: 'cancel', at: 3, reason: 'wrong node' });
    assert.deepEqual(stepOf(s, 'h0/nodes/w1/drain').status, { kind: 'failed', at: 3, reason: 'cancelled: wrong node' });
    assert.equal(s.auto, 'manual');
    assert.equal(autoStartStep(s), undefined);
    assert.match(rejection(s, { type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: 4 }), /not running/);
  });

  it('keeps the tail of a long command output', () => {
    let s = apply(upgrade(), { type: 'start-step', stepId: 'h0/plan/review-plan', at: 1 });
    const text = `${'x'.repeat(MAX_EVIDENCE_TEXT)}THE END`;
    s = reduce(s, { type: 'step-failed', stepId: 'h0/plan/review-plan', at: 2, reason: 'exit 1', evidence: [{ kind: 'output', at: 2, text, exitCode: 1 }] });
    const e = stepOf(s, 'h0/plan/review-plan').evidence[0];
    assert.ok(e?.kind === 'output');
    assert.equal(e.text.length, MAX_EVIDENCE_TEXT + 1);
    assert.ok(e.text.endsWith('THE END') && e.text.startsWith('…'));
  });
});

describe('what a rejected or odd event says', () => {
  const textOf = (e: Evidence | undefined): string | undefined => (e && 'text' in e ? e.text : undefined);
  const s0 = throughControlPlane(upgrade(undefined, '1.35'));

  it('an unknown step is named, whatever the event', () => {
    for (const e of [
      { type: 'start-step', stepId: 'h0/nope', at: 1 },
      { type: 'step-succeeded', stepId: 'h0/nope', at: 1 },
      { type: 'step-progress', stepId: 'h0/nope', at: 1, evidence: { kind: 'observed', at: 1, text: 'x' } },
      { type: 'skip-step', stepId: 'h0/nope', at: 1, reason: 'x' },
      { type: 'resolve-interrupted', stepId: 'h0/nope', at: 1, outcome: 'done', note: 'x' },
    ] as const) {
      assert.equal(rejection(s0, e), 'no step h0/nope', e.type);
    }
  });

  it('a finished step cannot be started or skipped again; a later hop waits for this one; order is kept', () => {
    assert.equal(rejection(s0, { type: 'start-step', stepId: 'h0/backup/backup', at: 1 }), '"Back up the cluster (etcd, manifests) and verify the backup" is already done');
    assert.equal(rejection(s0, { type: 'skip-step', stepId: 'h0/backup/backup', at: 1, reason: 'x' }), '"Back up the cluster (etcd, manifests) and verify the backup" is already done');
    const skipped = apply(s0, { type: 'skip-step', stepId: 'h0/nodes/w1/drain', at: 1, reason: 'empty node' });
    assert.equal(rejection(skipped, { type: 'skip-step', stepId: 'h0/nodes/w1/drain', at: 2, reason: 'x' }), '"Drain" is already skipped');
    assert.equal(rejection(s0, { type: 'start-step', stepId: 'h1/plan/review-plan', at: 1 }), 'the 1.35 hop starts when the previous hop is verified');
    assert.equal(rejection(s0, { type: 'start-step', stepId: 'h0/nodes/w2/drain', at: 1 }), '"Drain" comes first');
    assert.equal(rejection(s0, { type: 'start-step', stepId: 'h0/nodes/w1/node-upgrade', at: 1 }), '"Drain" comes first');
  });

  it('a node cannot be skipped while one of its steps runs, nor without a reason', () => {
    const running = apply(s0, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 1 });
    assert.equal(rejection(running, { type: 'skip-node', node: 'w1', at: 2, reason: 'broken' }), 'a step of w1 is running: cancel it first');
    assert.equal(rejection(s0, { type: 'skip-node', node: 'w1', at: 2, reason: '   ' }), 'a skipped node needs a reason');
    const skipped = apply(s0, { type: 'skip-node', node: 'w1', at: 2, reason: '  hardware swap  ' });
    assert.deepEqual(stepOf(skipped, 'h0/nodes/w1/drain').status, { kind: 'skipped', at: 2, reason: 'hardware swap' });
  });

  it('a blank pause or cancel reason reads as the plain word; a given one is trimmed', () => {
    assert.deepEqual(apply(s0, { type: 'pause', at: 1, reason: '  ' }).paused, { at: 1, reason: 'paused' });
    const running = apply(s0, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 1 });
    assert.deepEqual(stepOf(apply(running, { type: 'cancel', at: 2, reason: '  ' }), 'h0/nodes/w1/drain').status, { kind: 'failed', at: 2, reason: 'cancelled' });
    assert.deepEqual(stepOf(apply(running, { type: 'cancel', at: 2, reason: ' too slow ' }), 'h0/nodes/w1/drain').status, { kind: 'failed', at: 2, reason: 'cancelled: too slow' });
  });

  it('observations and notes are capped like command output, keeping the end; text at the limit is kept whole', () => {
    const running = apply(s0, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 1 });
    const long = `${'a'.repeat(100)}${'b'.repeat(MAX_EVIDENCE_TEXT)}`;
    for (const kind of ['observed', 'note'] as const) {
      const s = apply(running, { type: 'step-progress', stepId: 'h0/nodes/w1/drain', at: 2, evidence: { kind, at: 2, text: long } });
      assert.equal(textOf(stepOf(s, 'h0/nodes/w1/drain').evidence.at(-1)), `…${'b'.repeat(MAX_EVIDENCE_TEXT)}`, kind);
    }
    const exact = 'c'.repeat(MAX_EVIDENCE_TEXT);
    const s = apply(running, { type: 'step-progress', stepId: 'h0/nodes/w1/drain', at: 2, evidence: { kind: 'observed', at: 2, text: exact } });
    assert.equal(textOf(stepOf(s, 'h0/nodes/w1/drain').evidence.at(-1)), exact);
  });
});
