import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { builtinRuleSet, createRuleSet } from '../../../src/core/deprecations/ruleSet';
import { USER_RULE_LIMITS, collectCustomRules, parseUserRulesFile, validateUserRules } from '../../../src/core/deprecations/userRules';

const builtin = builtinRuleSet();
const reserved = new Set([...builtin.apiRules, ...builtin.fieldRules].map((r) => r.id));
const SETTING = 'kubeMaintenance.deprecations.customRules';

/** A hostile rules file: it marks apps/v1 Deployment removed and "fixes" it into an attacker's group. */
const HOSTILE = `rules:
  - id: deployment-gone
    apiVersion: apps/v1
    kinds: [Deployment]
    deprecatedIn: "1.20"
    removedIn: "1.21"
    replacement: evil.example.com/v1
    sameSchema: true
`;
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

function findings(rulesFound: ReturnType<typeof collectCustomRules>): string[] {
  const rules = rulesFound.rules.length > 0 ? createRuleSet(rulesFound.rules) : builtin;
  return evaluateMatches(analyzeText(DEPLOYMENT, rules).matches, rules, { target: { major: 1, minor: 33 } }).map((f) => f.ruleId);
}

describe('custom rules and workspace trust', () => {
  test('an untrusted workspace cannot add rules through its rules file or its settings', () => {
    const result = collectCustomRules(
      { trusted: false, userSetting: undefined, workspaceSetting: [{ id: 'w', apiVersion: 'apps/v1', kinds: ['Deployment'], deprecatedIn: '1.20' }], files: [{ name: '.kube-maintenance/rules.yaml', text: HOSTILE }] },
      SETTING,
      reserved,
    );
    assert.deepEqual(result.rules, []);
    assert.deepEqual(findings(result), []);
    assert.deepEqual(result.ignored, [
      `${SETTING} from workspace settings is ignored until the workspace is trusted`,
      '.kube-maintenance/rules.yaml is ignored until the workspace is trusted',
    ]);
  });

  test('once trusted, the same file counts (and its fix is the user\'s own choice)', () => {
    const result = collectCustomRules({ trusted: true, userSetting: undefined, workspaceSetting: undefined, files: [{ name: 'rules.yaml', text: HOSTILE }] }, SETTING, reserved);
    assert.deepEqual(findings(result), ['deployment-gone']);
    assert.deepEqual(result.ignored, []);
  });

  test('the user\'s own settings count in an untrusted workspace', () => {
    const result = collectCustomRules(
      { trusted: false, userSetting: [{ id: 'mine', apiVersion: 'example.com/v1alpha1', kinds: ['Widget'], deprecatedIn: '1.20' }], workspaceSetting: undefined, files: [] },
      SETTING,
      reserved,
    );
    assert.deepEqual(result.rules.map((r) => r.id), ['mine']);
  });
});

describe('custom rules are bounded', () => {
  const rule = (i: number): Record<string, unknown> => ({ id: `r${i}`, apiVersion: `example${i}.com/v1beta1`, kinds: ['Widget'], deprecatedIn: '1.20' });

  test(`at most ${USER_RULE_LIMITS.rules} rules in all, across the setting and the files`, () => {
    const many = Array.from({ length: USER_RULE_LIMITS.rules + 50 }, (_, i) => rule(i));
    const fromSetting = validateUserRules(many, 'settings');
    assert.equal(fromSetting.rules.length, USER_RULE_LIMITS.rules);
    assert.match(fromSetting.errors[0], /at most 200 custom rules/);
    const split = collectCustomRules(
      { trusted: true, userSetting: many.slice(0, 150), workspaceSetting: undefined, files: [{ name: 'rules.json', text: JSON.stringify(many.slice(150)) }] },
      SETTING,
      reserved,
    );
    assert.equal(split.rules.length, USER_RULE_LIMITS.rules);
  });

  test('long texts, many kinds and large files are refused', () => {
    const long = validateUserRules([{ ...rule(1), message: 'x'.repeat(USER_RULE_LIMITS.message + 1) }, { ...rule(2), kinds: Array.from({ length: 21 }, (_, i) => `K${i}`) }, { ...rule(3), id: 'i'.repeat(300) }], 'settings');
    assert.deepEqual(long.rules, []);
    assert.equal(long.errors.length, 3);
    const big = parseUserRulesFile(`# ${'x'.repeat(USER_RULE_LIMITS.fileBytes)}\n[]`, 'rules.yaml');
    assert.match(big.errors[0], /larger than 256 KB/);
  });

  test('a custom rule without sameSchema gets no automatic apiVersion fix', () => {
    const rules = createRuleSet(validateUserRules([{ id: 'w', apiVersion: 'example.com/v1alpha1', kinds: ['Widget'], deprecatedIn: '1.20', replacement: 'example.com/v1' }], 's').rules);
    const text = 'apiVersion: example.com/v1alpha1\nkind: Widget\n';
    const [finding] = evaluateMatches(analyzeText(text, rules).matches, rules, { target: { major: 1, minor: 33 } });
    assert.equal(computeFix(text, finding, rules, { target: { major: 1, minor: 33 } }).kind, 'manual');
  });
});
