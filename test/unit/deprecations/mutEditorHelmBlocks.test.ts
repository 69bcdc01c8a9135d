import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedText, lines, quickFix } from './mutEditorHelpers';

/*
 * Quick fixes in Helm chart templates whose maps and lists reach into {{ if }} / {{ else }} /
 * {{ end }} blocks: new entries must land where every rendering of the chart gets them, and
 * values written by template actions are never moved where the action cannot follow.
 */

const CHART = 'mychart/templates/workload.yaml';

const template = (indent: string, ...labels: string[]): string[] => [
  `${indent}template:`,
  `${indent}  metadata:`,
  `${indent}    labels:`,
  ...labels.map((l) => `${indent}      ${l}`),
  `${indent}  spec:`,
  `${indent}    containers:`,
  `${indent}      - name: web`,
  `${indent}        image: nginx`,
];

describe('a selector added to a Deployment spec that holds template blocks', () => {
  test('a spec that starts inside {{ if }} (the helm create layout) gets the selector after its last entry, outside the block', () => {
    const text = lines(
      'apiVersion: apps/v1beta2',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "mychart.fullname" . }}',
      'spec:',
      '  {{- if not .Values.autoscaling.enabled }}',
      '  replicas: {{ .Values.replicaCount }}',
      '  {{- end }}',
      ...template('  ', 'app: web'),
    );
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2', { path: CHART }),
      `${text.replace('apps/v1beta2', 'apps/v1')}  selector:\n    matchLabels:\n      app: web\n`,
    );
  });

  test('a block closed in the middle of the spec does not make the selector move to the front', () => {
    const text = lines(
      'apiVersion: apps/v1beta2',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  replicas: 2',
      '  {{- if .Values.minReadySeconds }}',
      '  minReadySeconds: {{ .Values.minReadySeconds }}',
      '  {{- end }}',
      ...template('  ', 'app: web'),
    );
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2', { path: CHART }),
      `${text.replace('apps/v1beta2', 'apps/v1')}  selector:\n    matchLabels:\n      app: web\n`,
    );
  });

  test('a spec that ends inside a block gets the selector first, before the block', () => {
    const text = lines(
      'apiVersion: apps/v1beta2',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      ...template('  ', 'app: web'),
      '{{- if .Values.minReadySeconds }}',
      '  minReadySeconds: {{ .Values.minReadySeconds }}',
      '{{- end }}',
    );
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2', { path: CHART }),
      text.replace('apps/v1beta2', 'apps/v1').replace('spec:\n  template:', 'spec:\n  selector:\n    matchLabels:\n      app: web\n  template:'),
    );
  });

  test('a spec whose first entry is in the {{ if }} branch and last in the {{ else }} branch is left to a person', () => {
    const text = lines(
      'apiVersion: apps/v1beta2',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  {{- if .Values.canary }}',
      '  paused: true',
      ...template('  ', 'app: web'),
      '  {{- else }}',
      '  replicas: 2',
      '{{- end }}',
    );
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta2', { path: CHART }), { manual: 'the map starts and ends inside Helm template blocks' });
  });

  test('a dropped field inside a block is not replaced by a selector that would only exist in that block', () => {
    const text = lines(
      'apiVersion: apps/v1beta1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  {{- if .Values.rollback }}',
      '  rollbackTo:',
      '    revision: 1',
      '  {{- end }}',
      ...template('  ', 'app: web'),
    );
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta1', { path: CHART }), {
      manual: 'an entry to replace is inside a Helm template block that other entries of its map are not in',
    });
  });

  test('a dropped field written by a template action on its own line is left to a person', () => {
    const text = lines(
      'apiVersion: apps/v1beta1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  rollbackTo:',
      '    {{- toYaml .Values.rollbackTo | nindent 4 }}',
      ...template('  ', 'app: web'),
    );
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta1', { path: CHART }), { manual: 'an entry to replace is written by a template action on its own line' });
  });
});

