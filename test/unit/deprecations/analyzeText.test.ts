import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { BUILTIN_API_RULES } from '../../../src/core/deprecations/builtinRules';
import { apiVersionOf } from '../../../src/core/deprecations/ruleTypes';
import { parseMinorVersion } from '../../../src/core/versions/kubeVersion';
import { fixture } from './fixturePaths';
import { covered, findingsOf, summary } from './analyzeHelpers';

describe('analysis of documents', () => {
  test('multi-document stream: quoted, flow style, anchors, document end markers', () => {
    const text = fixture('edge/multi-document.yaml');
    const findings = findingsOf(text);
    assert.deepEqual(summary(findings), [
      '10:13 ingress-extensions-v1beta1 removed',
      '37:14 cronjob-batch-v1beta1 removed',
      '40:13 pdb-policy-v1beta1 removed',
    ]);
    assert.equal(covered(text, findings[0]), '"extensions/v1beta1"');
    assert.equal(covered(text, findings[1]), "'batch/v1beta1'");
    assert.equal(covered(text, findings[2]), 'policy/v1beta1');
  });

  test('kind: List items are objects of their own', () => {
    const text = fixture('edge/list.yaml');
    const findings = findingsOf(text);
    assert.deepEqual(summary(findings), ['4:17 rbac-v1beta1 removed', '18:7 field-service-load-balancer-ip deprecated']);
    assert.equal(covered(text, findings[1]), 'loadBalancerIP');
    assert.deepEqual(findings[0].path, ['items', 0, 'apiVersion']);
  });

  test('JSON manifests', () => {
    const text = fixture('edge/manifest.json');
    const findings = findingsOf(text);
    assert.deepEqual(summary(findings), ['2:17 ingress-networking-v1beta1 removed', '7:7 annotation-ingress-class deprecated']);
    assert.equal(covered(text, findings[0]), '"networking.k8s.io/v1beta1"');
    assert.equal(covered(text, findings[1]), '"kubernetes.io/ingress.class"');
  });

  test('a syntax error in one document does not hide the others', () => {
    const text = fixture('edge/syntax-error.yaml');
    const analysis = analyzeText(text, builtinRuleSet(), { checkAllSyntax: true });
    assert.ok(analysis.syntaxErrors.length > 0);
    assert.ok(analysis.syntaxErrors.every((e) => e.range.start.line >= 5 && e.range.start.line <= 11), JSON.stringify(analysis.syntaxErrors));
    assert.deepEqual(summary(findingsOf(text)), ['1:13 cronjob-batch-v1beta1 removed', '13:13 hpa-autoscaling-v2beta2 removed']);
  });

  test('deprecated fields, annotations and labels are flagged on the key or label', () => {
    const text = fixture('edge/fields.yaml');
    const findings = findingsOf(text);
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}=${covered(text, f)}`),
      [
        'annotation-seccomp-pod=seccomp.security.alpha.kubernetes.io/pod',
        'annotation-apparmor-container=container.apparmor.security.beta.kubernetes.io/app',
        'field-pod-service-account=serviceAccount',
        'label-beta-os=beta.kubernetes.io/os',
        'label-failure-domain-zone=failure-domain.beta.kubernetes.io/zone',
        'taint-node-role-master=node-role.kubernetes.io/master',
        'label-failure-domain-region=failure-domain.beta.kubernetes.io/region',
        'annotation-storage-class=volume.beta.kubernetes.io/storage-class',
      ],
    );
    const seccomp = findings[0];
    assert.equal(seccomp.status, 'removed');
    assert.equal(findings.find((f) => f.ruleId === 'taint-node-role-master')?.status, 'removed');
  });

  for (const name of ['edge/not-manifests.yaml', 'edge/Chart.yaml', 'edge/kustomization.yaml', 'edge/custom-resource.yaml', 'helm/mychart/templates/_helpers.tpl']) {
    test(`nothing is flagged in ${name}`, () => {
      assert.deepEqual(findingsOf(fixture(name), { path: name }), []);
    });
  }

  test('CRLF line endings and a BOM keep exact ranges', () => {
    const text = `\uFEFF${fixture('edge/crlf-bom.source.yaml').replace(/\n/g, '\r\n')}`;
    const findings = findingsOf(text);
    assert.deepEqual(summary(findings), ['1:13 cronjob-batch-v1beta1 removed']);
    assert.deepEqual(findings[0].range, { start: { line: 0, character: 12 }, end: { line: 0, character: 25 } });
  });

  test('Helm templates: literal apiVersions are checked, actions are opaque, no syntax errors', () => {
    const path = 'mychart/templates/ingress.yaml';
    const text = fixture('helm/mychart/templates/ingress.yaml');
    const analysis = analyzeText(text, builtinRuleSet(), { path, checkAllSyntax: true });
    assert.equal(analysis.helm, true);
    assert.deepEqual(analysis.syntaxErrors, []);
    const findings = findingsOf(text, { path });
    assert.deepEqual(summary(findings), ['3:13 ingress-extensions-v1beta1 removed', '10:5 annotation-ingress-class deprecated']);
    const cron = fixture('helm/mychart/templates/cronjob.yaml');
    assert.deepEqual(summary(findingsOf(cron, { path: 'mychart/templates/cronjob.yaml' })), ['1:13 cronjob-batch-v1beta1 removed']);
    assert.deepEqual(analyzeText(cron, builtinRuleSet(), { path: 'mychart/templates/cronjob.yaml', checkAllSyntax: true }).syntaxErrors, []);
  });

  test('every API rule matches each of its kinds', () => {
    for (const rule of BUILTIN_API_RULES) {
      for (const kind of rule.kinds) {
        const findings = findingsOf(`apiVersion: ${apiVersionOf(rule)}\nkind: ${kind}\nmetadata:\n  name: x\n`, {}, parseMinorVersion(rule.removedIn ?? rule.deprecatedIn));
        assert.deepEqual(findings.map((f) => f.ruleId), [rule.id], `${apiVersionOf(rule)} ${kind}`);
        assert.equal(findings[0].status, rule.removedIn ? 'removed' : 'deprecated');
      }
    }
  });

  test('an API of another kind in the same group is not flagged', () => {
    assert.deepEqual(findingsOf('apiVersion: batch/v1beta1\nkind: Job\n'), []);
    assert.deepEqual(findingsOf('apiVersion: networking.k8s.io/v1\nkind: Ingress\n'), []);
  });

  test('serviceAccount is flagged only at a pod spec, not serviceAccountName or elsewhere', () => {
    const text = 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  serviceAccount: no\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccountName: a\n          serviceAccount: a\n';
    assert.deepEqual(summary(findingsOf(text)), ['10:11 field-pod-service-account deprecated']);
  });
});

describe('bad input', () => {
  test('alias bombs are not expanded', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 30; i++) {
      lines.push(`  ${String.fromCharCode(97 + (i % 26))}${i}: &a${i} [${Array(10).fill(i === 1 ? '*a' : `*a${i - 1}`).join(',')}]`);
    }
    lines.push('  x: serviceAccount');
    const started = Date.now();
    findingsOf(lines.join('\n'));
    assert.ok(Date.now() - started < 2000);
  });

  test('deep nesting is bounded', () => {
    const depth = 5000;
    const text = `apiVersion: batch/v1beta1\nkind: CronJob\nspec: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const analysis = analyzeText(text, builtinRuleSet());
    assert.ok(analysis.matches.length <= 1);
    const block = ['apiVersion: batch/v1beta1', 'kind: CronJob', 'spec:'];
    for (let i = 1; i < 300; i++) {
      block.push(`${'  '.repeat(i)}k${i}:`);
    }
    assert.deepEqual(summary(findingsOf(block.join('\n'))), ['1:13 cronjob-batch-v1beta1 removed']);
  });

  test('a 1 MB line is handled', () => {
    const text = `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  annotations:\n    big: "${'x'.repeat(1024 * 1024)}"\n`;
    assert.deepEqual(summary(findingsOf(text)), ['1:13 cronjob-batch-v1beta1 removed']);
  });
});
