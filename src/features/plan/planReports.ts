// Plans made in the editor: gathered through the shared cluster sessions, the workspace's manifests
// scanned with the same engine, shown as a Markdown preview of a virtual document per context, and
// made again when the cluster or the workspace's manifests change.
import * as vscode from 'vscode';
import type { ClusterModels, ModelRef } from '../../cluster/clusterModels';
import { gatherClusterFacts } from '../../cluster/liveFacts';
import { builtinRuleSet } from '../../core/deprecations/ruleSet';
import { scanText } from '../../core/deprecations/scanReport';
import { builtinReleaseData, parseReleaseDataText, stalenessWarning, type ReleaseData } from '../../core/releases/releaseData';
import { apiUsesFromFindings } from '../../core/upgrade/apiUses';
import type { ApiUse } from '../../core/upgrade/facts';
import { computePlan } from '../../core/upgrade/plan';
import { planToMarkdown } from '../../core/upgrade/planFormats';
import type { UpgradePlan } from '../../core/upgrade/planTypes';
import { compareMinor, parseMinorVersion, type MinorVersion } from '../../core/versions/kubeVersion';
import { setPlanSummary } from './planSummaries';
import { readPlanConfig } from './planSettings';

export const PLAN_SCHEME = 'kube-maintenance-plan';
const MANIFESTS = '**/*.{yaml,yml,json}';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';
const MAX_FILES = 5000;
/** Quiet time after a change before the plan is made again. */
const REFRESH_DELAY_MS = 2000;
/** Automatic re-plans of one context are at least this far apart (a busy cluster changes all the time). */
const MIN_REFRESH_INTERVAL_MS = 10_000;

interface Entry {
  readonly context: string;
  target?: MinorVersion;
  plan?: UpgradePlan;
  markdown: string;
  running?: AbortController;
  timer?: ReturnType<typeof setTimeout>;
  /** Holds the context's live model while its plan exists, so cluster changes are seen. */
  ref?: ModelRef;
  madeAt?: number;
}

