import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_BUILTIN_FIELD_RULES, BUILTIN_API_RULES, BUILTIN_FIELD_RULES, DEPRECATION_GUIDE_URL, RULE_DATA_RELEASE } from '../../../src/core/deprecations/builtinRules';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { apiVersionOf } from '../../../src/core/deprecations/ruleTypes';
import { compareMinorText, parseMinorVersion } from '../../../src/core/versions/kubeVersion';

/** Section anchors of the official deprecated API migration guide. */
const GUIDE_ANCHORS = new Set([
  'flowcontrol-resources-v132', 'flowcontrol-resources-v129', 'csistoragecapacity-v127', 'flowcontrol-resources-v126',
  'horizontalpodautoscaler-v126', 'cronjob-v125', 'endpointslice-v125', 'event-v125', 'horizontalpodautoscaler-v125',
  'poddisruptionbudget-v125', 'psp-v125', 'runtimeclass-v125', 'webhook-resources-v122', 'customresourcedefinition-v122',
  'apiservice-v122', 'tokenreview-v122', 'subjectaccessreview-resources-v122', 'certificatesigningrequest-v122', 'lease-v122',
  'ingress-v122', 'ingressclass-v122', 'rbac-resources-v122', 'priorityclass-v122', 'storage-resources-v122',
  'networkpolicy-v116', 'daemonset-v116', 'deployment-v116', 'statefulset-v116', 'replicaset-v116', 'psp-v116',
]);

const ALL = [...BUILTIN_API_RULES, ...BUILTIN_FIELD_RULES];

