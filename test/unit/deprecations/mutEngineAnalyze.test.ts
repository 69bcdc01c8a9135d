// The analysis of a whole file: which documents' syntax errors are reported (the full strategy
// must agree with the fast one, also at a document boundary), and the editor's analysis edit by
// edit (lone CRs, template braces, a change of mode, edits found without a change range,
// directives) giving what a fresh analysis gives.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { DocumentFindingsTracker, type DocumentFindings } from '../../../src/core/deprecations/documentFindings';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import type { AnalyzeOptions } from '../../../src/core/deprecations/analyzeText';

const rules = builtinRuleSet();
const evaluation = { target: { major: 1, minor: 33 } };
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
const OK = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n';

function errorsOf(text: string, strategy: 'fast' | 'full'): string[] {
  return analyzeText(text, rules, { strategy }).syntaxErrors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`);
}

describe('syntax errors of a stream, fast and full', () => {
  const cases: [string, string, string[]][] = [
    [
      'a values document before a manifest: only the manifest\'s error',
      'image:\n  tag: [1\n---\napiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n',
      ['7:1 Flow map in block collection must be sufficiently indented and end with a }'],
    ],
    [
      'a manifest before a values document: only the manifest\'s error',
      'apiVersion: v1\nkind: ConfigMap\ndata: {a: [1}\n---\nimage:\n  tag: [1\n',
      ['3:13 Flow sequence in block collection must be sufficiently indented and end with a ]', '3:14 Flow map in block collection must be sufficiently indented and end with a }'],
    ],
    [
      'an error at the --- that ends a manifest belongs to the manifest',
      'apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n---\nimage: x\n',
      ['4:1 Flow map in block collection must be sufficiently indented and end with a }'],
    ],
    [
      'an error at the --- that ends a values document is not reported',
      'image: {tag: 1\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n',
      [],
    ],
    [
      'errors in two manifests around a values document',
      'apiVersion: v1\nkind: ConfigMap\ndata: {a: [1}\n---\nimage:\n  tag: [1\n---\napiVersion: v1\nkind: Secret\ndata: {a: [1}\n',
      ['3:13 Flow sequence in block collection must be sufficiently indented and end with a ]', '3:14 Flow map in block collection must be sufficiently indented and end with a }', '10:13 Flow sequence in block collection must be sufficiently indented and end with a ]', '10:14 Flow map in block collection must be sufficiently indented and end with a }'],
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      assert.deepEqual(errorsOf(text, 'fast'), expected);
      assert.deepEqual(errorsOf(text, 'full'), expected);
    });
  }

  test('the full strategy reports no syntax errors for a Helm template or a values file', () => {
    assert.deepEqual(analyzeText('image:\n  tag: [1\n', rules, { strategy: 'full' }).syntaxErrors, []);
    const template = analyzeText('apiVersion: v1\nkind: ConfigMap\ndata: {a: [1}\n', rules, { strategy: 'full', path: 'chart/templates/cm.yaml' });
    assert.deepEqual([template.helm, template.syntaxErrors], [true, []]);
  });

  test('the full strategy finds what the fast one finds', () => {
    const text = `${CRON}---\n${OK}`;
    const fast = analyzeText(text, rules);
    const full = analyzeText(text, rules, { strategy: 'full' });
    assert.deepEqual(full, fast);
    assert.deepEqual(full.matches.map((m) => `${m.range.start.line}:${m.range.start.character} ${m.ruleId}`), ['0:12 cronjob-batch-v1beta1']);
  });
});

function fresh(text: string, options: AnalyzeOptions = {}): DocumentFindings {
  const analysis = analyzeText(text, rules, options);
  return { findings: evaluateMatches(analysis.matches, rules, evaluation), syntaxErrors: analysis.syntaxErrors, helm: analysis.helm };
}

function shown(result: DocumentFindings): string[] {
  return [
    ...result.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`),
    ...result.syntaxErrors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`),
  ];
}

/** Replaces text at an offset; the hint is what the editor's change event tells. */
function edit(text: string, offset: number, remove: number, insert: string): { text: string; hint: { prefix: number; suffix: number } } {
  return { text: text.slice(0, offset) + insert + text.slice(offset + remove), hint: { prefix: offset, suffix: text.length - offset - remove } };
}

describe('the editor\'s analysis, edit by edit', () => {
  test('a lone CR far from the edit still ends its line', () => {
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    const text = `${OK}---\n${OK}---\n${OK}---\napiVersion: batch/v1beta1\rkind: CronJob\rmetadata:\r  name: c\n`;
    assert.deepEqual(shown(tracker.update(text)), ['16:13 cronjob-batch-v1beta1']);
    const next = edit(text, text.indexOf('name: c') + 6, 1, 'd');
    assert.deepEqual(tracker.update(next.text, {}, next.hint), fresh(next.text));
    assert.deepEqual(shown(tracker.update(next.text, {}, next.hint)), ['16:13 cronjob-batch-v1beta1']);
  });

  test('template braces far from the edit keep the text a template', () => {
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    const text = `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: {{ .Release.Name }}\n  labels: {a: [1}\n---\n${OK}---\n${OK}---\n${OK}`;
    const first = tracker.update(text, { path: 'deploy/cron.yaml' });
    assert.equal(first.helm, true);
    assert.deepEqual(first, fresh(text, { path: 'deploy/cron.yaml' }));
    const next = edit(text, text.lastIndexOf('"1"'), 3, '"2"');
    const after = tracker.update(next.text, { path: 'deploy/cron.yaml' }, next.hint);
    assert.deepEqual(after, fresh(next.text, { path: 'deploy/cron.yaml' }));
    assert.deepEqual([after.helm, shown(after)], [true, ['1:13 cronjob-batch-v1beta1']]);
  });

  test('turning syntax checks off and on again gives the errors of each mode', () => {
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    const text = `apiVersion: v1\nkind: Secret\ndata: {a: [1}\n---\n${OK}---\n${OK}---\n${OK}---\n${CRON}`;
    const withErrors = ['20:13 cronjob-batch-v1beta1', '3:13 Flow sequence in block collection must be sufficiently indented and end with a ]', '3:14 Flow map in block collection must be sufficiently indented and end with a }'];
    assert.deepEqual(shown(tracker.update(text)), withErrors);
    assert.deepEqual(shown(tracker.update(text, { checkAllSyntax: false })), ['20:13 cronjob-batch-v1beta1']);
    assert.deepEqual(shown(tracker.update(text)), withErrors);
  });

  test('without change ranges, edits are found by comparing the texts', () => {
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    let text = [CRON, OK, CRON, OK, OK].join('---\n');
    tracker.update(text);
    const edits: [(t: string) => number, number, string][] = [
      [(t) => t.indexOf('name: c'), 7, 'name: a-longer-name'],
      [(t) => t.lastIndexOf('a: "1"'), 6, 'a: [1'],
      [(t) => t.indexOf('kind: ConfigMap'), 0, 'extra: 1\n'],
      [() => 0, 0, '# head\n'],
      [(t) => t.length, 0, `---\n${CRON}`],
    ];
    for (const [at, remove, insert] of edits) {
      text = edit(text, at(text), remove, insert).text;
      assert.deepEqual(tracker.update(text), fresh(text), JSON.stringify(text));
    }
    assert.equal(tracker.update(text).findings.length, 3);
  });

  test('a directive typed between documents makes the analysis start over', () => {
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    // a values document with a syntax error, then manifests
    const text = ['image:\n  tag: [1\n', OK, OK, CRON, OK, OK].join('---\n');
    tracker.update(text);
    const at = text.indexOf('---\n', text.indexOf('CronJob'));
    for (const insert of ['...\n%YAML 1.2\n', '...\n%TAG !e! tag:example.com,2000:\n']) {
      const next = edit(text, at, 0, insert);
      assert.deepEqual(tracker.update(next.text, {}, next.hint), fresh(next.text), insert);
      tracker.update(text);
    }
  });
});
