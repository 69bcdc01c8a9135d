import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { findingsOf } from './analyzeHelpers';

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const object = (apiVersion: string, kind: string): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`;
const FC = 'flowcontrol.apiserver.k8s.io';

/** [advised now, final when different] for one object at one target. */
function advice(apiVersion: string, kind: string, minor: number): [string | undefined, string | undefined] {
  const [finding] = findingsOf(object(apiVersion, kind), {}, at(minor), true);
  return [finding.replacement, finding.finalReplacement];
}

describe('advice names the newest replacement served at the target, and the final one', () => {
  test('flowcontrol v1beta2 at 1.26–1.28: v1beta3 now, v1 from 1.29', () => {
    for (const minor of [26, 27, 28]) {
      assert.deepEqual(advice(`${FC}/v1beta2`, 'FlowSchema', minor), [`${FC}/v1beta3`, `${FC}/v1`], `1.${minor}`);
    }
    const [finding] = findingsOf(object(`${FC}/v1beta2`, 'PriorityLevelConfiguration'), {}, at(27));
    assert.match(finding.message, /use flowcontrol\.apiserver\.k8s\.io\/v1beta3 instead \(flowcontrol\.apiserver\.k8s\.io\/v1 from 1\.29\)\.$/);
  });

  test('flowcontrol v1beta1: v1beta2 at 1.23–1.25, v1beta3 at 1.26–1.28, v1 from 1.29', () => {
    assert.deepEqual(advice(`${FC}/v1beta1`, 'FlowSchema', 24), [`${FC}/v1beta2`, `${FC}/v1`]);
    assert.deepEqual(advice(`${FC}/v1beta1`, 'FlowSchema', 26), [`${FC}/v1beta3`, `${FC}/v1`]);
    assert.deepEqual(advice(`${FC}/v1beta1`, 'FlowSchema', 29), [`${FC}/v1`, undefined]);
    assert.deepEqual(advice(`${FC}/v1beta3`, 'FlowSchema', 29), [`${FC}/v1`, undefined]);
  });

  test('HPA autoscaling/v2beta1 at 1.22: v2beta2 now, autoscaling/v2 from 1.23', () => {
    assert.deepEqual(advice('autoscaling/v2beta1', 'HorizontalPodAutoscaler', 22), ['autoscaling/v2beta2', 'autoscaling/v2']);
    assert.deepEqual(advice('autoscaling/v2beta1', 'HorizontalPodAutoscaler', 23), ['autoscaling/v2', undefined]);
  });

  test('an Ingress before 1.19 is pointed at networking.k8s.io/v1beta1, an older API never', () => {
    assert.deepEqual(advice('extensions/v1beta1', 'Ingress', 18), ['networking.k8s.io/v1beta1', 'networking.k8s.io/v1']);
    const [finding] = findingsOf(object('networking.k8s.io/v1beta1', 'Ingress'), {}, at(19));
    assert.equal(finding.replacement, 'networking.k8s.io/v1');
  });

  test('when nothing newer is served yet, the message says from when the replacement is', () => {
    const [finding] = findingsOf(object('batch/v1beta1', 'CronJob'), {}, at(20), true);
    assert.match(finding.message, /its replacement batch\/v1 is served from 1\.21\.$/);
  });

  test('a chain ending in a removed API has no replacement', () => {
    const [finding] = findingsOf(object('extensions/v1beta1', 'PodSecurityPolicy'), {}, at(25));
    assert.equal(finding.replacement, undefined);
    assert.match(finding.message, /there is no replacement API/);
    assert.deepEqual(advice('extensions/v1beta1', 'PodSecurityPolicy', 16), ['policy/v1beta1', undefined]);
  });

  test('the quick fix moves to the advised version', () => {
    const text = `apiVersion: ${FC}/v1beta2\nkind: PriorityLevelConfiguration\nmetadata:\n  name: p\nspec:\n  type: Limited\n  limited:\n    assuredConcurrencyShares: 5\n`;
    const fixed = fixAllText(text, rules, { target: at(27) });
    assert.equal(fixed.text, text.replace('/v1beta2', '/v1beta3').replace('assuredConcurrencyShares', 'nominalConcurrencyShares'));
    const hpa = object('autoscaling/v2beta1', 'HorizontalPodAutoscaler');
    const fix = computeFix(hpa, findingsOf(hpa, {}, at(22))[0], rules, { target: at(22) });
    assert.equal(fix.kind === 'edit' ? fix.edits[0].newText : fix.kind, 'autoscaling/v2beta2');
  });
});