describe('built-in rule data', () => {
  test('ids are unique and every version parses', () => {
    assert.equal(new Set(ALL.map((r) => r.id)).size, ALL.length);
    for (const rule of ALL) {
      assert.ok(parseMinorVersion(rule.deprecatedIn), `${rule.id} deprecatedIn`);
      if (rule.removedIn !== undefined) {
        assert.ok(parseMinorVersion(rule.removedIn), `${rule.id} removedIn`);
      }
    }
  });

  test('deprecation comes before removal', () => {
    for (const rule of ALL) {
      if (rule.removedIn !== undefined) {
        assert.ok(compareMinorText(rule.deprecatedIn, rule.removedIn) < 0, `${rule.id}: ${rule.deprecatedIn} !< ${rule.removedIn}`);
      }
    }
  });

  test('each replacement is served at the removal of what it replaces', () => {
    for (const rule of BUILTIN_API_RULES) {
      if (!rule.replacement) {
        continue;
      }
      assert.notEqual(rule.replacement.apiVersion, apiVersionOf(rule), rule.id);
      const removal = rule.removedIn ?? '1.99';
      assert.ok(compareMinorText(rule.replacement.availableSince, removal) <= 0, `${rule.id}: replacement only from ${rule.replacement.availableSince}`);
      for (const kind of rule.kinds) {
        const replacementRule = BUILTIN_API_RULES.find((r) => apiVersionOf(r) === rule.replacement?.apiVersion && r.kinds.includes(kind));
        if (replacementRule?.removedIn !== undefined) {
          assert.ok(compareMinorText(replacementRule.removedIn, removal) > 0, `${rule.id}: replacement ${replacementRule.id} is removed by ${removal}`);
        }
      }
    }
  });

  test('API rules the guide covers link to its section for their removal; the others to a Kubernetes page', () => {
    for (const rule of BUILTIN_API_RULES) {
      if (rule.removedIn === undefined || !rule.basis?.includes('guide')) {
        assert.match(rule.link, /^https:\/\/kubernetes\.io\/docs\//, rule.id);
        assert.ok(!rule.link.startsWith(DEPRECATION_GUIDE_URL), `${rule.id}: links to the guide but does not name it as its basis`);
        continue;
      }
      assert.ok(rule.link.startsWith(`${DEPRECATION_GUIDE_URL}#`), rule.id);
      assert.ok(GUIDE_ANCHORS.has(rule.link.split('#')[1]), `${rule.id}: unknown anchor ${rule.link}`);
      assert.ok(rule.link.endsWith(`-v${rule.removedIn.replace('.', '')}`), `${rule.id}: anchor is not for ${rule.removedIn}`);
      assert.ok(rule.kinds.length > 0 && rule.changes.length > 0, rule.id);
    }
  });

  test('every built-in row says where its versions come from', () => {
    for (const rule of [...BUILTIN_API_RULES, ...ALL_BUILTIN_FIELD_RULES]) {
      assert.ok(rule.basis !== undefined && rule.basis.length > 0, rule.id);
    }
  });

  test('introduced versions come before deprecation', () => {
    for (const rule of BUILTIN_API_RULES) {
      if (rule.introducedIn !== undefined) {
        assert.ok(compareMinorText(rule.introducedIn, rule.deprecatedIn) <= 0, `${rule.id}: introduced ${rule.introducedIn} after deprecation ${rule.deprecatedIn}`);
      }
    }
  });

  test('every removal from 1.16 to 1.32 is covered', () => {
    const covered = new Set(BUILTIN_API_RULES.flatMap((r) => r.kinds.map((k) => `${apiVersionOf(r)} ${k}`)));
    for (const expected of [
      'extensions/v1beta1 Ingress', 'networking.k8s.io/v1beta1 Ingress', 'extensions/v1beta1 Deployment', 'apps/v1beta2 DaemonSet',
      'apps/v1beta1 StatefulSet', 'extensions/v1beta1 NetworkPolicy', 'extensions/v1beta1 PodSecurityPolicy', 'policy/v1beta1 PodSecurityPolicy',
      'batch/v1beta1 CronJob', 'policy/v1beta1 PodDisruptionBudget', 'autoscaling/v2beta1 HorizontalPodAutoscaler', 'autoscaling/v2beta2 HorizontalPodAutoscaler',
      'apiextensions.k8s.io/v1beta1 CustomResourceDefinition', 'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
      'rbac.authorization.k8s.io/v1beta1 ClusterRole', 'storage.k8s.io/v1beta1 CSIStorageCapacity', 'storage.k8s.io/v1beta1 StorageClass',
      'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration',
      'discovery.k8s.io/v1beta1 EndpointSlice', 'events.k8s.io/v1beta1 Event', 'node.k8s.io/v1beta1 RuntimeClass', 'certificates.k8s.io/v1beta1 CertificateSigningRequest',
      'coordination.k8s.io/v1beta1 Lease', 'scheduling.k8s.io/v1beta1 PriorityClass', 'apiregistration.k8s.io/v1beta1 APIService',
      'authentication.k8s.io/v1beta1 TokenReview', 'authorization.k8s.io/v1beta1 SubjectAccessReview', 'networking.k8s.io/v1beta1 IngressClass',
    ]) {
      assert.ok(covered.has(expected), expected);
    }
  });

  test('the required fields, annotations and labels are covered', () => {
    const names = new Set(BUILTIN_FIELD_RULES.map((r) => r.name));
    for (const name of [
      'kubernetes.io/ingress.class', 'seccomp.security.alpha.kubernetes.io/pod', 'container.seccomp.security.alpha.kubernetes.io/<container>',
      'container.apparmor.security.beta.kubernetes.io/<container>', 'beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/instance-type',
      'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region', 'node-role.kubernetes.io/master', 'spec.serviceAccount',
      'spec.loadBalancerIP', 'volume.beta.kubernetes.io/storage-class',
    ]) {
      assert.ok(names.has(name), name);
    }
  });
});

describe('the default target without a cluster', () => {
  test('is the release the data was checked against, not an announced removal further out', () => {
    assert.equal(RULE_DATA_RELEASE, '1.37');
    assert.ok(BUILTIN_API_RULES.some((r) => r.removedIn !== undefined && compareMinorText(r.removedIn, RULE_DATA_RELEASE) > 0), 'the data holds later removals');
    assert.equal(builtinRuleSet().newestMinor, RULE_DATA_RELEASE);
  });
});
