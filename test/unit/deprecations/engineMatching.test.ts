import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { covered, findingsOf } from './analyzeHelpers';

/* Where each kind of field rule looks, and where it must not: the flagged text and its line. */

const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const object = (apiVersion: string, kind: string, body = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;
const flagged = (text: string, minor = 33): string[] => findingsOf(text, {}, at(minor)).map((f) => `${f.range.start.line} ${f.ruleId} ${covered(text, f)}`);

describe('pod spec fields, volumes and template annotations', () => {
  test('in a Deployment pod template: the annotation (by prefix), serviceAccount and a gitRepo volume', () => {
    const text = object('apps/v1', 'Deployment', `spec:
  template:
    metadata:
      annotations:
        container.seccomp.security.alpha.kubernetes.io/app: runtime/default
        container.seccomp.security.alpha.kubernetes.io/: x
    spec:
      serviceAccount: a
      volumes:
        - name: v
          gitRepo: {repository: r}
      containers:
        - name: c
          gitRepo: x
          serviceAccount: y
`);
    assert.deepEqual(flagged(text, 30), [
      '8 annotation-seccomp-container container.seccomp.security.alpha.kubernetes.io/app',
      '11 field-pod-service-account serviceAccount',
      '14 volume-git-repo gitRepo',
    ]);
  });

  test('the same keys outside the pod spec are not flagged', () => {
    const text = object('apps/v1', 'Deployment', 'spec:\n  serviceAccount: a\n  volumes:\n    - name: v\n      gitRepo: {}\n  template:\n    serviceAccount: b\n    volumes:\n      - gitRepo: {}\n');
    assert.deepEqual(flagged(text), []);
  });

  for (const kind of ['ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job']) {
    test(`the pod template of a ${kind}`, () => {
      const apiVersion = kind === 'ReplicationController' ? 'v1' : kind === 'Job' ? 'batch/v1' : 'apps/v1';
      const text = object(apiVersion, kind, 'spec:\n  template:\n    spec:\n      serviceAccount: a\n      volumes:\n        - name: v\n          gitRepo: {}\n');
      assert.deepEqual(flagged(text), ['7 field-pod-service-account serviceAccount', '10 volume-git-repo gitRepo']);
    });
  }

  test('pod specs of a CronJob, a PodTemplate and a Pod inside a List', () => {
    assert.deepEqual(flagged(object('batch/v1', 'CronJob', 'spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccount: a\n')), ['9 field-pod-service-account serviceAccount']);
    assert.deepEqual(flagged(object('v1', 'PodTemplate', 'template:\n  spec:\n    serviceAccount: a\n')), ['6 field-pod-service-account serviceAccount']);
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p\n    spec:\n      serviceAccount: a\n      volumes:\n        - name: v\n          gitRepo: {}\n';
    assert.deepEqual(flagged(list), ['8 field-pod-service-account serviceAccount', '11 volume-git-repo gitRepo']);
  });
});

describe('labels used as keys and as values', () => {
  test('node affinity keys and topology keys are flagged on the value; a toleration key or an env value is not a label', () => {
    const text = object('v1', 'Pod', `spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: beta.kubernetes.io/arch
                operator: In
                values: [amd64]
  topologySpreadConstraints:
    - topologyKey: failure-domain.beta.kubernetes.io/zone
      maxSkew: 1
  tolerations:
    - key: beta.kubernetes.io/arch
      operator: Exists
  containers:
    - name: c
      env:
        - name: key
          value: beta.kubernetes.io/os
`);
    assert.deepEqual(flagged(text), ['10 label-beta-arch beta.kubernetes.io/arch', '14 label-failure-domain-zone failure-domain.beta.kubernetes.io/zone']);
  });

  test('a ConfigMap key spelled like a label is data, and an annotation rule for Ingresses ignores a Service', () => {
    assert.deepEqual(flagged(object('v1', 'ConfigMap', 'data:\n  beta.kubernetes.io/arch: amd64\n')), []);
    const text = object('v1', 'Service', '  annotations:\n    kubernetes.io/ingress.class: a\nspec:\n  loadBalancerIP: 1.1.1.1\n  template:\n    loadBalancerIP: 2\n');
    assert.deepEqual(flagged(text), ['7 field-service-load-balancer-ip loadBalancerIP']);
  });

  test('a label in a selector is flagged as well as in the template it selects', () => {
    const text = object('apps/v1', 'Deployment', 'spec:\n  selector:\n    matchLabels:\n      beta.kubernetes.io/arch: amd64\n  template:\n    metadata:\n      labels:\n        beta.kubernetes.io/arch: amd64\n');
    assert.deepEqual(flagged(text), ['7 label-beta-arch beta.kubernetes.io/arch', '11 label-beta-arch beta.kubernetes.io/arch']);
  });

  test('keys below a flagged field, or a reference nested below the real one, are not flagged again', () => {
    assert.deepEqual(flagged(object('v1', 'Service', 'spec:\n  loadBalancerIP:\n    loadBalancerIP: x\n    a: 1\n')), ['5 field-service-load-balancer-ip loadBalancerIP']);
    const hpa = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: w\n    nested:\n      apiVersion: extensions/v1beta1\n      kind: Deployment\n');
    assert.deepEqual(flagged(hpa, 16), []);
  });

  test('an object field is looked for only at its path and only in its kinds', () => {
    assert.deepEqual(flagged(object('v1', 'Pod', 'spec:\n  loadBalancerIP: 1.1.1.1\n')), []);
    assert.deepEqual(flagged(object('v1', 'Service', '  loadBalancerIP: 1.1.1.1\nspec:\n  type: LoadBalancer\n')), []);
  });
});
