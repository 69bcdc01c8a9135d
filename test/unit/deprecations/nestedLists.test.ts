import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { covered, findingsOf } from './analyzeHelpers';

const NESTED = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: batch/v1beta1
        kind: CronJob
        metadata:
          name: nightly
          labels:
            beta.kubernetes.io/arch: amd64
        spec:
          schedule: "0 3 * * *"
  - apiVersion: policy/v1beta1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      minAvailable: 1
`;

test('objects in a List nested in a List are checked once each, as kubectl flattens them', () => {
  const findings = findingsOf(NESTED, {}, { major: 1, minor: 25 });
  assert.deepEqual(findings.map((f) => `${f.range.start.line} ${f.ruleId} ${f.objectKind}`), [
    '6 cronjob-batch-v1beta1 CronJob',
    '11 label-beta-arch CronJob',
    '14 pdb-policy-v1beta1 PodDisruptionBudget',
  ]);
  assert.equal(covered(NESTED, findings[0]), 'batch/v1beta1');
});

test('the fix edits the nested object, not the List holding it', () => {
  const fixed = fixAllText(NESTED, builtinRuleSet(), { target: { major: 1, minor: 25 } });
  assert.equal(fixed.text, NESTED.replace('batch/v1beta1', 'batch/v1').replace('policy/v1beta1', 'policy/v1').replace('beta.kubernetes.io/arch', 'kubernetes.io/arch'));
});
