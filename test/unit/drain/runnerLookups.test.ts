// The drain runner's lookups and records: one DaemonSet lookup per DaemonSet, the cordon record a
// drain writes, nodes as the API may return them, and deletions that fail without an API status.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { KUBECTL_DEFAULTS, type DrainOptions } from '../../../src/core/drain/filters';
import { CORDON_ANNOTATIONS, cordonNode, drainNodes } from '../../../src/core/drain/runner';
import { FakeCluster, VirtualClock, io, pod } from './fakeApi';

const opts = (o: Partial<DrainOptions> = {}): DrainOptions => ({ ...KUBECTL_DEFAULTS, ...o });

describe('drain runner: lookups and records', () => {
  it('looks up each DaemonSet of the node once, and judges each pod by its own', async () => {
    const c = new FakeCluster();
    c.pods = [pod('gone-1', { owner: 'DaemonSet/gone' }), pod('gone-2', { owner: 'DaemonSet/gone' }), pod('agent-1', { owner: 'DaemonSet/agent' })];
    c.daemonSets.add('default/agent');
    const looked: string[] = [];
    const lookup = c.daemonSet.bind(c);
    c.daemonSet = async (ns, name) => {
      looked.push(`${ns}/${name}`);
      return lookup(ns, name);
    };
    const x = io(new VirtualClock());
    await drainNodes(c, ['n1'], opts({ ignoreDaemonSets: true }), x);
    assert.deepEqual(looked.sort(), ['default/agent', 'default/gone']);
    assert.ok(x.stderr.includes('cannot delete daemonsets.apps "gone" not found: default/gone-1, default/gone-2'), x.stderr.join('\n'));
  });

  it('a drain records who cordoned the node and why', async () => {
    const c = new FakeCluster();
    const clock = new VirtualClock();
    await drainNodes(c, ['n1'], opts(), io(clock), { who: 'alice', reason: 'kernel 6.8' });
    assert.deepEqual(c.nodes.get('n1')?.annotations, { [CORDON_ANNOTATIONS.by]: 'alice', [CORDON_ANNOTATIONS.at]: new Date(clock.t).toISOString(), [CORDON_ANNOTATIONS.reason]: 'kernel 6.8' });
  });

  it('a node returned without a spec is schedulable: it gets cordoned', async () => {
    const c = new FakeCluster();
    const x = io(new VirtualClock());
    const r = await cordonNode(c, { metadata: { name: 'n1' } }, true, { dryRun: 'none' }, x);
    assert.deepEqual(r, { ok: true, changed: true });
    assert.deepEqual(x.stdout, ['node/n1 cordoned']);
  });

  it('a deletion that fails without an API status fails the node with its text', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    c.deletePod = async () => {
      throw new Error('socket hang up');
    };
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ disableEviction: true }), x);
    assert.equal(r.nodes[0]?.error, 'socket hang up');
  });
});
