// What must not be forgotten when a maintenance window ends, and the exact sentence for each reminder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checklistReminders, reminderText } from '../../../src/core/checklist/reminders';
import type { ChecklistState, StepStatus } from '../../../src/core/checklist/types';
import { node, nodeStepIds, pass, rolling, throughControlPlane, upgrade } from './fixtures';

function withStatus(state: ChecklistState, id: string, status: StepStatus): ChecklistState {
  let found = false;
  const hops = state.hops.map((h) => ({ ...h, steps: h.steps.map((s) => (s.id === id ? (found = true, { ...s, status }) : s)) }));
  assert.ok(found, `no step ${id}`);
  return { ...state, hops };
}

const DONE: StepStatus = { kind: 'done', at: 1 };
const SKIPPED: StepStatus = { kind: 'skipped', at: 1, reason: 'x' };
const cordonedOf = (s: ChecklistState, live?: Parameters<typeof checklistReminders>[1]): string[] =>
  checklistReminders(s, live).flatMap((r) => (r.kind === 'cordoned' ? [r.node] : []));

describe('reminders: nodes left cordoned', () => {
  it('without live nodes, counts a node whose drain began and whose uncordon is not done', () => {
    const s = throughControlPlane(upgrade([node('w1')]));
    assert.deepEqual(cordonedOf(s), [], 'drain pending');
    for (const status of [{ kind: 'running', startedAt: 1 }, { kind: 'failed', at: 1, reason: 'x' }, { kind: 'interrupted', at: 1, startedAt: 1, note: 'n' }, DONE] as StepStatus[]) {
      assert.deepEqual(cordonedOf(withStatus(s, 'h0/nodes/w1/drain', status)), ['w1'], status.kind);
    }
    assert.deepEqual(cordonedOf(withStatus(s, 'h0/nodes/w1/drain', SKIPPED)), [], 'drain skipped');
    const drained = withStatus(s, 'h0/nodes/w1/drain', DONE);
    assert.deepEqual(cordonedOf(withStatus(drained, 'h0/nodes/w1/uncordon', DONE)), []);
    assert.deepEqual(cordonedOf(withStatus(drained, 'h0/nodes/w1/uncordon', SKIPPED)), ['w1']);
    assert.deepEqual(cordonedOf(withStatus(drained, 'h0/nodes/w1/uncordon', { kind: 'failed', at: 1, reason: 'x' })), ['w1']);
  });

  it('names each node once, in run order, across hops', () => {
    let s = throughControlPlane(upgrade([node('w1'), node('w2'), node('w3')], '1.35'));
    s = withStatus(s, 'h0/nodes/w3/drain', DONE);
    s = withStatus(s, 'h0/nodes/w1/drain', DONE);
    s = withStatus(s, 'h1/nodes/w1/drain', DONE);
    s = withStatus(s, 'h1/nodes/w2/drain', DONE);
    assert.deepEqual(cordonedOf(s), ['w1', 'w3', 'w2']);
  });

  it('with live nodes, counts only nodes cordoned now that were not cordoned before, whatever the steps say', () => {
    const s = withStatus(throughControlPlane(upgrade([node('w1'), node('w2', { unschedulable: true }), node('w3')])), 'h0/nodes/w1/drain', DONE);
    assert.deepEqual(cordonedOf(s, [node('w1'), node('w2', { unschedulable: true }), node('w3')]), [], 'w1 drained but schedulable now');
    assert.deepEqual(cordonedOf(s, [node('w1', { unschedulable: true }), node('w2', { unschedulable: true }), node('w3', { unschedulable: true })]), ['w1', 'w3']);
    assert.deepEqual(cordonedOf(s, []), [], 'no live nodes');
    assert.deepEqual(cordonedOf(s, [node('other', { unschedulable: true }), node('w3')]), [], 'another node cordoned');
  });
});

