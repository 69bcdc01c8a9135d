// Two details of `scan` a CI job meets: --format text spelled out, and a rules file that reuses a
// built-in rule id.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli';

const tmp = mkdtempSync(join(tmpdir(), 'km-scan-rules-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

async function run(args: string[], stdin: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => new TextEncoder().encode(stdin) });
  return { code, out, err };
}

test('--format text is the default spelled out', async () => {
  const spelled = await run(['scan', '-', '--format', 'text', '--target-version', '1.25'], CRON);
  assert.deepEqual(spelled, await run(['scan', '-', '--target-version', '1.25'], CRON));
  assert.equal(spelled.code, 1);
  assert.match(spelled.out, /^-:1:13: error: /);
});

test('a rules file that reuses a built-in rule id is refused, naming the id', async () => {
  const file = join(tmp, 'reuse.yaml');
  writeFileSync(file, 'rules:\n  - {id: cronjob-batch-v1beta1, apiVersion: example.com/v1, kinds: [W], deprecatedIn: "1.28", removedIn: "1.30"}\n');
  assert.deepEqual(await run(['scan', '-', '--rules', file], 'apiVersion: example.com/v1\nkind: W\n'), {
    code: 2,
    out: '',
    err: `kube-maintenance: invalid rules:\n  ${file}: rules[0] (cronjob-batch-v1beta1): "id" "cronjob-batch-v1beta1" is already used by another rule\n`,
  });
});
