import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseYamlStream } from '../../../src/core/manifests/parseYaml';

function errors(documents: readonly { errors: readonly { code: string; message: string; pos: [number, number] }[] }[]): string[] {
  return documents.flatMap((d) => d.errors.map((e) => `${e.code} ${e.pos.join('-')} ${e.code === 'DUPLICATE_KEY' ? e.message : ''}`)).sort();
}

describe('duplicate keys inside flow sequences, complex keys and later documents', () => {
  const cases = [
    '[a: 1, b: {c: 1, c: 2}]\n',
    '- [x: {d: 1, d: 2}]\n',
    '? {a: 1, a: 2}\n: x\n',
    '? [{b: 1, b: 2}]\n: x\n',
    '[{a: 1, a: 2}: 3]\n',
    'a: 1\n---\nb: 1\nb: 2\n---\nc: [ {e: 1, e: 2} ]\n',
    'a:\n  - b:\n      c: 1\n      c: 2\n',
    '.nan: 1\n.NaN: 2\n',
    'a: 1\nb: 2\nc: 3\nb: 4\na: 5\n',
    '? a\n? a\n',
    'x: &m {k: 1}\ny: *m\nx: 2\n',
  ];
  for (const text of cases) {
    test(`reported as the parser's unique-keys check reports them: ${JSON.stringify(text)}`, () => {
      const parser = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
      const ours = parseYamlStream(text);
      assert.equal(ours.failure, undefined);
      assert.deepEqual(errors(ours.documents), errors(Array.isArray(parser) ? parser : []));
    });
  }

  test('each repeat of a key is reported, at the repeated key', () => {
    const text = 'a: 1\na: 2\na: 3\n';
    assert.deepEqual(errors(parseYamlStream(text).documents), ['DUPLICATE_KEY 10-11 Map keys must be unique', 'DUPLICATE_KEY 5-6 Map keys must be unique']);
  });

  test('an empty text or one of comments only has no documents to report on', () => {
    assert.equal(parseYamlStream('').documents.length, 0);
    assert.equal(parseYamlStream('# only\n').documents.length, 0);
    assert.equal(parseYamlStream('').failure, undefined);
  });
});
