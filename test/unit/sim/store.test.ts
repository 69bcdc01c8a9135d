import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectStore, type StoreEvent } from '../../sim/store';
import type { KubeObject } from '../../sim/types';

function pod(name: string, node: string, ns = 'default', labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { nodeName: node, containers: [] } };
}

describe('ObjectStore', () => {
  it('gives every write the next integer resourceVersion', () => {
    const s = new ObjectStore();
    const a = s.create('/pods', pod('a', 'n1'));
    const b = s.create('/pods', pod('b', 'n1'));
    const a2 = s.update('/pods', { ...a, metadata: { ...a.metadata, labels: { x: 'y' } } });
    const removed = s.remove('/pods', 'default', 'b');
    const rvs = [a, b, a2, removed!].map((o) => Number(o.metadata.resourceVersion));
    assert.deepEqual(rvs, [rvs[0]!, rvs[0]! + 1, rvs[0]! + 2, rvs[0]! + 3]);
    assert.equal(s.currentRv(), rvs[3]);
    assert.equal(b.metadata.resourceVersion, String(rvs[1]));
  });

  it('indexes pods by node and namespace', () => {
    const s = new ObjectStore();
    s.create('/pods', pod('a', 'n1', 'x'));
    s.create('/pods', pod('b', 'n2', 'x'));
    s.create('/pods', pod('c', 'n1', 'y'));
    const onN1 = s.list('/pods', { fields: [{ field: 'spec.nodeName', op: 'eq', value: 'n1' }] });
    assert.deepEqual(onN1.items.map((p) => p.metadata.name), ['a', 'c']);
    assert.equal(s.lastScanned, 2, 'only the pods on n1 are looked at');
    const inX = s.list('/pods', { namespace: 'x' });
    assert.deepEqual(inX.items.map((p) => p.metadata.name), ['a', 'b']);
    // moving a pod updates the index
    const b = s.get('/pods', 'x', 'b')!;
    s.update('/pods', { ...b, spec: { nodeName: 'n1', containers: [] } });
    assert.deepEqual(s.podsOnNode('n1').map((p) => p.metadata.name), ['a', 'b', 'c']);
    assert.deepEqual(s.podsOnNode('n2'), []);
  });

  it('pages with limit and a start key, in key order', () => {
    const s = new ObjectStore();
    for (const n of ['e', 'a', 'd', 'b', 'c']) s.create('/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: n } });
    const first = s.list('/nodes', { limit: 2 });
    assert.deepEqual(first.items.map((o) => o.metadata.name), ['a', 'b']);
    assert.equal(first.nextKey, 'b');
    assert.equal(first.remaining, 3);
    const second = s.list('/nodes', { limit: 2, after: first.nextKey! });
    assert.deepEqual(second.items.map((o) => o.metadata.name), ['c', 'd']);
    const last = s.list('/nodes', { limit: 2, after: second.nextKey! });
    assert.deepEqual(last.items.map((o) => o.metadata.name), ['e']);
    assert.equal(last.nextKey, undefined);
  });

  it('filters by label selector', () => {
    const s = new ObjectStore();
    s.create('/pods', pod('a', 'n1', 'd', { app: 'web' }));
    s.create('/pods', pod('b', 'n1', 'd', { app: 'db' }));
    const r = s.list('/pods', { labels: [{ key: 'app', op: 'eq', value: 'db' }] });
    assert.deepEqual(r.items.map((o) => o.metadata.name), ['b']);
  });

  it('replays history after a revision and reports compacted revisions as too old', () => {
    const s = new ObjectStore(3);
    const events: StoreEvent[] = [];
    s.subscribe((e) => events.push(e));
    const start = s.currentRv();
    for (const n of ['a', 'b', 'c', 'd', 'e']) s.create('/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: n } });
    assert.equal(events.length, 5);
    assert.equal(s.eventsSince(start), undefined, 'the first events were dropped from the bounded history');
    const recent = s.eventsSince(s.currentRv() - 2)!;
    assert.deepEqual(recent.map((e) => e.object.metadata.name), ['d', 'e']);
    s.compact();
    assert.deepEqual(s.eventsSince(s.currentRv()), []);
    assert.equal(s.eventsSince(s.currentRv() - 1), undefined);
  });

  it('carries the deletion revision on DELETED events', () => {
    const s = new ObjectStore();
    s.create('/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' } });
    let deleted: StoreEvent | undefined;
    s.subscribe((e) => {
      if (e.type === 'DELETED') deleted = e;
    });
    s.remove('/nodes', undefined, 'a');
    assert.equal(deleted?.object.metadata.resourceVersion, String(s.currentRv()));
  });
});
