// A checklist survives a reload as JSON, and anything that is not one of ours is refused with a reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checklistStorageKey, loadChecklist, serializeChecklist } from '../../../src/core/checklist/persist';
import type { ChecklistState } from '../../../src/core/checklist/types';
import { apply, KEY, throughControlPlane, upgrade } from './fixtures';

function busy(): ChecklistState {
  return apply(throughControlPlane(upgrade()),
    { type: 'skip-step', stepId: 'h0/rollback/rollback', at: 1, reason: 'not needed' },
    { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 2 },
    { type: 'step-failed', stepId: 'h0/nodes/w1/drain', at: 3, reason: 'PDB', evidence: [{ kind: 'drain', at: 3, result: { node: 'w1', outcome: 'failed', removed: [], remaining: ['db/db-0'], error: 'timed out' } }, { kind: 'output', at: 3, text: 'error', exitCode: 1, command: 'kubectl drain w1' }] },
    { type: 'pause', at: 4, reason: 'lunch' });
}

/** A stored checklist with one field changed by `edit`. */
function edited(edit: (o: Record<string, unknown>) => void): unknown {
  const o = JSON.parse(serializeChecklist(busy())) as Record<string, unknown>;
  edit(o);
  return o;
}

function reasonOf(stored: unknown, expected = KEY): string {
  const r = loadChecklist(stored, expected);
  assert.ok(!r.ok, 'loaded');
  return r.reason;
}

describe('checklist persistence', () => {
  it('round-trips through JSON unchanged, evidence, pause and all', () => {
    const s = busy();
    assert.deepEqual(loadChecklist(serializeChecklist(s), KEY), { ok: true, state: s });
    assert.deepEqual(loadChecklist(JSON.parse(serializeChecklist(s)) as unknown), { ok: true, state: s });
  });

  it('keys by server URL and context, one spelling per server', () => {
    assert.equal(checklistStorageKey({ server: 'https://API.example.com:443/', context: 'prod' }), checklistStorageKey({ server: 'https://api.example.com', context: 'prod' }));
    assert.notEqual(checklistStorageKey({ server: 'https://a:6443', context: 'prod' }), checklistStorageKey({ server: 'https://b:6443', context: 'prod' }));
    assert.notEqual(checklistStorageKey({ server: 'https://a:6443', context: 'prod' }), checklistStorageKey({ server: 'https://a:6443', context: 'staging' }));
    assert.notEqual(checklistStorageKey({ server: 'https://a:6443', context: 'a/b' }), checklistStorageKey({ server: 'https://a:6443/a', context: 'b' }));
  });

  it('refuses another cluster\'s checklist', () => {
    assert.match(reasonOf(serializeChecklist(busy()), { server: 'https://10.0.0.2:6443', context: 'prod' }), /^key: belongs to prod at https:\/\/10\.0\.0\.1:6443, not prod at https:\/\/10\.0\.0\.2:6443/);
  });

  it('refuses garbage with the reason and where it is', () => {
    assert.match(reasonOf('{not json'), /^not JSON/);
    assert.equal(reasonOf(null), 'the value: expected an object');
    assert.equal(reasonOf(edited((o) => { o.schema = 2; })), 'schema: written by a newer version of the extension (schema 2; this one reads 1)');
    assert.equal(reasonOf(edited((o) => { delete o.schema; })), 'schema: expected a number');
    assert.equal(reasonOf(edited((o) => { o.mode = 'yolo'; })), 'mode: expected one of upgrade, rolling');
    assert.equal(reasonOf(edited((o) => { o.hops = []; })), 'hops: a checklist has at least one hop');
    assert.equal(reasonOf(edited((o) => {
      const step = ((o.hops as Record<string, unknown>[])[0]?.steps as Record<string, unknown>[])[2] as Record<string, unknown>;
      step.status = { kind: 'skipped', at: 1 };
    })), 'hops[0].steps[2].status.reason: expected text');
    assert.equal(reasonOf(edited((o) => {
      const step = ((o.hops as Record<string, unknown>[])[0]?.steps as Record<string, unknown>[])[5] as Record<string, unknown>;
      ((step.evidence as Record<string, unknown>[])[0] as Record<string, unknown>).result = { node: 'w1', outcome: 'maybe', removed: [], remaining: [] };
    })), 'hops[0].steps[5].evidence[0].result.outcome: expected one of drained, failed, cancelled');
    assert.equal(reasonOf(edited((o) => {
      const steps = (o.hops as Record<string, unknown>[])[0]?.steps as Record<string, unknown>[];
      (steps[1] as Record<string, unknown>).id = (steps[0] as Record<string, unknown>).id;
    })), 'hops: step id h0/plan/review-plan appears twice');
    assert.equal(reasonOf(edited((o) => {
      const steps = (o.hops as Record<string, unknown>[])[0]?.steps as Record<string, unknown>[];
      (steps[5] as Record<string, unknown>).node = 'ghost';
    })), 'hops[0].steps[5].node: "ghost" is not one of the hop\'s nodes');
    assert.equal(reasonOf(edited((o) => {
      const steps = (o.hops as Record<string, unknown>[])[0]?.steps as Record<string, unknown>[];
      for (const i of [6, 7]) (steps[i] as Record<string, unknown>).status = { kind: 'running', startedAt: 1 };
    })), 'hops: 2 steps are running at once');
  });

  it('drops fields it does not know', () => {
    const r = loadChecklist(edited((o) => { o.extra = 'x'; }), KEY);
    assert.ok(r.ok);
    assert.equal('extra' in r.state, false);
  });
});
