import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedText, lines, quickFix } from './mutEditorHelpers';

/*
 * Edges of the quick fixes' text edits: new lines beside template actions, values copied in
 * block style, flow lists and maps whose items span lines, and CRLF files.
 */

const CHART = 'mychart/templates/webhook.yaml';
const WEBHOOK = ['apiVersion: admissionregistration.k8s.io/v1beta1', 'kind: ValidatingWebhookConfiguration', 'metadata:', '  name: v', 'webhooks:'];
const DEFAULTS = ['    admissionReviewVersions:', '      - v1beta1', '    failurePolicy: Ignore', '    matchPolicy: Exact'];
const REWRITE = { manual: 'the change would rewrite a Helm template expression' };

describe('new lines after a template action', () => {
  test('a line after a value written by an action is added', () => {
    const text = lines(...WEBHOOK, '  - name: a.example.com', '    sideEffects: None', '    timeoutSeconds: {{ .Values.timeout }}');
    assert.equal(fixedText(text, 'webhook-admissionregistration-v1beta1', { path: CHART }), lines(...text.replace('/v1beta1', '/v1').trimEnd().split('\n'), ...DEFAULTS));
  });

  test('with CRLF line breaks too', () => {
    const text = lines(...WEBHOOK, '  - name: a.example.com', '    sideEffects: None', '    timeoutSeconds: {{ .Values.timeout }}').replace(/\n/g, '\r\n');
    const expected = lines(...WEBHOOK, '  - name: a.example.com', '    sideEffects: None', '    timeoutSeconds: {{ .Values.timeout }}', ...DEFAULTS).replace('/v1beta1', '/v1').replace(/\n/g, '\r\n');
    assert.equal(fixedText(text, 'webhook-admissionregistration-v1beta1', { path: CHART }), expected);
  });

  test('not after an action that trims the line break after it (-}})', () => {
    const text = lines(...WEBHOOK, '  - name: a.example.com', '    sideEffects: None', '    timeoutSeconds: {{ .Values.timeout -}}');
    assert.deepEqual(quickFix(text, 'webhook-admissionregistration-v1beta1', { path: CHART }), REWRITE);
  });

  test('not on the same line right after an action, in a flow map', () => {
    const text = lines(...WEBHOOK, '  - {name: a.example.com, sideEffects: None, timeoutSeconds: {{ .Values.timeout }}}');
    assert.deepEqual(quickFix(text, 'webhook-admissionregistration-v1beta1', { path: CHART }), REWRITE);
  });

  for (const open of ['if .Values.timeout', 'with .Values.timeout', 'range .Values.timeouts', 'define "mychart.timeout"', 'block "timeout" .']) {
    test(`a webhook that ends inside {{ ${open.split(' ')[0]} }} gets no defaults there`, () => {
      const text = lines(...WEBHOOK, '  - name: a.example.com', '    sideEffects: None', `    {{- ${open} }}`, '    timeoutSeconds: 5', '    {{- end }}');
      assert.deepEqual(quickFix(text, 'webhook-admissionregistration-v1beta1', { path: CHART }), { manual: 'the map ends inside a Helm template block' });
    });
  }
});

describe('removing what a template action writes', () => {
  test('a dropped field whose value an action writes is not deleted with it', () => {
    const text = lines(
      'apiVersion: apps/v1beta1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: web',
      '  templateGeneration: {{ .Values.generation }}',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: web',
    );
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta1', { path: CHART }), REWRITE);
  });
});

