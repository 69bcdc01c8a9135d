// One manifest per kind of built-in rule, each holding nothing else a rule looks for: the quick
// text test that lets documents skip parsing must let each of them through (and a near miss
// must give nothing). Also: a rules file that covers a built-in API does not replace it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../../src/cli';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText } from '../../../src/core/deprecations/scanReport';

const rules = builtinRuleSet();

function found(text: string): string[] {
  return scanText('manifest.yaml', text, rules, { target: { major: 1, minor: 33 }, includeUpcoming: true }).findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`);
}

const POD = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;

describe('each kind of rule is found when it is alone in its document', () => {
  const cases: [string, string, string[]][] = [
    ['a pod spec field', POD('  serviceAccount: builder\n  containers: []\n'), ['6 field-pod-service-account']],
    ['a pod spec field in a Deployment\'s template', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      serviceAccount: builder\n', ['8 field-pod-service-account']],
    ['a pod volume source', POD('  volumes:\n    - name: src\n      gitRepo:\n        repository: https://example.com/r.git\n'), ['8 volume-git-repo']],
    ['an object field', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: LoadBalancer\n  loadBalancerIP: 10.0.0.1\n', ['7 field-service-load-balancer-ip']],
    ['an annotation', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    scheduler.alpha.kubernetes.io/critical-pod: ""\n', ['6 annotation-critical-pod']],
    ['a label', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    failure-domain.beta.kubernetes.io/zone: z1\n', ['6 label-failure-domain-zone']],
    ['a toleration', POD('  tolerations:\n    - key: node-role.kubernetes.io/master\n      effect: NoSchedule\n'), ['7 taint-node-role-master']],
    ['an autoscaler\'s target in a removed group', 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef:\n    apiVersion: extensions/v1beta1\n    kind: Deployment\n    name: web\n', ['7 scale-target-ref-deployment-extensions-v1beta1-deployment']],
    ['a core-group API, found by its kind', 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\n', ['1 endpoints-core-v1']],
    ['an apiVersion with JSON-escaped slashes', '{"apiVersion": "batch\\/v1beta1", "kind": "CronJob", "metadata": {"name": "c"}}\n', ['1 cronjob-batch-v1beta1']],
    ['a group apiVersion', 'apiVersion: node.k8s.io/v1beta1\nkind: RuntimeClass\nmetadata:\n  name: r\nhandler: runc\n', ['1 runtimeclass-node-v1beta1']],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      assert.deepEqual(found(text), expected);
      // the same object after another document
      assert.deepEqual(found(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n${text}`).map((f) => f.replace(/^\d+/, (n) => String(Number(n) - 5))), expected);
    });
  }

  test('near misses give nothing', () => {
    assert.deepEqual(found(POD('  serviceAccountName: builder\n  containers: []\n')), []);
    assert.deepEqual(found('apiVersion: v1\nkind: EndpointsConfig\nmetadata:\n  name: e\n'), []);
    assert.deepEqual(found('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  loadBalancerIPMode: VIP\n'), []);
  });
});

describe('a rules file beside the built-in rules', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'km-mut-kinds-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('a custom rule for an API the built-in rules cover does not replace the built-in one', async () => {
    const file = join(tmp, 'rules.yaml');
    writeFileSync(file, 'rules:\n  - {id: my-cronjob, apiVersion: batch/v1beta1, kinds: [CronJob], deprecatedIn: "1.10", removedIn: "1.11", message: mine}\n');
    let out = '';
    const code = await main(['scan', '-', '--rules', file, '--target-version', '1.25'], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => new TextEncoder().encode('apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n') });
    assert.equal(code, 1);
    assert.equal(out, '-:1:13: error: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead. [cronjob-batch-v1beta1]\n');
  });
});
