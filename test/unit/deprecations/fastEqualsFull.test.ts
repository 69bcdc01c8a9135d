import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextAnalyzer, analyzeText } from '../../../src/core/deprecations/analyzeText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { allFixtures, fixture } from './fixturePaths';

function matchesOf(text: string, path: string, strategy: 'fast' | 'full'): string[] {
  return analyzeText(text, builtinRuleSet(), { path, strategy }).matches.map((m) => JSON.stringify(m));
}

/** Variants that stress the document splitter: CRLF, BOM, markers with content, `...` ends. */
function variants(text: string): string[] {
  return [text, text.replace(/\n/g, '\r\n'), `\uFEFF${text}`, `--- # first\n${text}\n...\n`, `${text}\n---\n...\n---\n`];
}

for (const name of allFixtures()) {
  test(`the cheap path gives exactly the findings of a full parse: ${name}`, () => {
    for (const text of variants(fixture(name))) {
      const fast = matchesOf(text, name, 'fast');
      assert.deepEqual(fast, matchesOf(text, name, 'full'));
    }
  });
}

test('re-analysis after an edit gives the same result as a fresh analysis', () => {
  const rules = builtinRuleSet();
  const base = fixture('edge/multi-document.yaml');
  const analyzer = new TextAnalyzer(rules);
  analyzer.analyze(base);
  const edits = [
    base.replace('name: modern', 'name: renamed'),
    base.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: apps/v1beta2\nkind: Deployment'),
    `# new first line\n${base}`,
    base.replace('policy/v1beta1', 'policy/v1'),
    base,
  ];
  for (const text of edits) {
    assert.deepEqual(analyzer.analyze(text), analyzeText(text, rules));
  }
});

test('re-analysis stays exact when edits add, remove or move document markers', () => {
  const rules = builtinRuleSet();
  const docs = ['edge/multi-document.yaml', 'edge/fields.yaml', 'edge/list.yaml', 'migrations/hpa-v2beta1.before.yaml'].map(fixture);
  let text = docs.join('\n---\n');
  const analyzer = new TextAnalyzer(rules);
  analyzer.analyze(text);
  let seed = 3;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const snippets = ['---\n', '\n', 'apiVersion: batch/v1beta1\nkind: CronJob\n', 'x', '...\n', '  serviceAccount: a\n', ''];
  for (let i = 0; i < 60; i++) {
    const at = random(text.length + 1);
    const remove = random(3) === 0 ? random(40) : 0;
    text = text.slice(0, at) + snippets[random(snippets.length)] + text.slice(Math.min(text.length, at + remove));
    assert.deepEqual(analyzer.analyze(text), analyzeText(text, rules), `edit ${i}`);
  }
});
