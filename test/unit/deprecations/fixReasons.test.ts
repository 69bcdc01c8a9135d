import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { findingsOf } from './analyzeHelpers';

/*
 * What "Fix all" and the quick fix tell a user when a change has to be made by hand (the
 * reason shows in the hover and in the CLI's list of manual changes), and the titles of the
 * fixes that are offered.
 */

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const object = (apiVersion: string, kind: string, body = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;

const MANUAL: readonly (readonly [string, string, number, string, number, string])[] = [
  ['an events.k8s.io/v1beta1 Event', object('events.k8s.io/v1beta1', 'Event'), 25, 'event-events-v1beta1', 0, 'events.k8s.io/v1 renames and restricts several Event fields; rewrite the object by hand'],
  ['a v1 Endpoints', object('v1', 'Endpoints'), 33, 'endpoints-core-v1', 0, 'EndpointSlice has a different shape than Endpoints; rewrite the object by hand'],
  [
    'a resource.k8s.io/v1beta1 ResourceClaim',
    object('resource.k8s.io/v1beta1', 'ResourceClaim'),
    37,
    'dra-resource-v1beta1',
    0,
    "resource.k8s.io/v1 nests each request's device selection under exactly and flattens ResourceSlice devices; rewrite the object by hand, or move it to resource.k8s.io/v1beta2 first",
  ],
  [
    'a Service with topologyKeys',
    object('v1', 'Service', 'spec:\n  topologyKeys: ["a"]\n'),
    22,
    'field-service-topology-keys',
    5,
    'topology-aware routing works differently from topologyKeys; choose service.kubernetes.io/topology-mode or spec.trafficDistribution',
  ],
  [
    'the critical-pod annotation',
    object('v1', 'Pod', '  annotations:\n    scheduler.alpha.kubernetes.io/critical-pod: ""\n'),
    16,
    'annotation-critical-pod',
    5,
    'choose a priority class (system-cluster-critical or system-node-critical) for spec.priorityClassName',
  ],
  [
    'the mount-options annotation',
    object('v1', 'PersistentVolume', '  annotations:\n    volume.beta.kubernetes.io/mount-options: "a,b"\n'),
    33,
    'annotation-mount-options',
    5,
    'the annotation holds a comma-separated string while spec.mountOptions is a list; move the options by hand',
  ],
  [
    'the topology-aware-hints annotation',
    object('v1', 'Service', '  annotations:\n    service.kubernetes.io/topology-aware-hints: auto\n'),
    33,
    'annotation-topology-aware-hints',
    5,
    'service.kubernetes.io/topology-mode takes different values (Auto); set it by hand',
  ],
  [
    'a gitRepo volume',
    object('v1', 'Pod', 'spec:\n  volumes:\n    - name: v\n      gitRepo: {repository: r}\n'),
    33,
    'volume-git-repo',
    7,
    'replace the gitRepo volume with an emptyDir and an init container that clones the repository',
  ],
  [
    'a Service with loadBalancerIP',
    object('v1', 'Service', 'spec:\n  loadBalancerIP: 1.2.3.4\n'),
    33,
    'field-service-load-balancer-ip',
    5,
    'how to request a load balancer address depends on the load balancer implementation',
  ],
  ['a PodSecurityPolicy', object('policy/v1beta1', 'PodSecurityPolicy'), 25, 'podsecuritypolicy-policy-v1beta1', 0, 'policy/v1beta1 PodSecurityPolicy has no replacement API'],
];

describe('changes left to a person, and why', () => {
  for (const [what, text, minor, ruleId, line, reason] of MANUAL) {
    test(`${what} at 1.${minor}`, () => {
      const result = fixAllText(text, rules, { target: at(minor) });
      assert.equal(result.text, text);
      assert.equal(result.applied, 0);
      assert.deepEqual(result.manual, [{ ruleId, line, reason }]);
    });
  }

  test('a replacement served only after the target is not offered, and the reason names its first version', () => {
    const text = object('batch/v1beta1', 'CronJob');
    const [finding] = findingsOf(text, {}, at(20), true);
    assert.deepEqual(computeFix(text, finding, rules, { target: at(20) }), {
      kind: 'manual',
      title: 'Open the migration guide for batch/v1beta1',
      ruleId: 'cronjob-batch-v1beta1',
      reason: 'batch/v1 is only served from Kubernetes 1.21, after the target version',
      link: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#cronjob-v125',
    });
  });
});

describe('titles of the fixes offered', () => {
  const titleOf = (text: string, minor: number): string[] =>
    findingsOf(text, {}, at(minor)).map((f) => {
      const fix = computeFix(text, f, rules, { target: at(minor) });
      return `${fix.kind}: ${fix.title}`;
    });

  test('an API fix names the kind and the API it moves to', () => {
    assert.deepEqual(titleOf(object('batch/v1beta1', 'CronJob'), 25), ['edit: Migrate CronJob to batch/v1']);
  });

  test('a label, field or reference fix names what it replaces and with what', () => {
    assert.deepEqual(titleOf(object('v1', 'Pod', '  labels:\n    beta.kubernetes.io/arch: amd64\n'), 33), ['edit: Replace beta.kubernetes.io/arch with kubernetes.io/arch']);
    assert.deepEqual(titleOf(object('v1', 'Pod', 'spec:\n  serviceAccount: a\n'), 33), ['edit: Replace serviceAccount with serviceAccountName']);
    const hpa = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'spec:\n  scaleTargetRef:\n    apiVersion: extensions/v1beta1\n    kind: Deployment\n    name: w\n');
    assert.deepEqual(titleOf(hpa, 16), ['edit: Replace extensions/v1beta1 with apps/v1']);
  });
});
