// The last document of a file: it is not followed by a `---` marker, so nothing may be
// appended to it when it is parsed, also when its last line has no line break.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

const rules = builtinRuleSet();
// the anchor keeps the document away from the plain-YAML reader, so the YAML parser reads it
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: &n ';

function namesOf(text: string, strategy: 'fast' | 'full' = 'fast'): (string | undefined)[] {
  return analyzeText(text, rules, { strategy }).matches.map((m) => m.objectName);
}

describe('the last document without a final line break', () => {
  const cases: [string, string, string[]][] = [
    ['alone', `${CRON}web`, ['web']],
    ['after a --- at the top', `---\n${CRON}web`, ['web']],
    ['after other documents', `${CRON}a\n---\n${CRON}web`, ['a', 'web']],
    ['its last value ending in dashes', `${CRON}web---`, ['web---']],
    ['its last value ending in dashes, after another document', `${CRON}a\n---\n${CRON}web---`, ['a', 'web---']],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      assert.deepEqual(namesOf(text), expected);
      assert.deepEqual(namesOf(text, 'full'), expected);
    });
  }
});
