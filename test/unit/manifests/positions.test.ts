import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../../src/core/manifests/positions';

test('offsets and positions round-trip, CR stays out of the character count', () => {
  const text = 'ab\r\ncd\n\nef';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(5), { line: 1, character: 1 });
  assert.deepEqual(index.positionAt(text.length), { line: 3, character: 2 });
  for (let offset = 0; offset <= text.length; offset++) {
    // an offset between CR and LF is the end of its line, as in the editor
    const expected = text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
    assert.equal(index.offsetAt(index.positionAt(offset)), expected);
  }
});
