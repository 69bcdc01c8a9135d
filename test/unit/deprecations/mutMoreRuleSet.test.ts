// A rule set made of part of the rules, as `createRuleSet` takes them: the quick text test still
// lets each rule's documents through, whatever way the text spells them, and the newest version
// it knows comes from those rules alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { ALL_BUILTIN_FIELD_RULES, BUILTIN_API_RULES } from '../../../src/core/deprecations/builtinRules';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { createRuleSet, type RuleSet } from '../../../src/core/deprecations/ruleSet';
import type { ApiRule, FieldRule } from '../../../src/core/deprecations/ruleTypes';

function apiRule(id: string): ApiRule {
  const rule = BUILTIN_API_RULES.find((r) => r.id === id);
  assert.ok(rule, id);
  return rule;
}

function fieldRule(id: string): FieldRule {
  const rule = ALL_BUILTIN_FIELD_RULES.find((r) => r.id === id);
  assert.ok(rule, id);
  return rule;
}

function ruleIds(text: string, rules: RuleSet): string[] {
  return evaluateMatches(analyzeText(text, rules).matches, rules, { target: { major: 1, minor: 33 } }).map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`);
}

describe('rules found by their kind or their key name alone', () => {
  // no rule here is found by an apiVersion, an annotation or a label
  const rules = createRuleSet(
    [],
    [apiRule('endpoints-core-v1')],
    [fieldRule('volume-git-repo'), fieldRule('field-pod-service-account'), fieldRule('field-service-load-balancer-ip')],
  );

  const cases: readonly (readonly [string, string, readonly string[]])[] = [
    ['a core-group kind in block style', 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\n', ['1:13 endpoints-core-v1']],
    ['a core-group kind quoted, with a comment after it', "apiVersion: 'v1'\nkind: \"Endpoints\" # the old API\nmetadata:\n  name: e\n", ['1:13 endpoints-core-v1']],
    ['a core-group kind in strict JSON', '{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"e"}}', ['1:15 endpoints-core-v1']],
    ['a core-group kind in a flow map', '{apiVersion: v1, kind: Endpoints, metadata: {name: e}}', ['1:14 endpoints-core-v1']],
    ['a volume source in flow style', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes: [{name: v, gitRepo: {repository: r}}]\n', ['6:23 volume-git-repo']],
    ['a pod spec field as a quoted key', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  "serviceAccount": a\n', ['6:3 field-pod-service-account']],
    ['an object field in JSON', '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"loadBalancerIP": "1.1.1.1"}}', ['1:77 field-service-load-balancer-ip']],
  ];
  for (const [what, text, expected] of cases) {
    test(what, () => {
      assert.deepEqual(ruleIds(text, rules), expected);
    });
  }

  test('a kind spelled with a JSON escape is found too', () => {
    assert.deepEqual(ruleIds('{"apiVersion":"v1","kind":"Endpoint\\u0073","metadata":{"name":"e"}}', rules), ['1:15 endpoints-core-v1']);
  });

  test('names that appear only in comments or as longer names give nothing', () => {
    const text = '# kind: Endpoints, gitRepo\napiVersion: v1\nkind: EndpointSlice\nmetadata:\n  name: e\nspec:\n  serviceAccountName: a\n  gitRepository: r\n';
    assert.deepEqual(ruleIds(text, rules), []);
  });
});

describe('the newest version of part of the built-in rules', () => {
  test('is the newest version those rules name, not the release the data was checked against', () => {
    assert.equal(createRuleSet([], [apiRule('cronjob-batch-v1beta1')], []).newestMinor, '1.25');
    assert.equal(createRuleSet([], [], [fieldRule('volume-git-repo')]).newestMinor, '1.33');
    assert.equal(createRuleSet([], [apiRule('endpoints-core-v1')], [fieldRule('field-service-topology-keys')]).newestMinor, '1.33');
  });

  test('an added rule whose source is left unset counts as built-in: a removal beyond the checked release counts as that release', () => {
    const unset: ApiRule = { ...apiRule('cronjob-batch-v1beta1'), id: 'cronjob-later', removedIn: '1.45', source: undefined };
    assert.equal(createRuleSet([unset], [], []).newestMinor, '1.37');
    assert.equal(createRuleSet([{ ...unset, source: 'rules.yaml' }], [], []).newestMinor, '1.45');
  });
});
