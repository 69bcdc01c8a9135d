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
