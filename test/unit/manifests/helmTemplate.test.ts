import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHelmTemplate, sanitizeHelmTemplate, TEMPLATE_PLACEHOLDER } from '../../../src/core/manifests/helmTemplate';

test('recognises chart templates by folder or by action lines', () => {
  assert.ok(isHelmTemplate('charts/app/templates/deploy.yaml', 'a: 1'));
  assert.ok(isHelmTemplate('x.yaml', '{{- if .Values.a }}\na: 1\n{{- end }}'));
  assert.ok(!isHelmTemplate('x.yaml', 'run: echo "${{ github.sha }}"'));
});

test('keeps offsets and lines; lone actions become comments, inline ones placeholders', () => {
  const text = '{{- if .Values.on }}\nname: {{ .Release.Name }}-x\n  {{- include "l" . | nindent 2 }}\n{{- end }}\n';
  const { text: out, spans } = sanitizeHelmTemplate(text);
  assert.equal(out.length, text.length);
  assert.equal(out.split('\n').length, text.split('\n').length);
  assert.equal(spans.length, 4);
  const lines = out.split('\n');
  assert.match(lines[0], /^# *$/);
  assert.equal(lines[1], `name: ${TEMPLATE_PLACEHOLDER.repeat('{{ .Release.Name }}'.length)}-x`);
  assert.match(lines[2], /^ {2}# *$/);
});

test('multi-line actions are commented on every line', () => {
  const out = sanitizeHelmTemplate('{{/*\nnote\n*/}}\na: 1\n').text;
  assert.deepEqual(out.split('\n').slice(0, 3).map((l) => l[0]), ['#', '#', '#']);
});
