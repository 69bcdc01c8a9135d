// What a workspace scan sums up (findings per API or field, most frequent first) and what the
// hover says for each status, for an interim replacement and for a field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeMarkdown, hoverMarkdown } from '../../../src/core/deprecations/hoverText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { countByApi, scanText } from '../../../src/core/deprecations/scanReport';

const rules = builtinRuleSet();
const T125 = { major: 1, minor: 25 };
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
const PDB = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\n';
const HPA = 'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n';
const ZONE = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: z\n  labels:\n    failure-domain.beta.kubernetes.io/zone: z1\n';

describe('the workspace summary', () => {
  test('counts per API and field, most frequent first, then by name', () => {
    const reports = [
      scanText('a.yaml', [PDB, CRON, ZONE].join('---\n'), rules, { target: T125 }),
      scanText('b.yaml', [HPA, PDB, CRON, PDB].join('---\n'), rules, { target: T125 }),
      scanText('c.yaml', 'apiVersion: v1\nkind: ConfigMap\n', rules, { target: T125 }),
    ];
    assert.deepEqual(countByApi(reports), [
      { key: 'policy/v1beta1 PodDisruptionBudget', status: 'removed', count: 3 },
      { key: 'batch/v1beta1 CronJob', status: 'removed', count: 2 },
      { key: 'autoscaling/v2beta2 HorizontalPodAutoscaler', status: 'deprecated', count: 1 },
      { key: 'label failure-domain.beta.kubernetes.io/zone', status: 'deprecated', count: 1 },
    ]);
    assert.deepEqual(countByApi([]), []);
  });
});

describe('the hover', () => {
  const e = escapeMarkdown;

  test('an interim replacement names where the chain ends', () => {
    const [finding] = scanText('f.yaml', 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta1\nkind: FlowSchema\nmetadata:\n  name: f\n', rules, { target: { major: 1, minor: 26 } }).findings;
    const lines = hoverMarkdown(finding, '1.26', { kind: 'manual', reason: 'needs a person' }).split('\n');
    assert.equal(lines[0], `**Removed** at target Kubernetes ${e('1.26')} · [Migration guide](https://kubernetes.io/docs/reference/using-api/deprecation-guide/#flowcontrol-resources-v126)`);
    assert.deepEqual(lines.slice(1, 5), [
      '',
      `No automatic fix: ${e('needs a person')}`,
      '',
      `deprecated in ${e('1.23')} · not served from ${e('1.26')} · replacement: ${e('flowcontrol.apiserver.k8s.io/v1beta3')} (served since ${e('1.26')}) · then ${e('flowcontrol.apiserver.k8s.io/v1')} from ${e('1.29')}`,
    ]);
    assert.equal(lines.at(-1), `Rule ${e('flowcontrol-v1beta1')}`);
  });

  test('a field says what to use and when it stops having an effect', () => {
    const [finding] = scanText('z.yaml', ZONE, rules, { target: T125, includeUpcoming: true }).findings;
    const lines = hoverMarkdown(finding, '1.25', { kind: 'edit', title: 'Use topology.kubernetes.io/zone' }).split('\n');
    assert.equal(lines[0].split(' · ')[0], `**Deprecated** at target Kubernetes ${e('1.25')}`);
    assert.equal(lines[2], `Quick fix: ${e('Use topology.kubernetes.io/zone')}`);
    assert.equal(lines[4], `deprecated in ${e(finding.deprecatedIn)} · no removal announced · use ${e('topology.kubernetes.io/zone')}`);
  });

  test('an announced removal', () => {
    const [finding] = scanText('c.yaml', CRON, rules, { target: { major: 1, minor: 20 }, includeUpcoming: true }).findings;
    const lines = hoverMarkdown(finding, '1.20').split('\n');
    assert.equal(lines[0].split(' · ')[0], `**Removal announced** at target Kubernetes ${e('1.20')}`);
    assert.equal(lines[2], `deprecated in ${e('1.21')} · not served from ${e('1.25')} · replacement: ${e('batch/v1')} (served since ${e('1.21')})`);
  });
});
