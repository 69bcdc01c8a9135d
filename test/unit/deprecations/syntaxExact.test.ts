import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextAnalyzer, analyzeText, MAX_SYNTAX_ERRORS } from '../../../src/core/deprecations/analyzeText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { allFixtures, fixture } from './fixturePaths';

const rules = builtinRuleSet();

function variants(text: string): string[] {
  return [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), `--- # first\n${text}\n...\n`, `${text}\n---\nbroken: [\n---\nkey: 1\nkey: 2\n`];
}

describe('syntax errors: the cheap path reports exactly what a full parse does', () => {
  for (const name of allFixtures()) {
    test(name, () => {
      for (const text of variants(fixture(name))) {
        assert.deepEqual(analyzeText(text, rules, { path: name }), analyzeText(text, rules, { path: name, strategy: 'full' }));
      }
    });
  }

  test('an error inside a document that no rule could match is reported', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  name: b\n---\napiVersion: v1\nkind: ConfigMap\ndata: {a: [}\n';
    const fast = analyzeText(text, rules);
    assert.deepEqual([...new Set(fast.syntaxErrors.map((e) => e.range.start.line))], [4, 8]);
    assert.deepEqual(fast, analyzeText(text, rules, { strategy: 'full' }));
  });

  test('a file with thousands of errors lists the first ones and says there are more', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${'\ta: 1\n'.repeat(5000)}`;
    const { syntaxErrors } = analyzeText(text, rules);
    assert.equal(syntaxErrors.length, MAX_SYNTAX_ERRORS + 1);
    assert.match(syntaxErrors[MAX_SYNTAX_ERRORS].message, /more than 100 syntax errors/);
    assert.deepEqual(analyzeText(text, rules, { strategy: 'full' }).syntaxErrors, syntaxErrors);
  });
});

describe('the segment cache follows the analysis mode', () => {
  const text = ['apiVersion: v1\nkind: ConfigMap\ndata: {a: [}\n', 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n', 'apiVersion: v1\nkind: Service\nspec:\n  x: 1\n  x: 2\n', 'apiVersion: v1\nkind: Pod\n'].join('---\n');
  test('turning syntax checking off and on again, or Helm mode on and off, gives the fresh result each time', () => {
    const analyzer = new TextAnalyzer(rules);
    const steps = [{}, { checkAllSyntax: false }, {}, { helm: true }, { helm: false }, { checkAllSyntax: false, helm: true }, {}];
    for (const options of steps) {
      // the same text each time: only the mode changes
      assert.deepEqual(analyzer.analyze(text, options), analyzeText(text, rules, options), JSON.stringify(options));
    }
    const edited = text.replace('x: 2', 'y: 2');
    assert.deepEqual(analyzer.analyze(edited, { checkAllSyntax: false }), analyzeText(edited, rules, { checkAllSyntax: false }));
    assert.deepEqual(analyzer.analyze(edited), analyzeText(edited, rules));
  });
});
