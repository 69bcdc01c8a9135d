// Text the plain-YAML fast path must leave to the parser: keys the core schema reads as null or a
// boolean, and values followed by more than a comment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { isCertainlyValidYaml } from '../../../src/core/manifests/plainYaml';

test('a key the core schema reads as null or a boolean is left to the parser, which reads it so', () => {
  for (const key of ['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']) {
    const text = `${key}: 1\n`;
    assert.equal(isCertainlyValidYaml(text), false, key);
    // the parser's key is not the string the plain reader would have made of it
    const parsed = parseAllDocuments(text, { prettyErrors: false })[0];
    assert.ok(parsed && !Array.isArray(parsed));
    assert.notEqual(typeof (parsed.contents as { items: { key: { value: unknown } }[] }).items[0].key.value, 'string');
  }
  assert.equal(isCertainlyValidYaml('nullable: 1\nTrueish: 2\n'), true);
});

test('a quoted value, flow collection or block-scalar header followed by more than a comment is left to the parser', () => {
  for (const text of ["k: 'a'x #c\n", 'k: "a"x #c\n', 'k: [a]x #c\n', 'k: {a: b}x #c\n', 'a: |x >\n', 'a: >x |\n']) {
    assert.equal(isCertainlyValidYaml(text), false, JSON.stringify(text));
  }
});
