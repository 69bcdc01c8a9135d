import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { parseJsonDocument } from '../../../src/core/manifests/parseJson';

function shape(node: unknown, out: string[] = []): string[] {
  if (isScalar(node)) {
    out.push(`${JSON.stringify(node.value)} ${node.type} ${node.range?.slice(0, 2).join(',')}`);
  } else if (isMap(node) || isSeq(node)) {
    out.push(`${isMap(node) ? 'map' : 'seq'} ${node.flow ? 'flow' : 'block'} ${node.range?.slice(0, 2).join(',')} (${node.items.length})`);
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        shape(item.key, out);
        shape(item.value, out);
      } else {
        shape(item, out);
      }
    }
  }
  return out;
}

describe('strict JSON read without the YAML parser', () => {
  const same = [
    '{}',
    '[]',
    '{ }',
    '[ ]',
    '\n\r\n  {"a": 1}',
    '{"a": 1}\n\n',
    '{"a":1,"b":[true,false,null],"c":{"d":"e"}}',
    '{\r\n  "a" : [ 1 , 2 ]\r\n}\r\n',
    '[0, -0, 1.5, -2e10, 3E+2, 4e-1, 123456789]',
    '["a\\"b", "c\\\\d", "\\u00e9", "\\/", "\\n\\t"]',
    '{"apiVersion": "extensions\\/v1beta1", "kind": "Ingress"}',
    '{"": ""}',
    '[[[]], [{}], {"a": [{"b": null}]}]',
    `{"${'k'.repeat(1000)}": 1}`,
    `${'['.repeat(500)}${']'.repeat(500)}`,
    `${'['.repeat(501)}${']'.repeat(501)}`,
  ];
  for (const text of same) {
    test(`gives the parser's nodes, values, quoting and ranges: ${JSON.stringify(text.slice(0, 40))}`, () => {
      const ours = parseJsonDocument(text);
      const parser = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
      assert.ok(ours, 'read without the parser');
      assert.ok(Array.isArray(parser) && parser.length === 1);
      assert.deepEqual(shape(ours.contents), shape(parser[0].contents));
      assert.deepEqual(ours.toJS(), JSON.parse(text));
      const start = text.length - text.trimStart().length;
      assert.deepEqual(ours.range, [start, text.length, text.length]);
      assert.deepEqual(ours.errors, []);
    });
  }

  const left = [
    '',
    '   ',
    'a: 1',
    '"x"',
    '1',
    '\t{"a": 1}',
    '{"a":\t1}',
    '{"a": 1,}',
    '[1,]',
    '[1, ]',
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    '[1 2]',
    '{a: 1}',
    "{'a': 1}",
    '{"a": 01}',
    '{"a": +1}',
    '{"a": .5}',
    '{"a": 1.}',
    '{"a": tru}',
    '{"a": nul}',
    '{"a": undefined}',
    '{"a": "x}',
    '{"a": "x\\',
    '{"a": "\\x"}',
    '{"a": "\\u12"}',
    '{"a": "line\nbreak"}',
    '{"a": 1',
    '[1',
    '{"a": [1}',
    '{"a": 1}}',
    '[1] x',
    '[1]\n[2]',
    '{"a": 1} # c',
    `{"${'k'.repeat(1001)}": 1}`,
    `${'['.repeat(502)}${']'.repeat(502)}`,
    `{"a": ${'['.repeat(501)}${']'.repeat(501)}}`,
    '{,}',
    '[,]',
    '{"a": 1,, "b": 2}',
    '{"a":}',
    '{1: 2}',
  ];
  for (const text of left) {
    test(`leaves to the YAML parser what is not strict JSON: ${JSON.stringify(text.slice(0, 40))}`, () => {
      assert.equal(parseJsonDocument(text), undefined);
    });
  }
});
