import * as vscode from 'vscode';
import type { ServerVersionHint } from '../../core/cluster/types';
import { createRuleSet } from '../../core/deprecations/ruleSet';
import { DocumentAnalyses, type AnalysisContext } from './documentAnalyses';
import { DeprecationCodeActionProvider, DeprecationHoverProvider } from './providers';
import { loadRules } from './ruleLoading';
import { SECTION } from '../../settings';
import { COMMANDS, MANIFEST_SELECTOR, readSettings } from './settings';
import { createTargetStatusItem, pickTargetVersion, showTarget } from './statusBar';
import { resolveTarget } from './targetVersion';
import { fixAllInWorkspace, scanWorkspace } from './workspaceCommands';

export interface DeprecationFeatureDeps {
  readonly log: vscode.LogOutputChannel;
  /** The current context's server version, known without a network call, or undefined. */
  readonly getServerVersion?: () => Promise<ServerVersionHint | undefined>;
  /** Fires when a server version was learnt, so an "auto" target is resolved again. */
  readonly onDidLearnServerVersion?: vscode.Event<void>;
}

/**
 * Registers the deprecated-API diagnostics, hovers, quick fixes, status-bar target version and
 * workspace commands. Every disposable goes into context.subscriptions.
 */
export function registerDeprecationFeatures(context: vscode.ExtensionContext, deps: DeprecationFeatureDeps): void {
  const { log } = deps;
  const collection = vscode.languages.createDiagnosticCollection('kubeMaintenance.deprecations');
  const statusItem = createTargetStatusItem();
  let settings = readSettings();
  let analysisContext: AnalysisContext | undefined;
  const analyses = new DocumentAnalyses(collection, placeholderContext(), log);
  context.subscriptions.push(collection, statusItem, analyses);

  const refreshAll = (): void => {
    for (const document of vscode.workspace.textDocuments) {
      analyses.schedule(document, 0);
    }
  };

  let configuring = Promise.resolve();
  const configure = (): Promise<void> => {
    configuring = configuring.then(async () => {
      const wasEnabled = settings.enabled;
      settings = readSettings();
      const loaded = await loadRules(settings);
      for (const error of loaded.errors) {
        log.error(`Custom deprecation rule: ${error}`);
      }
      for (const note of loaded.ignored) {
        log.warn(`Custom deprecation rules: ${note}`);
      }
      if (loaded.errors.length > 0) {
        void vscode.window.showWarningMessage(`Kubernetes Maintenance: ${loaded.errors.length} custom deprecation rule problem(s); see the log for details.`);
      }
      const target = await resolveTarget(settings.targetVersion, loaded.rules.newestMinor, deps.getServerVersion);
      analysisContext = { rules: loaded.rules, target: target.version, targetLabel: target.label, includeUpcoming: settings.reportUpcomingRemovals };
      showTarget(statusItem, target, loaded.errors.length);
      // learning the same version again, or a setting the analysis does not read, changes nothing:
      // analysing and sending every open file's diagnostics again would only cost time
      const changed = analyses.reset(analysisContext);
      analyses.setEnabled(settings.enabled);
      if (settings.enabled) {
        if (changed || !wasEnabled) refreshAll();
      }
    });
    return configuring;
  };

  const ready = async (): Promise<AnalysisContext> => {
    await configuring;
    return analysisContext ?? placeholderContext();
  };

  context.subscriptions.push(
    vscode.languages.registerHoverProvider(MANIFEST_SELECTOR, new DeprecationHoverProvider(analyses)),
    vscode.languages.registerCodeActionsProvider(MANIFEST_SELECTOR, new DeprecationCodeActionProvider(analyses), {
      providedCodeActionKinds: DeprecationCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.workspace.onDidOpenTextDocument((document) => settings.enabled && analyses.opened(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (settings.enabled && event.contentChanges.length > 0) {
        analyses.changed(event, settings.debounceMs);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((document) => analyses.closed(document.uri)),
    // VS Code keeps a document open for a while after its last tab closes, so tabs decide
    vscode.window.tabGroups.onDidChangeTabs((event) => {
      const shown = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap(tabUris).map((u) => u.toString()));
      for (const uri of event.closed.flatMap(tabUris)) {
        // an untitled document closes with its tab, and its name is soon reused: leave it to onDidClose
        if (uri.scheme !== 'untitled' && !shown.has(uri.toString())) {
          analyses.closed(uri);
        }
      }
      // a file shown again before VS Code closed its document gets no open event: analyse it again
      for (const uri of event.opened.flatMap(tabUris)) {
        if (uri.scheme === 'untitled' || analyses.isTracked(uri) || !settings.enabled) {
          continue;
        }
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) {
          analyses.schedule(document, 0);
        }
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) {
        void configure();
      }
    }),
    // workspace rules count only once the workspace is trusted
    vscode.workspace.onDidGrantWorkspaceTrust(() => void configure()),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.uri.path.endsWith(settings.rulesFile)) {
        void configure();
      }
    }),
    vscode.commands.registerCommand(COMMANDS.selectTargetVersion, async () => {
      const current = await ready();
      await pickTargetVersion(current.rules.newestMinor);
      await configure();
    }),
    vscode.commands.registerCommand(COMMANDS.scanWorkspace, async () => scanWorkspace(await ready(), collection, log)),
    vscode.commands.registerCommand(COMMANDS.fixAllInWorkspace, async () => fixAllInWorkspace(await ready(), log)),
    vscode.commands.registerCommand(COMMANDS.openMigrationGuide, async (link: unknown) => {
      if (typeof link === 'string' && /^https?:\/\//.test(link)) {
        await vscode.env.openExternal(vscode.Uri.parse(link));
      }
    }),
  );
  if (deps.onDidLearnServerVersion) {
    context.subscriptions.push(
      deps.onDidLearnServerVersion(() => {
        if (settings.targetVersion.trim().toLowerCase() === 'auto') void configure();
      }),
    );
  }
  void configure();
}

/** The documents a tab shows. */
function tabUris(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) {
    return [input.uri];
  }
  if (input instanceof vscode.TabInputTextDiff) {
    return [input.modified];
  }
  return [];
}

function placeholderContext(): AnalysisContext {
  // replaced as soon as configure() has loaded the rules and resolved the target
  return { rules: emptyRules, target: { major: 1, minor: 0 }, targetLabel: '…', includeUpcoming: false };
}

const emptyRules = createRuleSet([], [], []);
