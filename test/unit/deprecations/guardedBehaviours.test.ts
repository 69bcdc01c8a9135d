import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { covered, findingsOf } from './analyzeHelpers';

/*
 * Behaviours a user sees that no other test pinned down: each test here failed when the
 * behaviour was changed on purpose.
 */

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });

describe('replacement chains', () => {
  test('a flowcontrol v1beta1 FlowSchema at 1.33 is told to use v1, and the fix moves it there', () => {
    const text = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta1\nkind: FlowSchema\nmetadata:\n  name: fs\n';
    const [finding] = findingsOf(text, {}, at(33));
    assert.equal(finding.replacement, 'flowcontrol.apiserver.k8s.io/v1');
    assert.match(finding.message, /use flowcontrol\.apiserver\.k8s\.io\/v1 instead/);
    const fixed = fixAllText(text, rules, { target: at(33) });
    assert.equal(fixed.text, text.replace('/v1beta1', '/v1'));
  });
});

describe('messages name the kind of the object they are on', () => {
  test('one rule covering Role and ClusterRole, both in one file', () => {
    const text = [
      'apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: Role\nmetadata:\n  name: a\n',
      'apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata:\n  name: b\n',
    ].join('---\n');
    const findings = findingsOf(text, {}, at(22));
    assert.deepEqual(findings.map((f) => [f.range.start.line, f.objectKind]), [[0, 'Role'], [5, 'ClusterRole']]);
    assert.match(findings[0].message, /^rbac\.authorization\.k8s\.io\/v1beta1 Role is/);
    assert.match(findings[1].message, /^rbac\.authorization\.k8s\.io\/v1beta1 ClusterRole is/);
  });
});

describe('kind: List', () => {
  test('a label inside a List item is reported once, on the item', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: p
      labels:
        beta.kubernetes.io/arch: amd64
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: runtime/default
`;
    const findings = findingsOf(text, {}, at(27));
    assert.deepEqual(findings.map((f) => `${f.range.start.line} ${f.ruleId} ${f.objectKind}`), [
      '8 label-beta-arch Pod',
      '10 annotation-seccomp-pod Pod',
    ]);
  });

  test('the same in a JSON List', () => {
    const text = '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"beta.kubernetes.io/os":"linux"}}}]}';
    assert.deepEqual(findingsOf(text).map((f) => f.ruleId), ['label-beta-os']);
  });
});

describe('JSON escapes', () => {
  test('an apiVersion written with an escaped slash is flagged on its value', () => {
    const text = '{\n  "apiVersion": "extensions\\/v1beta1",\n  "kind": "Ingress",\n  "metadata": {"name": "x"}\n}\n';
    const findings = findingsOf(text, {}, at(22));
    assert.deepEqual(findings.map((f) => [f.ruleId, f.status, f.apiVersion]), [['ingress-extensions-v1beta1', 'removed', 'extensions/v1beta1']]);
    assert.equal(covered(text, findings[0]), '"extensions\\/v1beta1"');
  });

  test('also when a plain YAML document comes first in the stream', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n{"apiVersion": "batch\\/v1beta1", "kind": "CronJob", "metadata": {"name": "c"}}\n';
    assert.deepEqual(findingsOf(text, {}, at(25)).map((f) => f.ruleId), ['cronjob-batch-v1beta1']);
  });
});

describe('quick-fix boundaries', () => {
  test('a CronJob at 1.21, the first version serving batch/v1, gets an apiVersion fix', () => {
    const text = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
    const [finding] = findingsOf(text, {}, at(21));
    assert.equal(finding.status, 'deprecated');
    const fix = computeFix(text, finding, rules, { target: at(21) });
    assert.equal(fix.kind, 'edit');
    assert.deepEqual(fix.kind === 'edit' ? fix.edits.map((e) => e.newText) : [], ['batch/v1']);
  });

  test('a DaemonSet that already sets updateStrategy keeps its one updateStrategy', () => {
    const text = `apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: d
spec:
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: d
    spec:
      containers:
        - name: c
          image: nginx
`;
    const fixed = fixAllText(text, rules, { target: at(22) });
    assert.equal(fixed.text.match(/updateStrategy:/g)?.length, 1);
    assert.match(fixed.text, /updateStrategy:\n {4}type: RollingUpdate\n/);
    assert.match(fixed.text, /^apiVersion: apps\/v1\n/);
    assert.match(fixed.text, /selector:\n {4}matchLabels:\n {6}app: d\n/);
  });

  test('a DaemonSet without updateStrategy gets OnDelete pinned, once', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n';
    const fixed = fixAllText(text, rules, { target: at(22) });
    assert.equal(fixed.text.match(/updateStrategy:/g)?.length, 1);
    assert.match(fixed.text, /updateStrategy:\n {4}type: OnDelete/);
  });

  test('a quoted servicePort "80" is not turned into a port name', () => {
    const text = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: i
spec:
  backend:
    serviceName: web
    servicePort: "80"
`;
    const [finding] = findingsOf(text, {}, at(22));
    const fix = computeFix(text, finding, rules, { target: at(22) });
    assert.equal(fix.kind, 'manual');
    assert.match(fix.kind === 'manual' ? fix.reason : '', /"80"/);
    const fixed = fixAllText(text, rules, { target: at(22) });
    assert.equal(fixed.text, text);
    assert.doesNotMatch(fixed.text, /name: "80"/);
  });

  test('a named servicePort becomes port.name and a numeric one port.number', () => {
    const text = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: i
spec:
  rules:
    - http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: http
          - path: /api
            backend:
              serviceName: api
              servicePort: 8080
`;
    const fixed = fixAllText(text, rules, { target: at(22) });
    assert.match(fixed.text, /service:\n {16}name: web\n {16}port:\n {18}name: http\n/);
    assert.match(fixed.text, /service:\n {16}name: api\n {16}port:\n {18}number: 8080\n/);
  });
});
