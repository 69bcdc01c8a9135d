import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lines, quickFix } from './mutEditorHelpers';

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
