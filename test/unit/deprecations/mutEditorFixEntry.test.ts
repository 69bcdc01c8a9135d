import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches, type Finding } from '../../../src/core/deprecations/findings';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { createRuleSet, type RuleSet } from '../../../src/core/deprecations/ruleSet';
import { parseUserRulesFile } from '../../../src/core/deprecations/userRules';
import { TARGET, findingsOf } from './analyzeHelpers';
import { lines, rules } from './mutEditorHelpers';

/*
 * Quick fixes for custom rules (also when the rules file changed since the finding), and "Fix all"
 * over two fixes that touch the same lines.
 */

const reason = (text: string, finding: Finding, ruleSet: RuleSet = rules): string => {
  const fix = computeFix(text, finding, ruleSet, { target: TARGET });
  assert.equal(fix.kind, 'manual');
  return fix.kind === 'manual' ? fix.reason : '';
};

const widgetRules = (sameSchema: boolean): RuleSet => {
  const file = lines(
    'rules:',
    '  - id: widget-v1alpha1',
    '    apiVersion: example.com/v1alpha1',
    '    kinds: [Widget]',
    '    deprecatedIn: "1.28"',
    '    removedIn: "1.31"',
    '    replacement: example.com/v1',
    ...(sameSchema ? ['    sameSchema: true'] : []),
  );
  const parsed = parseUserRulesFile(file, 'rules.yaml');
  assert.deepEqual(parsed.errors, []);
  return createRuleSet(parsed.rules);
};

const WIDGET = lines('apiVersion: example.com/v1alpha1', 'kind: Widget', 'metadata:', '  name: w');
const widgetFinding = (ruleSet: RuleSet): Finding => evaluateMatches(analyzeText(WIDGET, ruleSet).matches, ruleSet, { target: TARGET })[0];

describe('custom rules', () => {
  test('a rule that says the schema stays the same gets its apiVersion changed', () => {
    const custom = widgetRules(true);
    const fix = computeFix(WIDGET, widgetFinding(custom), custom, { target: TARGET });
    assert.equal(fix.kind, 'edit');
    assert.equal(fix.kind === 'edit' ? fix.title : '', 'Migrate Widget to example.com/v1');
  });

  test('a rule that does not say so is left to a person', () => {
    const custom = widgetRules(false);
    assert.equal(reason(WIDGET, widgetFinding(custom), custom), 'no automatic change is known for this rule');
  });

  test('a finding of a rule that is gone from the rules (the file was edited since) opens the guide', () => {
    assert.equal(reason(WIDGET, widgetFinding(widgetRules(true))), 'unknown rule');
  });
});

describe('fix all', () => {
  test('in one pass, fixes whose edits only meet at a point are all applied', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      '    container.seccomp.security.alpha.kubernetes.io/web: runtime/default',
      '    team: a',
      'spec:',
      '  containers:',
      '    - name: web',
      '      image: nginx',
      '  serviceAccount: build',
      '  serviceAccountName: build',
    );
    assert.deepEqual(fixAllText(text, rules, { target: TARGET, maxPasses: 1 }), {
      text: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: p',
        '  annotations:',
        '    team: a',
        'spec:',
        '  containers:',
        '    - name: web',
        '      image: nginx',
        '      securityContext:',
        '        seccompProfile:',
        '          type: RuntimeDefault',
        '  serviceAccountName: build',
      ),
      applied: 2,
      manual: [],
    });
  });

  test('in one pass, insertions in two documents are both applied', () => {
    const webhook = (name: string): string =>
      lines('apiVersion: admissionregistration.k8s.io/v1beta1', 'kind: ValidatingWebhookConfiguration', 'metadata:', `  name: ${name}`, 'webhooks:', `  - name: ${name}.example.com`, '    sideEffects: None', '    timeoutSeconds: 5');
    const fixed = (name: string): string =>
      lines('apiVersion: admissionregistration.k8s.io/v1', 'kind: ValidatingWebhookConfiguration', 'metadata:', `  name: ${name}`, 'webhooks:', `  - name: ${name}.example.com`, '    sideEffects: None', '    timeoutSeconds: 5', '    admissionReviewVersions:', '      - v1beta1', '    failurePolicy: Ignore', '    matchPolicy: Exact');
    assert.deepEqual(fixAllText(`${webhook('a')}---\n${webhook('b')}`, rules, { target: TARGET, maxPasses: 1 }), { text: `${fixed('a')}---\n${fixed('b')}`, applied: 2, manual: [] });
  });
  test('two fixes adding securityContext to one container: the second waits a pass and merges into it', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      '    container.seccomp.security.alpha.kubernetes.io/web: runtime/default',
      '    container.apparmor.security.beta.kubernetes.io/web: runtime/default',
      'spec:',
      '  containers:',
      '    - name: web',
      '      image: nginx',
    );
    assert.deepEqual(fixAllText(text, rules, { target: TARGET }), {
      text: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: p',
        'spec:',
        '  containers:',
        '    - name: web',
        '      image: nginx',
        '      securityContext:',
        '        seccompProfile:',
        '          type: RuntimeDefault',
        '        appArmorProfile:',
        '          type: RuntimeDefault',
      ),
      applied: 2,
      manual: [],
    });
  });

  test('an Ingress and its class annotation are both fixed although both fixes move the annotation', () => {
    const text = lines(
      'apiVersion: networking.k8s.io/v1beta1',
      'kind: Ingress',
      'metadata:',
      '  name: web',
      '  annotations:',
      '    kubernetes.io/ingress.class: nginx',
      'spec:',
      '  backend:',
      '    serviceName: web',
      '    servicePort: 80',
    );
    assert.deepEqual(
      findingsOf(text).map((f) => f.ruleId),
      ['ingress-networking-v1beta1', 'annotation-ingress-class'],
    );
    assert.deepEqual(fixAllText(text, rules, { target: TARGET }), {
      text: lines(
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata:',
        '  name: web',
        'spec:',
        '  defaultBackend:',
        '    service:',
        '      name: web',
        '      port:',
        '        number: 80',
        '  ingressClassName: nginx',
      ),
      applied: 1,
      manual: [],
    });
  });
});
