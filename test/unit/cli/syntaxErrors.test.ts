import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli';

async function run(args: string[], stdin: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => new TextEncoder().encode(stdin) });
  return { code, out };
}

describe('scan: YAML syntax errors', () => {
  test('an error in a document no rule could match is in `errors`, and does not fail the exit status', async () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  replicas: 2\n';
    const { code, out } = await run(['scan', '-', '--format', 'json'], text);
    assert.equal(code, 0);
    const report = JSON.parse(out) as { findings: unknown[]; errors: { file: string; line: number; message: string }[] };
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.errors.map((e) => [e.file, e.line]), [['-', 7]]);
    assert.match(report.errors[0].message, /unique/i);
  });

  test('a values.yaml-like file with broken YAML gives no errors', async () => {
    const { code, out } = await run(['scan', '-', '--format', 'json'], 'image:\n  tag: [oops\n');
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(out) as { errors: unknown[] }).errors, []);
  });
});

describe('scan: syntax errors are decided per document', () => {
  // a manifest, a document that is no Kubernetes object (a tool's own config in the same file),
  // then a manifest broken by its own indentation
  const mixed = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    'settings:\n  tags: [unclosed\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n   labels: {}\n',
  ].join('---\n');

  test('a broken manifest in a multi-document file is reported; a broken non-manifest document beside it is not', async () => {
    const { code, out } = await run(['scan', '-', '--format', 'json'], mixed);
    assert.equal(code, 0);
    const lines = (JSON.parse(out) as { errors: { line: number }[] }).errors.map((e) => e.line);
    assert.ok(lines.length > 0, 'the broken Deployment is reported');
    // the Deployment is lines 9-13; the settings document (lines 6-7) has no errors listed
    assert.ok(lines.every((line) => line >= 9 && line <= 13), JSON.stringify(lines));
  });

  test('a values.yaml with manifests indented under a key gets no errors', async () => {
    const values = 'extraObjects:\n  - apiVersion: v1\n    kind: ConfigMap\n    data: {a: [1}\n';
    const { out } = await run(['scan', '-', '--format', 'json'], values);
    assert.deepEqual((JSON.parse(out) as { errors: unknown[] }).errors, []);
  });
});
