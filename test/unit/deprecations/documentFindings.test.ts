import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { DocumentFindingsTracker } from '../../../src/core/deprecations/documentFindings';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

const rules = builtinRuleSet();
const evaluation = { target: { major: 1, minor: 33 } };
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
const OK = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n';

function fresh(text: string): unknown {
  const analysis = analyzeText(text, rules);
  return { findings: evaluateMatches(analysis.matches, rules, evaluation), syntaxErrors: analysis.syntaxErrors, helm: analysis.helm };
}

/** Applies an edit and returns the new text with the hint an editor's change event gives. */
function edit(text: string, offset: number, remove: number, insert: string): { text: string; hint: { prefix: number; suffix: number } } {
  return { text: text.slice(0, offset) + insert + text.slice(offset + remove), hint: { prefix: offset, suffix: text.length - offset - remove } };
}

describe('findings kept up to date from change events', () => {
  test('every edit, with the editor\'s change range, gives what a fresh analysis gives', () => {
    let text = [CRON, OK, CRON, OK, CRON, CRON, OK].join('---\n');
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    assert.deepEqual(tracker.update(text), fresh(text));
    const edits: [number, number, string][] = [
      [text.indexOf('name: c'), 7, 'name: renamed'],
      [text.indexOf('---'), 0, 'extra: line\n'],
      [text.indexOf('---\n'), 3, '--x'],
      [text.indexOf('--x'), 3, '---'],
      [0, 0, '\n\n'],
      [text.length, 0, `---\n${CRON}`],
      [text.indexOf('a: "1"'), 6, 'a: [1'],
      [text.indexOf('batch/v1beta1'), 13, 'batch/v1'],
    ];
    let step = 0;
    for (const [offset, remove, insert] of edits) {
      const at = Math.min(offset, text.length);
      const next = edit(text, at, remove, insert);
      text = next.text;
      assert.deepEqual(tracker.update(text, {}, next.hint), fresh(text), `edit ${step++}`);
    }
  });

  test('a hint that says more is unchanged than really is would be wrong, so the hint is checked against the length', () => {
    const text = [CRON, OK, CRON, OK].join('---\n');
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    tracker.update(text);
    const changed = text.replace('batch/v1beta1', 'batch/v1');
    // an impossible hint (longer than the text) is ignored
    assert.deepEqual(tracker.update(changed, {}, { prefix: changed.length, suffix: changed.length }), fresh(changed));
  });
});