export function planUri(context: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${encodeURIComponent(context)}.md` });
}

export class PlanReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private warnedStale = false;

  constructor(private readonly registry: ClusterModels, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.changed,
      registry.onDidChange((context) => this.schedule(context)),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (['yaml', 'json', 'helm'].includes(doc.languageId)) for (const c of this.entries.keys()) this.schedule(c);
      }),
      vscode.workspace.onDidDeleteFiles(() => this.entries.forEach((_, c) => this.schedule(c))),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const context = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
    return this.entries.get(context)?.markdown ?? `# Upgrade plan: ${context}\n\nNot made yet: run "Plan Upgrade…".\n`;
  }

  latest(context: string): UpgradePlan | undefined {
    return this.entries.get(context)?.plan;
  }

  async releaseData(): Promise<ReleaseData> {
    const file = readPlanConfig().releaseDataFile;
    let data = builtinReleaseData();
    if (file) {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
        const parsed = parseReleaseDataText(text, file);
        if (parsed.ok) data = parsed.data;
        else this.log.warn(`[plan] release data ${file} is not valid, the built-in data is used: ${parsed.errors.join('; ')}`);
      } catch (e) {
        this.log.warn(`[plan] release data ${file} cannot be read, the built-in data is used: ${(e as Error).message}`);
      }
    }
    const stale = stalenessWarning(data, new Date());
    if (stale && !this.warnedStale) {
      this.warnedStale = true;
      void vscode.window.showWarningMessage(stale);
    }
    return data;
  }

  /** Makes (or makes again) the plan of a context, with progress and cancellation; undefined when it could not be made. */
  async make(context: string, target: MinorVersion | undefined, token?: vscode.CancellationToken): Promise<UpgradePlan | undefined> {
    let entry = this.entries.get(context);
    if (!entry) {
      entry = { context, markdown: '' };
      this.entries.set(context, entry);
    }
    if (target) entry.target = target;
    entry.ref ??= this.registry.acquire(context);
    entry.running?.abort();
    const controller = new AbortController();
    entry.running = controller;
    token?.onCancellationRequested(() => controller.abort());
    const config = readPlanConfig();
    try {
      const data = await this.releaseData();
      const rules = builtinRuleSet();
      const newest = parseMinorVersion(rules.newestMinor) ?? { major: 1, minor: 0 };
      const scanTarget = entry.target && compareMinor(entry.target, newest) > 0 ? entry.target : newest;
      const session = await this.registry.session(context);
      const stagingName = config.stagingContexts[context];
      const staging = stagingName ? await this.registry.session(stagingName).catch(() => undefined) : undefined;
      const state = this.registry.get(context).current;
      const kubectlVersion = state.phase === 'ready' ? state.snapshot.kubectlVersion : undefined;
      const [facts, workspaceUses] = await Promise.all([
        gatherClusterFacts(session, { rules, target: scanTarget, signal: controller.signal, ...(kubectlVersion ? { kubectlVersion } : {}), ...(staging ? { staging } : {}) }),
        this.scanWorkspace(scanTarget, token),
      ]);
      if (controller.signal.aborted) return undefined;
      const result = computePlan({
        facts,
        ...(entry.target ? { target: entry.target } : {}),
        workspaceUses,
        releaseData: data,
        options: { now: new Date(), backupMaxAgeHours: config.backupMaxAgeHours, certWarnDays: 30 },
      });
      if (!result.ok) {
        void vscode.window.showErrorMessage(`Cannot plan ${context}: ${result.usage}`);
        return undefined;
      }
      entry.plan = result.plan;
      entry.madeAt = Date.now();
      entry.markdown = planToMarkdown(result.plan, {
        fileLink: (file, line) => `${vscode.Uri.file(file).toString()}#L${line}`,
        displayPath: (file) => vscode.workspace.asRelativePath(file),
      });
      setPlanSummary(context, result.plan);
      this.changed.fire(planUri(context));
      this.log.info(`[plan] ${context}: ${result.plan.from} → ${result.plan.to}, ${result.plan.blocked ? 'blocked' : 'nothing blocks'}${result.plan.incomplete ? `, incomplete (${result.plan.unread.length} not read)` : ''}`);
      return result.plan;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`[plan] ${context}: ${message}`);
      entry.markdown = `# Upgrade plan: ${context}\n\nThe plan could not be made: ${message}\n`;
      this.changed.fire(planUri(context));
      if (!token?.isCancellationRequested) void vscode.window.showErrorMessage(`Cannot plan ${context}: ${message}`);
      return undefined;
    } finally {
      if (entry.running === controller) entry.running = undefined;
    }
  }

  private async scanWorkspace(target: MinorVersion, token?: vscode.CancellationToken): Promise<ApiUse[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const files = await vscode.workspace.findFiles(MANIFESTS, EXCLUDE, MAX_FILES, token);
    const rules = builtinRuleSet();
    const uses: ApiUse[] = [];
    const decoder = new TextDecoder('utf-8', { fatal: false });
    for (const uri of files) {
      if (token?.isCancellationRequested) break;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      let text: string;
      try {
        text = open ? open.getText() : decoder.decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      if (!/apiVersion/.test(text)) continue;
      const report = scanText(uri.fsPath, text, rules, { target });
      uses.push(...apiUsesFromFindings(report.findings, (f) => ({ type: 'workspace', file: uri.fsPath, line: f.range.start.line + 1 })));
    }
    return uses;
  }

  /** A plan already made is made again shortly after its cluster or the workspace changes. */
  private schedule(context: string): void {
    const entry = this.entries.get(context);
    if (!entry?.plan) return;
    if (entry.timer) clearTimeout(entry.timer);
    const sinceLast = Date.now() - (entry.madeAt ?? 0);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.make(context, undefined);
    }, Math.max(REFRESH_DELAY_MS, MIN_REFRESH_INTERVAL_MS - sinceLast));
  }

  dispose(): void {
    for (const e of this.entries.values()) {
      e.running?.abort();
      if (e.timer) clearTimeout(e.timer);
      e.ref?.dispose();
    }
    for (const d of this.disposables) d.dispose();
  }
}
