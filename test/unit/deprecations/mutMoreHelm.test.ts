// Helm conditions around a removed API, as a chart writes them, and what the scan makes of the
// finding: an error when the branch renders at the target, information when it does not or when a
// sibling branch renders a served API. The semverCompare rows follow Masterminds semver, which
// Helm's semverCompare uses, for every patch release of the target minor.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText, type FileReport } from '../../../src/core/deprecations/scanReport';
import { parseMinorVersion } from '../../../src/core/versions/kubeVersion';

const rules = builtinRuleSet();
const GIT_VERSION = '.Capabilities.KubeVersion.GitVersion';
const PDB_REMOVED = 'policy/v1beta1 PodDisruptionBudget is no longer served since Kubernetes 1.25; use policy/v1 instead.';

type Outcome = 'error' | 'not rendered' | 'alternative';

function scan(text: string, version = '1.25'): FileReport['findings'] {
  const target = parseMinorVersion(version);
  assert.ok(target);
  return scanText('chart/templates/pdb.yaml', text, rules, { target }).findings;
}

function shown(findings: FileReport['findings']): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.status} ${f.message}`);
}

/** The removed policy/v1beta1 in the if-branch, policy/v1 in the else-branch. */
function outcome(condition: string, version = '1.25'): Outcome {
  const text = `{{- if ${condition} }}\napiVersion: policy/v1beta1\n{{- else }}\napiVersion: policy/v1\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n`;
  const findings = scan(text, version);
  assert.equal(findings.length, 1, condition);
  const [finding] = findings;
  if (finding.status === 'removed') {
    assert.equal(finding.message, PDB_REMOVED);
    return 'error';
  }
  assert.equal(finding.status, 'upcoming');
  if (finding.message === `${PDB_REMOVED} Not rendered at Kubernetes ${version}: its template branch ({{ if ${condition} }}) is not taken there.`) {
    return 'not rendered';
  }
  assert.equal(finding.message, `${PDB_REMOVED} Another branch of its {{ if }} uses policy/v1, which Kubernetes ${version} serves.`);
  return 'alternative';
}

const semver = (constraint: string): string => `semverCompare "${constraint}" ${GIT_VERSION}`;

// [constraint, what Masterminds semver gives at every 1.25 release: always true, always false, or both]
const constraints: [string, Outcome][] = [
  // numbers of more than one digit
  ['<10', 'error'],
  ['>=10', 'not rendered'],
  ['<1.26.10', 'error'],
  ['>=1.25.10', 'alternative'],
  // the comparator's version is a bound at release and patch level
  ['>=1.25', 'error'],
  ['>1.25.0-0', 'error'],
  ['<=1.25.0-0', 'not rendered'],
  ['>=1.21.0-rc.1', 'error'],
  ['<1.25.0-rc.1', 'not rendered'],
  // => is >=
  ['=>1.25', 'error'],
  ['=>1.26', 'not rendered'],
  // x and X (like *) match any minor or patch
  ['1.25.x', 'error'],
  ['1.25.X', 'error'],
  ['=1.X', 'error'],
  ['=1.24.x', 'not rendered'],
  ['<=1.24.X', 'not rendered'],
  ['>1.24.X', 'error'],
  ['<=1.25.*', 'error'],
  // after a wildcard minor the patch is not read: 1.x.5 is 1.x
  ['>1.x.5', 'not rendered'],
  ['<=1.x.5', 'error'],
  ['=1.x.5', 'error'],
  ['!=1.x.5', 'not rendered'],
  // ~ and ~>: at or above, same minor (same major when only a major is given)
  ['~1.25', 'error'],
  ['~1.25.3', 'alternative'],
  ['~0.25', 'not rendered'],
  ['~2', 'not rendered'],
  ['~1.26', 'not rendered'],
  ['~>1.25', 'error'],
  ['~> 1.24', 'not rendered'],
  ['~>1.25.3', 'alternative'],
  // ~0.0.0 alone is any version
  ['~0.0.0', 'error'],
  ['~0.0', 'not rendered'],
  ['~1.0.0', 'not rendered'],
  ['~0.25.0', 'not rendered'],
  ['~0.0.5', 'not rendered'],
  // a release is never equal to a prerelease
  ['=1.25.3-0', 'not rendered'],
  ['!=1.25.3-0', 'error'],
  ['=1.25-0', 'error'],
  ['!=1.25-0', 'error'],
  ['!=1-0', 'not rendered'],
  ['!=1.24-0', 'error'],
  // spaces after the operator, and between the comparators of a range
  ['>=  1.20', 'error'],
  ['>= 1.20 <  1.30', 'error'],
  ['>=1.20  <1.30', 'error'],
  ['>=1.20 , <1.30', 'error'],
  ['>=1.20,<1.25', 'not rendered'],
  ['<1.20 || >=1.25-0', 'error'],
  ['<1.20 ||   >=1.26-0', 'not rendered'],
];

// Helm fails to render these (semverCompare returns an error): no value can be given
const invalid = ['>=1.20foo', 'foo1.25', 'bogus', '', '>=1.20,', ', >=1.20', '>=1.20,,<1.30', '<1.20 ||', 'bogus || >=1.20', '>=1.20 || bogus', '<1.20 bogus', '>=1.20 bogus'];

describe('semverCompare at Kubernetes 1.25', () => {
  for (const [constraint, expected] of constraints) {
    test(`"${constraint}": ${expected}`, () => {
      assert.equal(outcome(semver(constraint)), expected);
    });
  }
  test('a constraint Helm cannot parse is unknown', () => {
    for (const constraint of invalid) {
      assert.equal(outcome(semver(constraint)), 'alternative', constraint);
    }
  });
});

describe('the text around the condition', () => {
  test('spaces inside parentheses, after not and between the words', () => {
    assert.equal(outcome(`( ${semver('<1.21-0')} )`), 'not rendered');
    assert.equal(outcome(`not  (${semver('<1.21-0')})`), 'error');
    assert.equal(outcome(`not  ( ${semver('>=1.21-0')} )`), 'not rendered');
    assert.equal(outcome(`semverCompare  "<1.21-0" ${GIT_VERSION}`), 'not rendered');
    assert.equal(outcome('.Capabilities.APIVersions.Has  "policy/v1beta1"'), 'not rendered');
  });

  test('$.Capabilities is the root context\'s, as inside a range or with', () => {
    assert.equal(outcome('$.Capabilities.APIVersions.Has "policy/v1beta1"'), 'not rendered');
    assert.equal(outcome('$.Capabilities.APIVersions.Has "policy/v1"'), 'error');
    assert.equal(outcome(`semverCompare "<1.21-0" $.Capabilities.KubeVersion.Version`), 'not rendered');
  });

  test('the major or minor number alone is not the version', () => {
    assert.equal(outcome('semverCompare "<1.21-0" .Capabilities.KubeVersion.Major'), 'alternative');
    assert.equal(outcome('semverCompare ">=1.21-0" $.Capabilities.KubeVersion.Minor'), 'alternative');
    assert.equal(outcome('semverCompare "<1.21-0" .Capabilities.KubeVersion'), 'not rendered');
  });

  test('a Has call piped on is not the call\'s value', () => {
    assert.equal(outcome('.Capabilities.APIVersions.Has "policy/v1beta1" | not'), 'alternative');
  });
});

describe('which branch of a chain renders', () => {
  const TRUE = semver('>=1.0-0');
  const FALSE = semver('<1.0-0');
  const pdb = (apiVersion: string): string => `apiVersion: ${apiVersion}\nkind: PodDisruptionBudget\nmetadata:\n  name: web`;
  /** One PodDisruptionBudget document per branch: [condition or undefined for else, apiVersion]. */
  const chain = (...branches: [string | undefined, string][]): string =>
    `${branches.map(([condition, apiVersion], i) => `{{- ${i === 0 ? 'if' : condition === undefined ? 'else' : 'else if'}${condition === undefined ? '' : ` ${condition}`} }}\n${i === 0 ? '' : '---\n'}${pdb(apiVersion)}\n`).join('')}{{- end }}\n`;
  // the line of the n-th branch's apiVersion (from 0)
  const line = (n: number): number => 2 + n * 6;

  test('a true else-if after an unknown if may not render: its sibling\'s served API is the alternative', () => {
    const text = chain(['.Values.modern', 'policy/v1'], [TRUE, 'policy/v1beta1'], [undefined, 'policy/v1beta1']);
    assert.deepEqual(shown(scan(text)), [
      `${line(1)} upcoming ${PDB_REMOVED} Another branch of its {{ if }} uses policy/v1, which Kubernetes 1.25 serves.`,
      `${line(2)} upcoming ${PDB_REMOVED} Not rendered at Kubernetes 1.25: its template branch ({{ else }}) is not taken there.`,
    ]);
  });

  test('the else of an unknown if may not render either', () => {
    const text = chain(['.Values.modern', 'policy/v1'], [undefined, 'policy/v1beta1']);
    assert.deepEqual(shown(scan(text)), [`${line(1)} upcoming ${PDB_REMOVED} Another branch of its {{ if }} uses policy/v1, which Kubernetes 1.25 serves.`]);
  });

  test('after a true branch, an unknown else-if and the else are not taken', () => {
    const text = chain([TRUE, 'policy/v1'], ['.Values.legacy', 'policy/v1beta1'], [undefined, 'policy/v1beta1']);
    assert.deepEqual(shown(scan(text)), [
      `${line(1)} upcoming ${PDB_REMOVED} Not rendered at Kubernetes 1.25: its template branch ({{ else if .Values.legacy }}) is not taken there.`,
      `${line(2)} upcoming ${PDB_REMOVED} Not rendered at Kubernetes 1.25: its template branch ({{ else }}) is not taken there.`,
    ]);
  });

  test('after a false branch the else renders', () => {
    const text = chain([FALSE, 'policy/v1'], [undefined, 'policy/v1beta1']);
    assert.deepEqual(shown(scan(text)), [`${line(1)} removed ${PDB_REMOVED}`]);
  });

  test('a branch known not to render is no alternative', () => {
    const text = chain(['.Values.legacy', 'policy/v1beta1'], [FALSE, 'policy/v1']);
    assert.deepEqual(shown(scan(text)), [`${line(0)} removed ${PDB_REMOVED}`]);
  });

  test('a true branch renders whatever its siblings hold', () => {
    const text = chain([TRUE, 'policy/v1beta1'], [undefined, 'policy/v1']);
    assert.deepEqual(shown(scan(text)), [`${line(0)} removed ${PDB_REMOVED}`]);
  });
});

describe('what a sibling branch renders', () => {
  const chain = (ifBranch: string, elseBranch: string): string => `{{- if .Values.legacy }}\n${ifBranch}\n{{- else }}\n${elseBranch}\n{{- end }}\n`;
  const pdb = (apiVersion: string): string => `apiVersion: ${apiVersion}\nkind: PodDisruptionBudget\nmetadata:\n  name: web`;

  test('the finding\'s own branch is not its alternative, even when it holds a served API too', () => {
    const text = chain(`${pdb('policy/v1beta1')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c`, '# nothing');
    assert.deepEqual(shown(scan(text)), [`2 removed ${PDB_REMOVED}`]);
  });

  test('commented-out lines are not what a branch renders', () => {
    assert.deepEqual(shown(scan(chain(pdb('policy/v1beta1'), '#apiVersion: policy/v1\n# apiVersion: policy/v1\n#kind: PodDisruptionBudget'))), [`2 removed ${PDB_REMOVED}`]);
    // a commented-out kind does not keep the sibling's apiVersion from counting
    assert.deepEqual(shown(scan(`${chain('apiVersion: policy/v1beta1', '#kind: ConfigMap\napiVersion: policy/v1')}kind: PodDisruptionBudget\nmetadata:\n  name: web\n`)), [
      `2 upcoming ${PDB_REMOVED} Another branch of its {{ if }} uses policy/v1, which Kubernetes 1.25 serves.`,
    ]);
  });

  test('a line is an apiVersion or kind only with a space or tab after the colon', () => {
    const alternative = [`2 upcoming ${PDB_REMOVED} Another branch of its {{ if }} uses policy/v1, which Kubernetes 1.25 serves.`];
    // the else-branch's document is then a plain string
    assert.deepEqual(shown(scan(chain(pdb('policy/v1beta1'), '---\napiVersion:policy/v1'))), [`2 removed ${PDB_REMOVED}`]);
    assert.deepEqual(shown(scan(chain(pdb('policy/v1beta1'), '---\napiVersion: \t "policy/v1"'))), alternative);
    assert.deepEqual(shown(scan(chain(pdb('policy/v1beta1'), '---\nkind:ConfigMap\n---\napiVersion: policy/v1'))), alternative);
    assert.deepEqual(shown(scan(chain(pdb('policy/v1beta1'), '---\nkind:  ConfigMap\napiVersion: policy/v1'))), [`2 removed ${PDB_REMOVED}`]);
  });

  test('an apiVersion the template computes is not known to be served', () => {
    assert.deepEqual(shown(scan(chain(pdb('policy/v1beta1'), pdb('{{ .Values.pdbApiVersion }}')))), [`2 removed ${PDB_REMOVED}`]);
  });

  test('a sibling\'s API that a rule knows counts while it is still served', () => {
    const hpa = (apiVersion: string): string => `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web`;
    const text = chain(hpa('autoscaling/v2beta1'), `---\n${hpa('autoscaling/v2beta2')}`);
    const findings = scan(text);
    assert.deepEqual(
      findings.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.status}`),
      ['2 hpa-autoscaling-v2beta1 upcoming', '8 hpa-autoscaling-v2beta2 deprecated'],
    );
    assert.match(findings[0].message, / Another branch of its \{\{ if \}\} uses autoscaling\/v2beta2, which Kubernetes 1\.25 serves\.$/);
    // at 1.26 autoscaling/v2beta2 is removed as well
    assert.deepEqual(scan(text, '1.26').map((f) => `${f.ruleId} ${f.status}`), ['hpa-autoscaling-v2beta1 removed', 'hpa-autoscaling-v2beta2 removed']);
  });

  test('a label in an unknown branch stays a finding, whatever API a sibling renders', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web';
    const text = chain(`${deployment}\n  labels:\n    beta.kubernetes.io/arch: amd64`, deployment);
    assert.deepEqual(shown(scan(text)), ['7 deprecated Label beta.kubernetes.io/arch is deprecated since 1.14; use kubernetes.io/arch instead.']);
  });
});

describe('findings outside the branches', () => {
  test('a removed API after an if block is an error, and a label in the block before it is not rendered', () => {
    const text = `kind: PodDisruptionBudget\nmetadata:\n  name: web\n{{- if semverCompare "<1.21-0" ${GIT_VERSION} }}\n  labels:\n    beta.kubernetes.io/arch: amd64\n{{- end }}\napiVersion: policy/v1beta1\n`;
    assert.deepEqual(shown(scan(text)), [
      `8 removed ${PDB_REMOVED}`,
      `6 upcoming Label beta.kubernetes.io/arch is deprecated since 1.14; use kubernetes.io/arch instead. Not rendered at Kubernetes 1.25: its template branch ({{ if semverCompare "<1.21-0" ${GIT_VERSION} }}) is not taken there.`,
    ]);
  });
});
