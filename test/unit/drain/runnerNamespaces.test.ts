// Pods outside "default": the runner names them namespace/name and waits for them in their own
// namespace.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { KUBECTL_DEFAULTS } from '../../../src/core/drain/filters';
import { drainNodes } from '../../../src/core/drain/runner';
import { FakeCluster, VirtualClock, io, pod } from './fakeApi';

describe('drain runner: namespaces', () => {
  it('names a pod of another namespace with it, and waits for it there until it is gone', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r', ns: 'shop' })];
    c.lingering.set('w', 2);
    const clock = new VirtualClock();
    const x = io(clock);
    const r = await drainNodes(c, ['n1'], { ...KUBECTL_DEFAULTS }, x);
    assert.deepEqual(x.stdout, ['node/n1 cordoned', 'evicting pod shop/w', 'pod/w evicted', 'node/n1 drained']);
    assert.deepEqual(r.nodes[0]?.removed, ['shop/w']);
    assert.deepEqual(clock.sleeps, [1000, 1000], 'it was polled in its namespace until it was gone');
  });
});
