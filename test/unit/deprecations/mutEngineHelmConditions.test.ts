// A chart template that picks a PodDisruptionBudget's apiVersion with `{{ if semverCompare … }}`:
// what the scan reports for the removed policy/v1beta1 in the if-branch tells whether the
// condition was judged true, false or unknown at the target version.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinRuleSet, createRuleSet } from '../../../src/core/deprecations/ruleSet';
import { validateUserRules } from '../../../src/core/deprecations/userRules';
import { scanText } from '../../../src/core/deprecations/scanReport';
import { parseMinorVersion } from '../../../src/core/versions/kubeVersion';

const rules = builtinRuleSet();

type Outcome = 'error' | 'not rendered' | 'alternative';

function chart(condition: string): string {
  return `{{- if ${condition} }}\napiVersion: policy/v1beta1\n{{- else }}\napiVersion: policy/v1\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  minAvailable: 1\n`;
}

/**
 * error: the if-branch renders at the target, so its removed API is an error;
 * not rendered: the branch is known not to be taken there;
 * alternative: unknown, but the else-branch's policy/v1 is served there.
 */
function outcome(condition: string, version: string): Outcome {
  const target = parseMinorVersion(version);
  assert.ok(target);
  const findings = scanText('chart/templates/pdb.yaml', chart(condition), rules, { target }).findings;
  assert.equal(findings.length, 1, condition);
  const [finding] = findings;
  if (finding.status === 'removed') {
    return 'error';
  }
  assert.equal(finding.status, 'upcoming');
  if (finding.message.includes(`Not rendered at Kubernetes ${version}: its template branch ({{ if ${condition} }}) is not taken there.`)) {
    return 'not rendered';
  }
  assert.ok(finding.message.endsWith(`Another branch of its {{ if }} uses policy/v1, which Kubernetes ${version} serves.`), finding.message);
  return 'alternative';
}

const GIT_VERSION = '.Capabilities.KubeVersion.GitVersion';

// Each row: the constraint, the cluster version, and what Masterminds semver (Helm's
// semverCompare) gives for every patch release of that minor: always true (error), always
// false (not rendered) or true for some and false for others (alternative).
const constraints: [string, string, Outcome][] = [
  // a bound with another major version
  ['<2', '1.25', 'error'],
  ['<2.0', '1.25', 'error'],
  ['>=2', '1.25', 'not rendered'],
  // no operator means "="
  ['1.25', '1.25', 'error'],
  ['1.24', '1.25', 'not rendered'],
  ['1.x', '1.25', 'error'],
  ['=1.25', '1.25', 'error'],
  ['=1.24', '1.25', 'not rendered'],
  ['=2.25', '1.25', 'not rendered'],
  // <= and its spelling =<: a wildcard (or absent) part matches every value of that part
  ['<=1.25', '1.25', 'error'],
  ['=<1.25', '1.25', 'error'],
  ['<= 1.25', '1.25', 'error'],
  ['<=1.24', '1.25', 'not rendered'],
  ['=<1.24', '1.25', 'not rendered'],
  ['<=1', '1.25', 'error'],
  ['<=1.x', '1.25', 'error'],
  ['<=0', '1.25', 'not rendered'],
  ['<=1.25.3', '1.25', 'alternative'],
  ['<=1.25.0', '1.25', 'alternative'],
  ['<=1.26.0', '1.25', 'error'],
  // >: with a wildcard patch it means above the whole minor (or major)
  ['>1.24', '1.25', 'error'],
  ['>1.25', '1.25', 'not rendered'],
  ['>1.25.x', '1.25', 'not rendered'],
  ['>1', '1.25', 'not rendered'],
  ['>0', '1.25', 'error'],
  ['>0.30', '1.25', 'error'],
  ['>2.5', '1.25', 'not rendered'],
  ['>1.25.3', '1.25', 'alternative'],
  ['>1.25.0', '1.25', 'alternative'],
  ['>1.24.0', '1.25', 'error'],
  ['>1.26.0', '1.25', 'not rendered'],
  // !=
  ['!=1.25', '1.25', 'not rendered'],
  ['!=1.24', '1.25', 'error'],
  ['!=2.25', '1.25', 'error'],
  ['!=1', '1.25', 'not rendered'],
  ['!=1.25.3', '1.25', 'alternative'],
  ['=1.25.3', '1.25', 'alternative'],
  ['>1.25.3 <1.25.5', '1.25', 'alternative'],
  ['=1.25.13', '1.25', 'alternative'],
  ['=1.25.3 >1.25.5', '1.25', 'not rendered'],
  ['>=1.25.0', '1.25', 'error'],
  ['<1.25.0', '1.25', 'not rendered'],
  ['>=1.24.3 <1.26.0-0', '1.25', 'error'],
  // ^: at or above, same major
  ['^1.20', '1.25', 'error'],
  ['^1.26', '1.25', 'not rendered'],
  ['^1.25.0', '1.25', 'error'],
  ['^1.25', '1.25', 'error'],
  ['^0.5', '1.25', 'not rendered'],
  ['^2.0', '1.25', 'not rendered'],
  // ~: at or above, same minor
  ['~1.24', '1.25', 'not rendered'],
  ['~1', '1.25', 'error'],
];

