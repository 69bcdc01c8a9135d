import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { FIXTURES, fixture } from './fixturePaths';
import { TARGET, findingsOf } from './analyzeHelpers';

const rules = builtinRuleSet();
const befores = readdirSync(join(FIXTURES, 'migrations')).filter((f) => f.includes('.before.'));

describe('migrations: before/after fixtures', () => {
  for (const before of befores) {
    const after = before.replace('.before.', '.after.');
    test(before.replace(/\.before\..*$/, ''), () => {
      const input = fixture(`migrations/${before}`);
      const result = fixAllText(input, rules, { target: TARGET, path: before });
      assert.equal(result.text, fixture(`migrations/${after}`));
      assert.deepEqual(result.manual, []);
      // the result is clean: nothing left to report at the target
      assert.deepEqual(findingsOf(result.text, { path: after }).map((f) => f.ruleId), []);
    });
  }
});

describe('migrations that need a person', () => {
  test('a PodDisruptionBudget with an empty selector opens the guide with the reason', () => {
    const text = fixture('migrations/pdb-empty-selector.manual.yaml');
    const [finding] = findingsOf(text);
    const fix = computeFix(text, finding, rules, { target: TARGET });
    assert.equal(fix.kind, 'manual');
    assert.match(fix.kind === 'manual' ? fix.reason : '', /selects every pod/);
    assert.match(fix.kind === 'manual' ? fix.link : '', /#poddisruptionbudget-v125$/);
  });

  test('a webhook with unknown side effects is not guessed', () => {
    const text = fixture('migrations/webhook-unknown-side-effects.manual.yaml');
    const result = fixAllText(text, rules, { target: TARGET });
    assert.equal(result.text, text);
    assert.match(result.manual[0].reason, /sideEffects/);
  });

  test('PodSecurityPolicy has no replacement', () => {
    const text = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\n';
    const fix = computeFix(text, findingsOf(text)[0], rules, { target: TARGET });
    assert.equal(fix.kind, 'manual');
  });

  test('a replacement not yet served at the target is not applied', () => {
    const text = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
    const target = { major: 1, minor: 20 };
    const [finding] = findingsOf(text, {}, target, true);
    const fix = computeFix(text, finding, rules, { target });
    assert.equal(fix.kind, 'manual');
    assert.match(fix.kind === 'manual' ? fix.reason : '', /1\.21/);
  });

  test('Helm template expressions are moved unchanged, never rewritten', () => {
    const path = 'mychart/templates/ingress.yaml';
    const text = fixture('helm/mychart/templates/ingress.yaml');
    const [finding] = findingsOf(text, { path });
    const fix = computeFix(text, finding, rules, { target: TARGET, path });
    assert.equal(fix.kind, 'edit');
    const migrated = fixAllText(text, rules, { target: TARGET, path }).text;
    const actions = (t: string): string[] => (t.match(/\{\{[^}]*\}\}/g) ?? []).sort();
    assert.deepEqual(actions(migrated), actions(text));
    const cron = fixture('helm/mychart/templates/cronjob.yaml');
    const fixed = fixAllText(cron, rules, { target: TARGET, path: 'mychart/templates/cronjob.yaml' });
    assert.equal(fixed.text, cron.replace('batch/v1beta1', 'batch/v1'));
  });
});

describe('fixes keep the file as written', () => {
  test('CRLF and BOM survive a structural migration', () => {
    const input = `\uFEFF${fixture('migrations/deployment-extensions.before.yaml').replace(/\n/g, '\r\n')}`;
    const expected = `\uFEFF${fixture('migrations/deployment-extensions.after.yaml').replace(/\n/g, '\r\n')}`;
    assert.equal(fixAllText(input, rules, { target: TARGET }).text, expected);
  });

  test('only the edited document of a stream changes', () => {
    const text = fixture('edge/multi-document.yaml');
    const result = fixAllText(text, rules, { target: TARGET });
    assert.equal(result.applied, 3);
    assert.ok(result.text.includes('note: "apiVersion: extensions/v1beta1 inside a string is not a manifest"'));
    assert.ok(result.text.includes("{apiVersion: 'batch/v1', kind: CronJob"));
    assert.ok(result.text.includes('backend: {service: {name: web, port: {number: 80}}}'));
    assert.ok(result.text.includes('  labels: &labels\n'));
  });

  test('a quick fix for one finding edits only the apiVersion value', () => {
    const text = fixture('migrations/cronjob.before.yaml');
    const fix = computeFix(text, findingsOf(text)[0], rules, { target: TARGET });
    assert.equal(fix.kind, 'edit');
    assert.deepEqual(fix.kind === 'edit' ? fix.edits : [], [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 25 } }, newText: 'batch/v1' }]);
  });

  test('objects in a List are migrated in place', () => {
    const result = fixAllText(fixture('edge/list.yaml'), rules, { target: TARGET });
    assert.ok(result.text.includes('  - apiVersion: rbac.authorization.k8s.io/v1\n'));
    assert.equal(result.manual.length, 1); // loadBalancerIP needs a person
  });
});
