import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { covered, findingsOf } from './analyzeHelpers';

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });

function daemonSet(tolerations: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
${extra}      tolerations:
${tolerations}      containers:
        - name: agent
          image: agent:1
`;
}

const MASTER = '        - key: node-role.kubernetes.io/master\n          operator: Exists\n          effect: NoSchedule\n';
const CONTROL_PLANE = '        - key: node-role.kubernetes.io/control-plane\n          operator: Exists\n          effect: NoSchedule\n';

describe('node-role.kubernetes.io/master: the label (1.24) and the taint (1.25)', () => {
  test('tolerating both master and control-plane, the usual transition pattern, is not reported', () => {
    for (const minor of [24, 25, 33]) {
      assert.deepEqual(findingsOf(daemonSet(MASTER + CONTROL_PLANE), {}, at(minor), true), [], `1.${minor}`);
      assert.deepEqual(findingsOf(daemonSet(CONTROL_PLANE + MASTER), {}, at(minor), true), [], `1.${minor}`);
    }
  });

  test('a control-plane toleration without effect covers a master one of any effect', () => {
    const anyEffect = '        - key: node-role.kubernetes.io/control-plane\n          operator: Exists\n';
    assert.deepEqual(findingsOf(daemonSet(MASTER + anyEffect), {}, at(25)), []);
  });

  test('a control-plane toleration for another effect does not', () => {
    const other = '        - key: node-role.kubernetes.io/control-plane\n          operator: Exists\n          effect: NoExecute\n';
    assert.deepEqual(findingsOf(daemonSet(MASTER + other), {}, at(25)).map((f) => f.ruleId), ['taint-node-role-master']);
  });

  test('a master toleration alone is deprecated at 1.24 and an error from 1.25', () => {
    const text = daemonSet(MASTER);
    const at24 = findingsOf(text, {}, at(24));
    assert.deepEqual(at24.map((f) => [f.ruleId, f.status, f.subject]), [['taint-node-role-master', 'deprecated', 'taint']]);
    assert.equal(covered(text, at24[0]), 'node-role.kubernetes.io/master');
    const at25 = findingsOf(text, {}, at(25));
    assert.deepEqual(at25.map((f) => f.status), ['removed']);
    assert.match(at25[0].message, /^A toleration of taint node-role\.kubernetes\.io\/master has no effect since Kubernetes 1\.25/);
  });

  test('a master node selector is an error from 1.24, when kubeadm stops labelling nodes with it', () => {
    const selector = "      nodeSelector:\n        node-role.kubernetes.io/master: ''\n";
    const text = daemonSet(CONTROL_PLANE, selector);
    assert.deepEqual(findingsOf(text, {}, at(23)).map((f) => [f.ruleId, f.status]), [['label-node-role-master', 'deprecated']]);
    assert.deepEqual(findingsOf(text, {}, at(24)).map((f) => [f.ruleId, f.status]), [['label-node-role-master', 'removed']]);
  });

  test('node affinity on the master label counts as the label, not the taint', () => {
    const affinity = `      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - key: node-role.kubernetes.io/master
                    operator: Exists
`;
    assert.deepEqual(findingsOf(daemonSet(CONTROL_PLANE, affinity), {}, at(24)).map((f) => f.ruleId), ['label-node-role-master']);
  });

  test('the fix adds a control-plane toleration beside a lone master one, safe at every target', () => {
    const text = daemonSet(MASTER);
    for (const minor of [24, 25, 33]) {
      const fixed = fixAllText(text, rules, { target: at(minor) });
      assert.equal(fixed.text, daemonSet(MASTER + CONTROL_PLANE), `1.${minor}`);
      assert.deepEqual(findingsOf(fixed.text, {}, at(minor), true), [], `1.${minor}`);
    }
  });

  test('the same in a JSON manifest and in a one-line flow list', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { tolerations: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }], containers: [] } }, null, 2);
    const fixedJson = fixAllText(json, rules, { target: at(25) }).text;
    assert.deepEqual(JSON.parse(fixedJson).spec.tolerations, [
      { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
    const flow = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  tolerations: [{key: node-role.kubernetes.io/master, operator: Exists}]\n';
    assert.equal(fixAllText(flow, rules, { target: at(25) }).text, flow.replace('operator: Exists}]', 'operator: Exists}, {key: node-role.kubernetes.io/control-plane, operator: Exists}]'));
  });
});
