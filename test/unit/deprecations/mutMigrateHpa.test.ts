import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { TARGET, findingsOf } from './analyzeHelpers';

/*
 * The HorizontalPodAutoscaler autoscaling/v2beta1 -> v2 quick fix for Object metrics with a
 * label selector, and the reasons it gives for metrics it cannot rewrite.
 */

const rules = builtinRuleSet();

const hpa = (apiVersion: string, metrics: string): string => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  maxReplicas: 10
  metrics:
${metrics}`;

function fixAll(text: string): { text: string; manual: { ruleId: string; reason: string }[] } {
  const result = fixAllText(text, rules, { target: TARGET });
  return { text: result.text, manual: result.manual.map((m) => ({ ruleId: m.ruleId, reason: m.reason })) };
}

describe('HorizontalPodAutoscaler autoscaling/v2beta1 -> v2: Object metrics', () => {
  test('the selector of an Object metric moves into metric, beside its name, and is not kept at the old place', () => {
    const text = hpa('autoscaling/v2beta1', `    - type: Object
      object:
        target:
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          name: main
        metricName: requests_per_second
        selector:
          matchLabels:
            verb: GET
        averageValue: "10"
`);
    const result = fixAll(text);
    assert.deepEqual(result, {
      text: hpa('autoscaling/v2', `    - type: Object
      object:
        describedObject:
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          name: main
        metric:
          name: requests_per_second
          selector:
            matchLabels:
              verb: GET
        target:
          type: AverageValue
          averageValue: "10"
`),
      manual: [],
    });
    assert.deepEqual(findingsOf(result.text), []);
  });

  test('an Object metric without metricName, or a metric with an empty type, is left with the reason', () => {
    const nameless = hpa('autoscaling/v2beta1', `    - type: Object
      object:
        target:
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          name: main
        targetValue: 2k
`);
    assert.deepEqual(fixAll(nameless), { text: nameless, manual: [{ ruleId: 'hpa-autoscaling-v2beta1', reason: 'an Object metric needs metricName and target' }] });
    const untyped = hpa('autoscaling/v2beta1', '    - type: ""\n      resource:\n        name: cpu\n        targetAverageUtilization: 70\n');
    assert.deepEqual(fixAll(untyped), { text: untyped, manual: [{ ruleId: 'hpa-autoscaling-v2beta1', reason: 'a metric has no type' }] });
  });
});
