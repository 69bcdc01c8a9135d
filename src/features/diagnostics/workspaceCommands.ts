import * as vscode from 'vscode';
import { fixAllText } from '../../core/deprecations/migrations/fixAll';
import { singleEditBetween } from '../../core/deprecations/migrations/offsetEdits';
import { countByApi, scanText, type FileReport } from '../../core/deprecations/scanReport';
import { decodeText, looksLikeKubernetes } from '../../core/manifests/decodeText';
import type { AnalysisContext } from './documentAnalyses';
import { findingDiagnostic, syntaxDiagnostic } from './toVscode';

const INCLUDE = '**/*.{yaml,yml,json}';

/** One glob for files.exclude and search.exclude together, plus folders never worth scanning. */
function excludeGlob(): string {
  const patterns = new Set<string>(['**/node_modules/**', '**/.git/**']);
  for (const section of ['files', 'search']) {
    const excludes = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [pattern, enabled] of Object.entries(excludes)) {
      if (enabled === true) {
        patterns.add(pattern);
      }
    }
  }
  return `{${[...patterns].join(',')}}`;
}

export interface WorkspaceScanResult {
  readonly files: number;
  readonly reports: readonly (FileReport & { readonly uri: vscode.Uri })[];
  readonly cancelled: boolean;
}

async function scanFiles(context: AnalysisContext, progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken, log: vscode.LogOutputChannel): Promise<WorkspaceScanResult> {
  const uris = await vscode.workspace.findFiles(INCLUDE, excludeGlob(), undefined, token);
  const reports: (FileReport & { uri: vscode.Uri })[] = [];
  let done = 0;
  for (const uri of uris) {
    if (token.isCancellationRequested) {
      return { files: done, reports, cancelled: true };
    }
    progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(1, uris.length) });
    done++;
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      log.warn(`Cannot read ${uri.toString(true)}: ${String(error)}`);
      continue;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      log.info(`${vscode.workspace.asRelativePath(uri)}: ${decoded.reason}`);
      continue;
    }
    if (!looksLikeKubernetes(decoded.text)) {
      continue;
    }
    const report = scanText(uri.path, decoded.text, context.rules, { target: context.target, includeUpcoming: context.includeUpcoming });
    reports.push({ ...report, uri });
    // let the UI breathe between files
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { files: done, reports, cancelled: false };
}

/** Scans the workspace, fills the Problems panel and logs counts per API. Returns the counts for callers and tests. */
export async function scanWorkspace(context: AnalysisContext, collection: vscode.DiagnosticCollection, log: vscode.LogOutputChannel): Promise<{ files: number; removed: number; deprecated: number; cancelled: boolean; summary: ReturnType<typeof countByApi> }> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Scanning for deprecated Kubernetes APIs', cancellable: true },
    (progress, token) => scanFiles(context, progress, token, log),
  );
  const openDocuments = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  for (const report of result.reports) {
    if (!openDocuments.has(report.uri.toString())) {
      collection.set(report.uri, [...report.findings.map(findingDiagnostic), ...report.syntaxErrors.map(syntaxDiagnostic)]);
    }
  }
  const summary = countByApi(result.reports);
  const removed = result.reports.reduce((n, r) => n + r.findings.filter((f) => f.status === 'removed').length, 0);
  const deprecated = result.reports.reduce((n, r) => n + r.findings.filter((f) => f.status === 'deprecated').length, 0);
  log.info(`Deprecation scan for Kubernetes ${context.targetLabel}: ${result.files} files, ${removed} removed, ${deprecated} deprecated${result.cancelled ? ' (cancelled)' : ''}`);
  for (const entry of summary) {
    log.info(`  ${String(entry.count).padStart(5)}  ${entry.status.padEnd(10)}  ${entry.key}`);
  }
  const message = `Kubernetes ${context.targetLabel}: ${removed} removed and ${deprecated} deprecated API uses in ${result.reports.filter((r) => r.findings.length > 0).length} files${result.cancelled ? ' (scan cancelled)' : ''}.`;
  void vscode.window.showInformationMessage(message, 'Show Summary').then((choice) => {
    if (choice) {
      log.show(true);
    }
  });
  return { files: result.files, removed, deprecated, cancelled: result.cancelled, summary };
}

/** Applies every safe fix in every scanned file as one workspace edit. */
export async function fixAllInWorkspace(context: AnalysisContext, log: vscode.LogOutputChannel): Promise<{ files: number; applied: number; manual: number }> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Fixing deprecated Kubernetes APIs', cancellable: true },
    (progress, token) => scanFiles(context, progress, token, log),
  );
  if (result.cancelled) {
    return { files: 0, applied: 0, manual: 0 };
  }
  const edit = new vscode.WorkspaceEdit();
  let applied = 0;
  let manual = 0;
  let files = 0;
  for (const report of result.reports) {
    if (report.findings.length === 0) {
      continue;
    }
    // fixed from the document's text, as the edit applies to it: VS Code opens a file with lone-CR
    // line breaks as CRLF, so offsets into the file's bytes would miss
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === report.uri.toString());
    const document = open ?? (await vscode.workspace.openTextDocument(report.uri));
    const before = document.getText();
    const fixed = fixAllText(before, context.rules, { target: context.target, path: report.uri.path });
    manual += fixed.manual.length;
    for (const m of fixed.manual) {
      log.info(`${vscode.workspace.asRelativePath(report.uri)}:${m.line + 1}: needs a manual change (${m.ruleId}): ${m.reason}`);
    }
    const change = singleEditBetween(before, fixed.text);
    if (!change || fixed.applied === 0) {
      continue;
    }
    edit.replace(report.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.newText);
    applied += fixed.applied;
    files++;
  }
  if (files > 0) {
    await vscode.workspace.applyEdit(edit);
  }
  const message = `Applied ${applied} fixes in ${files} files${manual > 0 ? `; ${manual} need a manual change (see the log)` : ''}.`;
  log.info(message);
  void vscode.window.showInformationMessage(message);
  return { files, applied, manual };
}
