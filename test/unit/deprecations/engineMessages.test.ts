import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { createRuleSet } from '../../../src/core/deprecations/ruleSet';
import { validateUserRules } from '../../../src/core/deprecations/userRules';
import { findingsOf } from './analyzeHelpers';

/*
 * The sentence each finding shows in the Problems panel and the CLI report, for every status
 * a rule can be in at the target: the whole sentence, so a changed word, version or
 * replacement is seen.
 */

const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });

function messages(text: string, minor: number, includeUpcoming = false): string[] {
  return findingsOf(text, {}, at(minor), includeUpcoming).map((f) => `${f.status}: ${f.message}`);
}

const object = (apiVersion: string, kind: string, body = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;

describe('API messages', () => {
  const cron = object('batch/v1beta1', 'CronJob');

  test('removed, deprecated with a removal date, and announced removal', () => {
    assert.deepEqual(messages(cron, 25), ['removed: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead.']);
    assert.deepEqual(messages(cron, 22), ['deprecated: batch/v1beta1 CronJob is deprecated since 1.21 and stops being served in 1.25; use batch/v1 instead.']);
    assert.deepEqual(messages(cron, 19, true), ['upcoming: batch/v1beta1 CronJob will stop being served in 1.25 (deprecated in 1.21); its replacement batch/v1 is served from 1.21.']);
  });

  test('an announced removal is not reported unless asked for, and nothing before the deprecation', () => {
    assert.deepEqual(messages(cron, 19), []);
    assert.deepEqual(messages(cron, 19, false), []);
  });

  test('deprecated without an announced removal', () => {
    assert.deepEqual(messages(object('v1', 'Endpoints'), 33), ['deprecated: v1 Endpoints is deprecated since 1.33; use discovery.k8s.io/v1 instead.']);
    // before its deprecation, an API with no announced removal has nothing upcoming either
    assert.deepEqual(messages(object('v1', 'Endpoints'), 32, true), []);
  });

  test('no replacement API at all', () => {
    assert.deepEqual(messages(object('policy/v1beta1', 'PodSecurityPolicy'), 25), ['removed: policy/v1beta1 PodSecurityPolicy is no longer served since Kubernetes 1.25; there is no replacement API.']);
  });

  test('an interim replacement names the final one and when it is served', () => {
    assert.deepEqual(messages(object('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema'), 27), [
      'deprecated: flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is deprecated since 1.26 and stops being served in 1.29; use flowcontrol.apiserver.k8s.io/v1beta3 instead (flowcontrol.apiserver.k8s.io/v1 from 1.29).',
    ]);
    assert.deepEqual(messages(object('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'), 29), [
      'deprecated: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated since 1.29 and stops being served in 1.32; use flowcontrol.apiserver.k8s.io/v1 instead.',
    ]);
  });
});

describe('custom replacement chains', () => {
  test('when the end of the chain is already gone, the step still served is advised, with no final one', () => {
    const custom = validateUserRules(
      [
        { id: 'w1', apiVersion: 'example.com/v1alpha1', kind: 'Widget', deprecatedIn: '1.20', removedIn: '1.40', replacement: 'example.com/v1alpha2', replacementAvailableSince: '1.20' },
        { id: 'w2', apiVersion: 'example.com/v1alpha2', kind: 'Widget', deprecatedIn: '1.35', removedIn: '1.40', replacement: 'example.com/v1alpha3', replacementAvailableSince: '1.25' },
        { id: 'w3', apiVersion: 'example.com/v1alpha3', kind: 'Widget', deprecatedIn: '1.28', removedIn: '1.30' },
      ],
      'rules.yaml',
    );
    assert.deepEqual(custom.errors, []);
    const rules = createRuleSet(custom.rules);
    const text = object('example.com/v1alpha1', 'Widget');
    const [finding] = evaluateMatches(analyzeText(text, rules).matches, rules, { target: at(31) });
    assert.equal(finding.message, 'example.com/v1alpha1 Widget is deprecated since 1.20 and stops being served in 1.40; use example.com/v1alpha2 instead.');
    assert.deepEqual([finding.replacement, finding.replacementAvailableSince, finding.finalReplacement], ['example.com/v1alpha2', '1.20', undefined]);
  });
});

describe('custom rules that replace each other in a cycle', () => {
  const custom = validateUserRules(
    [
      { id: 'a', apiVersion: 'example.com/v1alpha1', kind: 'Widget', deprecatedIn: '1.20', removedIn: '1.30', replacement: 'example.com/v1beta1', replacementAvailableSince: '1.20' },
      { id: 'b', apiVersion: 'example.com/v1beta1', kind: 'Widget', deprecatedIn: '1.22', removedIn: '1.25', replacement: 'example.com/v1alpha1', replacementAvailableSince: '1.18' },
    ],
    'rules.yaml',
  );
  const rules = createRuleSet(custom.rules);
  const advice = (apiVersion: string, minor: number): string[] =>
    evaluateMatches(analyzeText(object(apiVersion, 'Widget'), rules).matches, rules, { target: at(minor) }).map((f) => `${f.message} | ${String(f.replacement)} | ${String(f.finalReplacement)}`);

  test('never advise the API the object already uses', () => {
    assert.deepEqual(custom.errors, []);
    assert.deepEqual(advice('example.com/v1alpha1', 23), ['example.com/v1alpha1 Widget is deprecated since 1.20 and stops being served in 1.30; use example.com/v1beta1 instead. | example.com/v1beta1 | undefined']);
    assert.deepEqual(advice('example.com/v1alpha1', 26), ['example.com/v1alpha1 Widget is deprecated since 1.20 and stops being served in 1.30; there is no replacement API. | undefined | undefined']);
    assert.deepEqual(advice('example.com/v1beta1', 23), ['example.com/v1beta1 Widget is deprecated since 1.22 and stops being served in 1.25; use example.com/v1alpha1 instead. | example.com/v1alpha1 | undefined']);
    assert.deepEqual(advice('example.com/v1beta1', 26), ['example.com/v1beta1 Widget is no longer served since Kubernetes 1.25; use example.com/v1alpha1 instead. | example.com/v1alpha1 | undefined']);
  });
});

describe('only newer versions are advised', () => {
  test('an announced removal of flowcontrol v1beta3 before v1 is served points at v1, not back at v1beta2', () => {
    for (const minor of [26, 27, 28]) {
      assert.deepEqual(messages(object('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'), minor, true), [
        'upcoming: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema will stop being served in 1.32 (deprecated in 1.29); its replacement flowcontrol.apiserver.k8s.io/v1 is served from 1.29.',
      ]);
    }
  });

  test('an API version without a known first release still gets the newest replacement', () => {
    assert.deepEqual(messages(object('apps/v1beta1', 'ReplicaSet'), 10), ['deprecated: apps/v1beta1 ReplicaSet is deprecated since 1.9 and stops being served in 1.16; use apps/v1 instead.']);
  });
});

describe('field, annotation and label messages', () => {
  const seccomp = object('v1', 'Pod', '  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n');

  test('an annotation in each status', () => {
    const use = '; use spec.securityContext.seccompProfile instead.';
    assert.deepEqual(messages(seccomp, 27), [`removed: Annotation seccomp.security.alpha.kubernetes.io/pod has no effect since Kubernetes 1.27${use}`]);
    assert.deepEqual(messages(seccomp, 20), [`deprecated: Annotation seccomp.security.alpha.kubernetes.io/pod is deprecated since 1.19 and has no effect from 1.27${use}`]);
    assert.deepEqual(messages(seccomp, 18, true), [`upcoming: Annotation seccomp.security.alpha.kubernetes.io/pod stops having an effect in 1.27${use}`]);
  });

  test('deprecated with no removal, with and without something to use instead', () => {
    const ingress = object('networking.k8s.io/v1', 'Ingress', '  annotations:\n    kubernetes.io/ingress.class: nginx\n');
    assert.deepEqual(messages(ingress, 33), ['deprecated: Annotation kubernetes.io/ingress.class is deprecated since 1.18; use spec.ingressClassName instead.']);
    const service = object('v1', 'Service', 'spec:\n  type: LoadBalancer\n  loadBalancerIP: 10.0.0.1\n');
    assert.deepEqual(messages(service, 33), ['deprecated: Field loadBalancerIP is deprecated since 1.24.']);
  });

  test('a label names itself as a label', () => {
    const pod = object('v1', 'Pod', '  labels:\n    failure-domain.beta.kubernetes.io/zone: a\n');
    assert.deepEqual(messages(pod, 33), ['deprecated: Label failure-domain.beta.kubernetes.io/zone is deprecated since 1.17; use topology.kubernetes.io/zone instead.']);
  });
});

describe('an autoscaler pointing at an API that stops being served', () => {
  const hpa = (apiVersion: string, kind: string): string =>
    object('autoscaling/v2', 'HorizontalPodAutoscaler', `spec:\n  scaleTargetRef:\n    apiVersion: ${apiVersion}\n    kind: ${kind}\n    name: web\n`);

  test('removed, deprecated and announced, on the reference apiVersion', () => {
    const what = 'spec.scaleTargetRef points at extensions/v1beta1 Deployment, which';
    const text = hpa('extensions/v1beta1', 'Deployment');
    assert.deepEqual(messages(text, 16), [`removed: ${what} is no longer served since Kubernetes 1.16; use apps/v1 instead.`]);
    assert.deepEqual(messages(text, 10), [`deprecated: ${what} is deprecated since 1.8 and stops being served in 1.16; use apps/v1 instead.`]);
    assert.deepEqual(messages(text, 5, true), [`upcoming: ${what} will stop being served in 1.16; use apps/v1 instead.`]);
    const [finding] = findingsOf(text, {}, at(16));
    assert.deepEqual([finding.range.start.line, finding.range.start.character, finding.range.end.character], [6, 16, 34]);
  });

  test('the kind beside the apiVersion decides which rule applies', () => {
    assert.deepEqual(messages(hpa('extensions/v1beta1', 'ReplicaSet'), 16), [
      'removed: spec.scaleTargetRef points at extensions/v1beta1 ReplicaSet, which is no longer served since Kubernetes 1.16; use apps/v1 instead.',
    ]);
    assert.deepEqual(messages(hpa('apps/v1', 'Deployment'), 16), []);
    assert.deepEqual(messages(hpa('extensions/v1beta1', 'Ingress'), 16), []);
  });
});
