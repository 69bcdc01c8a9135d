import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli';

test('without --target-version, a --rules file with a later removal moves the default target there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'km-rules-'));
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, 'rules:\n  - id: widget-v1alpha1\n    apiVersion: example.com/v1alpha1\n    kinds: [Widget]\n    deprecatedIn: "1.40"\n    removedIn: "1.45"\n');
  let out = '';
  const code = await main(['scan', '-', '--rules', rulesFile, '--format', 'json'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    readStdin: async () => new TextEncoder().encode('apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata:\n  name: w\n'),
  });
  const report = JSON.parse(out) as { targetVersion: string; findings: { ruleId: string; status: string }[] };
  assert.equal(report.targetVersion, '1.45');
  assert.deepEqual(report.findings.map((f) => [f.ruleId, f.status]), [['widget-v1alpha1', 'removed']]);
  assert.equal(code, 1);
});
