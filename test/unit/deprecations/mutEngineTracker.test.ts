// The editor's findings for an open document: a chart template's branches settled as the scan
// settles them, many documents' syntax errors capped with a closing line, and findings of a
// document placed where it is after lines are added above it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DocumentFindingsTracker } from '../../../src/core/deprecations/documentFindings';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText } from '../../../src/core/deprecations/scanReport';

const rules = builtinRuleSet();
const evaluation = { target: { major: 1, minor: 25 } };
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

describe('the editor\'s findings', () => {
  test('a chart template\'s {{ if }} branches are settled as in a scan', () => {
    const path = 'chart/templates/pdb.yaml';
    const text = '{{- if semverCompare "<1.21-0" .Capabilities.KubeVersion.GitVersion }}\napiVersion: policy/v1beta1\n{{- else }}\napiVersion: policy/v1\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n';
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    const result = tracker.update(text, { path });
    assert.equal(result.helm, true);
    assert.deepEqual(result.findings, scanText(path, text, rules, evaluation).findings);
    assert.deepEqual(result.findings.map((f) => f.status), ['upcoming']);
    assert.match(result.findings[0].message, /Not rendered at Kubernetes 1\.25/);
  });

  test('syntax errors of many documents stop at 100 with a line saying there are more', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\ndata: {a: [1}\n';
    const text = Array.from({ length: 60 }, () => broken).join('---\n');
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    const errors = tracker.update(text).syntaxErrors;
    assert.equal(errors.length, 101);
    assert.equal(errors[99].range.start.line, 49 * 4 + 2);
    assert.equal(errors[100].message, 'more than 100 syntax errors; the rest are not listed');
    assert.equal(errors[100].range.start.line, 50 * 4 + 2);
  });

  test('a document\'s findings move with it when lines are added above', () => {
    const tracker = new DocumentFindingsTracker(rules, evaluation);
    const text = [CRON, CRON, CRON, CRON].join('---\n');
    const lines = (t: string): number[] => tracker.update(t).findings.map((f) => f.range.start.line);
    assert.deepEqual(lines(text), [0, 5, 10, 15]);
    assert.deepEqual(lines(`# one\n# two\n${text}`), [2, 7, 12, 17]);
    assert.deepEqual(lines(text), [0, 5, 10, 15]);
  });
});
