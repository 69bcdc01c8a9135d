import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitDocuments } from '../../../src/core/manifests/splitDocuments';

function slices(text: string): string[] {
  return splitDocuments(text).map((s) => text.slice(s.start, s.end));
}

test('splits on --- lines and keeps the marker with the following document', () => {
  assert.deepEqual(slices('a: 1\n---\nb: 2\n--- # c\nc: 3'), ['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3']);
  assert.deepEqual(splitDocuments('a: 1\n---\nb: 2\n').map((s) => s.startLine), [0, 1]);
});

test('... ends a document; indented or longer dashes do not split', () => {
  assert.deepEqual(slices('a: 1\n...\nb: 2\n'), ['a: 1\n...\n', 'b: 2\n']);
  assert.deepEqual(slices('a: |\n  ---\nb: ----\n'), ['a: |\n  ---\nb: ----\n']);
});

test('CRLF and a marker on the first line', () => {
  assert.deepEqual(slices('---\r\na: 1\r\n---\r\nb: 2\r\n'), ['---\r\na: 1\r\n', '---\r\nb: 2\r\n']);
});

test('directives keep the stream whole', () => {
  assert.deepEqual(slices('%YAML 1.2\n---\na: 1\n---\nb: 2\n'), ['%YAML 1.2\n---\na: 1\n---\nb: 2\n']);
});

test('empty text is one empty segment', () => {
  assert.deepEqual(splitDocuments(''), [{ start: 0, end: 0, startLine: 0 }]);
});
