import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { findingsOf } from './analyzeHelpers';

/*
 * The text a quick fix leaves, the notes it shows beside it, and the reason when it declines,
 * for the migrations that change more than apiVersion.
 */

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const object = (apiVersion: string, kind: string, body = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;

type Outcome = { readonly text: string; readonly notes: readonly string[] } | { readonly manual: string };

/** The quick fix of the file's only finding, as the user sees it. */
function fix(text: string, minor: number): Outcome {
  const findings = findingsOf(text, {}, at(minor));
  assert.equal(findings.length, 1, 'one finding');
  const proposal = computeFix(text, findings[0], rules, { target: at(minor) });
  if (proposal.kind === 'manual') {
    return { manual: proposal.reason };
  }
  const result = fixAllText(text, rules, { target: at(minor) });
  return { text: result.text, notes: proposal.notes };
}

describe('PodDisruptionBudget', () => {
  test('an empty selector is left to a person: its meaning flips in policy/v1', () => {
    assert.deepEqual(fix(object('policy/v1beta1', 'PodDisruptionBudget', 'spec:\n  selector: {}\n  minAvailable: 1\n'), 25), {
      manual: 'spec.selector is empty: it selected no pods in policy/v1beta1 but selects every pod of the namespace in policy/v1. Decide which pods it should protect first.',
    });
  });

  test('a selector with labels moves as it is', () => {
    const text = object('policy/v1beta1', 'PodDisruptionBudget', 'spec:\n  selector:\n    matchLabels: {app: a}\n');
    assert.deepEqual(fix(text, 25), { text: text.replace('policy/v1beta1', 'policy/v1'), notes: [] });
  });
});

describe('SubjectAccessReview', () => {
  test('spec.group becomes spec.groups, with a note', () => {
    const text = object('authorization.k8s.io/v1beta1', 'SubjectAccessReview', 'spec:\n  user: u\n  group:\n    - g\n');
    assert.deepEqual(fix(text, 22), { text: text.replace('/v1beta1', '/v1').replace('group:', 'groups:'), notes: ['spec.group is renamed to spec.groups.'] });
  });

  test('without spec.group only apiVersion changes', () => {
    const text = object('authorization.k8s.io/v1beta1', 'SubjectAccessReview', 'spec:\n  user: u\n');
    assert.deepEqual(fix(text, 22), { text: text.replace('/v1beta1', '/v1'), notes: [] });
  });
});

describe('CertificateSigningRequest', () => {
  const csr = (spec: string): string => object('certificates.k8s.io/v1beta1', 'CertificateSigningRequest', `spec:\n${spec}`);
  const signer = 'certificates.k8s.io/v1 needs an explicit spec.signerName other than kubernetes.io/legacy-unknown';

  test('needs a real signer and usages', () => {
    assert.deepEqual(fix(csr('  signerName: kubernetes.io/legacy-unknown\n  usages: [digital signature]\n'), 22), { manual: signer });
    assert.deepEqual(fix(csr('  usages: [digital signature]\n'), 22), { manual: signer });
    assert.deepEqual(fix(csr('  signerName: example.com/s\n'), 22), { manual: 'certificates.k8s.io/v1 needs spec.usages' });
    assert.deepEqual(fix(csr('  signerName: example.com/s\n  usages: []\n'), 22), { manual: 'certificates.k8s.io/v1 needs spec.usages' });
  });

  test('with both, only apiVersion changes', () => {
    const text = csr('  signerName: example.com/s\n  usages: [client auth]\n');
    assert.deepEqual(fix(text, 22), { text: text.replace('/v1beta1', '/v1'), notes: [] });
  });
});

describe('EndpointSlice', () => {
  test('endpoints with topology are left to a person; without, only apiVersion changes', () => {
    const slice = (endpoint: string): string => object('discovery.k8s.io/v1beta1', 'EndpointSlice', `addressType: IPv4\nendpoints:\n  - addresses: [10.0.0.1]\n${endpoint}`);
    assert.deepEqual(fix(slice('  - addresses: [10.0.0.2]\n    topology: {zone: a}\n'), 25), {
      manual: 'endpoints use topology, which becomes nodeName, zone and a read-only deprecatedTopology in v1',
    });
    const text = slice('  - addresses: [10.0.0.2]\n');
    assert.deepEqual(fix(text, 25), { text: text.replace('/v1beta1', '/v1'), notes: [] });
  });
});

describe('flow control', () => {
  const plc = (apiVersion: string, limited: string): string =>
    object(`flowcontrol.apiserver.k8s.io/${apiVersion}`, 'PriorityLevelConfiguration', `spec:\n  type: Limited\n  limited:\n${limited}`);

  test('a v1beta3 nominalConcurrencyShares of 0 changes meaning in v1, so it is left to a person', () => {
    assert.deepEqual(fix(plc('v1beta3', '    nominalConcurrencyShares: 0\n'), 32), {
      manual: 'nominalConcurrencyShares is 0: v1beta3 treated that as 30, v1 keeps 0. Choose the intended value first.',
    });
    const text = plc('v1beta3', '    nominalConcurrencyShares: 5\n');
    assert.deepEqual(fix(text, 32), { text: text.replace('/v1beta3', '/v1'), notes: [] });
  });

  test('assuredConcurrencyShares is renamed when moving past v1beta2, and kept when moving to v1beta2', () => {
    const v1beta2 = plc('v1beta2', '    assuredConcurrencyShares: 5\n');
    assert.deepEqual(fix(v1beta2, 29), {
      text: v1beta2.replace('/v1beta2', '/v1').replace('assuredConcurrencyShares', 'nominalConcurrencyShares'),
      notes: ['spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares.'],
    });
    const v1beta1 = plc('v1beta1', '    assuredConcurrencyShares: 5\n');
    assert.deepEqual(fix(v1beta1, 25), { text: v1beta1.replace('/v1beta1', '/v1beta2'), notes: [] });
  });

  test('a FlowSchema never has its fields renamed', () => {
    const text = object('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', 'spec:\n  limited:\n    assuredConcurrencyShares: 5\n');
    assert.deepEqual(fix(text, 29), { text: text.replace('/v1beta1', '/v1'), notes: [] });
  });
});

describe('admission webhooks', () => {
  const config = (hooks: string): string => object('admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', `webhooks:\n${hooks}`);

  test('the old defaults are pinned on each webhook that relied on them', () => {
    const text = config('  - name: a.example.com\n    sideEffects: None\n    clientConfig: {url: "https://x"}\n  - name: b.example.com\n    sideEffects: NoneOnDryRun\n    failurePolicy: Fail\n    timeoutSeconds: 5\n');
    assert.deepEqual(fix(text, 22), {
      text: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: x
webhooks:
  - name: a.example.com
    sideEffects: None
    clientConfig: {url: "https://x"}
    admissionReviewVersions:
      - v1beta1
    failurePolicy: Ignore
    matchPolicy: Exact
    timeoutSeconds: 30
  - name: b.example.com
    sideEffects: NoneOnDryRun
    failurePolicy: Fail
    timeoutSeconds: 5
    admissionReviewVersions:
      - v1beta1
    matchPolicy: Exact
`,
      notes: ['Pinned the old defaults for admissionReviewVersions, failurePolicy, matchPolicy, timeoutSeconds so the webhooks behave as before.'],
    });
  });

  test('a webhook that sets everything itself only changes apiVersion, with no note', () => {
    const text = config('  - name: a.example.com\n    sideEffects: None\n    admissionReviewVersions: [v1]\n    failurePolicy: Fail\n    matchPolicy: Equivalent\n    timeoutSeconds: 5\n');
    assert.deepEqual(fix(text, 22), { text: text.replace('/v1beta1', '/v1'), notes: [] });
  });

  test('duplicate names and unknown side effects are left to a person', () => {
    assert.deepEqual(fix(config('  - name: a.example.com\n    sideEffects: None\n  - name: a.example.com\n    sideEffects: None\n'), 22), {
      manual: 'webhook names must be unique in admissionregistration.k8s.io/v1',
    });
    assert.deepEqual(fix(config('  - name: a.example.com\n'), 22), {
      manual: "webhook a.example.com has sideEffects unset (Unknown); v1 only accepts None or NoneOnDryRun, and only the webhook's author knows which is true",
    });
    assert.deepEqual(fix(config('  - name: a.example.com\n    sideEffects: Some\n'), 22), {
      manual: "webhook a.example.com has sideEffects Some; v1 only accepts None or NoneOnDryRun, and only the webhook's author knows which is true",
    });
  });
});

describe('workloads moving to apps/v1', () => {
  const TEMPLATE = '  template:\n    metadata:\n      labels:\n        app: a\n    spec:\n      containers:\n        - name: c\n          image: i\n';
  const workload = (apiVersion: string, kind: string, spec: string): string => object(apiVersion, kind, `spec:\n${spec}`);
  const SELECTOR = '  selector:\n    matchLabels:\n      app: a\n';
  const ON_DELETE = '  updateStrategy:\n    type: OnDelete\n';
  const COPIED = 'spec.selector.matchLabels is copied from the pod template labels.';
  const PINNED = 'updateStrategy OnDelete is pinned because it was the old default.';

  test('an extensions/v1beta1 DaemonSet and an apps/v1beta1 StatefulSet get a selector and keep OnDelete', () => {
    const ds = workload('extensions/v1beta1', 'DaemonSet', TEMPLATE);
    assert.deepEqual(fix(ds, 16), { text: `${ds.replace('extensions/v1beta1', 'apps/v1')}${SELECTOR}${ON_DELETE}`, notes: [COPIED, PINNED] });
    const sts = workload('apps/v1beta1', 'StatefulSet', `  serviceName: s\n${TEMPLATE}`);
    assert.deepEqual(fix(sts, 16), { text: `${sts.replace('apps/v1beta1', 'apps/v1')}${SELECTOR}${ON_DELETE}`, notes: [COPIED, PINNED] });
  });

  test('a strategy already set is kept, and the apps/v1beta2 versions never defaulted to OnDelete', () => {
    const ds = workload('extensions/v1beta1', 'DaemonSet', `  updateStrategy:\n    type: RollingUpdate\n${TEMPLATE}`);
    assert.deepEqual(fix(ds, 16), { text: `${ds.replace('extensions/v1beta1', 'apps/v1')}${SELECTOR}`, notes: [COPIED] });
    const sts = workload('apps/v1beta2', 'StatefulSet', `  serviceName: s\n${TEMPLATE}`);
    assert.deepEqual(fix(sts, 16), { text: `${sts.replace('apps/v1beta2', 'apps/v1')}${SELECTOR}`, notes: [COPIED] });
  });

  test('fields apps/v1 does not have are removed, and the selector takes their place', () => {
    const ds = workload('apps/v1beta2', 'DaemonSet', `  templateGeneration: 2\n${TEMPLATE}`);
    assert.deepEqual(fix(ds, 16), {
      text: object('apps/v1', 'DaemonSet', `spec:\n${SELECTOR}${TEMPLATE}`),
      notes: [COPIED, 'Removed spec.templateGeneration, which apps/v1 does not have.'],
    });
    const deployment = workload('extensions/v1beta1', 'Deployment', `  selector:\n    matchLabels: {app: a}\n  rollbackTo:\n    revision: 1\n  templateGeneration: 1\n${TEMPLATE}`);
    assert.deepEqual(fix(deployment, 16), {
      text: object('apps/v1', 'Deployment', `spec:\n  selector:\n    matchLabels: {app: a}\n${TEMPLATE}`),
      notes: ['Removed spec.rollbackTo, spec.templateGeneration, which apps/v1 does not have.'],
    });
  });

  test('without a spec, or without template labels to select, the change is left to a person', () => {
    const noLabels = 'spec.selector is required in apps/v1 and the pod template has no labels to copy';
    assert.deepEqual(fix(workload('extensions/v1beta1', 'Deployment', '  template:\n    spec:\n      containers: []\n'), 16), { manual: noLabels });
    assert.deepEqual(fix(workload('extensions/v1beta1', 'Deployment', '  template:\n    metadata:\n      labels: {}\n'), 16), { manual: noLabels });
    assert.deepEqual(fix(object('extensions/v1beta1', 'Deployment'), 16), { manual: 'the object has no spec map' });
  });
});
