import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { enclosingBranches, helmBranches } from '../../../src/core/manifests/helmBranches';
import { containsTemplate, isHelmTemplate, overlapsTemplate, sanitizeHelmTemplate, TEMPLATE_PLACEHOLDER } from '../../../src/core/manifests/helmTemplate';

const P = TEMPLATE_PLACEHOLDER;
const sanitized = (text: string): string => sanitizeHelmTemplate(text).text;

describe('which files are Helm templates', () => {
  test('any file under a templates folder, with / or \\ separators', () => {
    assert.ok(isHelmTemplate('a\\templates\\x.yaml', 'a: 1'));
    assert.ok(isHelmTemplate('templates/x.yaml', 'a: 1'));
    assert.ok(!isHelmTemplate('mytemplates/x.yaml', 'a: 1'));
    assert.ok(!isHelmTemplate('templates.yaml', 'a: 1'));
  });

  test('elsewhere, an action that starts a line, a list item or a plain value', () => {
    assert.ok(isHelmTemplate(undefined, '{{ x }}'));
    assert.ok(isHelmTemplate('x.yaml', 'a: 1\n\t- {{ x }}'));
    assert.ok(isHelmTemplate('x.yaml', 'a:  {{ x }}'));
    assert.ok(isHelmTemplate('x.yaml', 'a: 1\n  {{- include "x" . }}'));
    assert.ok(!isHelmTemplate('x.yaml', 'a: b {{ x }}'));
    assert.ok(!isHelmTemplate('x.yaml', 'a:b: {{ x }}'));
    assert.ok(!isHelmTemplate('x.yaml', '#a: {{ x }}'));
    assert.ok(!isHelmTemplate('x.yaml', 'a: "{{ x }}"'));
    assert.ok(!isHelmTemplate(undefined, 'a: 1'));
  });
});

describe('template text made parseable', () => {
  test('an action alone on its line, with tabs, CRLF or another action after it, becomes a comment', () => {
    assert.equal(sanitized('a: 1\n{{ if x }}'), 'a: 1\n#         ');
    assert.equal(sanitized('\t{{- x }}\t\r\nb'), '\t#       \t\r\nb');
    assert.equal(sanitized('{{x}}'), '#    ');
    assert.equal(sanitized('  {{ a }}  {{ b }}\n'), `  #        ${P.repeat(7)}\n`);
    assert.equal(sanitized('{{ x }}{{ y }}\nb'), `#      ${P.repeat(7)}\nb`);
  });

  test('an action with text before or after it on its line becomes placeholders', () => {
    assert.equal(sanitized('a {{ x }} {{ y }}'), `a ${P.repeat(7)} ${P.repeat(7)}`);
    assert.equal(sanitized('{{ x }} b'), `${P.repeat(7)} b`);
    assert.equal(sanitized('a: {{ x }}\r\nb: 1'), `a: ${P.repeat(7)}\r\nb: 1`);
  });

  test('an unclosed action runs to the end of the text, keeping its line breaks', () => {
    const out = sanitizeHelmTemplate('a: {{ x\nb: 1');
    assert.deepEqual(out.spans, [{ start: 3, end: 12 }]);
    assert.equal(out.text, `a: ${P.repeat(4)}\n${P.repeat(4)}`);
  });

  test('each continuation line of a multi-line action alone on its lines is a comment, CRLF kept', () => {
    assert.equal(sanitized('{{/*\r\nnote\r\n*/}}\r\na'), '#   \r\n#   \r\n#   \r\na');
    assert.equal(sanitized('{{/*\n\nx */}}\na'), '#   \n\n#     \na');
    assert.equal(sanitized('{{/*\r\n\r\nx */}}\r\na'), '#   \r\n\r\n#     \r\na');
    assert.equal(sanitized('{{- /* c */}}\n'), `#${' '.repeat(12)}\n`);
  });

  test('text without actions comes back as it is, with no spans', () => {
    assert.deepEqual(sanitizeHelmTemplate('a: { b }\n'), { text: 'a: { b }\n', spans: [] });
  });

  test('placeholders mark template output in a value; spans overlap only where they share characters', () => {
    assert.ok(containsTemplate(`v${P}`));
    assert.ok(!containsTemplate('v1'));
    const spans = [{ start: 5, end: 10 }];
    assert.ok(overlapsTemplate(spans, 9, 12));
    assert.ok(overlapsTemplate(spans, 0, 6));
    assert.ok(overlapsTemplate(spans, 6, 7));
    assert.ok(!overlapsTemplate(spans, 10, 12));
    assert.ok(!overlapsTemplate(spans, 0, 5));
    assert.ok(!overlapsTemplate([], 0, 100));
  });
});

