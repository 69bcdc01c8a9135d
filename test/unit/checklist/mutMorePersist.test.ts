// A stored checklist read back field by field: every field accepted in each of its forms, every field
// refused with its exact path and problem, and the storage key spelled one way per cluster.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checklistStorageKey, loadChecklist, normalizeServer, sameCluster, serializeChecklist } from '../../../src/core/checklist/persist';
import type { ChecklistState } from '../../../src/core/checklist/types';
import { apply, KEY, rolling, throughControlPlane, upgrade } from './fixtures';

type Raw = Record<string, unknown>;

/** A small valid stored checklist as plain JSON: one hop, one node, one step. */
function raw(): Raw {
  return {
    schema: 1,
    key: { server: 'https://10.0.0.1:6443', context: 'prod' },
    mode: 'upgrade',
    createdAt: 1,
    updatedAt: 2,
    auto: 'manual',
    hops: [{
      from: '1.33',
      to: '1.34',
      nodes: [{ name: 'w1', controlPlane: false, wasCordoned: false, kubeletVersion: 'v1.33.2', osImage: 'Debian', kernelVersion: '6.1' }],
      steps: [{ id: 's0', section: 'nodes', kind: 'drain', title: 'Drain', node: 'w1', destructive: true, optional: false, status: { kind: 'pending' }, evidence: [] }],
    }],
  };
}

const hop0 = (o: Raw): Raw => (o.hops as Raw[])[0] as Raw;
const step0 = (o: Raw): Raw => (hop0(o).steps as Raw[])[0] as Raw;
const node0 = (o: Raw): Raw => (hop0(o).nodes as Raw[])[0] as Raw;

function withEdit(edit: (o: Raw) => void): Raw {
  const o = raw();
  edit(o);
  return o;
}

function reason(edit: (o: Raw) => void, expected?: typeof KEY): string {
  const r = loadChecklist(withEdit(edit), expected);
  assert.ok(!r.ok, 'loaded');
  return r.reason;
}

function loaded(edit: (o: Raw) => void = () => undefined): ChecklistState {
  const r = loadChecklist(withEdit(edit), KEY);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.state;
}

describe('checklist persistence: the storage key', () => {
  it('spells a server one way: lower-case host, no default port, no trailing slashes, trimmed', () => {
    assert.equal(normalizeServer('https://API.example.com:443/'), 'https://api.example.com');
    assert.equal(normalizeServer('  https://h:6443/  '), 'https://h:6443');
    assert.equal(normalizeServer('https://h:6443/k8s/clusters/c-1//'), 'https://h:6443/k8s/clusters/c-1');
    assert.equal(normalizeServer('https://h:6443'), 'https://h:6443');
    assert.equal(normalizeServer('http://h:80/'), 'http://h');
    assert.equal(normalizeServer('  not a url//  '), 'not a url');
    assert.equal(normalizeServer('not a url'), 'not a url');
  });

  it('makes the key from the encoded server and context', () => {
    assert.equal(checklistStorageKey({ server: 'https://10.0.0.1:6443/', context: 'prod' }), 'kubeMaintenance.checklist/https%3A%2F%2F10.0.0.1%3A6443/prod');
    assert.equal(checklistStorageKey({ server: 'https://a:6443/x', context: 'a/b c' }), 'kubeMaintenance.checklist/https%3A%2F%2Fa%3A6443%2Fx/a%2Fb%20c');
  });

  it('counts two keys as one cluster only when the context and the server spelling agree', () => {
    assert.equal(sameCluster({ server: 'https://A:443/', context: 'prod' }, { server: 'https://a', context: 'prod' }), true);
    assert.equal(sameCluster({ server: 'https://a', context: 'prod' }, { server: 'https://a', context: 'Prod' }), false);
    assert.equal(sameCluster({ server: 'https://a', context: 'prod' }, { server: 'https://b', context: 'prod' }), false);
  });
});

