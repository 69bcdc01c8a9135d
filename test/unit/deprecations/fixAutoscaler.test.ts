import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { findingsOf } from './analyzeHelpers';

/* autoscaling/v2beta1 HorizontalPodAutoscalers moved to autoscaling/v2: every metric type's new shape, and when the fix declines. */

const rules = builtinRuleSet();
const target = { major: 1, minor: 26 };
const HEAD = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: x\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}\n  maxReplicas: 3\n';
const hpa = (metrics: string): string => `${HEAD}  metrics:\n${metrics}`;

function proposal(text: string): ReturnType<typeof computeFix> {
  const [finding] = findingsOf(text, {}, target);
  return computeFix(text, finding, rules, { target });
}

describe('HorizontalPodAutoscaler autoscaling/v2beta1', () => {
  test('each metric type gets its target object, and Pods, Object and External metrics a metric identifier', () => {
    const text = hpa(`  - type: Resource
    resource:
      name: cpu
      targetAverageUtilization: 50
  - type: ContainerResource
    containerResource:
      name: memory
      container: app
      targetAverageValue: 100Mi
  - type: Pods
    pods:
      metricName: rps
      selector: {matchLabels: {a: b}}
      targetAverageValue: "10"
  - type: Object
    object:
      metricName: hits
      target: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main}
      targetValue: "2k"
  - type: External
    external:
      metricName: queue
      metricSelector: {matchLabels: {q: w}}
      targetAverageValue: "30"
  - type: External
    external:
      metricName: queue2
      targetValue: "5"
  - type: Pods
    pods:
      metricName: p2
      averageValue: "1"
`);
    const fix = proposal(text);
    assert.equal(fix.kind, 'edit');
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], ['Metric targets are rewritten to the target: {type, value} form.']);
    assert.equal(
      fixAllText(text, rules, { target }).text,
      `${HEAD.replace('v2beta1', 'v2')}  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
  - type: ContainerResource
    containerResource:
      name: memory
      container: app
      target:
        type: AverageValue
        averageValue: 100Mi
  - type: Pods
    pods:
      metric:
        name: rps
        selector: {matchLabels: {a: b}}
      target:
        type: AverageValue
        averageValue: "10"
  - type: Object
    object:
      describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main}
      metric:
        name: hits
      target:
        type: Value
        value: "2k"
  - type: External
    external:
      metric:
        name: queue
        selector: {matchLabels: {q: w}}
      target:
        type: AverageValue
        averageValue: "30"
  - type: External
    external:
      metric:
        name: queue2
      target:
        type: Value
        value: "5"
  - type: Pods
    pods:
      metric:
        name: p2
      target:
        type: AverageValue
        averageValue: "1"
`,
    );
  });

  test('without metrics only apiVersion changes, with no note; a metric already in the v2 shape is kept', () => {
    const bare = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: x\nspec:\n  maxReplicas: 3\n';
    const fix = proposal(bare);
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : fix.reason, []);
    assert.equal(fixAllText(bare, rules, { target }).text, bare.replace('v2beta1', 'v2'));
    const v2shape = hpa('  - type: Resource\n    resource:\n      name: cpu\n      target: {type: Utilization, averageUtilization: 50}\n');
    assert.equal(fixAllText(v2shape, rules, { target }).text, v2shape.replace('v2beta1', 'v2'));
  });

  const declined: readonly (readonly [string, string, string])[] = [
    ['a metric without a target value', '  - type: Resource\n    resource:\n      name: cpu\n', 'a metric has no target value'],
    ['a metric without its block', '  - type: Pods\n', 'metric type Pods has no pods block'],
    ['a Pods metric without a name', '  - type: Pods\n    pods:\n      targetAverageValue: "1"\n', 'a Pods metric has no metricName'],
    ['an Object metric without a name', '  - type: Object\n    object:\n      targetValue: 1\n', 'an Object metric needs metricName and target'],
    ['an Object metric without its target object', '  - type: Object\n    object:\n      metricName: m\n      targetValue: 1\n', 'an Object metric needs metricName and target'],
    ['an External metric without a name', '  - type: External\n    external:\n      targetValue: 1\n', 'an External metric has no metricName'],
    ['an unknown metric type', '  - type: Weird\n    weird:\n      targetValue: 1\n', 'unknown metric type Weird'],
    ['a metric that is not a map', '  - just text\n', 'a metric is not a map'],
    ['a metric without a type', '  - resource:\n      name: cpu\n      targetAverageUtilization: 50\n', 'a metric has no type'],
    ['a metric whose type is not text', '  - type: 1\n    resource:\n      targetAverageUtilization: 50\n', 'a metric has no type'],
  ];
  for (const [what, metrics, reason] of declined) {
    test(`${what} is left to a person`, () => {
      const text = hpa(metrics);
      const fix = proposal(text);
      assert.deepEqual(fix.kind === 'manual' ? fix.reason : fix.edits, reason);
      assert.equal(fixAllText(text, rules, { target }).text, text);
    });
  }
});
