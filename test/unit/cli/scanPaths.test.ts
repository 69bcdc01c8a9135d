import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => new Uint8Array() });
  return { code, out, err };
}

const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

describe('scan paths', () => {
  test('a folder that does not exist exits 2, even beside a clean folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'km-paths-'));
    writeFileSync(join(root, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
    const result = await run(['scan', root, join(root, 'does-not-exist/')]);
    assert.equal(result.code, 2);
    assert.match(result.err, /does-not-exist\/: no such file or directory/);
  });

  test('symlinked manifests and folders inside a scanned folder are followed, and a link loop ends', async () => {
    const root = mkdtempSync(join(tmpdir(), 'km-links-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'km-target-'));
    writeFileSync(join(elsewhere, 'cron.yaml'), CRON);
    mkdirSync(join(elsewhere, 'nested'));
    writeFileSync(join(elsewhere, 'nested', 'cron2.yaml'), CRON);
    mkdirSync(join(root, 'deploy'));
    symlinkSync(join(elsewhere, 'cron.yaml'), join(root, 'deploy', 'linked.yaml'));
    symlinkSync(join(elsewhere, 'nested'), join(root, 'deploy', 'linked-dir'));
    // a loop: a link back to the scanned folder itself
    symlinkSync(root, join(root, 'deploy', 'loop'));
    const result = await run(['scan', root, '--target-version', '1.25', '--format', 'json']);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.out) as { findings: { file: string }[] };
    assert.deepEqual(report.findings.map((f) => f.file.slice(root.length)), ['/deploy/linked-dir/cron2.yaml', '/deploy/linked.yaml']);
  });
});
