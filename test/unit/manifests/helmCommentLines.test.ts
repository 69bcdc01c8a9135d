import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { sanitizeHelmTemplate } from '../../../src/core/manifests/helmTemplate';

const rules = builtinRuleSet();
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

test('a finding below a multi-line template comment with blank lines in it is reported on its own line', () => {
  for (const lineBreak of ['\n', '\r\n']) {
    const text = `{{/*\nA note.\n\nMore.\n\n*/}}\n${CRON}`.replace(/\n/g, lineBreak);
    const expected = text.split(lineBreak).indexOf('apiVersion: batch/v1beta1');
    assert.equal(expected, 6);
    const findings = evaluateMatches(analyzeText(text, rules, { path: 'chart/templates/cron.yaml' }).matches, rules, { target: { major: 1, minor: 33 } });
    assert.deepEqual(findings.map((f) => f.range.start.line), [expected], JSON.stringify(lineBreak));
    assert.equal(sanitizeHelmTemplate(text).text.split(lineBreak).length, text.split(lineBreak).length);
  }
});
