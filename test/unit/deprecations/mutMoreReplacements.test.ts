// Which API a finding advises moving to when custom rules share a kind with built-in ones (the
// built-in versions of the kind count only when they lead where the flagged rule's chain ends),
// and which object a quick fix edits when Lists hold Lists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { builtinRuleSet, createRuleSet, type RuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText } from '../../../src/core/deprecations/scanReport';
import { validateUserRules } from '../../../src/core/deprecations/userRules';

const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });

function withCustom(...input: Record<string, unknown>[]): RuleSet {
  const custom = validateUserRules(input, 'rules.yaml');
  assert.deepEqual(custom.errors, []);
  return createRuleSet(custom.rules);
}

function advice(rules: RuleSet, apiVersion: string, kind: string, minor: number): string[] {
  const text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`;
  return scanText('x.yaml', text, rules, { target: at(minor), includeUpcoming: true }).findings.map((f) => `${f.replacement} ${f.finalReplacement} | ${f.message}`);
}

describe('advice for a custom rule on a kind that built-in rules know', () => {
  test('a built-in version of the kind that leads elsewhere is not advised', () => {
    const rules = withCustom({ id: 'ingress-example', apiVersion: 'example.com/v1', kinds: ['Ingress'], deprecatedIn: '1.10', replacement: 'example.com/v2' });
    // networking.k8s.io/v1beta1 is served at 1.16 and newer than the custom rule, but ends in networking.k8s.io/v1
    assert.deepEqual(advice(rules, 'example.com/v1', 'Ingress', 16), [
      'example.com/v2 undefined | example.com/v1 Ingress is deprecated since 1.10; use example.com/v2 instead.',
    ]);
  });

  test('a built-in version of the kind without a replacement is passed over', () => {
    const rules = withCustom({ id: 'psp-example', apiVersion: 'example.com/v1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.10', replacement: 'example.com/v2' });
    assert.deepEqual(advice(rules, 'example.com/v1', 'PodSecurityPolicy', 20), [
      'example.com/v2 undefined | example.com/v1 PodSecurityPolicy is deprecated since 1.10; use example.com/v2 instead.',
    ]);
  });

  test('of two replacements served from the same release, the one the rule names is advised', () => {
    const rules = withCustom({
      id: 'flowschema-alpha',
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1alpha1',
      kinds: ['FlowSchema'],
      deprecatedIn: '1.20',
      replacement: 'flowcontrol.apiserver.k8s.io/v1',
      replacementAvailableSince: '1.26',
    });
    // flowcontrol v1beta3 is served from 1.26 too, and leads to v1
    assert.deepEqual(advice(rules, 'flowcontrol.apiserver.k8s.io/v1alpha1', 'FlowSchema', 27), [
      'flowcontrol.apiserver.k8s.io/v1 undefined | flowcontrol.apiserver.k8s.io/v1alpha1 FlowSchema is deprecated since 1.20; use flowcontrol.apiserver.k8s.io/v1 instead.',
    ]);
    // before 1.26 the newest built-in version that leads there is advised, with v1 as the final step
    assert.deepEqual(advice(rules, 'flowcontrol.apiserver.k8s.io/v1alpha1', 'FlowSchema', 24), [
      'flowcontrol.apiserver.k8s.io/v1beta2 flowcontrol.apiserver.k8s.io/v1 | flowcontrol.apiserver.k8s.io/v1alpha1 FlowSchema is deprecated since 1.20; use flowcontrol.apiserver.k8s.io/v1beta2 instead (flowcontrol.apiserver.k8s.io/v1 from 1.26).',
    ]);
  });

  test('custom rules that replace each other in a cycle: an API removed at the target is never the final step', () => {
    const rules = withCustom(
      { id: 'widget-alpha', apiVersion: 'example.com/v1alpha1', kinds: ['Widget'], deprecatedIn: '1.18', replacement: 'example.com/v1beta1' },
      { id: 'widget-beta', apiVersion: 'example.com/v1beta1', kinds: ['Widget'], deprecatedIn: '1.19', removedIn: '1.20', replacement: 'example.com/v1' },
      { id: 'widget-v1', apiVersion: 'example.com/v1', kinds: ['Widget'], deprecatedIn: '1.30', replacement: 'example.com/v1beta1' },
    );
    assert.deepEqual(advice(rules, 'example.com/v1alpha1', 'Widget', 25), [
      'example.com/v1 undefined | example.com/v1alpha1 Widget is deprecated since 1.18; use example.com/v1 instead.',
    ]);
    // while example.com/v1beta1 is still served, the chain goes on to it
    assert.deepEqual(advice(rules, 'example.com/v1alpha1', 'Widget', 19), [
      'example.com/v1 example.com/v1beta1 | example.com/v1alpha1 Widget is deprecated since 1.18; use example.com/v1 instead (example.com/v1beta1 from 1.30).',
    ]);
  });
});

describe('the quick fix in a List that holds a List', () => {
  test('edits the flagged item, not an object of a List after it', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1beta1
    kind: CronJob
    metadata:
      name: first
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: batch/v1beta1
        kind: CronJob
        metadata:
          name: nested
`;
    const rules = builtinRuleSet();
    const findings = scanText('list.yaml', text, rules, { target: at(25) }).findings;
    assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.objectName}`), ['4 cronjob-batch-v1beta1 first', '11 cronjob-batch-v1beta1 nested']);
    for (const finding of findings) {
      const fix = computeFix(text, finding, rules, { target: at(25) });
      assert.equal(fix.kind, 'edit');
      assert.deepEqual(
        fix.edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.newText}`),
        [`${finding.range.start.line + 1}:${finding.range.start.character + 1} batch/v1`],
      );
    }
  });
});
