// The order of a folder scan, whatever order the file system lists entries in.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli';

const tmp = mkdtempSync(join(tmpdir(), 'km-scan-order-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

test('files and folders are scanned in name order; backup copies of manifests are not scanned', async () => {
  const names = ['m.yaml', 'c.yml', 'x.json', 'a.yaml', 'q', 'e.yaml', 'z.yaml', 'b.yaml'];
  for (const name of names) {
    if (name === 'q') {
      mkdirSync(join(tmp, 'q'));
      writeFileSync(join(tmp, 'q', 'inner.yaml'), CRON);
    } else {
      writeFileSync(join(tmp, name), name.endsWith('.json') ? JSON.stringify({ apiVersion: 'batch/v1beta1', kind: 'CronJob' }) : CRON);
    }
  }
  writeFileSync(join(tmp, 'old.yaml.bak'), CRON);
  writeFileSync(join(tmp, 'notes.yaml~'), CRON);
  let out = '';
  const code = await main(['scan', tmp, '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => new Uint8Array() });
  assert.equal(code, 1);
  const files = (JSON.parse(out) as { findings: { file: string }[] }).findings.map((f) => f.file.slice(tmp.length + 1));
  assert.deepEqual(files, ['a.yaml', 'b.yaml', 'c.yml', 'e.yaml', 'm.yaml', join('q', 'inner.yaml'), 'x.json', 'z.yaml']);
});
