import * as vscode from 'vscode';
import { hoverMarkdown } from '../../core/deprecations/hoverText';
import { computeFix, type FixOptions } from '../../core/deprecations/migrations/computeFix';
import { fixAllText } from '../../core/deprecations/migrations/fixAll';
import { singleEditBetween } from '../../core/deprecations/migrations/offsetEdits';
import type { DocumentAnalyses } from './documentAnalyses';
import { COMMANDS, SOURCE } from './settings';
import { toRange, toWorkspaceEdit } from './toVscode';

/** Explains the findings on the hovered line, from the cached analysis. */
export class DeprecationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: DocumentAnalyses) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.analyses.stateFor(document);
    const findings = state?.findings.filter((f) => f.range.start.line <= position.line && position.line <= f.range.end.line) ?? [];
    if (findings.length === 0) {
      return undefined;
    }
    const { rules, target, targetLabel } = this.analyses.current;
    const options = fixOptions(document, target);
    const text = document.getText();
    const parts = findings.map((finding) => {
      const fix = computeFix(text, finding, rules, options);
      return hoverMarkdown(finding, targetLabel, fix.kind === 'edit' ? { kind: 'edit', title: fix.title } : { kind: 'manual', reason: fix.reason });
    });
    // not trusted and without HTML: the text comes from the manifest and from custom rules
    const markdown = new vscode.MarkdownString(parts.join('\n\n---\n\n'));
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, toRange(findings[0].range));
  }
}

function fixOptions(document: vscode.TextDocument, target: FixOptions['target']): FixOptions {
  return { target, path: document.uri.path, helm: document.languageId === 'helm' ? true : undefined };
}

/**
 * Our own fix-all kind, so `editor.codeActionsOnSave` can turn it on or off by name, and a
 * request for another tool's fix-all (source.fixAll.eslint) never rewrites manifests.
 */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('kubeMaintenance');

class LazyFixAll extends vscode.CodeAction {
  constructor(
    readonly document: vscode.TextDocument,
    readonly options: Parameters<typeof fixAllText>[2],
  ) {
    super('Fix all deprecated Kubernetes APIs in this file', vscode.CodeActionKind.QuickFix);
  }
}

export class DeprecationCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly analyses: DocumentAnalyses) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const state = this.analyses.stateFor(document);
    if (!state || token.isCancellationRequested) {
      return [];
    }
    const { rules, target } = this.analyses.current;
    const options = fixOptions(document, target);
    if (context.only?.contains(FIX_ALL_KIND)) {
      return this.fixAll(document, options);
    }
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(context.only)) {
      return [];
    }
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    for (const finding of state.findings) {
      if (!toRange(finding.range).intersection(range) && !(range.isEmpty && finding.range.start.line === range.start.line)) {
        continue;
      }
      const diagnostics = context.diagnostics.filter((d) => d.source === SOURCE && d.range.isEqual(toRange(finding.range)));
      const fix = computeFix(text, finding, rules, options);
      if (fix.kind === 'edit') {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document.uri, fix.edits);
        action.diagnostics = diagnostics;
        action.isPreferred = true;
        actions.push(action);
      } else {
        const action = new vscode.CodeAction(`${fix.title} (${fix.reason})`, vscode.CodeActionKind.QuickFix);
        action.command = { title: fix.title, command: COMMANDS.openMigrationGuide, arguments: [fix.link] };
        action.diagnostics = diagnostics;
        actions.push(action);
      }
    }
    if (state.findings.length > 1 && actions.some((a) => a.edit)) {
      // Offered without its edit: rewriting a large file takes long, and the light bulb asks often.
      actions.push(new LazyFixAll(document, options));
    }
    return actions;
  }

  /** Computes the file-wide fix only when the user picks it. */
  resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): vscode.CodeAction {
    if (!(action instanceof LazyFixAll) || token.isCancellationRequested) return action;
    const [resolved] = this.fixAll(action.document, action.options, vscode.CodeActionKind.QuickFix);
    if (resolved?.edit) {
      action.edit = resolved.edit;
      action.title = resolved.title;
    }
    return action;
  }

  private fixAll(document: vscode.TextDocument, options: Parameters<typeof fixAllText>[2], kind = FIX_ALL_KIND): vscode.CodeAction[] {
    const before = document.getText();
    const result = fixAllText(before, this.analyses.current.rules, options);
    const edit = singleEditBetween(before, result.text);
    if (!edit || result.applied === 0) {
      return [];
    }
    const action = new vscode.CodeAction(`Fix all deprecated Kubernetes APIs in this file (${result.applied})`, kind);
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
    action.edit = workspaceEdit;
    return [action];
  }
}
