import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { findingsOf } from './analyzeHelpers';

const rules = builtinRuleSet();
const TARGET = { major: 1, minor: 33 };
const PATH = 'chart/templates/object.yaml';

function fix(text: string): { text: string; manual: readonly { reason: string }[] } {
  return fixAllText(text, rules, { target: TARGET, path: PATH });
}

function manualReason(text: string): string {
  const [finding] = findingsOf(text, { path: PATH });
  const proposal = computeFix(text, finding, rules, { target: TARGET, path: PATH });
  assert.equal(proposal.kind, 'manual');
  return proposal.kind === 'manual' ? proposal.reason : '';
}

describe('Helm templates: templated values are moved unchanged where that is safe', () => {
  test('an Ingress backend with a templated service name', () => {
    const text = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: {{ include "web.fullname" . }}
spec:
  backend:
    serviceName: {{ include "web.fullname" . }}
    servicePort: 8080
`;
    assert.equal(fix(text).text, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "web.fullname" . }}
spec:
  defaultBackend:
    service:
      name: {{ include "web.fullname" . }}
      port:
        number: 8080
`);
  });

  test('a templated class annotation becomes spec.ingressClassName, outside the range over hosts', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: {{ .Values.className | quote }}
spec:
  rules:
  {{- range .Values.hosts }}
    - host: {{ . | quote }}
      http:
        paths:
          - backend:
              serviceName: web
              servicePort: http
  {{- end }}
`;
    const fixed = fix(text).text;
    assert.equal(fixed, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: {{ .Values.className | quote }}
  rules:
  {{- range .Values.hosts }}
    - host: {{ . | quote }}
      http:
        paths:
          - backend:
              service:
                name: web
                port:
                  name: http
            pathType: ImplementationSpecific
  {{- end }}
`);
  });

  test('HPA v2beta1 metrics with templated targets', () => {
    const text = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: {{ .Values.minReplicas }}
  maxReplicas: {{ .Values.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        targetAverageUtilization: {{ .Values.cpu }}
`;
    assert.equal(fix(text).text, text.replace('autoscaling/v2beta1', 'autoscaling/v2').replace('        targetAverageUtilization: {{ .Values.cpu }}\n', '        target:\n          type: Utilization\n          averageUtilization: {{ .Values.cpu }}\n'));
  });

  test('a templated servicePort could be a number or a name: a person decides', () => {
    const text = 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend:\n    serviceName: web\n    servicePort: {{ .Values.port }}\n';
    assert.match(manualReason(text), /servicePort comes from a Helm template/);
  });

  test('a templated metric type is not guessed', () => {
    const text = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  metrics:\n    - type: {{ .Values.metricType }}\n      resource:\n        name: cpu\n        targetAverageUtilization: 50\n';
    assert.match(manualReason(text), /metric type comes from a Helm template/);
  });

  test('a multi-line templated value is not moved to another indentation (nindent would not follow)', () => {
    const text = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend:
    serviceName:
      {{- include "web.name" . | nindent 6 }}
    servicePort: 80
`;
    const result = fix(text);
    assert.equal(result.text, text);
    assert.equal(result.manual.length, 1);
  });

  test('text is never inserted where a {{- or -}} would swallow its line break', () => {
    const text = 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - path: {{ .Values.path -}}\n';
    assert.match(manualReason(text), /Helm template expression/);
  });
});

describe('Helm templates: workloads', () => {
  test('the selector is copied from templated pod labels, which render the same', () => {
    const text = `apiVersion: apps/v1beta2
kind: StatefulSet
metadata:
  name: {{ .Release.Name }}-db
spec:
  replicas: {{ .Values.replicas }}
  serviceName: db
  template:
    metadata:
      labels:
        app: db
        release: {{ .Release.Name | quote }}
`;
    assert.equal(fix(text).text, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ .Release.Name }}-db
spec:
  replicas: {{ .Values.replicas }}
  serviceName: db
  template:
    metadata:
      labels:
        app: db
        release: {{ .Release.Name | quote }}
  selector:
    matchLabels:
      app: db
      release: {{ .Release.Name | quote }}
`);
  });

  test('labels written by include | nindent are not copied to another indentation', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
        {{- include "web.selectorLabels" . | nindent 8 }}
`;
    assert.match(manualReason(text), /template action on its own line|indentation/);
  });

  test('labels that come only from a template are not guessed', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        {{- include "web.labels" . | nindent 8 }}\n';
    assert.match(manualReason(text), /no labels to copy|template/);
  });
});

describe('Helm templates: blocks written by a template are never assumed empty', () => {
  test('HPA metrics rendered from values would keep the v2beta1 shape: a person decides', () => {
    const text = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 3\n  metrics:\n    {{- toYaml .Values.metrics | nindent 4 }}\n';
    assert.match(manualReason(text), /spec\.metrics is written by a template action/);
  });

  test('Ingress rules rendered from values: a person decides', () => {
    const text = 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    {{- toYaml .Values.rules | nindent 4 }}\n';
    assert.match(manualReason(text), /spec\.rules is written by a template action/);
  });
});

describe('Helm templates: webhooks, disruption budgets and labels', () => {
  test('a webhook with a templated service and CA bundle is migrated, the defaults pinned', () => {
    const text = `apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingWebhookConfiguration
metadata:
  name: {{ .Release.Name }}-policy
webhooks:
  - name: check.example.com
    sideEffects: None
    clientConfig:
      service:
        name: {{ .Release.Name }}-webhook
        namespace: {{ .Release.Namespace }}
      caBundle: {{ .Values.caBundle | quote }}
`;
    const fixed = fix(text);
    assert.deepEqual(fixed.manual, []);
    assert.match(fixed.text, /^apiVersion: admissionregistration\.k8s\.io\/v1\n/);
    assert.match(fixed.text, /caBundle: \{\{ \.Values\.caBundle \| quote \}\}\n {4}admissionReviewVersions:\n {6}- v1beta1\n {4}failurePolicy: Ignore\n/);
  });

  test('a templated sideEffects is not guessed', () => {
    const text = 'apiVersion: admissionregistration.k8s.io/v1beta1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: m\nwebhooks:\n  - name: a.example.com\n    sideEffects: {{ .Values.sideEffects }}\n';
    assert.match(manualReason(text), /sideEffects comes from a Helm template/);
  });

  test('a PodDisruptionBudget with templated selector labels is migrated', () => {
    const text = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: {{ .Values.minAvailable }}\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}-web\n';
    assert.equal(fix(text).text, text.replace('policy/v1beta1', 'policy/v1'));
  });

  test('a beta label is renamed beside templated ones', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeSelector:\n    beta.kubernetes.io/os: linux\n    pool: {{ .Values.pool }}\n  containers: []\n';
    assert.equal(fix(text).text, text.replace('beta.kubernetes.io/os', 'kubernetes.io/os'));
  });
});
