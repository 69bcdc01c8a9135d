import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { manifestObjects, nodeAt, stringValue, mapGet } from '../../../src/core/manifests/manifestObjects';

function objects(text: string): { path: readonly (string | number)[]; apiVersion: string; kind: string; name?: string; at?: number }[] {
  const doc = parseDocument(text);
  return manifestObjects(doc).map((o) => ({ path: o.path, apiVersion: o.apiVersion, kind: o.kind, name: o.name, at: o.apiVersionNode.range?.[0] }));
}

describe('Kubernetes objects in a document', () => {
  test('a manifest is one object with its apiVersion, kind, name and where its apiVersion is written', () => {
    assert.deepEqual(objects('kind: Deployment\napiVersion: apps/v1\nmetadata:\n  name: web\n'), [{ path: [], apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', at: 29 }]);
  });

  test('without a string apiVersion or kind it is no object (Chart.yaml, values, numbers)', () => {
    for (const text of ['apiVersion: v2\nname: chart\n', 'kind: Pod\nname: x\n', 'apiVersion: 1\nkind: Pod\n', 'apiVersion: v1\nkind: 3\n', '- apiVersion: v1\n  kind: Pod\n', 'just text\n', 'apiVersion:\nkind: Pod\n']) {
      assert.deepEqual(objects(text), [], JSON.stringify(text));
    }
  });

  test('a name only from metadata.name as a string', () => {
    assert.equal(objects('apiVersion: v1\nkind: Pod\nmetadata: web\n')[0].name, undefined);
    assert.equal(objects('apiVersion: v1\nkind: Pod\nmetadata:\n  name: 7\n')[0].name, undefined);
    assert.equal(objects('apiVersion: v1\nkind: Pod\nname: top\n')[0].name, undefined);
  });

  test('aliases are followed for the values', () => {
    const found = objects('apiVersion: &v apps/v1\nkind: Deployment\nmetadata:\n  name: &n web\nspec:\n  x: *v\n  template:\n    metadata:\n      name: *n\n');
    assert.equal(found[0].apiVersion, 'apps/v1');
    const doc = parseDocument('a: &v x\nb: *v\nc: *v\n');
    assert.equal(stringValue(mapGet(doc.contents as never, 'b'), doc), 'x');
  });

  test('items of a List and of any *List kind are objects too, at their paths; other items are not', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- just: data\n- apiVersion: apps/v1\n  kind: Deployment\n';
    assert.deepEqual(objects(list).map((o) => [o.path, o.kind, o.name ?? null]), [[[], 'List', null], [['items', 0], 'ConfigMap', 'a'], [['items', 2], 'Deployment', null]]);
    const typed = 'apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n';
    assert.deepEqual(objects(typed).map((o) => o.kind), ['ConfigMapList', 'ConfigMap']);
    assert.deepEqual(objects('apiVersion: v1\nkind: List\nitems: {a: 1}\n').map((o) => o.kind), ['List']);
    assert.deepEqual(objects('apiVersion: v1\nkind: Listing\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n').map((o) => o.kind), ['Listing']);
    assert.deepEqual(objects('apiVersion: v1\nkind: Pod\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n').map((o) => o.kind), ['Pod']);
  });
});

describe('finding a node by path', () => {
  const doc = parseDocument('spec:\n  containers:\n  - name: a\n    ports: [80, 443]\n  empty:\n');
  test('keys and indexes lead to the node; a wrong step or a missing one gives nothing', () => {
    assert.equal(String(nodeAt(doc.contents, ['spec', 'containers', 0, 'name'])), 'a');
    assert.equal(String(nodeAt(doc.contents, ['spec', 'containers', 0, 'ports', 1])), '443');
    assert.equal(nodeAt(doc.contents, ['spec', 'containers', 'name']), undefined);
    assert.equal(nodeAt(doc.contents, ['spec', 0]), undefined);
    assert.equal(nodeAt(doc.contents, ['spec', 'containers', 5]), undefined);
    assert.equal(nodeAt(doc.contents, ['spec', 'missing']), undefined);
    assert.equal(nodeAt(doc.contents, ['spec', 'empty', 'x']), undefined);
    assert.equal(nodeAt(doc.contents, []), doc.contents);
  });

  test('a key without a value gives its empty node, a key not written gives nothing', () => {
    const map = nodeAt(doc.contents, ['spec']);
    assert.ok(map);
    const empty = mapGet(map as never, 'empty');
    assert.equal((empty as { value?: unknown } | undefined)?.value, null);
    assert.equal(mapGet(map as never, 'nothing'), undefined);
  });
});
