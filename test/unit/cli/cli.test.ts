import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli';
import { FIXTURES } from '../deprecations/fixturePaths';

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => new TextEncoder().encode(stdin),
  });
  return { code, out, err };
}

const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

describe('kube-maintenance scan', () => {
  test('JSON output has 1-based positions starting at the value', async () => {
    const { code, out } = await run(['scan', '-', '--target-version', '1.25', '--format', 'json'], CRON);
    assert.equal(code, 1);
    const report = JSON.parse(out) as { targetVersion: string; findings: Record<string, unknown>[]; errors: unknown[] };
    assert.equal(report.targetVersion, '1.25');
    assert.deepEqual(report.findings, [
      {
        file: '-', line: 1, column: 13, endLine: 1, endColumn: 26, ruleId: 'cronjob-batch-v1beta1', status: 'removed', kind: 'CronJob',
        apiVersion: 'batch/v1beta1', replacement: 'batch/v1', deprecatedIn: '1.21', removedIn: '1.25',
        message: 'batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead.',
      },
    ]);
    assert.deepEqual(report.errors, []);
  });

  test('text output and exit codes for deprecated findings', async () => {
    const deprecated = await run(['scan', '-', '--target-version', '1.22'], CRON);
    assert.equal(deprecated.code, 0);
    assert.equal(deprecated.out, '-:1:13: warning: batch/v1beta1 CronJob is deprecated since 1.21 and stops being served in 1.25; use batch/v1 instead. [cronjob-batch-v1beta1]\n');
    assert.equal((await run(['scan', '-', '--target-version=1.22', '--fail-on', 'deprecated'], CRON)).code, 1);
    assert.equal((await run(['scan', '-', '--target-version', '1.20'], CRON)).out, '');
  });

  test('SARIF 2.1.0 with rules, help links and regions', async () => {
    const { out } = await run(['scan', '-', '--format', 'sarif'], CRON);
    const sarif = JSON.parse(out) as { version: string; runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.rules[0].id, 'cronjob-batch-v1beta1');
    assert.match(run0.tool.driver.rules[0].helpUri, /deprecation-guide\/#cronjob-v125$/);
    assert.equal(run0.results[0].level, 'error');
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 13, endLine: 1, endColumn: 26 });
  });

  test('folders are searched recursively, skipping .git and node_modules; bad files are reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-maintenance-cli-'));
    mkdirSync(join(dir, 'nested'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'nested', 'cron.yml'), CRON);
    writeFileSync(join(dir, '.git', 'cron.yaml'), CRON);
    writeFileSync(join(dir, 'node_modules', 'cron.yaml'), CRON);
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0xe9, 0x0a]));
    writeFileSync(join(dir, 'readme.md'), CRON);
    const { code, out } = await run(['scan', dir, '--format', 'json']);
    assert.equal(code, 1);
    const report = JSON.parse(out) as { findings: { file: string }[]; errors: { file: string; message: string }[] };
    assert.deepEqual(report.findings.map((f) => f.file), [join(dir, 'nested', 'cron.yml')]);
    assert.deepEqual(report.errors.map((e) => e.message).sort(), ['skipped: binary file', 'skipped: not valid UTF-8']);
  });

  test('the fixtures scan without crashing', async () => {
    const { code, out } = await run(['scan', FIXTURES, '--format', 'json']);
    assert.equal(code, 1);
    assert.ok((JSON.parse(out) as { findings: unknown[] }).findings.length > 10);
  });

  test('custom rules from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-maintenance-rules-'));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, 'rules:\n  - {id: widget-old, apiVersion: example.com/v1alpha1, kinds: [Widget], deprecatedIn: "1.28", removedIn: "1.30"}\n');
    const { code, out } = await run(['scan', '-', '--rules', rules, '--target-version', '1.30'], 'apiVersion: example.com/v1alpha1\nkind: Widget\n');
    assert.equal(code, 1);
    assert.match(out, /\[widget-old\]/);
    writeFileSync(rules, 'rules:\n  - {id: bad}\n');
    const bad = await run(['scan', '-', '--rules', rules], '');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /"apiVersion" must be a non-empty string/);
  });

  test('usage errors exit 2', async () => {
    for (const args of [[], ['lint'], ['scan'], ['scan', '-', '--format', 'xml'], ['scan', '-', '--target-version', 'latest'], ['scan', '-', '--bogus']]) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.ok(result.err.length > 0);
    }
    assert.equal((await run(['--help'])).code, 0);
  });

  test('a missing path fails like a usage error (exit 2), so a mistyped CI path cannot pass', async () => {
    const { code, out, err } = await run(['scan', '/nonexistent/path', '--format', 'json']);
    assert.equal(code, 2);
    assert.match(err, /\/nonexistent\/path: no such file or directory/);
    assert.deepEqual((JSON.parse(out) as { errors: unknown[] }).errors, [{ file: '/nonexistent/path', line: 0, message: 'no such file or directory' }]);
  });
});