describe('values copied in block style', () => {
  test('pod labels with a blank line between them are copied into the selector, blank line kept', () => {
    const text = lines('apiVersion: apps/v1beta2', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '', '        tier: backend');
    assert.equal(fixedText(text, 'deployment-apps-v1beta2'), `${text.replace('apps/v1beta2', 'apps/v1')}  selector:\n    matchLabels:\n      app: web\n\n      tier: backend\n`);
  });

  test("a CRD's conversionReviewVersions list moves under conversion.webhook as a block list", () => {
    const text = lines(
      'apiVersion: apiextensions.k8s.io/v1beta1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: widgets.example.com',
      'spec:',
      '  group: example.com',
      '  scope: Namespaced',
      '  names: {plural: widgets, kind: Widget}',
      '  version: v1',
      '  conversion:',
      '    strategy: Webhook',
      '    conversionReviewVersions:',
      '      - v1beta1',
      '      - v1',
    );
    assert.equal(
      fixedText(text, 'crd-apiextensions-v1beta1'),
      lines(
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata:',
        '  name: widgets.example.com',
        'spec:',
        '  group: example.com',
        '  scope: Namespaced',
        '  names: {plural: widgets, kind: Widget}',
        '  versions:',
        '    - name: v1',
        '      served: true',
        '      storage: true',
        '      schema:',
        '        openAPIV3Schema:',
        '          type: object',
        '          x-kubernetes-preserve-unknown-fields: true',
        '  conversion:',
        '    strategy: Webhook',
        '    webhook:',
        '      conversionReviewVersions:',
        '        - v1beta1',
        '        - v1',
      ),
    );
  });
});

describe('templated values copied to the same column', () => {
  test("an Object metric's target, named by include, becomes describedObject in place", () => {
    const head = ['kind: HorizontalPodAutoscaler', 'metadata:', '  name: web', 'spec:', '  scaleTargetRef:', '    apiVersion: apps/v1', '    kind: Deployment', '    name: web', '  maxReplicas: 3', '  metrics:', '    - type: Object', '      object:'];
    const ingress = ['          apiVersion: networking.k8s.io/v1', '          kind: Ingress', '          name: {{ include "mychart.fullname" . }}'];
    const text = lines('apiVersion: autoscaling/v2beta1', ...head, '        metricName: requests', '        targetValue: 10', '        target:', ...ingress);
    assert.equal(
      fixedText(text, 'hpa-autoscaling-v2beta1', { path: 'mychart/templates/hpa.yaml' }),
      lines('apiVersion: autoscaling/v2', ...head, '        describedObject:', ...ingress, '        metric:', '          name: requests', '        target:', '          type: Value', '          value: 10'),
    );
  });
});

describe('flow collections', () => {
  test('a flow list whose only item spans two lines gets the new item on a line of its own', () => {
    const pod = (...tolerations: string[]): string => lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', ...tolerations, '  containers:', '    - name: c', '      image: nginx');
    assert.equal(
      fixedText(pod('  tolerations: [{key: node-role.kubernetes.io/master,', '                 effect: NoSchedule}]'), 'taint-node-role-master', { minor: 35 }),
      pod('  tolerations: [{key: node-role.kubernetes.io/master,', '                 effect: NoSchedule},', '                {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]'),
    );
  });

  test('an HPA metric in flow style gets its metric and target side by side', () => {
    const hpa = (metric: string): string =>
      lines('apiVersion: autoscaling/v2beta1', 'kind: HorizontalPodAutoscaler', 'metadata:', '  name: web', 'spec:', '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}', '  maxReplicas: 3', '  metrics:', `    - ${metric}`);
    assert.equal(
      fixedText(hpa('{type: Pods, pods: {metricName: packets, targetAverageValue: 1k}}'), 'hpa-autoscaling-v2beta1'),
      hpa('{type: Pods, pods: {metric: {name: packets}, target: {type: AverageValue, averageValue: 1k}}}').replace('autoscaling/v2beta1', 'autoscaling/v2'),
    );
  });

  test('in a block CRLF file the new entries go before the line break, not inside it', () => {
    const text = lines(...WEBHOOK, '  - name: a.example.com', '    sideEffects: None', '    timeoutSeconds: 5', '  - name: b.example.com', '    sideEffects: None', '    timeoutSeconds: 5').replace(/\n/g, '\r\n');
    const expected = lines(...WEBHOOK, '  - name: a.example.com', '    sideEffects: None', '    timeoutSeconds: 5', ...DEFAULTS, '  - name: b.example.com', '    sideEffects: None', '    timeoutSeconds: 5', ...DEFAULTS)
      .replace('/v1beta1', '/v1')
      .replace(/\n/g, '\r\n');
    assert.equal(fixedText(text, 'webhook-admissionregistration-v1beta1'), expected);
  });
});
