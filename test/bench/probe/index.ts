// Runs inside the extension host in place of a test suite: activates one extension and writes how
// long VS Code took to load and activate it.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const id = process.env['KM_BENCH_EXTENSION'] ?? '';
  const out = process.env['KM_BENCH_RESULTS'] ?? '';
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`extension ${id} not found`);
  if (ext.isActive) throw new Error(`extension ${id} was already active; the measurement would be empty`);
  // Let the host finish its own start-up so the figure is the extension's load and activate alone.
  await new Promise((r) => setTimeout(r, 3000));
  const start = performance.now();
  await ext.activate();
  const ms = performance.now() - start;
  fs.writeFileSync(out, JSON.stringify({ id, ms }));
}