function branches(text: string): { chain: number; index: number; condition?: string; text: string }[] {
  return helmBranches(text, sanitizeHelmTemplate(text).spans).map((b) => ({ chain: b.chain, index: b.index, ...(b.condition !== undefined ? { condition: b.condition } : {}), text: text.slice(b.start, b.end) }));
}

describe('if/else chains of a template', () => {
  test('if, else if and else are branches of one chain, each up to the next; trim markers and spacing do not matter', () => {
    const text = '{{- if .Values.a }}\nA\n{{- else   if  .Values.b -}}\nB\n{{ else }}\nC\n{{ end }}\n';
    assert.deepEqual(branches(text), [
      { chain: 0, index: 0, condition: '.Values.a', text: '\nA\n' },
      { chain: 0, index: 1, condition: '.Values.b', text: '\nB\n' },
      { chain: 0, index: 2, text: '\nC\n' },
    ]);
  });

  test('with, range, define and block pair with their end but make no branches; their else is not one either', () => {
    const text = '{{ with .x }}{{ if y }}D{{ end }}{{ else }}E{{ end }}{{/* if c */}}{{ range .z }}{{ if q }}R{{ else with .w }}W{{ end }}{{end}}{{ define "n" }}{{ end }}{{ block "b" . }}{{ end }}{{ if last }}L{{ end }}';
    assert.deepEqual(branches(text), [
      { chain: 0, index: 0, condition: 'y', text: 'D' },
      { chain: 1, index: 0, condition: 'q', text: 'R' },
      { chain: 1, index: 1, condition: '.w', text: 'W' },
      { chain: 2, index: 0, condition: 'last', text: 'L' },
    ]);
  });

  test('words that only start like keywords are not actions of a chain', () => {
    assert.deepEqual(branches('{{ iffy }}a{{ ender }}{{ if x }}b{{ end }}'), [{ chain: 0, index: 0, condition: 'x', text: 'b' }]);
    assert.deepEqual(branches('{{ .Values.if }}{{ if x }}b{{ endx }}c{{ end }}'), [{ chain: 0, index: 0, condition: 'x', text: 'b{{ endx }}c' }]);
  });

  test('an unclosed if runs to the end; an end or else without an if changes nothing', () => {
    assert.deepEqual(branches('{{ end }}{{ else }}{{ if x }}a{{ else }}b'), [
      { chain: 0, index: 0, condition: 'x', text: 'a' },
      { chain: 0, index: 1, text: 'b' },
    ]);
  });

  test('nested chains: the branches around each offset, outermost first', () => {
    const text = '{{ if a }}1{{ if b }}2{{ else }}3{{ end }}4{{ else }}5{{ end }}6';
    const found = helmBranches(text, sanitizeHelmTemplate(text).spans);
    const offsets = ['1', '2', '3', '4', '5', '6'].map((c) => text.indexOf(c, 9));
    const around = enclosingBranches(found, offsets).map((list) => list.map((b) => `${b.chain}.${b.index}`));
    assert.deepEqual(around, [['0.0'], ['0.0', '1.0'], ['0.0', '1.1'], ['0.0'], ['0.1'], []]);
    assert.deepEqual(enclosingBranches(found, []), []);
    // an offset right at a branch's start is inside it; at its end, outside
    assert.deepEqual(enclosingBranches(found, [found[0].start, found[0].end]).map((l) => l.length), [1, 0]);
  });
});
