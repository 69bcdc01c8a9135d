import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch, jsonPatch, mergePatch, strategicMergePatch, type Json } from '../../sim/patch';
import { ApiError } from '../../sim/status';

const node: Json = { metadata: { name: 'n1', labels: { a: '1' } }, spec: { podCIDR: '10.0.0.0/24' } };

describe('patches', () => {
  it('applies the strategic merge patch kubectl cordon and uncordon send', () => {
    // k8s.io/kubectl pkg/drain/cordon.go: CreateTwoWayMergePatch of unschedulable false -> true, and back (null)
    const cordoned = strategicMergePatch(node, { spec: { unschedulable: true } });
    assert.deepEqual(cordoned, { metadata: { name: 'n1', labels: { a: '1' } }, spec: { podCIDR: '10.0.0.0/24', unschedulable: true } });
    const uncordoned = strategicMergePatch(cordoned, { spec: { unschedulable: null } });
    assert.deepEqual(uncordoned, node);
  });

  it('merges lists by their merge key and honours $patch directives', () => {
    const pod: Json = { spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1' }] } };
    const patched = strategicMergePatch(pod, { spec: { containers: [{ name: 'b', image: 'y:2' }, { name: 'c', image: 'z:1' }] } });
    assert.deepEqual(patched, { spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:2' }, { name: 'c', image: 'z:1' }] } });
    const deleted = strategicMergePatch(pod, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } });
    assert.deepEqual(deleted, { spec: { containers: [{ name: 'b', image: 'y:1' }] } });
    const replaced = strategicMergePatch(node, { metadata: { labels: { $patch: 'replace', b: '2' } } });
    assert.deepEqual((replaced as { metadata: { labels: unknown } }).metadata.labels, { b: '2' });
  });

  it('replaces lists without a merge key (taints)', () => {
    const tainted: Json = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } };
    assert.deepEqual(strategicMergePatch(tainted, { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } }), { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } });
  });

  it('applies JSON merge patches', () => {
    assert.deepEqual(mergePatch(node, { spec: { unschedulable: true, podCIDR: null } }), { metadata: { name: 'n1', labels: { a: '1' } }, spec: { unschedulable: true } });
  });

  it('applies JSON patches, including add, replace, remove, test, move and copy', () => {
    const out = jsonPatch(node, [
      { op: 'add', path: '/spec/unschedulable', value: true },
      { op: 'replace', path: '/metadata/labels/a', value: '2' },
      { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/b' },
      { op: 'move', from: '/spec/podCIDR', path: '/spec/cidr' },
      { op: 'test', path: '/spec/unschedulable', value: true },
      { op: 'remove', path: '/metadata/labels/b' },
    ]);
    assert.deepEqual(out, { metadata: { name: 'n1', labels: { a: '2' } }, spec: { unschedulable: true, cidr: '10.0.0.0/24' } });
    assert.deepEqual(node, { metadata: { name: 'n1', labels: { a: '1' } }, spec: { podCIDR: '10.0.0.0/24' } }, 'the input is not modified');
  });

  it('fails a JSON patch on a missing path with 422 and a failed test with 422', () => {
    assert.throws(() => jsonPatch(node, [{ op: 'remove', path: '/spec/nothing' }]), (e: unknown) => e instanceof ApiError && e.code === 422);
    assert.throws(() => jsonPatch(node, [{ op: 'test', path: '/spec/podCIDR', value: 'x' }]), (e: unknown) => e instanceof ApiError && e.code === 422);
  });

  it('dispatches on the content type and rejects unknown ones with 415', () => {
    assert.deepEqual(applyPatch('application/merge-patch+json; charset=utf-8', { a: 1 }, { b: 2 }), { a: 1, b: 2 });
    assert.throws(() => applyPatch('text/plain', {}, {}), (e: unknown) => e instanceof ApiError && e.code === 415);
  });
});
