// Runs inside the extension host in place of a test suite: reports how long VS Code took to load and
// activate one extension, from the extension host's own performance marks (willActivateExtension /
// didActivateExtension), whatever event activated it.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

interface Mark {
  readonly name: string;
  readonly startTime: number;
}

/** VS Code keeps its own performance marks on globalThis; fall back to the Node performance timeline. */
function marks(): readonly Mark[] {
  const store = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Mark[] } }).MonacoPerformanceMarks;
  return store ? store.getMarks() : performance.getEntriesByType('mark');
}

function mark(name: string): number | undefined {
  return marks().find((m) => m.name === name)?.startTime;
}

export async function run(): Promise<void> {
  const id = process.env['KM_BENCH_EXTENSION'] ?? '';
  const out = process.env['KM_BENCH_RESULTS'] ?? '';
  const ext = vscode.extensions.getExtension(id);
  const fail = (error: string): never => {
    fs.writeFileSync(out, JSON.stringify({ id, error }));
    throw new Error(error);
  };
  if (!ext) return fail(`extension ${id} not found`);
  if (!ext.isActive) await ext.activate();
  const will = mark(`code/extHost/willActivateExtension/${ext.id}`);
  const did = mark(`code/extHost/didActivateExtension/${ext.id}`);
  if (will === undefined || did === undefined) {
    const seen = marks().map((m) => m.name).filter((n) => n.includes('ctivate')).slice(0, 10);
    return fail(`no activation marks for ${ext.id} (saw: ${seen.join(', ') || 'none'})`);
  }
  fs.writeFileSync(out, JSON.stringify({ id, ms: did - will }));
}
