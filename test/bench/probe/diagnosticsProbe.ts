// Runs inside the extension host in place of a test suite: opens the benchmark manifest in an
// editor, as a person would, and reports when (wall-clock, milliseconds since the epoch, so the
// page's clock can be compared with it) it asked for the file, when VS Code handed the document to
// extensions, and when this extension's diagnostics for it were first and fully present. The
// extension is activated first, so activation is not timed. With KM_BENCH_PROFILE=FILE it also
// writes a CPU profile of the extension host from the open to the last diagnostic.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as vscode from 'vscode';

const SOURCE = 'Kubernetes Maintenance';

function ours(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE).length;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function post(session: inspector.Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

/** KM_BENCH_PRESET: the CLI's JSON report of the file, for the run without analysis. */
function presetDiagnostics(): vscode.Diagnostic[] | undefined {
  const file = process.env['KM_BENCH_PRESET'];
  if (!file) return undefined;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: { line: number; column: number; endLine: number; endColumn: number; message: string; status: string }[] };
  return report.findings.map((f) => {
    const d = new vscode.Diagnostic(new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1), f.message, f.status === 'removed' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.source = SOURCE;
    return d;
  });
}

export async function run(): Promise<void> {
  const out = process.env['KM_BENCH_RESULTS'] ?? '';
  const file = process.env['KM_BENCH_FILE'] ?? '';
  const expected = Number(process.env['KM_BENCH_EXPECTED'] ?? '0');
  const profile = process.env['KM_BENCH_PROFILE'];
  try {
    const ext = vscode.extensions.getExtension(process.env['KM_BENCH_EXTENSION'] ?? 'kubernetes-maintenance.kubernetes-maintenance');
    if (!ext) throw new Error('extension not found');
    await ext.activate();
    // let the extension finish loading its rules and settings
    await new Promise((r) => setTimeout(r, 2000));
    const uri = vscode.Uri.file(file);
    const session = profile ? new inspector.Session() : undefined;
    if (session) {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.start');
    }
    const startedAt = now();
    let openedAt: number | undefined;
    let firstAt: number | undefined;
    // the baseline: VS Code showing the same diagnostics, known in advance, the moment the file opens
    const preset = presetDiagnostics();
    const collection = preset ? vscode.languages.createDiagnosticCollection('bench-preset') : undefined;
    const opened = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.toString() !== uri.toString()) return;
      openedAt ??= now();
      if (collection && preset) collection.set(uri, preset);
    });
    const done = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics within 120 s (saw ${ours(uri)})`)), 120_000);
      // VS Code fires this event up to 50 ms after the diagnostics were set (and sent to the window)
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (!e.uris.some((u) => u.toString() === uri.toString())) return;
        const count = ours(uri);
        if (count > 0) firstAt ??= now();
        if (count >= expected) {
          clearTimeout(timer);
          sub.dispose();
          resolve(now());
        }
      });
    });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const allAt = await done;
    opened.dispose();
    if (session && profile) {
      const result = (await post(session, 'Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(profile, JSON.stringify(result.profile));
      session.disconnect();
    }
    // the editor must stay responsive afterwards: a round trip through the extension host
    const probeStart = performance.now();
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0));
    const codeActionsMs = performance.now() - probeStart;
    // the window clears this host's diagnostics when it ends: stay until the bench has read the page
    const release = `${out}.read`;
    fs.writeFileSync(out, JSON.stringify({ startedAt, openedAt: openedAt ?? NaN, firstAt: firstAt ?? allAt, allAt, diagnostics: ours(uri), codeActionsMs }));
    for (let i = 0; i < 100 && !fs.existsSync(release); i++) await new Promise((r) => setTimeout(r, 100));
  } catch (error) {
    fs.writeFileSync(out, JSON.stringify({ error: String(error) }));
    throw error;
  }
}
