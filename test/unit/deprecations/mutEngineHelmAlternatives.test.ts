// How a chart's {{ if }}/{{ else }} around a removed API changes what the scan reports: the
// message names the branch that is not taken, a sibling only counts for the same kind, and a
// template without any branch is reported as it is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText, type FileReport } from '../../../src/core/deprecations/scanReport';

const rules = builtinRuleSet();
const T125 = { major: 1, minor: 25 };
const GIT_VERSION = '.Capabilities.KubeVersion.GitVersion';
const PDB_REMOVED = 'policy/v1beta1 PodDisruptionBudget is no longer served since Kubernetes 1.25; use policy/v1 instead.';

function scan(text: string, target = T125, includeUpcoming = false): FileReport['findings'] {
  return scanText('chart/templates/pdb.yaml', text, rules, { target, includeUpcoming }).findings;
}

function shown(findings: FileReport['findings']): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.status} ${f.message}`);
}

describe('a finding in a template branch that is not taken', () => {
  test('names the if condition that is false at the target', () => {
    const text = `{{- if semverCompare "<1.21-0" ${GIT_VERSION} }}\napiVersion: policy/v1beta1\n{{- else }}\napiVersion: policy/v1\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n`;
    assert.deepEqual(shown(scan(text)), [
      `2 upcoming ${PDB_REMOVED} Not rendered at Kubernetes 1.25: its template branch ({{ if semverCompare "<1.21-0" ${GIT_VERSION} }}) is not taken there.`,
    ]);
  });

  test('names the else when its if is true at the target', () => {
    const text = `{{- if semverCompare ">=1.21-0" ${GIT_VERSION} }}\n# policy/v1 comes with the chart's other PDB\n{{- else }}\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n{{- end }}\n`;
    assert.deepEqual(shown(scan(text)), [`4 upcoming ${PDB_REMOVED} Not rendered at Kubernetes 1.25: its template branch ({{ else }}) is not taken there.`]);
  });

  test('an upcoming removal keeps its message: it is information already', () => {
    const inBranch = `{{- if semverCompare ">=1.30-0" ${GIT_VERSION} }}\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n{{- end }}\n`;
    const plain = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n';
    const target = { major: 1, minor: 20 };
    assert.deepEqual(shown(scan(inBranch, target, true)), [
      '2 upcoming policy/v1beta1 PodDisruptionBudget will stop being served in 1.25 (deprecated in 1.21); its replacement policy/v1 is served from 1.21.',
    ]);
    assert.deepEqual(shown(scan(inBranch, target, true)).map((s) => s.slice(2)), shown(scan(plain, target, true)).map((s) => s.slice(2)));
  });
});

describe('a sibling branch as the alternative', () => {
  const psp = (otherKind: string): string =>
    `{{- if .Values.podSecurityPolicy.enabled }}\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: web\n{{- else }}\napiVersion: v1\nkind: ${otherKind}\nmetadata:\n  name: web\n{{- end }}\n`;

  test('a sibling that renders another kind is not an alternative', () => {
    const findings = scan(psp('ConfigMap'));
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${f.status}`),
      ['podsecuritypolicy-policy-v1beta1 removed'],
    );
    assert.doesNotMatch(findings[0].message, /Another branch/);
  });

  test('a sibling that renders the same kind with a served API is', () => {
    const text = `{{- if .Values.legacy }}\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\n{{- else }}\napiVersion: policy/v1\nkind: PodDisruptionBudget\n{{- end }}\nmetadata:\n  name: web\n`;
    assert.deepEqual(shown(scan(text)), [`2 upcoming ${PDB_REMOVED} Another branch of its {{ if }} uses policy/v1, which Kubernetes 1.25 serves.`]);
  });
});

test('a template with "if" in its text but no {{ if }} reports its findings as they are', () => {
  const text = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ .Release.Name }}-notifier\n';
  assert.deepEqual(shown(scan(text)), [`1 removed ${PDB_REMOVED}`]);
});
