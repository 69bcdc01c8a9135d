import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RULE_DATA_RELEASE } from '../../../src/core/deprecations/builtinRules';
import { builtinRuleSet, createRuleSet } from '../../../src/core/deprecations/ruleSet';
import { validateUserRules } from '../../../src/core/deprecations/userRules';
import { findingsOf } from './analyzeHelpers';

/* The rule set behind every analysis: the newest version it knows (the CLI's default target) and that the quick text test lets every rule through. */

describe('the newest version the rules know', () => {
  test('built-in removals announced beyond the checked release count as that release', () => {
    assert.equal(RULE_DATA_RELEASE, '1.37');
    assert.equal(builtinRuleSet().newestMinor, '1.37');
  });

  test('a custom rule counts with its own versions, however far out', () => {
    const custom = validateUserRules([{ id: 'widget', apiVersion: 'example.com/v1beta1', kind: 'Widget', deprecatedIn: '1.30', removedIn: '1.40' }], 'rules.yaml');
    assert.deepEqual(custom.errors, []);
    assert.equal(createRuleSet(custom.rules).newestMinor, '1.40');
    const early = validateUserRules([{ id: 'gadget', apiVersion: 'example.com/v1alpha1', kind: 'Gadget', deprecatedIn: '1.20' }], 'rules.yaml');
    assert.equal(createRuleSet(early.rules).newestMinor, '1.37');
  });

  test('with no rules at all it is 1.0', () => {
    assert.equal(createRuleSet([], [], []).newestMinor, '1.0');
  });
});

describe('documents whose only deprecated use is of one kind are still read', () => {
  const object = (apiVersion: string, kind: string, body = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;
  const cases: readonly (readonly [string, string, string])[] = [
    ['a core-group kind', object('v1', 'Endpoints'), 'endpoints-core-v1'],
    ['a group API', object('batch/v1beta1', 'CronJob'), 'cronjob-batch-v1beta1'],
    ['an annotation', object('v1', 'Pod', '  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n'), 'annotation-seccomp-pod'],
    ['a label', object('v1', 'Pod', '  labels:\n    beta.kubernetes.io/os: linux\n'), 'label-beta-os'],
    ['a toleration', object('v1', 'Pod', 'spec:\n  tolerations:\n    - key: node-role.kubernetes.io/master\n'), 'taint-node-role-master'],
    ['a volume source', object('v1', 'Pod', 'spec:\n  volumes:\n    - name: v\n      gitRepo: {repository: r}\n'), 'volume-git-repo'],
    ['a pod spec field', object('v1', 'Pod', 'spec:\n  serviceAccount: a\n'), 'field-pod-service-account'],
    ['an object field', object('v1', 'Service', 'spec:\n  loadBalancerIP: 1.1.1.1\n'), 'field-service-load-balancer-ip'],
    [
      'an autoscaler reference',
      object('autoscaling/v2', 'HorizontalPodAutoscaler', 'spec:\n  scaleTargetRef:\n    apiVersion: extensions/v1beta1\n    kind: ReplicaSet\n    name: s\n'),
      'scale-target-ref-replicaset-extensions-v1beta1-replicaset',
    ],
  ];
  for (const [what, text, ruleId] of cases) {
    test(what, () => {
      assert.deepEqual(findingsOf(text, {}, { major: 1, minor: 37 }).map((f) => f.ruleId), [ruleId]);
    });
  }
});