describe('pod template labels copied into the selector, two columns to the left', () => {
  test('a label written by an inline action moves with the labels', () => {
    const text = lines('apiVersion: apps/v1beta2', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', ...template('  ', 'app: web', 'release: {{ .Release.Name }}'));
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2', { path: CHART }),
      `${text.replace('apps/v1beta2', 'apps/v1')}  selector:\n    matchLabels:\n      app: web\n      release: {{ .Release.Name }}\n`,
    );
  });

  test('a label written by include (which may write several lines) is not re-indented', () => {
    const text = lines('apiVersion: apps/v1beta2', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', ...template('  ', 'app: web', 'release: {{ include "mychart.name" . }}'));
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta2', { path: CHART }), { manual: 'moving a multi-line templated value to another indentation' });
  });
});

describe('webhooks and tolerations in a chart', () => {
  test('a webhook whose entries end inside a block gets no defaults: its first entry shares the dash line', () => {
    const text = lines(
      'apiVersion: admissionregistration.k8s.io/v1beta1',
      'kind: ValidatingWebhookConfiguration',
      'metadata:',
      '  name: v',
      'webhooks:',
      '  - name: a.example.com',
      '    sideEffects: None',
      '    {{- if .Values.timeout }}',
      '    timeoutSeconds: {{ .Values.timeout }}',
      '    {{- end }}',
    );
    assert.deepEqual(quickFix(text, 'webhook-admissionregistration-v1beta1', { path: CHART }), { manual: 'the map ends inside a Helm template block' });
  });

  test('several webhooks named by template expressions cannot be shown to be unique', () => {
    const text = lines(
      'apiVersion: admissionregistration.k8s.io/v1beta1',
      'kind: ValidatingWebhookConfiguration',
      'metadata:',
      '  name: v',
      'webhooks:',
      '  - name: {{ .Release.Name }}-a.example.com',
      '    sideEffects: None',
      '  - name: {{ .Release.Name }}-b.example.com',
      '    sideEffects: None',
    );
    assert.deepEqual(quickFix(text, 'webhook-admissionregistration-v1beta1', { path: CHART }), {
      manual: 'webhook names must be unique in admissionregistration.k8s.io/v1, and some come from Helm template expressions',
    });
  });

  test('one webhook named by a template expression is migrated', () => {
    const text = lines(
      'apiVersion: admissionregistration.k8s.io/v1beta1',
      'kind: ValidatingWebhookConfiguration',
      'metadata:',
      '  name: v',
      'webhooks:',
      '  - name: {{ .Release.Name }}-a.example.com',
      '    sideEffects: None',
    );
    assert.equal(
      fixedText(text, 'webhook-admissionregistration-v1beta1', { path: CHART }),
      `${text.replace('/v1beta1', '/v1')}    admissionReviewVersions:\n      - v1beta1\n    failurePolicy: Ignore\n    matchPolicy: Exact\n    timeoutSeconds: 30\n`,
    );
  });

  test('a toleration list that ends inside a block gets no copy for the new taint', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  tolerations:',
      '    - key: node-role.kubernetes.io/master',
      '      effect: NoSchedule',
      '    {{- if .Values.extraToleration }}',
      '    - key: dedicated',
      '      effect: NoSchedule',
      '    {{- end }}',
      '  containers:',
      '    - name: c',
      '      image: nginx',
    );
    assert.deepEqual(quickFix(text, 'taint-node-role-master', { path: CHART, minor: 35 }), { manual: 'the list ends inside a Helm template block' });
  });
});

describe('lists and removals beside template blocks', () => {
  const pod = (...tolerations: string[]): string =>
    lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  tolerations:', ...tolerations, '  containers:', '    - name: c', '      image: nginx');

  test('a toleration list that starts inside a block and ends outside it gets the copy at its end', () => {
    const dedicated = ['    {{- if .Values.dedicated }}', '    - key: dedicated', '      effect: NoSchedule', '    {{- end }}'];
    assert.equal(
      fixedText(pod(...dedicated, '    - key: node-role.kubernetes.io/master', '      effect: NoSchedule'), 'taint-node-role-master', { path: CHART, minor: 35 }),
      pod(...dedicated, '    - key: node-role.kubernetes.io/master', '      effect: NoSchedule', '    - key: node-role.kubernetes.io/control-plane', '      effect: NoSchedule'),
    );
  });

  test('a toleration list split between {{ if }} and {{ else }} gets no copy', () => {
    const text = pod(
      '    {{- if .Values.dedicated }}',
      '    - key: node-role.kubernetes.io/master',
      '      effect: NoSchedule',
      '    {{- else }}',
      '    - key: dedicated',
      '      effect: NoSchedule',
      '    {{- end }}',
    );
    assert.deepEqual(quickFix(text, 'taint-node-role-master', { path: CHART, minor: 35 }), { manual: 'the list ends inside a Helm template block' });
  });

  test('a dropped field inside a block is removed there when nothing is added', () => {
    const rest = ['  selector:', '    matchLabels:', '      app: web', ...template('  ', 'app: web')];
    const text = lines('apiVersion: apps/v1beta1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  {{- if .Values.rollback }}', '  rollbackTo:', '    revision: 1', '  {{- end }}', ...rest);
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta1', { path: CHART }),
      lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  {{- if .Values.rollback }}', '  {{- end }}', ...rest),
    );
  });
});

describe('values the change depends on', () => {
  test('a storage class written by a template expression is not moved into spec.storageClassName', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata:',
      '  name: data',
      '  annotations:',
      '    volume.beta.kubernetes.io/storage-class: {{ .Values.storageClass }}',
      'spec:',
      '  accessModes: [ReadWriteOnce]',
    );
    assert.deepEqual(quickFix(text, 'annotation-storage-class', { path: CHART }), { manual: 'a value the change depends on comes from a Helm template expression' });
  });
});
