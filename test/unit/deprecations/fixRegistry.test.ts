import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { findingsOf } from './analyzeHelpers';

/*
 * Each rule gets its own migration, not the plain apiVersion change (or no fix at all): one
 * manifest per rule whose fix shows which migration ran.
 */

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const object = (apiVersion: string, kind: string, body = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;

function outcome(text: string, minor: number): string {
  const [finding] = findingsOf(text, {}, at(minor));
  const fix = computeFix(text, finding, rules, { target: at(minor) });
  return `${finding.ruleId}: ${fix.kind === 'edit' ? fix.notes.join(' ') : `manual: ${fix.reason}`}`;
}

describe('every old workload API gets a selector copied from its template', () => {
  const COPIED = 'spec.selector.matchLabels is copied from the pod template labels.';
  const PINNED = 'updateStrategy OnDelete is pinned because it was the old default.';
  const cases: readonly (readonly [string, string, string, string])[] = [
    ['extensions/v1beta1', 'Deployment', 'deployment-extensions-v1beta1', COPIED],
    ['apps/v1beta1', 'Deployment', 'deployment-apps-v1beta1', COPIED],
    ['apps/v1beta2', 'Deployment', 'deployment-apps-v1beta2', COPIED],
    ['extensions/v1beta1', 'ReplicaSet', 'replicaset-extensions-v1beta1', COPIED],
    ['apps/v1beta1', 'ReplicaSet', 'replicaset-apps-v1beta1', COPIED],
    ['apps/v1beta2', 'ReplicaSet', 'replicaset-apps-v1beta2', COPIED],
    ['apps/v1beta1', 'StatefulSet', 'statefulset-apps-v1beta1', `${COPIED} ${PINNED}`],
    ['apps/v1beta2', 'StatefulSet', 'statefulset-apps-v1beta2', COPIED],
    ['extensions/v1beta1', 'DaemonSet', 'daemonset-extensions-v1beta1', `${COPIED} ${PINNED}`],
    ['apps/v1beta2', 'DaemonSet', 'daemonset-apps-v1beta2', COPIED],
  ];
  for (const [apiVersion, kind, ruleId, notes] of cases) {
    test(`${apiVersion} ${kind}`, () => {
      assert.equal(outcome(object(apiVersion, kind, 'spec:\n  template:\n    metadata:\n      labels:\n        app: a\n'), 16), `${ruleId}: ${notes}`);
    });
  }
});

describe('every old node label is renamed to its current key', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['beta.kubernetes.io/arch', 'kubernetes.io/arch'],
    ['beta.kubernetes.io/os', 'kubernetes.io/os'],
    ['beta.kubernetes.io/instance-type', 'node.kubernetes.io/instance-type'],
    ['failure-domain.beta.kubernetes.io/zone', 'topology.kubernetes.io/zone'],
    ['failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/region'],
    ['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane'],
  ];
  for (const [old, current] of cases) {
    test(old, () => {
      const text = object('v1', 'Pod', `  labels:\n    ${old}: v\n`);
      assert.equal(fixAllText(text, rules, { target: at(24) }).text, text.replace(old, current));
    });
  }
});

describe('annotations and webhooks go through their own migrations', () => {
  test('security profile annotations read the profile value', () => {
    const pod = (key: string): string => object('v1', 'Pod', `  annotations:\n    ${key}: v\n`);
    assert.equal(outcome(pod('seccomp.security.alpha.kubernetes.io/pod'), 27), 'annotation-seccomp-pod: manual: unknown profile value v');
    assert.equal(outcome(pod('container.seccomp.security.alpha.kubernetes.io/c'), 27), 'annotation-seccomp-container: manual: unknown profile value v');
    assert.equal(outcome(pod('container.apparmor.security.beta.kubernetes.io/c'), 30), 'annotation-apparmor-container: manual: unknown profile value v');
  });

  test('the storage-class annotation moves into the claim spec; the provisioner annotation is renamed', () => {
    const claim = (key: string): string => object('v1', 'PersistentVolumeClaim', `  annotations:\n    ${key}: v\n`);
    assert.equal(outcome(claim('volume.beta.kubernetes.io/storage-class'), 33), 'annotation-storage-class: manual: the claim has no spec map');
    const provisioner = claim('volume.beta.kubernetes.io/storage-provisioner');
    assert.equal(fixAllText(provisioner, rules, { target: at(33) }).text, provisioner.replace('volume.beta.kubernetes.io/', 'volume.kubernetes.io/'));
  });

  test('a mutating webhook configuration is checked like a validating one', () => {
    const text = object('admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration', 'webhooks:\n  - name: a.example.com\n');
    assert.equal(
      outcome(text, 22),
      "webhook-admissionregistration-v1beta1: manual: webhook a.example.com has sideEffects unset (Unknown); v1 only accepts None or NoneOnDryRun, and only the webhook's author knows which is true",
    );
  });
});
