import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { sanitizeHelmTemplate } from '../../../src/core/manifests/helmTemplate';
import { parseJsonDocument } from '../../../src/core/manifests/parseJson';
import { parseYamlStream } from '../../../src/core/manifests/parseYaml';

function errorsOf(documents: readonly { errors: readonly { code: string; pos: [number, number] }[] }[]): string[] {
  return documents.flatMap((d) => d.errors.map((e) => `${e.code}@${e.pos[0]}`)).sort();
}

describe('duplicate keys', () => {
  const cases = ['a: 1\na: 2\n', '{a: 1, a: 2}\n', 'x:\n  - {b: 1, b: 2}\n  - c: 1\n    c: 2\n', '1: a\n01: b\n', 'true: 1\nTrue: 2\n', '~: 1\nnull: 2\n', '.nan: 1\n.nan: 2\n', '"a": 1\na: 2\n', '? [a]\n: 1\n? [a]\n: 2\n', '!!str a: 1\na: 2\n', 'a: {x: 1}\nb: [ {y: 1, y: 2} ]\n', '{"a": 1, "a": 2}'];
  for (const text of cases) {
    test(`reported where the parser's own check reports them: ${JSON.stringify(text)}`, () => {
      const parser = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
      assert.deepEqual(errorsOf(parseYamlStream(text).documents), errorsOf(Array.isArray(parser) ? parser : []));
    });
  }

  test('a duplicate among 40,000 keys is found, on its line', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: v`);
    keys.splice(30_000, 0, '  k7: again');
    const text = `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n${keys.join('\n')}\n`;
    const { syntaxErrors } = analyzeText(text, builtinRuleSet());
    assert.deepEqual(syntaxErrors.map((e) => [e.range.start.line, e.message]), [[30_005, 'Map keys must be unique']]);
  });
});

describe('strict JSON without the YAML parser', () => {
  test('gives the nodes and ranges the parser gives', () => {
    const text = '{"apiVersion": "extensions\\/v1beta1", "kind":"Ingress",\n "spec": {"rules": [1, -2.5e3, true, null, "x"]}, "k": {}}\n';
    const ours = parseJsonDocument(text);
    const parser = parseAllDocuments(text, { uniqueKeys: false })[0];
    assert.ok(ours && !Array.isArray(parser));
    assert.deepEqual(ours.toJS(), parser.toJS());
    const spans = (node: unknown, out: string[] = []): string[] => {
      if (node && typeof node === 'object') {
        const n = node as { range?: number[]; items?: unknown[]; key?: unknown; value?: unknown };
        if (n.range) out.push(`${n.range[0]}-${n.range[1]}`);
        for (const item of n.items ?? []) spans(item, out);
        if ('key' in n) {
          spans(n.key, out);
          spans(n.value, out);
        }
      }
      return out;
    };
    assert.deepEqual(spans(ours.contents), spans(parser.contents));
  });

  test('leaves to the parser what is not strict JSON', () => {
    for (const text of ['{"a": 1,}', "{'a': 1}", '{"a":\t1}', '{a: 1}', '[1, 2] x', '{"a": 01}', '"x"', `{"${'k'.repeat(1500)}": 1}`, '['.repeat(600) + ']'.repeat(600)]) {
      assert.equal(parseJsonDocument(text), undefined, text.slice(0, 30));
    }
  });
});

describe('Helm templates', () => {
  test('a line of many actions keeps its value and the line structure', () => {
    const text = `data:\n  a: ${'{{ .Values.x }}'.repeat(2000)}\n  {{- if .Values.y }}\n  b: 1\n  {{- end }}\n`;
    const { text: sanitized } = sanitizeHelmTemplate(text);
    assert.equal(sanitized.length, text.length);
    const lines = sanitized.split('\n');
    assert.match(lines[1], /^ {2}a: \uE000+$/);
    assert.match(lines[2], /^ {2}# +$/);
    assert.equal(lines[3], '  b: 1');
  });
});

describe('template syntax outside a chart', () => {
  test('a plain value that starts with an action makes the file a template; quoted or ${{ }} ones do not', async () => {
    const { isHelmTemplate } = await import('../../../src/core/manifests/helmTemplate');
    assert.ok(isHelmTemplate('x.yaml', 'data:\n  a: {{ .Values.x }}\n'));
    assert.ok(isHelmTemplate('x.yaml', 'items:\n  - {{ .Values.x }}\n'));
    assert.ok(!isHelmTemplate('x.yaml', 'run: echo "${{ github.sha }}"\nif: ${{ always() }}\n'));
    assert.ok(!isHelmTemplate('x.yaml', "name: '{{ x }}'\n"));
  });
});
