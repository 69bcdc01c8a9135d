// The CLI run as a program: exit status from the process, standard input read to its end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(repoRoot, 'src', 'cli.ts');
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

function cli(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a removed API read from standard input makes the process exit 1, with the finding on standard output', () => {
  // a large input arrives in several chunks; all of it is read
  const input = `${'# filler line\n'.repeat(20_000)}${CRON}`;
  const r = cli(['scan', '-', '--target-version', '1.25'], input);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '-:20001:13: error: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead. [cronjob-batch-v1beta1]\n');
  assert.equal(r.status, 1);
});

test('a clean input exits 0 and a usage error 2', () => {
  assert.deepEqual(cli(['scan', '-'], 'apiVersion: batch/v1\nkind: CronJob\n'), { status: 0, stdout: '', stderr: '' });
  const usage = cli(['scan']);
  assert.equal(usage.status, 2);
  assert.equal(usage.stderr, 'kube-maintenance: scan needs at least one PATH (or - for standard input)\n');
});

test('standard input that cannot be read is an error of the report, not a crash', async () => {
  let out = '';
  const code = await main(['scan', '-'], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: () => Promise.reject(new Error('stdin closed')) });
  assert.equal(code, 0);
  assert.equal(out, '-:0: error: cannot read: stdin closed\n');
  let text = '';
  await main(['scan', '-'], { stdout: (t) => (text += t), stderr: () => undefined, readStdin: () => Promise.reject('gone') });
  assert.equal(text, '-:0: error: cannot read: gone\n');
});
