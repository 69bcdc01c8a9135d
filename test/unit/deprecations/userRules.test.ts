import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { createRuleSet } from '../../../src/core/deprecations/ruleSet';
import { parseUserRulesFile, validateUserRules } from '../../../src/core/deprecations/userRules';

const VALID = `rules:
  - id: widget-v1alpha1
    apiVersion: example.com/v1alpha1
    kinds: [Widget]
    deprecatedIn: "1.28"
    removedIn: "1.31"
    replacement: example.com/v1
    sameSchema: true
    message: Widgets moved to v1.
    link: https://example.com/widgets
`;

test('valid rules are accepted and drive findings and fixes', () => {
  const result = parseUserRulesFile(VALID, 'rules.yaml');
  assert.deepEqual(result.errors, []);
  const rules = createRuleSet(result.rules);
  const text = 'apiVersion: example.com/v1alpha1\nkind: Widget\n';
  const findings = evaluateMatches(analyzeText(text, rules).matches, rules, { target: { major: 1, minor: 31 } });
  assert.equal(findings[0].ruleId, 'widget-v1alpha1');
  assert.equal(findings[0].status, 'removed');
  assert.equal(findings[0].replacement, 'example.com/v1');
});

test('errors name the rule and the field', () => {
  const result = validateUserRules(
    [
      { id: 'a', apiVersion: 'Not A Version', kinds: ['widget'], deprecatedIn: 'soon' },
      { id: 'b', apiVersion: 'example.com/v1', kinds: ['W'], deprecatedIn: '1.30', removedIn: '1.29', colour: 'red' },
      'nope',
      { id: 'c', apiVersion: 'example.com/v1', kind: 'W', deprecatedIn: 1.3 },
    ],
    'kubeMaintenance.deprecations.customRules',
    new Set(['c']),
  );
  assert.equal(result.rules.length, 0);
  const text = result.errors.join('\n');
  assert.match(text, /rules\[0\] \(a\): "apiVersion" must look like group\/version/);
  assert.match(text, /rules\[0\] \(a\): "kinds" must be a list of kind names/);
  assert.match(text, /rules\[0\] \(a\): "deprecatedIn" must be a Kubernetes version like "1.29", got "soon"/);
  assert.match(text, /rules\[1\] \(b\): "removedIn" \(1.29\) is before "deprecatedIn" \(1.30\)/);
  assert.match(text, /rules\[1\] \(b\): unknown field "colour"/);
  assert.match(text, /rules\[2\]: expected an object/);
  assert.match(text, /rules\[3\] \(c\): "id" "c" is already used/);
});

test('a file that is not YAML, or not a list, is reported', () => {
  assert.match(parseUserRulesFile('rules: [', 'r.yaml').errors[0], /not valid YAML or JSON/);
  assert.match(validateUserRules({ foo: 1 }, 'setting').errors[0], /expected a list of rules/);
  assert.deepEqual(validateUserRules([], 'setting'), { rules: [], errors: [] });
});
