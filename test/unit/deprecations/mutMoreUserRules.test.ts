// Custom rules as a user writes them, field by field: which values are accepted, what the
// messages for the others say, and what an accepted rule then reports on a manifest.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches, type Finding } from '../../../src/core/deprecations/findings';
import { createRuleSet } from '../../../src/core/deprecations/ruleSet';
import type { ApiRule } from '../../../src/core/deprecations/ruleTypes';
import { USER_RULE_LIMITS, collectCustomRules, parseUserRulesFile, validateUserRules } from '../../../src/core/deprecations/userRules';

const SOURCE = 'rules.yaml';
const widget = { id: 'widget', apiVersion: 'example.com/v1beta1', kinds: ['Widget'], deprecatedIn: '1.28' };

function errorsOf(rule: unknown): readonly string[] {
  return validateUserRules([rule], SOURCE).errors;
}

function findingsFor(rules: readonly ApiRule[], manifest: string, minor = 30): Finding[] {
  const set = createRuleSet(rules);
  return evaluateMatches(analyzeText(manifest, set).matches, set, { target: { major: 1, minor } });
}

/** The findings of the one custom rule given, on a manifest of its first kind. */
function check(rule: Record<string, unknown>, minor = 30): Finding[] {
  const result = validateUserRules([rule], SOURCE);
  assert.deepEqual(result.errors, []);
  const kinds = rule.kinds as string[];
  return findingsFor(result.rules, `apiVersion: ${String(rule.apiVersion)}\nkind: ${kinds[0]}\nmetadata:\n  name: w\n`, minor);
}

describe('apiVersion and kind names', () => {
  test('a one-letter group, a two-digit version and a two-digit beta are accepted and match', () => {
    for (const apiVersion of ['x/v1', 'example.com/v10', 'example.com/v1beta10', 'example.com/v2alpha12']) {
      const findings = check({ ...widget, apiVersion });
      assert.deepEqual(
        findings.map((f) => f.message),
        [`${apiVersion} Widget is deprecated since 1.28; there is no replacement API.`],
        apiVersion,
      );
    }
  });

  test('an apiVersion or replacement with anything after the version is refused', () => {
    assert.deepEqual(errorsOf({ ...widget, apiVersion: 'example.com/v1beta1x' }), [
      `${SOURCE}: rules[0] (widget): "apiVersion" must look like group/version (e.g. example.com/v1beta1), got "example.com/v1beta1x"`,
    ]);
    assert.deepEqual(errorsOf({ ...widget, replacement: 'example.com/v1 and more' }), [
      `${SOURCE}: rules[0] (widget): "replacement" must look like group/version, got "example.com/v1 and more"`,
    ]);
  });

  test('a kind must start with a capital and hold only letters and digits', () => {
    for (const kind of ['wIdget', 'Widget-x', 'Widget.v2']) {
      assert.deepEqual(errorsOf({ ...widget, kinds: [kind] }), [`${SOURCE}: rules[0] (widget): "kinds" must be a list of kind names like ["Widget"], got ${JSON.stringify([kind])}`], kind);
    }
  });

  test('every kind of the list must be valid, and the list must not be empty', () => {
    const message = (got: string): string => `${SOURCE}: rules[0] (widget): "kinds" must be a list of kind names like ["Widget"], got ${got}`;
    assert.deepEqual(errorsOf({ ...widget, kinds: ['Widget', 'gadget'] }), [message('["Widget","gadget"]')]);
    assert.deepEqual(errorsOf({ ...widget, kinds: [] }), [message('[]')]);
    assert.deepEqual(errorsOf({ ...widget, kinds: [['Widget']] }), [message('[["Widget"]]')]);
    assert.deepEqual(errorsOf({ ...widget, kinds: 'Widget' }), [message('"Widget"')]);
  });

  test(`a kind name of ${USER_RULE_LIMITS.name} characters is accepted, one more is refused`, () => {
    const longest = `W${'a'.repeat(USER_RULE_LIMITS.name - 1)}`;
    assert.equal(check({ ...widget, kinds: [longest] })[0].objectKind, longest);
    const tooLong = `${longest}a`;
    assert.deepEqual(errorsOf({ ...widget, kinds: [tooLong] }), [`${SOURCE}: rules[0] (widget): "kinds" must be a list of kind names like ["Widget"], got ${JSON.stringify([tooLong])}`]);
  });

  test(`${USER_RULE_LIMITS.kindsPerRule} kinds are accepted, one more is refused`, () => {
    const kinds = Array.from({ length: USER_RULE_LIMITS.kindsPerRule }, (_, i) => `Widget${i}`);
    assert.deepEqual(validateUserRules([{ ...widget, kinds }], SOURCE).rules[0]?.kinds, kinds);
    assert.deepEqual(errorsOf({ ...widget, kinds: [...kinds, 'Widget99'] }), [`${SOURCE}: rules[0] (widget): "kinds" lists 21 kinds, more than 20`]);
  });
});

