import * as vscode from 'vscode';
import { TextAnalyzer } from '../../core/deprecations/analyzeText';
import { evaluateMatches, type Finding } from '../../core/deprecations/findings';
import { settleHelmBranches } from '../../core/deprecations/helmAlternatives';
import type { RuleSet } from '../../core/deprecations/ruleSet';
import { looksLikeKubernetes } from '../../core/manifests/decodeText';
import type { MinorVersion } from '../../core/versions/kubeVersion';
import { findingDiagnostic, syntaxDiagnostic } from './toVscode';
import { isManifestLanguage } from './settings';

/** Below this size every manifest-looking document is parsed, so all its syntax errors show. */
const FULL_SYNTAX_CHECK_BYTES = 512 * 1024;

export interface AnalysisContext {
  readonly rules: RuleSet;
  readonly target: MinorVersion;
  readonly targetLabel: string;
  readonly includeUpcoming: boolean;
}

export interface DocumentState {
  /** Untitled URIs are reused, so a state is only valid for the very document object. */
  readonly document: vscode.TextDocument;
  readonly version: number;
  readonly findings: readonly Finding[];
}

interface Entry {
  readonly analyzer: TextAnalyzer;
  state?: DocumentState;
  timer?: ReturnType<typeof setTimeout>;
  cancel?: vscode.CancellationTokenSource;
}

/**
 * Analyses open documents: debounced per document, cached by document version, and a newer
 * change cancels the pending run of an older one.
 */
export class DocumentAnalyses implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private context: AnalysisContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): AnalysisContext {
    return this.context;
  }

  /** New rules or target: every cached result is stale. */
  reset(context: AnalysisContext): void {
    this.context = context;
    for (const [key, entry] of this.entries) {
      entry.cancel?.cancel();
      this.entries.set(key, { analyzer: new TextAnalyzer(context.rules) });
    }
  }

  schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!this.wanted(document)) {
      this.forget(document.uri);
      this.collection.delete(document.uri);
      return;
    }
    const entry = this.entry(document);
    if (entry.timer !== undefined) {
      clearTimeout(entry.timer);
    }
    entry.cancel?.cancel();
    const cancel = new vscode.CancellationTokenSource();
    entry.cancel = cancel;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (!cancel.token.isCancellationRequested) {
        this.analyze(document, cancel.token);
      }
      cancel.dispose();
      if (entry.cancel === cancel) {
        entry.cancel = undefined;
      }
    }, delayMs);
  }

  /** The analysis for the document's current version, computed now if needed. */
  stateFor(document: vscode.TextDocument): DocumentState | undefined {
    if (!this.wanted(document)) {
      return undefined;
    }
    const entry = this.entry(document);
    if (entry.state?.document === document && entry.state.version === document.version) {
      return entry.state;
    }
    return this.analyze(document, undefined);
  }

  /** A newly opened document starts clean, even when its URI was used before. */
  opened(document: vscode.TextDocument): void {
    this.forget(document.uri);
    if (document.uri.scheme === 'untitled') {
      this.collection.delete(document.uri);
    }
    this.schedule(document, 0);
  }

  forget(uri: vscode.Uri): void {
    const entry = this.entries.get(uri.toString());
    if (entry) {
      if (entry.timer !== undefined) {
        clearTimeout(entry.timer);
      }
      entry.cancel?.cancel();
      this.entries.delete(uri.toString());
    }
    // a closed file keeps its problems (as a workspace scan would show them); unsaved buffers do not
    if (uri.scheme === 'untitled') {
      this.collection.delete(uri);
    }
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      if (entry.timer !== undefined) {
        clearTimeout(entry.timer);
      }
      entry.cancel?.cancel();
    }
    this.entries.clear();
  }

  private wanted(document: vscode.TextDocument): boolean {
    return isManifestLanguage(document) && looksLikeKubernetes(document.getText());
  }

  private entry(document: vscode.TextDocument): Entry {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { analyzer: new TextAnalyzer(this.context.rules) };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private analyze(document: vscode.TextDocument, token: vscode.CancellationToken | undefined): DocumentState | undefined {
    const entry = this.entry(document);
    const version = document.version;
    const text = document.getText();
    const started = Date.now();
    let findings: Finding[];
    let syntax;
    try {
      const analysis = entry.analyzer.analyze(text, {
        path: document.uri.path,
        helm: document.languageId === 'helm' ? true : undefined,
        checkAllSyntax: text.length <= FULL_SYNTAX_CHECK_BYTES,
      });
      const evaluated = evaluateMatches(analysis.matches, this.context.rules, { target: this.context.target, includeUpcoming: this.context.includeUpcoming });
      findings = analysis.helm ? settleHelmBranches(text, evaluated, this.context.rules, this.context.target) : evaluated;
      syntax = analysis.syntaxErrors;
    } catch (error) {
      this.log.error(`Deprecation analysis failed for ${document.uri.toString(true)}: ${String(error)}`);
      return undefined;
    }
    if (token?.isCancellationRequested || document.version !== version) {
      return undefined;
    }
    const state = { document, version, findings };
    entry.state = state;
    this.collection.set(document.uri, [...findings.map(findingDiagnostic), ...syntax.map(syntaxDiagnostic)]);
    this.log.trace(`Analysed ${document.uri.toString(true)} v${version} in ${Date.now() - started} ms: ${findings.length} findings`);
    return state;
  }
}