describe('checklist persistence: what is accepted', () => {
  it('reads the small checklist back exactly, without optional fields it did not have', () => {
    const s = loaded();
    assert.deepEqual(s, raw());
    assert.equal('paused' in s, false);
    assert.equal('zone' in (s.hops[0]?.nodes[0] ?? {}), false);
  });

  it('accepts an upgrade and a rolling checklist with every step kind and section, as serialized', () => {
    for (const s of [upgrade(undefined, '1.35'), rolling()]) {
      assert.deepEqual(loadChecklist(serializeChecklist(s), KEY), { ok: true, state: s });
    }
  });

  it('accepts every automatic-run setting, a pause, a zone and every step status', () => {
    for (const auto of ['manual', 'next-node', 'all-remaining']) assert.equal(loaded((o) => { o.auto = auto; }).auto, auto);
    assert.equal(loaded((o) => { o.mode = 'rolling'; }).mode, 'rolling');
    assert.deepEqual(loaded((o) => { o.paused = { at: 5, reason: 'lunch', extra: 1 }; }).paused, { at: 5, reason: 'lunch' });
    assert.deepEqual(loaded((o) => { node0(o).zone = 'eu-1a'; }).hops[0]?.nodes[0]?.zone, 'eu-1a');
    for (const status of [
      { kind: 'pending' },
      { kind: 'running', startedAt: 3 },
      { kind: 'done', at: 3 },
      { kind: 'failed', at: 3, reason: 'x' },
      { kind: 'skipped', at: 3, reason: 'y' },
      { kind: 'interrupted', at: 3, startedAt: 2, note: 'z' },
    ]) {
      assert.deepEqual(loaded((o) => { step0(o).status = { ...status, extra: true }; }).hops[0]?.steps[0]?.status, status);
    }
  });

  it('accepts every kind of evidence, with and without its optional fields', () => {
    const evidence = [
      { kind: 'output', at: 1, text: 'out' },
      { kind: 'output', at: 1, text: 'out', command: 'kubectl drain w1', exitCode: 0 },
      { kind: 'drain', at: 1, result: { node: 'w1', outcome: 'drained', removed: ['a/b'], remaining: [] } },
      { kind: 'drain', at: 1, result: { node: 'w1', outcome: 'failed', removed: [], remaining: ['c/d', 'e/f'], error: 'PDB' } },
      { kind: 'drain', at: 1, result: { node: 'w1', outcome: 'cancelled', removed: [], remaining: [] } },
      { kind: 'observed', at: 1, text: 'Ready' },
      { kind: 'note', at: 1, text: 'fine' },
      { kind: 'note', at: 1, text: 'fine', by: 'bob' },
    ];
    const s = loaded((o) => { step0(o).evidence = evidence; });
    assert.deepEqual(s.hops[0]?.steps[0]?.evidence, evidence);
    assert.deepEqual(s.hops[0]?.steps[0]?.evidence.map((e) => Object.keys(e).sort().join(',')), [
      'at,kind,text', 'at,command,exitCode,kind,text', 'at,kind,result', 'at,kind,result', 'at,kind,result', 'at,kind,text', 'at,kind,text', 'at,by,kind,text',
    ]);
  });

  it('accepts a step without a node, and one running step', () => {
    const s = loaded((o) => {
      delete step0(o).node;
      step0(o).status = { kind: 'running', startedAt: 1 };
    });
    assert.equal('node' in (s.hops[0]?.steps[0] ?? {}), false);
    assert.equal(s.hops[0]?.steps[0]?.status.kind, 'running');
  });

  it('accepts the same cluster spelled differently, and any cluster without an expected key', () => {
    assert.equal(loadChecklist(raw(), { server: 'https://10.0.0.1:6443/', context: 'prod' }).ok, true);
    assert.equal(loadChecklist(raw()).ok, true);
    assert.equal(loadChecklist(JSON.stringify(raw()), { server: 'https://10.0.0.1:6443', context: 'prod' }).ok, true);
  });

  it('rebuilds the state from the checked fields only, at every level', () => {
    const s = loaded((o) => {
      o.extra = 1;
      (o.key as Raw).extra = 1;
      hop0(o).extra = 1;
      node0(o).extra = 1;
      step0(o).extra = 1;
      step0(o).evidence = [{ kind: 'observed', at: 1, text: 't', extra: 1 }, { kind: 'drain', at: 1, result: { node: 'w1', outcome: 'drained', removed: [], remaining: [], extra: 1 } }];
    });
    assert.equal(JSON.stringify(s).includes('extra'), false);
  });

  it('writes the schema number it reads', () => {
    assert.equal(loaded().schema, 1);
    assert.equal(JSON.parse(serializeChecklist(apply(throughControlPlane(upgrade()), { type: 'pause', at: 9, reason: 'r' }))).schema, 1);
  });
});

