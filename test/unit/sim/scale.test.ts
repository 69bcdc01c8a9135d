import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateScenario } from '../../sim/generate';
import { encodeStats } from '../../sim/http/encode';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { call, type Target } from './http';

// Structural checks only: timing belongs to the bench (test/sim/bench.ts).
describe('scale: 5,000 nodes and 10,000 pods', () => {
  let sim: RunningSimulator;
  let t: Target;
  before(async () => {
    sim = await startSimulator({ scenario: generateScenario({ nodes: 5000, pods: 10_000 }) });
    t = { url: sim.url, caPem: sim.caPem, token: sim.token };
  });
  after(() => sim.stop());

  it('lists all nodes in one response and in pages', async () => {
    const all = (await call(t, '/api/v1/nodes')).json<{ items: unknown[] }>();
    assert.equal(all.items.length, 5000);
    let pages = 0;
    let seen = 0;
    let token = '';
    do {
      const page = (await call(t, `/api/v1/nodes?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`)).json<{ items: unknown[]; metadata: { continue?: string } }>();
      pages++;
      seen += page.items.length;
      token = page.metadata.continue ?? '';
    } while (token);
    assert.deepEqual([pages, seen], [10, 5000]);
  });

  it('finds the pods of one node through the node index, not by scanning every pod', async () => {
    const r = (await call(t, '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-00042')).json<{ items: { spec: { nodeName: string } }[] }>();
    assert.ok(r.items.length > 0);
    assert.ok(r.items.every((p) => p.spec.nodeName === 'node-00042'));
    assert.equal(sim.cluster.store.lastScanned, r.items.length);
  });

  it('serves nodes from cached JSON: a second list re-serialises nothing', async () => {
    await call(t, '/api/v1/nodes');
    const before = encodeStats.serialized;
    const r = (await call(t, '/api/v1/nodes')).json<{ items: unknown[] }>();
    assert.equal(r.items.length, 5000);
    assert.equal(encodeStats.serialized - before, 0);
  });
});