describe('required fields, blanks and lengths', () => {
  test('a rule with none of its required fields gets one message for each, without an id to name', () => {
    assert.deepEqual(errorsOf({}), [
      `${SOURCE}: rules[0]: "id" must be a non-empty string, got nothing`,
      `${SOURCE}: rules[0]: "apiVersion" must be a non-empty string, got nothing`,
      `${SOURCE}: rules[0]: "kinds" must be a list of kind names like ["Widget"], got nothing`,
      `${SOURCE}: rules[0]: "deprecatedIn" must be a Kubernetes version like "1.29", got nothing`,
    ]);
  });

  test('a blank id is refused; an id with spaces around it is trimmed', () => {
    assert.deepEqual(errorsOf({ ...widget, id: '   ' }), [`${SOURCE}: rules[0]: "id" must be a non-empty string, got "   "`]);
    assert.deepEqual(check({ ...widget, id: '  widget  ' }).map((f) => f.ruleId), ['widget']);
  });

  test(`an id of ${USER_RULE_LIMITS.name} characters is accepted, one more is refused`, () => {
    const longest = 'w'.repeat(USER_RULE_LIMITS.name);
    assert.deepEqual(check({ ...widget, id: longest }).map((f) => f.ruleId), [longest]);
    assert.deepEqual(errorsOf({ ...widget, id: `${longest}w` }), [`${SOURCE}: rules[0]: "id" is longer than 253 characters`]);
  });

  test('an entry that is null is named as such', () => {
    assert.deepEqual(validateUserRules([null, widget], SOURCE), {
      rules: validateUserRules([widget], SOURCE).rules,
      errors: [`${SOURCE}: rules[0]: expected an object, got null`],
    });
  });

  test('a setting that is null holds no rules and no error', () => {
    assert.deepEqual(validateUserRules(null, SOURCE), { rules: [], errors: [] });
  });
});

describe('versions', () => {
  test('a version written as a number counts as that version', () => {
    const findings = check({ ...widget, deprecatedIn: 1.28, removedIn: 1.29 }, 28);
    assert.deepEqual(findings.map((f) => f.message), ['example.com/v1beta1 Widget is deprecated since 1.28 and stops being served in 1.29; there is no replacement API.']);
  });

  test('in a rules file, an unquoted 1.30 is 1.30, not 1.3', () => {
    const file = 'defaults:\n  deprecated: &since 1.20\nrules:\n  - {id: widget, apiVersion: example.com/v1beta1, kinds: [Widget], deprecatedIn: *since, removedIn: 1.30}\n';
    const result = parseUserRulesFile(file, SOURCE);
    assert.deepEqual(result.errors, []);
    const manifest = 'apiVersion: example.com/v1beta1\nkind: Widget\n';
    assert.deepEqual(findingsFor(result.rules, manifest, 25).map((f) => f.message), [
      'example.com/v1beta1 Widget is deprecated since 1.20 and stops being served in 1.30; there is no replacement API.',
    ]);
  });

  test('only versions keep their written text: an unquoted number as id is still refused', () => {
    const file = 'rules:\n  - {id: 1.10, apiVersion: example.com/v1beta1, kinds: [Widget], deprecatedIn: 1.10}\n';
    assert.deepEqual(parseUserRulesFile(file, SOURCE), { rules: [], errors: [`${SOURCE}: rules[0]: "id" must be a non-empty string, got 1.1`] });
    const notVersion = 'rules:\n  - {id: widget, apiVersion: example.com/v1beta1, kinds: [Widget], deprecatedIn: true}\n';
    assert.deepEqual(parseUserRulesFile(notVersion, SOURCE).errors, [`${SOURCE}: rules[0] (widget): "deprecatedIn" must be a Kubernetes version like "1.29", got true`]);
  });

  test('a leading v is dropped; the rest of a version is kept as written', () => {
    assert.match(check({ ...widget, deprecatedIn: 'v1.28' })[0].message, /deprecated since 1\.28;/);
    assert.match(check({ ...widget, deprecatedIn: '1.28.0-rev1' })[0].message, /deprecated since 1\.28\.0-rev1;/);
  });

  test('a version of 20 characters is accepted, one of 21 is refused', () => {
    const twenty = '1.28.0-abcdefghijklm';
    assert.equal(twenty.length, 20);
    assert.match(check({ ...widget, deprecatedIn: twenty })[0].message, /deprecated since 1\.28\.0-abcdefghijklm;/);
    assert.deepEqual(errorsOf({ ...widget, deprecatedIn: `${twenty}n` }), [`${SOURCE}: rules[0] (widget): "deprecatedIn" must be a Kubernetes version like "1.29", got "${twenty}n"`]);
  });

  test('a version given as a list is refused', () => {
    assert.deepEqual(errorsOf({ ...widget, deprecatedIn: ['1.28'] }), [`${SOURCE}: rules[0] (widget): "deprecatedIn" must be a Kubernetes version like "1.29", got ["1.28"]`]);
  });

  test('a removal in the release of the deprecation is accepted', () => {
    assert.deepEqual(check({ ...widget, deprecatedIn: '1.29', removedIn: '1.29' }).map((f) => f.status), ['removed']);
  });
});

