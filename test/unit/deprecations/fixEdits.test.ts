import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOffsetEdits, editsOverlap, singleEditBetween, sortEdits } from '../../../src/core/deprecations/migrations/offsetEdits';

/*
 * The text edits behind "Fix all" and the editor's single undoable change: what they leave,
 * which ones collide, and how small the change handed to the editor is.
 */

const edit = (start: number, end: number, newText = ''): { start: number; end: number; newText: string } => ({ start, end, newText });

describe('applying edits', () => {
  test('edits apply in position order whatever order they come in, and insertions at one point keep theirs', () => {
    const text = 'apiVersion: v1beta1\nkind: X\n';
    assert.equal(applyOffsetEdits(text, [edit(26, 27, 'Y'), edit(12, 19, 'v1')]), 'apiVersion: v1\nkind: Y\n');
    assert.equal(applyOffsetEdits('ac', [edit(1, 1, 'b'), edit(1, 1, 'B')]), 'abBc');
    assert.equal(applyOffsetEdits('abcd', [edit(2, 3, 'X'), edit(1, 2, 'Y')]), 'aYXd');
    assert.equal(applyOffsetEdits('abc', []), 'abc');
  });

  test('edits of one range sort by where they end', () => {
    assert.deepEqual(sortEdits([edit(1, 3), edit(1, 1), edit(0, 2)]), [edit(0, 2), edit(1, 1), edit(1, 3)]);
  });

  test('overlapping edits are refused rather than garbling the text', () => {
    assert.throws(() => applyOffsetEdits('abcdef', [edit(1, 4, 'x'), edit(3, 5, 'y')]), /overlapping edits/);
    assert.equal(applyOffsetEdits('abcdef', [edit(1, 3, 'x'), edit(3, 5, 'y')]), 'axyf');
  });
});

describe('which edits collide', () => {
  test('ranges collide when they share a character, not when they only touch', () => {
    assert.equal(editsOverlap(edit(0, 3), edit(2, 5)), true);
    assert.equal(editsOverlap(edit(2, 5), edit(0, 3)), true);
    assert.equal(editsOverlap(edit(0, 3), edit(3, 5)), false);
    assert.equal(editsOverlap(edit(3, 5), edit(0, 3)), false);
    assert.equal(editsOverlap(edit(1, 4), edit(2, 3)), true);
  });

  test('an insertion collides only with a range it falls strictly inside', () => {
    assert.equal(editsOverlap(edit(2, 2), edit(0, 5)), true);
    assert.equal(editsOverlap(edit(0, 5), edit(2, 2)), true);
    assert.equal(editsOverlap(edit(0, 0), edit(0, 5)), false);
    assert.equal(editsOverlap(edit(5, 5), edit(0, 5)), false);
    assert.equal(editsOverlap(edit(0, 5), edit(5, 5)), false);
    assert.equal(editsOverlap(edit(2, 2), edit(2, 2)), false);
  });
});

describe('the single change handed to the editor', () => {
  test('covers only what lies between the common start and end', () => {
    const before = 'apiVersion: batch/v1beta1\nkind: CronJob\n';
    const after = 'apiVersion: batch/v1\nkind: CronJob\n';
    const change = singleEditBetween(before, after);
    assert.deepEqual(change, { start: 20, end: 25, newText: '' });
    assert.equal(applyOffsetEdits(before, change ? [change] : []), after);
  });

  test('no change for equal texts; a pure insertion or deletion at either end', () => {
    assert.equal(singleEditBetween('same', 'same'), undefined);
    assert.deepEqual(singleEditBetween('abc', 'abXc'), { start: 2, end: 2, newText: 'X' });
    assert.deepEqual(singleEditBetween('abc', 'Xabc'), { start: 0, end: 0, newText: 'X' });
    assert.deepEqual(singleEditBetween('abc', 'abcX'), { start: 3, end: 3, newText: 'X' });
    assert.deepEqual(singleEditBetween('abcd', 'ad'), { start: 1, end: 3, newText: '' });
    assert.deepEqual(singleEditBetween('', 'new'), { start: 0, end: 0, newText: 'new' });
  });

  test('a repeated character is not counted twice by the common start and end', () => {
    assert.deepEqual(singleEditBetween('aa', 'aaa'), { start: 2, end: 2, newText: 'a' });
    assert.deepEqual(singleEditBetween('aaa', 'aa'), { start: 2, end: 3, newText: '' });
    for (const [before, after] of [['aa', 'aaa'], ['aaa', 'aa'], ['abab', 'ab'], ['x\n\n', 'x\n\n\n']]) {
      const change = singleEditBetween(before, after);
      assert.equal(applyOffsetEdits(before, change ? [change] : []), after, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    }
  });
});