describe('semverCompare constraints a chart picks its PodDisruptionBudget API with', () => {
  for (const [constraint, version, expected] of constraints) {
    test(`"${constraint}" at ${version}: ${expected}`, () => {
      assert.equal(outcome(`semverCompare "${constraint}" ${GIT_VERSION}`, version), expected);
    });
  }
});

describe('the condition around the constraint', () => {
  test('a pipeline that starts and ends with parentheses is not one parenthesised condition', () => {
    // `(A) | and (B)` is `and (B) (A)`: its value depends on .Values.legacy, so it is unknown
    assert.equal(outcome(`(semverCompare "<1.21-0" ${GIT_VERSION}) | and (.Values.legacy)`, '1.25'), 'alternative');
    assert.equal(outcome(`((semverCompare "<1.21-0" ${GIT_VERSION}))`, '1.25'), 'not rendered');
  });
});

// .Capabilities.APIVersions.Has as the rule data knows the APIs: served, removed, not served yet,
// or unknown (an API no rule names, a kind no rule lists)
const capabilities: [string, string, Outcome][] = [
  ['policy/v1', '1.25', 'error'],
  ['policy/v1/PodDisruptionBudget', '1.25', 'error'],
  ['policy/v1beta1', '1.25', 'not rendered'],
  ['policy/v1beta1/PodDisruptionBudget', '1.25', 'not rendered'],
  ['apps/v1beta1/Deployment', '1.25', 'not rendered'],
  ['batch/v1/CronJob', '1.25', 'error'],
  ['batch/v1/Job', '1.25', 'alternative'],
  ['v1/Endpoints', '1.25', 'error'],
  ['example.com/v1', '1.25', 'alternative'],
  ['flowcontrol.apiserver.k8s.io/v1', '1.28', 'not rendered'],
  ['flowcontrol.apiserver.k8s.io/v1', '1.29', 'error'],
  ['flowcontrol.apiserver.k8s.io/v1beta3', '1.25', 'not rendered'],
  ['flowcontrol.apiserver.k8s.io/v1beta3', '1.26', 'error'],
  ['flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema', '1.32', 'not rendered'],
];

describe('.Capabilities.APIVersions.Has', () => {
  for (const [api, version, expected] of capabilities) {
    test(`"${api}" at ${version}: ${expected}`, () => {
      assert.equal(outcome(`.Capabilities.APIVersions.Has "${api}"`, version), expected);
    });
  }
  test('not of it', () => {
    assert.equal(outcome('not (.Capabilities.APIVersions.Has "policy/v1")', '1.25'), 'not rendered');
    assert.equal(outcome('not .Capabilities.APIVersions.Has "example.com/v1"', '1.25'), 'alternative');
  });
});

test('Has of an API a custom rule names: served until the rule removes it', () => {
  const custom = validateUserRules([{ id: 'widget', apiVersion: 'example.com/v1beta1', kinds: ['Widget'], deprecatedIn: '1.20', removedIn: '1.27' }], 'rules.yaml');
  const withCustom = createRuleSet(custom.rules);
  const text = '{{- if .Capabilities.APIVersions.Has "example.com/v1beta1" }}\napiVersion: policy/v1beta1\n{{- else }}\napiVersion: policy/v1\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: x\n';
  const at = (minor: number): string[] => scanText('chart/templates/pdb.yaml', text, withCustom, { target: { major: 1, minor } }).findings.map((f) => f.status);
  assert.deepEqual(at(26), ['removed']);
  assert.deepEqual(at(27), ['upcoming']);
});