describe('reminders: an unfinished run', () => {
  it('says nothing before the first hop began, even when only optional or skipped steps moved', () => {
    assert.deepEqual(checklistReminders(upgrade()), []);
    assert.deepEqual(checklistReminders(withStatus(upgrade(), 'h0/rollback/rollback', DONE)), []);
    assert.deepEqual(checklistReminders(withStatus(upgrade(), 'h0/plan/review-plan', SKIPPED)), []);
  });

  it('reminds once a step of the hop was done, failed, running or interrupted, naming the next step and its node', () => {
    const next = 'Review the plan for 1.33 → 1.34: release notes, removed APIs, skew blockers';
    assert.deepEqual(checklistReminders(withStatus(upgrade(undefined, '1.35'), 'h0/plan/review-plan', { kind: 'failed', at: 1, reason: 'x' })),
      [{ kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.35', next }]);
    assert.deepEqual(checklistReminders(withStatus(upgrade(), 'h0/backup/backup', DONE)),
      [{ kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.34', next }]);
    assert.deepEqual(checklistReminders(withStatus(upgrade(), 'h0/backup/backup', { kind: 'running', startedAt: 1 })),
      [{ kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.34', next }, { kind: 'interrupted', step: 'Back up the cluster (etcd, manifests) and verify the backup' }]);
    assert.deepEqual(checklistReminders(withStatus(upgrade(), 'h0/backup/backup', { kind: 'interrupted', at: 1, startedAt: 1, note: 'n' })),
      [{ kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.34', next }, { kind: 'interrupted', step: 'Back up the cluster (etcd, manifests) and verify the backup' }]);
    assert.deepEqual(checklistReminders(throughControlPlane(upgrade([node('w1')]))),
      [{ kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.34', next: 'Drain (w1)' }]);
  });

  it('reminds in a later hop even before any of its steps moved, and not once all hops are done', () => {
    let s = throughControlPlane(upgrade([node('w1')], '1.35'));
    for (const id of [...nodeStepIds(0, 'w1'), 'h0/kubectl/kubectl-skew', 'h0/verify/verify-cluster']) s = pass(s, id);
    assert.deepEqual(checklistReminders(s), [{ kind: 'mid-upgrade', from: '1.34', to: '1.35', target: '1.35', next: 'Review the plan for 1.34 → 1.35: release notes, removed APIs, skew blockers' }]);
    s = throughControlPlane(s, 1);
    for (const id of [...nodeStepIds(1, 'w1'), 'h1/kubectl/kubectl-skew', 'h1/verify/verify-cluster']) s = pass(s, id);
    assert.deepEqual(checklistReminders(s), []);
  });

  it('lists cordoned nodes, then the unfinished run, then each unfinished step with its node', () => {
    let s = throughControlPlane(upgrade([node('w1'), node('w2')]));
    s = withStatus(s, 'h0/nodes/w1/drain', { kind: 'interrupted', at: 1, startedAt: 1, note: 'n' });
    s = withStatus(s, 'h0/nodes/w2/drain', { kind: 'running', startedAt: 1 });
    assert.deepEqual(checklistReminders(s), [
      { kind: 'cordoned', node: 'w1' }, { kind: 'cordoned', node: 'w2' },
      { kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.34', next: 'Drain (w1)' },
      { kind: 'interrupted', step: 'Drain', node: 'w1' }, { kind: 'interrupted', step: 'Drain', node: 'w2' },
    ]);
  });

  it('reminds of an unfinished rolling maintenance', () => {
    const s = rolling([node('w1')]);
    const drain = s.hops[0]?.steps.find((x) => x.kind === 'drain')?.id ?? '';
    assert.deepEqual(checklistReminders(withStatus(s, drain, DONE)), [
      { kind: 'cordoned', node: 'w1' }, { kind: 'mid-upgrade', from: '1.33', to: '1.33', target: '1.33', next: 'Patch OS / kernel (w1)' },
    ]);
  });
});

describe('reminders: the sentences', () => {
  it('words each reminder exactly', () => {
    assert.equal(reminderText({ kind: 'cordoned', node: 'w1' }), 'w1 is still cordoned: uncordon it when it is ready for workloads.');
    const mid = { kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.35', next: 'Drain (w1)' } as const;
    assert.equal(reminderText(mid), 'The upgrade stopped in the 1.33 → 1.34 hop (target 1.35); next: Drain (w1).');
    assert.equal(reminderText(mid, 'upgrade'), 'The upgrade stopped in the 1.33 → 1.34 hop (target 1.35); next: Drain (w1).');
    assert.equal(reminderText(mid, 'rolling'), 'The rolling maintenance is not finished; next: Drain (w1).');
    assert.equal(reminderText({ kind: 'interrupted', step: 'Drain', node: 'w2' }), '"Drain" on w2 did not finish in this window: check it before running it again.');
    assert.equal(reminderText({ kind: 'interrupted', step: 'Back up' }), '"Back up" did not finish in this window: check it before running it again.');
    assert.equal(reminderText({ kind: 'interrupted', step: 'Back up', node: '' }), '"Back up" did not finish in this window: check it before running it again.');
  });
});
