import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countNewlines, splitDocuments } from '../../../src/core/manifests/splitDocuments';

function slices(text: string): [string, number][] {
  return splitDocuments(text).map((s) => [text.slice(s.start, s.end), s.startLine]);
}

describe('document splitting at the edges', () => {
  // first in the file: the very first split of a process is of an empty text
  test('an empty text is one empty document on line 0', () => {
    assert.deepEqual(splitDocuments(''), [{ start: 0, end: 0, startLine: 0 }]);
  });

  test('a marker followed by a tab, CR, or the end of the text splits; one followed by other text does not', () => {
    assert.deepEqual(slices('---\ta: 1\n---\tb\n'), [['---\ta: 1\n', 0], ['---\tb\n', 1]]);
    assert.deepEqual(slices('a\n---'), [['a\n', 0], ['---', 1]]);
    assert.deepEqual(slices('a: 1\n---x\n---\r\nb\n'), [['a: 1\n---x\n', 0], ['---\r\nb\n', 2]]);
    assert.deepEqual(slices('---'), [['---', 0]]);
    assert.deepEqual(slices('a\n--- # c'), [['a\n', 0], ['--- # c', 1]]);
  });

  test('`...` ends its document after its own line, also at the end of the text or before a tab', () => {
    assert.deepEqual(slices('a\n...'), [['a\n...', 0]]);
    assert.deepEqual(slices('a\n...\t\nb'), [['a\n...\t\n', 0], ['b', 2]]);
    assert.deepEqual(slices('a\n....\nb'), [['a\n....\nb', 0]]);
    assert.deepEqual(slices('a\n...x\nb'), [['a\n...x\nb', 0]]);
  });

  test('`...` then `---` makes no empty document between them', () => {
    assert.deepEqual(slices('a\n...\n---\nb\n'), [['a\n...\n', 0], ['---\nb\n', 2]]);
  });

  test('documents start on the lines they start on, with blank lines and CRLF', () => {
    assert.deepEqual(slices('a\n\n\n---\nb\n\n---\nc'), [['a\n\n\n', 0], ['---\nb\n\n', 3], ['---\nc', 6]]);
    assert.deepEqual(slices('a\r\n---\r\nb\r\n---\r\nc'), [['a\r\n', 0], ['---\r\nb\r\n', 1], ['---\r\nc', 3]]);
    assert.deepEqual(slices('\n---\n'), [['\n', 0], ['---\n', 1]]);
  });

  test('a directive anywhere at a line start keeps the stream whole; a % inside a line does not', () => {
    assert.deepEqual(slices('a\n%YAML 1.2\n---\nb'), [['a\n%YAML 1.2\n---\nb', 0]]);
    assert.deepEqual(slices('# %x\na\n---\nb'), [['# %x\na\n', 0], ['---\nb', 2]]);
  });

  test('the same text split twice gives the same documents', () => {
    const text = 'a: 1\n---\nb: 2\n';
    assert.deepEqual(splitDocuments(text), splitDocuments(text));
    assert.deepEqual(slices('x: 1\n'), [['x: 1\n', 0]]);
    assert.deepEqual(splitDocuments(text), [{ start: 0, end: 5, startLine: 0 }, { start: 5, end: 14, startLine: 1 }]);
  });

  test('line breaks are counted from the start offset up to, not including, the end offset', () => {
    const text = 'a\nb\nc\n';
    assert.equal(countNewlines(text, 2, 5), 1);
    assert.equal(countNewlines(text, 0, 1), 0);
    assert.equal(countNewlines(text, 0, 2), 1);
    assert.equal(countNewlines(text, 1, 6), 3);
    assert.equal(countNewlines(text, 1, 5), 2);
  });
});
