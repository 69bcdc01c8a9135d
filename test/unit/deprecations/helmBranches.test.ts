import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli';
import { scanText } from '../../../src/core/deprecations/scanReport';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { conditionAt } from '../../../src/core/deprecations/helmConditions';

const rules = builtinRuleSet();
const T125 = { major: 1, minor: 25 };

function pdb(first: string, second: string, condition: string): string {
  return `{{- if ${condition} }}\napiVersion: ${first}\n{{- else }}\napiVersion: ${second}\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  minAvailable: 1\n`;
}

function statuses(text: string, target = T125): string[] {
  return scanText('chart/templates/pdb.yaml', text, rules, { target }).findings.map((f) => `${f.ruleId} ${f.status}`);
}

async function cli(text: string, version: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['scan', '-', '--target-version', version, '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => new TextEncoder().encode(text) });
  return { code, out };
}

describe('Helm if/else apiVersion alternatives', () => {
  const oldFirst = pdb('policy/v1beta1', 'policy/v1', 'semverCompare "<1.21-0" .Capabilities.KubeVersion.GitVersion');
  const newFirst = pdb('policy/v1', 'policy/v1beta1', 'semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion');

  test('old-first and new-first give the same: nothing failing at 1.25', async () => {
    for (const text of [oldFirst, newFirst]) {
      assert.ok(statuses(text).every((s) => s.endsWith(' upcoming')), statuses(text).join());
      const { code, out } = await cli(`# templates\n${text}`, '1.25');
      assert.equal(code, 0);
      assert.deepEqual((JSON.parse(out) as { findings: unknown[] }).findings, []);
    }
  });

  test('a branch that does render at the target is reported as usual, even beside a served one', () => {
    const wrongBound = pdb('policy/v1beta1', 'policy/v1', 'semverCompare "<1.26-0" .Capabilities.KubeVersion.GitVersion');
    assert.deepEqual(statuses(wrongBound), ['pdb-policy-v1beta1 removed']);
    assert.deepEqual(statuses(oldFirst, { major: 1, minor: 20 }), []);
    assert.deepEqual(statuses(oldFirst, { major: 1, minor: 22 }), ['pdb-policy-v1beta1 upcoming']);
  });

  test('a branch on a value is an alternative when its sibling is served at the target', () => {
    const text = pdb('policy/v1beta1', 'policy/v1', '.Values.legacyPdb');
    const findings = scanText('chart/templates/pdb.yaml', text, rules, { target: T125 }).findings;
    assert.deepEqual(findings.map((f) => f.status), ['upcoming']);
    assert.match(findings[0].message, /Another branch .* uses policy\/v1, which Kubernetes 1\.25 serves/);
  });

  test('when no branch is served at the target it is still an error', async () => {
    const text = pdb('policy/v1beta1', 'policy/v1beta1', '.Values.legacyPdb');
    assert.deepEqual(statuses(text), ['pdb-policy-v1beta1 removed']);
    assert.equal((await cli(`# templates\n${text}`, '1.25')).code, 1);
  });

  test('a document guarded only for old clusters is at most information', async () => {
    const text = `{{- if semverCompare "<1.19-0" .Capabilities.KubeVersion.GitVersion }}\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: x\n{{- end }}\n`;
    const findings = scanText('chart/templates/ing.yaml', text, rules, { target: T125 }).findings;
    assert.deepEqual(findings.map((f) => f.status), ['upcoming']);
    assert.match(findings[0].message, /Not rendered at Kubernetes 1\.25/);
    assert.equal((await cli(`# templates\n${text}`, '1.25')).code, 0);
  });

  test('a plain Helm finding outside any if stays an error', () => {
    assert.deepEqual(statuses('apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ .Release.Name }}\n'), ['pdb-policy-v1beta1 removed']);
  });
});

describe('Helm conditions at a target version', () => {
  const cases: [string, boolean | undefined][] = [
    ['semverCompare "<1.21-0" .Capabilities.KubeVersion.GitVersion', false],
    ['semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version', true],
    ['(semverCompare ">= 1.19-0" (include "common.capabilities.kubeVersion" .))', true],
    ['not (semverCompare "<1.21-0" .Capabilities.KubeVersion.GitVersion)', true],
    ['semverCompare "~1.25" .Capabilities.KubeVersion.GitVersion', true],
    ['semverCompare ">=1.20, <1.25" .Capabilities.KubeVersion.GitVersion', false],
    ['semverCompare "<1.20 || >=1.25-0" .Capabilities.KubeVersion.GitVersion', true],
    ['semverCompare ">=1.25.3" .Capabilities.KubeVersion.GitVersion', undefined],
    ['semverCompare ">=1.21-0" .Values.version', undefined],
    ['.Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget"', true],
    ['.Capabilities.APIVersions.Has "policy/v1beta1"', false],
    ['.Values.enabled', undefined],
  ];
  for (const [condition, expected] of cases) {
    test(`${condition} → ${String(expected)} at 1.25`, () => {
      assert.equal(conditionAt(condition, rules, T125), expected);
    });
  }
});
