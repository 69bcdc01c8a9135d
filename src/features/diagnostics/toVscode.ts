import * as vscode from 'vscode';
import type { SyntaxProblem } from '../../core/deprecations/analyzeText';
import type { Finding } from '../../core/deprecations/findings';
import type { TextEdit } from '../../core/deprecations/migrations/computeFix';
import type { Range } from '../../core/manifests/positions';
import { SOURCE } from './settings';

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

const SEVERITY = {
  removed: vscode.DiagnosticSeverity.Error,
  deprecated: vscode.DiagnosticSeverity.Warning,
  upcoming: vscode.DiagnosticSeverity.Information,
} as const;

/** Thousands of findings share a few links; parse each once. */
const linkUris = new Map<string, vscode.Uri>();

function linkUri(link: string): vscode.Uri {
  let uri = linkUris.get(link);
  if (!uri) {
    uri = vscode.Uri.parse(link);
    if (linkUris.size > 1000) {
      linkUris.clear();
    }
    linkUris.set(link, uri);
  }
  return uri;
}

export function findingDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, SEVERITY[finding.status]);
  diagnostic.source = SOURCE;
  diagnostic.code = finding.link ? { value: finding.ruleId, target: linkUri(finding.link) } : finding.ruleId;
  if (finding.status === 'deprecated') {
    diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
  }
  return diagnostic;
}

export function syntaxDiagnostic(problem: SyntaxProblem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = SOURCE;
  diagnostic.code = 'yaml-syntax';
  return diagnostic;
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(uri, toRange(e.range), e.newText);
  }
  return edit;
}