describe('link and message', () => {
  test('an http link is accepted and shown; a link that only contains a URL is refused', () => {
    assert.deepEqual(check({ ...widget, link: 'http://example.com/widgets' }).map((f) => f.link), ['http://example.com/widgets']);
    assert.deepEqual(errorsOf({ ...widget, link: 'see https://example.com/widgets' }), [`${SOURCE}: rules[0] (widget): "link" must be an http(s) URL, got "see https://example.com/widgets"`]);
  });

  test('the message is what changes for the user', () => {
    assert.deepEqual(check({ ...widget, message: 'Widgets moved to v1.' }).map((f) => f.changes), [['Widgets moved to v1.']]);
  });
});

describe('how many rules are read', () => {
  test('exactly the allowed number of rules gives no message; more names how many are used', () => {
    const rules = ['a', 'b', 'c'].map((id) => ({ ...widget, id }));
    assert.deepEqual(validateUserRules(rules.slice(0, 2), SOURCE, new Set(), 2).errors, []);
    const over = validateUserRules(rules, SOURCE, new Set(), 2);
    assert.deepEqual(over.rules.map((r) => r.id), ['a', 'b']);
    assert.deepEqual(over.errors, [`${SOURCE}: 3 rules, but at most 200 custom rules are read in all; only the first 2 here are used`]);
  });
});

describe('rules files', () => {
  const rulesText = 'rules:\n  - {id: widget, apiVersion: example.com/v1beta1, kinds: [Widget], deprecatedIn: "1.28"}\n';

  test('a file of exactly the size limit is read; a larger one is refused with no rules', () => {
    const exact = rulesText + '#'.repeat(USER_RULE_LIMITS.fileBytes - rulesText.length);
    assert.equal(exact.length, USER_RULE_LIMITS.fileBytes);
    assert.deepEqual(parseUserRulesFile(exact, SOURCE).rules.map((r) => r.id), ['widget']);
    assert.deepEqual(parseUserRulesFile(`${exact}#`, SOURCE), { rules: [], errors: [`${SOURCE}: larger than 256 KB; not read`] });
  });

  test('a file that is not YAML gives one message and no rules', () => {
    const result = parseUserRulesFile('rules: [', SOURCE);
    assert.deepEqual(result.rules, []);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0], /^rules\.yaml: not valid YAML or JSON: Flow sequence/);
  });

  test('a file that expands one anchor many times is refused', () => {
    const file = `kinds: &kind Widget\nrules:\n  - {id: widget, apiVersion: example.com/v1beta1, kinds: [${Array(60).fill('*kind').join(', ')}], deprecatedIn: "1.28"}\n`;
    const result = parseUserRulesFile(file, SOURCE);
    assert.deepEqual(result.rules, []);
    assert.deepEqual(result.errors, [`${SOURCE}: not valid YAML or JSON: Excessive alias count indicates a resource exhaustion attack`]);
  });
});

describe('rules from the editor\'s settings and files', () => {
  const SETTING = 'kubeMaintenance.deprecations.customRules';

  test('a user setting cannot take the id of a built-in rule', () => {
    const result = collectCustomRules({ trusted: true, userSetting: [{ ...widget, id: 'cronjob-batch-v1beta1' }], workspaceSetting: undefined, files: [] }, SETTING, new Set(['cronjob-batch-v1beta1']));
    assert.deepEqual(result.rules, []);
    assert.deepEqual(result.errors, [`${SETTING} (user settings): rules[0] (cronjob-batch-v1beta1): "id" "cronjob-batch-v1beta1" is already used by another rule`]);
  });

  test('a rule in the workspace setting or a file cannot reuse the id of a user setting rule', () => {
    const result = collectCustomRules(
      { trusted: true, userSetting: [widget], workspaceSetting: [{ ...widget, kinds: ['Gadget'] }], files: [{ name: 'rules.yaml', text: 'rules:\n  - {id: widget, apiVersion: example.com/v1, kinds: [Widget], deprecatedIn: "1.29"}\n' }] },
      SETTING,
      new Set(),
    );
    assert.deepEqual(result.rules.map((r) => `${r.id} ${r.kinds.join()} ${r.source ?? ''}`), [`widget Widget ${SETTING} (user settings)`]);
    assert.deepEqual(result.errors, [
      `${SETTING} (workspace settings): rules[0] (widget): "id" "widget" is already used by another rule`,
      'rules.yaml: rules[0] (widget): "id" "widget" is already used by another rule',
    ]);
  });

  test('a workspace setting written as an object with a rules list counts once trusted', () => {
    const result = collectCustomRules({ trusted: true, userSetting: undefined, workspaceSetting: { rules: [widget] }, files: [] }, SETTING, new Set());
    assert.deepEqual(result.rules.map((r) => r.source), [`${SETTING} (workspace settings)`]);
    assert.deepEqual(result.errors, []);
  });
});
