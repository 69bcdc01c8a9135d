// The integration suite's entry: VS Code calls run() inside the extension host, both under
// VS Code Server (test/integration/run.ts) and under @vscode/test-electron (runDesktop.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResults {
  readonly passed: string[];
  readonly failed: { title: string; error: string }[];
  readonly pending: string[];
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(full));
    else if (e.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env['KM_TEST_GREP'];
  if (grep) mocha.grep(grep);
  for (const f of testFiles(__dirname)) mocha.addFile(f);
  const results: SuiteResults = { passed: [], failed: [], pending: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => results.passed.push(t.fullTitle()));
    runner.on('fail', (t, err: Error) => results.failed.push({ title: t.fullTitle(), error: err.stack ?? String(err) }));
    runner.on('pending', (t) => results.pending.push(t.fullTitle()));
  });
  const out = process.env['KM_TEST_RESULTS'];
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  if (results.failed.length > 0) throw new Error(`${results.failed.length} integration tests failed`);
}
