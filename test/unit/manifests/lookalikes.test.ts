// Text that looks like a document marker, a Helm action, strict JSON, a byte-order mark or a
// line break, and is not (or is, where one might think not).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { decodeText } from '../../../src/core/manifests/decodeText';
import { helmBranches } from '../../../src/core/manifests/helmBranches';
import { isHelmTemplate, sanitizeHelmTemplate } from '../../../src/core/manifests/helmTemplate';
import { manifestObjects } from '../../../src/core/manifests/manifestObjects';
import { parseJsonDocument } from '../../../src/core/manifests/parseJson';
import { parseYamlStream } from '../../../src/core/manifests/parseYaml';
import { LineIndex } from '../../../src/core/manifests/positions';
import { splitDocuments } from '../../../src/core/manifests/splitDocuments';

const slices = (text: string): string[] => splitDocuments(text).map((s) => text.slice(s.start, s.end));

describe('not document markers', () => {
  test('list items and keys starting with - or . are inside their document, also at the end of the text', () => {
    for (const text of ['x:\n- a', 'x:\n- a \n- b\n', 'k:\n- ab\n', '.5: x\n.a.: y\n', 'a:\n.. b\n', 'x:\n-\t1\n']) {
      assert.deepEqual(slices(text), [text], JSON.stringify(text));
    }
  });

  test('--- after the first character of the text is not a marker', () => {
    assert.deepEqual(slices('a--- b\nc: 1\n'), ['a--- b\nc: 1\n']);
    assert.deepEqual(slices('a... b\nc: 1\n'), ['a... b\nc: 1\n']);
  });
});

function branches(text: string): string[] {
  return helmBranches(text, sanitizeHelmTemplate(text).spans).map((b) => `${b.chain}.${b.index} ${b.condition ?? 'else'}: ${text.slice(b.start, b.end)}`);
}

describe('Helm actions written tightly or nested', () => {
  test('actions without blanks inside the braces', () => {
    assert.deepEqual(branches('{{if .x}}A{{else}}B{{end}}'), ['0.0 .x: A', '0.1 else: B']);
    assert.deepEqual(branches('{{-if .x-}}A{{-end-}}'), ['0.0 .x: A']);
    assert.deepEqual(branches('{{- if(.Values.on) }}A{{ end }}'), ['0.0 (.Values.on): A']);
  });

  test('a condition is kept whole, with its blanks; else with after several blanks is still a branch', () => {
    assert.deepEqual(branches('{{ if and .Values.a (not .Values.b) }}A{{ end }}'), ['0.0 and .Values.a (not .Values.b): A']);
    assert.deepEqual(branches('{{ if .a }}A{{ else   with .b }}B{{ end }}'), ['0.0 .a: A', '0.1 .b: B']);
  });

  for (const word of ['with .x', 'range .xs', 'define "t"', 'block "b" .']) {
    test(`the end of a ${word.split(' ')[0]} inside an if does not end the if`, () => {
      assert.deepEqual(branches(`{{ if .a }}{{ ${word} }}X{{ end }}Y{{ else }}Z{{ end }}`), [`0.0 .a: {{ ${word} }}X{{ end }}Y`, '0.1 else: Z']);
    });
  }

  test('an action after a list dash and several blanks, or after a longer key, makes a template', () => {
    assert.ok(isHelmTemplate('x.yaml', 'args:\n-   {{ .Values.arg }}\n'));
    assert.ok(isHelmTemplate('x.yaml', 'metadata:\n  name: {{ .Release.Name }}\n'));
    assert.ok(isHelmTemplate('x.yaml', 'image-tag_v2: {{ .Values.tag }}\n'));
  });

  test('an unclosed comment at the end of the text keeps its length and final line break', () => {
    assert.equal(sanitizeHelmTemplate('{{/* x\n').text, '#     \n');
    assert.equal(sanitizeHelmTemplate('a: 1\n{{/* x\n\n').text, 'a: 1\n#     \n\n');
  });
});

describe('not strict JSON', () => {
  test('a document that does not open with a brace or bracket, a key without its opening quote, a wrong separator or closing bracket', () => {
    for (const text of ['a]', '1]', '{x": 1}', '{"a"=1}', '{"a";1}', '[1}', '{"a": 1]', '[{"a": 1]]']) {
      assert.equal(parseJsonDocument(text), undefined, text);
    }
  });

  test('numbers with several decimals and exponents are read whole', () => {
    const doc = parseJsonDocument('[1.55, 10.125e-3, 0.5E+10]');
    assert.ok(doc);
    assert.deepEqual(doc.toJS(), [1.55, 10.125e-3, 0.5e10]);
  });
});

describe('keys, lists, byte-order marks and line breaks', () => {
  test('a repeated number key is a duplicate', () => {
    const errors = parseYamlStream('1: a\n1: b\n2.5: c\n2.5: d\n').documents.flatMap((d) => d.errors.map((e) => `${e.code}@${e.pos[0]}`));
    assert.deepEqual(errors, ['DUPLICATE_KEY@5', 'DUPLICATE_KEY@17']);
  });

  test('a List whose items are a scalar has only itself as an object', () => {
    assert.deepEqual(manifestObjects(parseDocument('apiVersion: v1\nkind: List\nitems: none\n')).map((o) => o.kind), ['List']);
  });

  test('a UTF-16 byte-order mark alone is an empty text', () => {
    assert.deepEqual(decodeText(new Uint8Array([0xff, 0xfe])), { ok: true, text: '' });
    assert.deepEqual(decodeText(new Uint8Array([0xfe, 0xff])), { ok: true, text: '' });
  });

  test('after a lone CR the next line starts, at character 0', () => {
    const index = new LineIndex('a\rb\r\rc');
    assert.deepEqual(index.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(5), { line: 3, character: 0 });
    assert.deepEqual(index.positionAt(1), { line: 0, character: 1 });
  });
});
