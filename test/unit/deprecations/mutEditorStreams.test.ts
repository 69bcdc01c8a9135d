import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedText, lines, quickFix } from './mutEditorHelpers';

/* Quick fixes in files of several documents: the fix edits the document of its finding, and only that one. */

const configMap = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings'];
const cronJob = ['apiVersion: batch/v1beta1', 'kind: CronJob', 'metadata:', '  name: nightly'];

describe('a stream with a %YAML directive (parsed as one piece)', () => {
  test('the CronJob in the second document is fixed, not the ConfigMap before it', () => {
    const text = lines('%YAML 1.2', '---', ...configMap, '---', ...cronJob);
    assert.equal(fixedText(text, 'cronjob-batch-v1beta1', { minor: 25 }), text.replace('batch/v1beta1', 'batch/v1'));
  });

  test('the first of two CronJobs is fixed on its own', () => {
    const text = lines('%YAML 1.2', '---', ...cronJob, '---', ...cronJob);
    assert.equal(fixedText(text, 'cronjob-batch-v1beta1', { minor: 25, line: 2 }), lines('%YAML 1.2', '---', ...cronJob, '---', ...cronJob).replace('batch/v1beta1', 'batch/v1'));
    assert.equal(fixedText(text, 'cronjob-batch-v1beta1', { minor: 25, line: 7 }), lines('%YAML 1.2', '---', ...cronJob, '---', ...cronJob.map((l) => l.replace('batch/v1beta1', 'batch/v1'))));
  });
});

describe('a chart template of several documents', () => {
  const pod = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: {{ .Release.Name }}-p',
    'spec:',
    '  tolerations:',
    '    {{- if .Values.dedicated }}',
    '    - key: node-role.kubernetes.io/master',
    '      effect: NoSchedule',
    '    {{- else }}',
    '    - key: dedicated',
    '      effect: NoSchedule',
    '    {{- end }}',
    '  containers:',
    '    - name: c',
    '      image: nginx',
  ];

  test('the template blocks of the second document are seen where they are', () => {
    const text = lines('{{- if .Values.settings }}', ...configMap, '  labels: {release: {{ .Release.Name }}}', '{{- end }}', '---', ...pod);
    assert.deepEqual(quickFix(text, 'taint-node-role-master', { path: 'mychart/templates/pod.yaml', minor: 35 }), { manual: 'the list ends inside a Helm template block' });
  });
});
