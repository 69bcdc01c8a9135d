import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comparePositions, LineIndex, lineStartsOf, normalizeLoneCarriageReturns, rangeContains, shiftRange } from '../../../src/core/manifests/positions';

describe('positions at the edges of the text', () => {
  test('offsets before the start or past the end land on the first or last position', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
    assert.deepEqual(index.positionAt(5), { line: 1, character: 2 });
  });

  test('a text starting with a line break puts offset 0 on line 0 and offset 1 on line 1', () => {
    const index = new LineIndex('\na');
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(1), { line: 1, character: 0 });
    assert.deepEqual(new LineIndex('\r\na').positionAt(0), { line: 0, character: 0 });
  });

  test('every line of a long text is found, first and last included', () => {
    const lines = Array.from({ length: 37 }, (_, i) => `k${i}: ${'v'.repeat(i)}`);
    const text = lines.join('\n');
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 37);
    let offset = 0;
    lines.forEach((line, i) => {
      assert.deepEqual(index.positionAt(offset), { line: i, character: 0 });
      assert.deepEqual(index.positionAt(offset + line.length), { line: i, character: line.length });
      assert.equal(index.offsetAt({ line: i, character: 2 }), offset + 2);
      offset += line.length + 1;
    });
  });

  test('a position past the last line is the end of the text; a negative line is line 0', () => {
    const index = new LineIndex('ab\ncd');
    assert.equal(index.offsetAt({ line: 2, character: 0 }), 5);
    assert.equal(index.offsetAt({ line: 9, character: 9 }), 5);
    assert.equal(index.offsetAt({ line: 1, character: 0 }), 3);
    assert.equal(index.offsetAt({ line: -1, character: 1 }), 1);
    assert.equal(index.offsetAt({ line: 1, character: 50 }), 5);
  });

  test('a range is the positions of its start and end', () => {
    const index = new LineIndex('apiVersion: v1\nkind: Pod\n');
    assert.deepEqual(index.rangeAt(21, 24), { start: { line: 1, character: 6 }, end: { line: 1, character: 9 } });
  });

  test('line starts for LF, CRLF and lone-CR text', () => {
    assert.deepEqual(lineStartsOf('a\nb\n'), [0, 2, 4]);
    assert.deepEqual(lineStartsOf('a\r\nb\rc\n'), [0, 3, 5, 7]);
    assert.deepEqual(lineStartsOf(''), [0]);
    assert.deepEqual(lineStartsOf('abc'), [0]);
  });

  test('lone CRs become LFs, CRLF stays, and the length never changes', () => {
    assert.equal(normalizeLoneCarriageReturns('a\rb\r\nc\r'), 'a\nb\r\nc\n');
    assert.equal(normalizeLoneCarriageReturns('a\nb'), 'a\nb');
  });

  test('a range moved by some lines keeps its characters; by zero lines it stays', () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } };
    assert.deepEqual(shiftRange(range, 5), { start: { line: 6, character: 2 }, end: { line: 8, character: 4 } });
    assert.deepEqual(shiftRange(range, 0), range);
  });

  test('positions order by line, then character; a range holds its own ends', () => {
    assert.ok(comparePositions({ line: 1, character: 9 }, { line: 2, character: 0 }) < 0);
    assert.ok(comparePositions({ line: 2, character: 0 }, { line: 1, character: 9 }) > 0);
    assert.ok(comparePositions({ line: 2, character: 3 }, { line: 2, character: 5 }) < 0);
    assert.ok(comparePositions({ line: 2, character: 5 }, { line: 2, character: 3 }) > 0);
    assert.equal(comparePositions({ line: 2, character: 3 }, { line: 2, character: 3 }), 0);
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } };
    assert.ok(rangeContains(range, { line: 1, character: 2 }));
    assert.ok(rangeContains(range, { line: 1, character: 6 }));
    assert.ok(rangeContains(range, { line: 1, character: 4 }));
    assert.ok(!rangeContains(range, { line: 1, character: 1 }));
    assert.ok(!rangeContains(range, { line: 1, character: 7 }));
    assert.ok(!rangeContains(range, { line: 0, character: 4 }));
    assert.ok(!rangeContains(range, { line: 2, character: 4 }));
  });
});
