// Runs inside the extension host in place of a test suite: opens the benchmark manifest in an
// editor, as a person would, and reports the time from opening it to its first diagnostics from
// this extension, and to all of them. The extension is activated first, so activation is not timed.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const SOURCE = 'Kubernetes Maintenance';

function ours(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE).length;
}

export async function run(): Promise<void> {
  const out = process.env['KM_BENCH_RESULTS'] ?? '';
  const file = process.env['KM_BENCH_FILE'] ?? '';
  const expected = Number(process.env['KM_BENCH_EXPECTED'] ?? '0');
  try {
    const ext = vscode.extensions.getExtension('kubernetes-maintenance.kubernetes-maintenance');
    if (!ext) throw new Error('extension not found');
    await ext.activate();
    // let the extension finish loading its rules and settings
    await new Promise((r) => setTimeout(r, 2000));
    const uri = vscode.Uri.file(file);
    const started = performance.now();
    let first: number | undefined;
    const done = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics within 120 s (saw ${ours(uri)})`)), 120_000);
      const check = (): void => {
        const count = ours(uri);
        if (count > 0 && first === undefined) first = performance.now() - started;
        if (count >= expected) {
          clearTimeout(timer);
          sub.dispose();
          resolve(performance.now() - started);
        }
      };
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) check();
      });
    });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const all = await done;
    // the editor must stay responsive afterwards: a round trip through the extension host
    const probeStart = performance.now();
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0));
    const codeActionsMs = performance.now() - probeStart;
    fs.writeFileSync(out, JSON.stringify({ firstMs: first ?? all, allMs: all, diagnostics: ours(uri), codeActionsMs }));
  } catch (error) {
    fs.writeFileSync(out, JSON.stringify({ error: String(error) }));
    throw error;
  }
}
