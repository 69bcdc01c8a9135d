import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { covered, findingsOf } from './analyzeHelpers';

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const object = (apiVersion: string, kind: string, body = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;

/** Status of the only finding at a target, or 'none'. */
function statusAt(text: string, minor: number): string {
  const findings = findingsOf(text, {}, at(minor));
  assert.ok(findings.length <= 1, findings.map((f) => f.ruleId).join(', '));
  return findings[0]?.status ?? 'none';
}

/** Expected [apiVersion, kind, deprecated in, removed in, replacement], written from the markers and release notes. */
const APIS: readonly [string, string, number, number, string][] = [
  ['authorization.k8s.io/v1beta1', 'SelfSubjectRulesReview', 19, 22, 'authorization.k8s.io/v1'],
  ['audit.k8s.io/v1alpha1', 'Policy', 13, 24, 'audit.k8s.io/v1'],
  ['audit.k8s.io/v1beta1', 'Policy', 13, 24, 'audit.k8s.io/v1'],
  ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshot', 20, 24, 'snapshot.storage.k8s.io/v1'],
  ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshotClass', 20, 24, 'snapshot.storage.k8s.io/v1'],
  ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshotContent', 20, 24, 'snapshot.storage.k8s.io/v1'],
  ['admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicy', 29, 32, 'admissionregistration.k8s.io/v1'],
  ['admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicyBinding', 29, 32, 'admissionregistration.k8s.io/v1'],
  ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy', 31, 34, 'admissionregistration.k8s.io/v1'],
  ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBinding', 31, 34, 'admissionregistration.k8s.io/v1'],
  ['storage.k8s.io/v1alpha1', 'VolumeAttributesClass', 32, 35, 'storage.k8s.io/v1'],
  ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', 34, 37, 'storage.k8s.io/v1'],
  ...['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'].flatMap((kind): [string, string, number, number, string][] => [
    ['resource.k8s.io/v1beta1', kind, 35, 38, 'resource.k8s.io/v1'],
    ['resource.k8s.io/v1beta2', kind, 36, 39, 'resource.k8s.io/v1'],
  ]),
];

describe('APIs added to the rule data', () => {
  for (const [apiVersion, kind, deprecated, removed, replacement] of APIS) {
    test(`${apiVersion} ${kind}: deprecated in 1.${deprecated}, removed in 1.${removed}`, () => {
      const text = object(apiVersion, kind);
      assert.equal(statusAt(text, deprecated - 1), 'none');
      assert.equal(statusAt(text, deprecated), 'deprecated');
      assert.equal(statusAt(text, removed - 1), 'deprecated');
      assert.equal(statusAt(text, removed), 'removed');
      assert.equal(findingsOf(text, {}, at(removed))[0].replacement, replacement);
    });
  }

  test('events.k8s.io/v1beta1 Event is deprecated in 1.22 (not 1.19) and removed in 1.25', () => {
    const text = object('events.k8s.io/v1beta1', 'Event');
    assert.equal(statusAt(text, 21), 'none');
    assert.equal(statusAt(text, 22), 'deprecated');
    assert.equal(statusAt(text, 25), 'removed');
  });

  test('workloads of extensions/v1beta1 and apps/v1beta1 are deprecated from 1.8, as their markers say', () => {
    assert.equal(statusAt(object('extensions/v1beta1', 'Deployment'), 8), 'deprecated');
    assert.equal(statusAt(object('apps/v1beta1', 'StatefulSet'), 8), 'deprecated');
    assert.equal(statusAt(object('apps/v1beta2', 'Deployment'), 8), 'none');
  });

  test('resource.k8s.io/v1beta1 needs a person (the request shape changed); v1beta2 only changes apiVersion', () => {
    const claim = object('resource.k8s.io/v1beta1', 'ResourceClaim', 'spec:\n  devices:\n    requests:\n      - name: gpu\n        deviceClassName: gpu.example.com\n');
    const manual = fixAllText(claim, rules, { target: at(38) });
    assert.equal(manual.text, claim);
    assert.match(manual.manual[0].reason, /exactly/);
    const v1beta2 = object('resource.k8s.io/v1beta2', 'DeviceClass');
    assert.equal(fixAllText(v1beta2, rules, { target: at(39) }).text, v1beta2.replace('v1beta2', 'v1'));
  });
});

describe('fields, annotations and volumes added to the rule data', () => {
  test('Service spec.topologyKeys: deprecated in 1.21, gone in 1.22', () => {
    const text = object('v1', 'Service', 'spec:\n  topologyKeys: ["kubernetes.io/hostname", "*"]\n  ports:\n    - port: 80\n');
    assert.equal(statusAt(text, 20), 'none');
    assert.equal(statusAt(text, 21), 'deprecated');
    assert.equal(statusAt(text, 22), 'removed');
    assert.equal(covered(text, findingsOf(text, {}, at(22))[0]), 'topologyKeys');
    assert.equal(statusAt(object('v1', 'ConfigMap', 'data:\n  topologyKeys: x\n'), 22), 'none');
  });

  const annotations: readonly [string, string, number, number | undefined][] = [
    ['scheduler.alpha.kubernetes.io/critical-pod', 'Pod', 13, 16],
    ['volume.beta.kubernetes.io/storage-provisioner', 'PersistentVolumeClaim', 23, undefined],
    ['volume.beta.kubernetes.io/mount-options', 'PersistentVolume', 8, undefined],
    ['service.kubernetes.io/topology-aware-hints', 'Service', 27, undefined],
  ];
  for (const [key, kind, deprecated, removed] of annotations) {
    test(`annotation ${key}`, () => {
      const text = object('v1', kind).replace('  name: x\n', `  name: x\n  annotations:\n    ${key}: "x"\n`);
      assert.equal(statusAt(text, deprecated - 1), 'none');
      assert.equal(statusAt(text, deprecated), 'deprecated');
      assert.equal(statusAt(text, 33), removed === undefined ? 'deprecated' : 'removed');
      assert.equal(covered(text, findingsOf(text, {}, at(33))[0]), key);
    });
  }

  test('the storage-provisioner annotation is renamed to its GA key', () => {
    const text = object('v1', 'PersistentVolumeClaim').replace('  name: x\n', '  name: x\n  annotations:\n    volume.beta.kubernetes.io/storage-provisioner: ebs.csi.aws.com\n');
    assert.equal(fixAllText(text, rules, { target: at(33) }).text, text.replace('volume.beta.kubernetes.io/', 'volume.kubernetes.io/'));
  });

  test('gitRepo volumes in any pod template stop working by default in 1.33', () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: sync
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          volumes:
            - name: src
              gitRepo:
                repository: https://example.com/repo.git
          containers:
            - name: c
              image: busybox
`;
    assert.equal(statusAt(text, 32), 'deprecated');
    assert.equal(statusAt(text, 33), 'removed');
    assert.equal(covered(text, findingsOf(text, {}, at(33))[0]), 'gitRepo');
    // a key called gitRepo elsewhere is not a volume
    assert.equal(statusAt(object('v1', 'ConfigMap', 'data:\n  gitRepo: x\n'), 33), 'none');
  });

  test('an HPA whose scaleTargetRef names extensions/v1beta1 is flagged and fixed; apps/v1beta1 still resolves', () => {
    const hpa = (apiVersion: string): string => object('autoscaling/v2', 'HorizontalPodAutoscaler', `spec:\n  scaleTargetRef:\n    apiVersion: ${apiVersion}\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 3\n`);
    const text = hpa('extensions/v1beta1');
    const [finding] = findingsOf(text, {}, at(16));
    assert.equal(finding.status, 'removed');
    assert.equal(covered(text, finding), 'extensions/v1beta1');
    assert.match(finding.message, /^spec\.scaleTargetRef points at extensions\/v1beta1 Deployment, which is no longer served since Kubernetes 1\.16; use apps\/v1 instead\.$/);
    assert.equal(fixAllText(text, rules, { target: at(16) }).text, hpa('apps/v1'));
    assert.deepEqual(findingsOf(hpa('apps/v1beta1'), {}, at(33)), []);
    assert.deepEqual(findingsOf(text.replace('kind: Deployment', 'kind: Rollout'), {}, at(33)), []);
  });
});
