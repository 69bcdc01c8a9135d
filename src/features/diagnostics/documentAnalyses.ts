import * as vscode from 'vscode';
import type { ChangeHint } from '../../core/deprecations/analyzeText';
import { DocumentFindingsTracker } from '../../core/deprecations/documentFindings';
import type { Finding } from '../../core/deprecations/findings';
import type { RuleSet } from '../../core/deprecations/ruleSet';
import { looksLikeKubernetes } from '../../core/manifests/decodeText';
import { compareMinor, type MinorVersion } from '../../core/versions/kubeVersion';
import { findingDiagnostic, syntaxDiagnostic } from './toVscode';
import { isManifestLanguage } from './settings';

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
  readonly tracker: DocumentFindingsTracker;
  /** The unchanged head and tail since the last analysis, from the editor's change events. */
  change?: { prefix: number; suffix: number; length: number };
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
  private enabled = true;

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private context: AnalysisContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): AnalysisContext {
    return this.context;
  }

  /**
   * New rules or target: every cached result is stale, and true is returned. When only the label
   * changed (the same version learnt again from a cluster), results stay and false is returned.
   */
  reset(context: AnalysisContext): boolean {
    const previous = this.context;
    this.context = context;
    if (context.rules === previous.rules && compareMinor(context.target, previous.target) === 0 && context.includeUpcoming === previous.includeUpcoming) {
      return false;
    }
    for (const [key, entry] of this.entries) {
      entry.cancel?.cancel();
      this.entries.set(key, this.newEntry());
    }
    return true;
  }

  /**
   * Records an edit from onDidChangeTextDocument and schedules the analysis. The change
   * ranges tell which head and tail of the text are unchanged, so re-analysis skips comparing
   * the texts. Every change event of the document must come through here.
   */
  changed(event: vscode.TextDocumentChangeEvent, delayMs: number): void {
    const entry = this.entries.get(event.document.uri.toString());
    if (entry?.change !== undefined) {
      const length = entry.change.length;
      let { prefix, suffix } = entry.change;
      // every change of one event is relative to the text before the event
      let next = length;
      for (const c of event.contentChanges) {
        prefix = Math.min(prefix, c.rangeOffset);
        suffix = Math.min(suffix, length - (c.rangeOffset + c.rangeLength));
        next += c.text.length - c.rangeLength;
      }
      entry.change = { prefix: Math.max(0, prefix), suffix: Math.max(0, suffix), length: next };
    } else if (entry) {
      entry.change = undefined;
    }
    this.schedule(event.document, delayMs);
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
      // a hover or code action may have analysed this version meanwhile, and published it
      const done = entry.state?.document === document && entry.state.version === document.version;
      if (!cancel.token.isCancellationRequested && !done) {
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
    // the current version's result first: it was wanted, and hovers need not copy a large text again
    const cached = this.entries.get(document.uri.toString())?.state;
    if (cached?.document === document && cached.version === document.version) {
      return cached;
    }
    if (!this.wanted(document)) {
      return undefined;
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
  }

  /** Whether the document at this URI is being analysed (it was opened and not closed since). */
  isTracked(uri: vscode.Uri): boolean {
    return this.entries.has(uri.toString());
  }

  /** A closed document's problems leave the Problems panel with it. */
  closed(uri: vscode.Uri): void {
    this.forget(uri);
    this.collection.delete(uri);
  }

  /**
   * Switched off, nothing is kept, the Problems panel is emptied and hovers and code actions find
   * nothing; switched on again, documents are analysed as they are scheduled.
   */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) {
      this.dispose();
      this.collection.clear();
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
    return this.enabled && isManifestLanguage(document) && looksLikeKubernetes(document.getText());
  }

  private entry(document: vscode.TextDocument): Entry {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.newEntry();
      this.entries.set(key, entry);
    }
    return entry;
  }

  private newEntry(): Entry {
    const { rules, target, includeUpcoming } = this.context;
    return { tracker: new DocumentFindingsTracker(rules, { target, includeUpcoming }) };
  }

  private analyze(document: vscode.TextDocument, token: vscode.CancellationToken | undefined): DocumentState | undefined {
    const entry = this.entry(document);
    const version = document.version;
    const text = document.getText();
    const started = Date.now();
    let findings: readonly Finding[];
    let syntax;
    // the hint is valid only when it was gathered from the version analysed last
    const change = entry.change;
    const hint: ChangeHint | undefined = change && change.length === text.length ? { prefix: change.prefix, suffix: change.suffix } : undefined;
    try {
      const analysis = entry.tracker.update(text, { path: document.uri.path, helm: document.languageId === 'helm' ? true : undefined }, hint);
      // from now on, edits are measured against this text, whether or not its result is used
      entry.change = { prefix: text.length, suffix: text.length, length: text.length };
      findings = analysis.findings;
      syntax = analysis.syntaxErrors;
    } catch (error) {
      entry.change = undefined;
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
