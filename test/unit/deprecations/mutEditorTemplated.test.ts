import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedText, lines, quickFix } from './mutEditorHelpers';

/* Quick fixes that decline because a value they must read or move is written by a Helm template. */

const CHART = 'mychart/templates/resource.yaml';
const crd = (...spec: string[]): string =>
  lines('apiVersion: apiextensions.k8s.io/v1beta1', 'kind: CustomResourceDefinition', 'metadata:', '  name: widgets.example.com', 'spec:', ...spec);
const NAMES = ['  scope: Namespaced', '  names: {plural: widgets, kind: Widget}', '  version: v1'];

describe('values the fix must read', () => {
  test('a CRD whose group comes from a template expression is not rewritten', () => {
    assert.deepEqual(quickFix(crd('  group: {{ .Values.group }}', ...NAMES), 'crd-apiextensions-v1beta1', { path: CHART }), {
      manual: 'a value the change depends on comes from a Helm template expression',
    });
  });

  test('a Deployment spec written by toYaml on a line of its own is not guessed at', () => {
    const text = lines('apiVersion: apps/v1beta2', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  {{- toYaml .Values.deployment.spec | nindent 2 }}');
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta2', { path: CHART }), { manual: 'spec is written by a template action on its own line' });
  });

  test('pod labels written by include on a line of their own cannot be copied into the selector', () => {
    const text = lines(
      'apiVersion: apps/v1beta2',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: web',
      '        {{- include "mychart.labels" . | nindent 8 }}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx',
    );
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta2', { path: CHART }), { manual: 'spec.template.metadata.labels is written by a template action on its own line' });
  });

  test('a conversion webhook config that a template block continues is not moved', () => {
    const text = crd(
      '  conversion:',
      '    strategy: Webhook',
      '    webhookClientConfig:',
      '      service:',
      '        name: conversion',
      '        namespace: system',
      '      {{- with .Values.caBundle }}',
      '      {{- printf "caBundle: %s" . | nindent 6 }}',
      '      {{- end }}',
      '  group: example.com',
      ...NAMES,
    );
    assert.deepEqual(quickFix(text, 'crd-apiextensions-v1beta1', { path: CHART }), { manual: 'spec.conversion.webhookClientConfig is written by a template action on its own line' });
  });
});

describe('values of the wrong type', () => {
  test('an ingress class annotation written as a number is left to a person', () => {
    const text = lines('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: web', '  annotations:', '    kubernetes.io/ingress.class: 42', 'spec:', '  rules: []');
    assert.deepEqual(quickFix(text, 'annotation-ingress-class'), { manual: 'the annotation value is not a string' });
  });
});

describe('pod labels written by actions, copied two columns to the left', () => {
  const deployment = (...labels: string[]): string =>
    lines('apiVersion: apps/v1beta2', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    metadata:', '      labels:', ...labels.map((l) => `        ${l}`), '    spec:', '      containers:', '        - name: web', '          image: nginx');
  const refused = { manual: 'moving a multi-line templated value to another indentation' };

  for (const action of ['include "mychart.name" .', 'toYaml .Values.tier', 'toJson .Values.tier', 'template "mychart.name" .', 'tpl .Values.tier .', '.Values.tier | indent 2', '.Values.tier | nindent 2']) {
    test(`a label written by {{ ${action} }} may write several lines, so it is not re-indented`, () => {
      assert.deepEqual(quickFix(deployment('app: web', `tier: {{ ${action} }}`), 'deployment-apps-v1beta2', { path: CHART }), refused);
    });
  }

  test('nor one whose action goes on past the end of the labels', () => {
    assert.deepEqual(quickFix(deployment('app: web', 'tier: {{ .Values.tier', '  | quote }}'), 'deployment-apps-v1beta2', { path: CHART }), {
      manual: 'a template action reaches beyond the value to move',
    });
  });

  test('nor labels with a block closed on a line of its own among them', () => {
    assert.deepEqual(quickFix(deployment('{{- if .Values.tier }}', 'tier: {{ .Values.tier }}', '{{- end }}', 'app: web'), 'deployment-apps-v1beta2', { path: CHART }), refused);
  });
});

describe('what follows a dropped field', () => {
  const deployment = (...rollbackTo: string[]): string =>
    lines('apiVersion: apps/v1beta1', 'kind: Deployment', 'metadata:', '  name: {{ .Release.Name }}-web', 'spec:', '  rollbackTo:', ...rollbackTo, '  template:', '    metadata:', '      labels:', '        app: web');

  test('a toYaml action after a blank line still writes it', () => {
    assert.deepEqual(quickFix(deployment('', '    {{- toYaml .Values.rollbackTo | nindent 4 }}'), 'deployment-apps-v1beta1', { path: CHART }), {
      manual: 'an entry to replace is written by a template action on its own line',
    });
  });

  test('a comment below it is no template action: the field is replaced and the comment stays', () => {
    assert.equal(
      fixedText(deployment('    revision: 1', '    # apps/v1 has no rollbackTo'), 'deployment-apps-v1beta1', { path: CHART }),
      lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: {{ .Release.Name }}-web', 'spec:', '  selector:', '    matchLabels:', '      app: web', '    # apps/v1 has no rollbackTo', '  template:', '    metadata:', '      labels:', '        app: web'),
    );
  });
});