describe('checklist persistence: what is refused, and why', () => {
  it('refuses what is not JSON or not an object', () => {
    const r = loadChecklist('{"schema": 1,', KEY);
    assert.ok(!r.ok);
    assert.match(r.reason, /^not JSON: \S/);
    assert.deepEqual(loadChecklist('[]'), { ok: false, reason: 'the value: expected an object' });
    assert.deepEqual(loadChecklist('"text"'), { ok: false, reason: 'the value: expected an object' });
    assert.deepEqual(loadChecklist(undefined), { ok: false, reason: 'the value: expected an object' });
  });

  it('refuses a schema it does not read', () => {
    assert.equal(reason((o) => { o.schema = 0; }), 'schema: unknown schema 0');
    assert.equal(reason((o) => { o.schema = 1.5; }), 'schema: written by a newer version of the extension (schema 1.5; this one reads 1)');
    assert.equal(reason((o) => { o.schema = '1'; }), 'schema: expected a number');
  });

  it('refuses a bad key, and another cluster\'s checklist naming both', () => {
    assert.equal(reason((o) => { o.key = 'prod'; }), 'key: expected an object');
    assert.equal(reason((o) => { delete (o.key as Raw).server; }), 'key.server: expected text');
    assert.equal(reason((o) => { (o.key as Raw).context = 1; }), 'key.context: expected text');
    assert.equal(reason(() => undefined, { server: 'https://10.0.0.1:6443', context: 'staging' }), 'key: belongs to prod at https://10.0.0.1:6443, not staging at https://10.0.0.1:6443');
    assert.equal(reason(() => undefined, { server: 'https://10.0.0.2:6443', context: 'prod' }), 'key: belongs to prod at https://10.0.0.1:6443, not prod at https://10.0.0.2:6443');
  });

  it('refuses bad top-level fields', () => {
    assert.equal(reason((o) => { o.hops = {}; }), 'hops: expected a list');
    assert.equal(reason((o) => { o.hops = [1]; }), 'hops[0]: expected an object');
    assert.equal(reason((o) => { o.createdAt = 'now'; }), 'createdAt: expected a number');
    assert.equal(reason((o) => { delete o.updatedAt; }), 'updatedAt: expected a number');
    assert.equal(reason((o) => { o.auto = 'always'; }), 'auto: expected one of manual, next-node, all-remaining');
    assert.equal(reason((o) => { o.mode = undefined; }), 'mode: expected one of upgrade, rolling');
    assert.equal(reason((o) => { o.paused = 'yes'; }), 'paused: expected an object');
    assert.equal(reason((o) => { o.paused = { reason: 'x' }; }), 'paused.at: expected a number');
    assert.equal(reason((o) => { o.paused = { at: 1 }; }), 'paused.reason: expected text');
  });

  it('refuses a bad hop', () => {
    assert.equal(reason((o) => { hop0(o).from = 1.33; }), 'hops[0].from: expected text');
    assert.equal(reason((o) => { delete hop0(o).to; }), 'hops[0].to: expected text');
    assert.equal(reason((o) => { hop0(o).nodes = null; }), 'hops[0].nodes: expected a list');
    assert.equal(reason((o) => { hop0(o).steps = 'none'; }), 'hops[0].steps: expected a list');
    // A second hop's node steps are checked against that hop's own nodes.
    assert.equal(reason((o) => { (o.hops as Raw[]).push({ from: '1.34', to: '1.35', nodes: [], steps: [{ ...step0(o), id: 's1' }] }); }), 'hops[1].steps[0].node: "w1" is not one of the hop\'s nodes');
  });

  it('refuses a step id used twice, even in different hops, and two running steps anywhere', () => {
    assert.equal(reason((o) => { (o.hops as Raw[]).push({ ...hop0(o) }); }), 'hops: step id s0 appears twice');
    assert.equal(reason((o) => {
      (o.hops as Raw[]).push({ ...hop0(o), steps: [{ ...step0(o), id: 's1', status: { kind: 'running', startedAt: 1 } }] });
      step0(o).status = { kind: 'running', startedAt: 1 };
    }), 'hops: 2 steps are running at once');
    assert.equal(reason((o) => {
      const s = step0(o);
      hop0(o).steps = [0, 1, 2].map((i) => ({ ...s, id: `s${i}`, status: { kind: 'running', startedAt: 1 } }));
    }), 'hops: 3 steps are running at once');
  });

  it('refuses a bad node row, naming the field', () => {
    const cases: [string, unknown, string][] = [
      ['name', 1, 'expected text'], ['zone', 1, 'expected text'], ['controlPlane', 'no', 'expected true or false'], ['wasCordoned', undefined, 'expected true or false'],
      ['kubeletVersion', null, 'expected text'], ['osImage', 1, 'expected text'], ['kernelVersion', undefined, 'expected text'],
    ];
    for (const [field, value, problem] of cases) assert.equal(reason((o) => { node0(o)[field] = value; }), `hops[0].nodes[0].${field}: ${problem}`, field);
    assert.equal(reason((o) => { hop0(o).nodes = [node0(o), 'w2']; }), 'hops[0].nodes[1]: expected an object');
  });

  it('refuses a bad step, naming the field', () => {
    const cases: [string, unknown, string][] = [
      ['id', 1, 'expected text'], ['title', undefined, 'expected text'], ['node', 7, 'expected text'],
      ['destructive', 1, 'expected true or false'], ['optional', undefined, 'expected true or false'],
      ['section', 'deploy', 'expected one of plan, backup, staging, control-plane, nodes, kubectl, verify, rollback'],
      ['kind', 'reboot', 'expected one of review-plan, backup, staging, control-plane-upgrade, control-plane-wait, drain, node-upgrade, node-patch, uncordon, node-verify, kubectl-skew, verify-cluster, rollback'],
      ['status', 'done', 'expected an object'], ['evidence', undefined, 'expected a list'],
    ];
    for (const [field, value, problem] of cases) assert.equal(reason((o) => { step0(o)[field] = value; }), `hops[0].steps[0].${field}: ${problem}`, field);
    assert.equal(reason((o) => { hop0(o).steps = [step0(o), null]; }), 'hops[0].steps[1]: expected an object');
  });

  it('refuses a bad status, naming the field', () => {
    const cases: [Raw, string][] = [
      [{ kind: 'paused' }, 'kind: expected one of pending, running, done, failed, skipped, interrupted'],
      [{ kind: 'running' }, 'startedAt: expected a number'],
      [{ kind: 'done' }, 'at: expected a number'],
      [{ kind: 'failed', reason: 'x' }, 'at: expected a number'],
      [{ kind: 'failed', at: 1 }, 'reason: expected text'],
      [{ kind: 'skipped', reason: 'x' }, 'at: expected a number'],
      [{ kind: 'interrupted', startedAt: 1, note: 'n' }, 'at: expected a number'],
      [{ kind: 'interrupted', at: 1, note: 'n' }, 'startedAt: expected a number'],
      [{ kind: 'interrupted', at: 1, startedAt: 1 }, 'note: expected text'],
    ];
    for (const [status, problem] of cases) assert.equal(reason((o) => { step0(o).status = status; }), `hops[0].steps[0].status.${problem}`, JSON.stringify(status));
  });

  it('refuses bad evidence, naming the item and the field', () => {
    const cases: [unknown, string][] = [
      ['text', ': expected an object'],
      [{ kind: 'output', text: 'x' }, '.at: expected a number'],
      [{ kind: 'log', at: 1 }, '.kind: expected one of output, drain, observed, note'],
      [{ kind: 'output', at: 1 }, '.text: expected text'],
      [{ kind: 'output', at: 1, text: 'x', command: 1 }, '.command: expected text'],
      [{ kind: 'output', at: 1, text: 'x', exitCode: '1' }, '.exitCode: expected a number'],
      [{ kind: 'observed', at: 1 }, '.text: expected text'],
      [{ kind: 'note', at: 1 }, '.text: expected text'],
      [{ kind: 'note', at: 1, text: 'x', by: 2 }, '.by: expected text'],
      [{ kind: 'drain', at: 1 }, '.result: expected an object'],
      [{ kind: 'drain', at: 1, result: { outcome: 'drained', removed: [], remaining: [] } }, '.result.node: expected text'],
      [{ kind: 'drain', at: 1, result: { node: 'w1', removed: [], remaining: [] } }, '.result.outcome: expected one of drained, failed, cancelled'],
      [{ kind: 'drain', at: 1, result: { node: 'w1', outcome: 'failed', remaining: [] } }, '.result.removed: expected a list'],
      [{ kind: 'drain', at: 1, result: { node: 'w1', outcome: 'failed', removed: ['a/b', 3], remaining: [] } }, '.result.removed[1]: expected text'],
      [{ kind: 'drain', at: 1, result: { node: 'w1', outcome: 'failed', removed: [], remaining: 'a/b' } }, '.result.remaining: expected a list'],
      [{ kind: 'drain', at: 1, result: { node: 'w1', outcome: 'failed', removed: [], remaining: [], error: {} } }, '.result.error: expected text'],
    ];
    for (const [e, problem] of cases) {
      assert.equal(reason((o) => { step0(o).evidence = [{ kind: 'observed', at: 1, text: 'fine' }, e]; }), `hops[0].steps[0].evidence[1]${problem}`, JSON.stringify(e));
    }
  });

  it('passes on an error that is not about the shape', () => {
    const hostile = { get schema(): number { throw new RangeError('boom'); } };
    assert.throws(() => loadChecklist(hostile), RangeError);
  });
});
