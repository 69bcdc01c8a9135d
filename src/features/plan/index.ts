// "Plan Upgrade…": from a cluster row or the palette (pick the context, then the target from the
// release data), the plan opens as a Markdown preview; the context row shows "next: 1.34 · 3 blockers".
import * as vscode from 'vscode';
import type { ClusterModels } from '../../cluster/clusterModels';
import type { KubeconfigModel } from '../../cluster/kubeconfigModel';
import { releasedVersions } from '../../core/releases/releaseData';
import type { UpgradePlan } from '../../core/upgrade/planTypes';
import { compareMinor, formatMinor, parseMinorVersion, type MinorVersion } from '../../core/versions/kubeVersion';
import { PLAN_SCHEME, PlanReports, planUri } from './planReports';

export const PlanCommands = {
  planUpgrade: 'kubeMaintenance.planUpgrade',
} as const;

export interface PlanDeps {
  readonly registry: ClusterModels;
  readonly kubeconfig: KubeconfigModel;
  readonly log: vscode.LogOutputChannel;
}

/** A context row passes its node; tests and other commands may pass the name, and the target. */
export type ContextArg = string | { readonly kind?: string; readonly context?: { readonly name?: string } } | undefined;

export function contextOf(arg: ContextArg): string | undefined {
  if (typeof arg === 'string') return arg;
  return arg?.kind === 'context' ? arg.context?.name : undefined;
}

export async function pickContext(kubeconfig: KubeconfigModel, title = 'Plan Upgrade: context', placeHolder = 'The cluster to plan an upgrade for'): Promise<string | undefined> {
  const load = await kubeconfig.load();
  if (load.state !== 'ok' || load.config.contexts.length === 0) {
    void vscode.window.showErrorMessage('No kubeconfig context to plan: choose a kubeconfig first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    load.config.contexts.map((c) => ({ label: c.name, description: c.isCurrent ? 'current' : c.cluster })),
    { title, placeHolder },
  );
  return picked?.label;
}

async function currentMinor(deps: PlanDeps, context: string): Promise<MinorVersion | undefined> {
  const state = deps.registry.get(context).current;
  const text = state.phase === 'ready' ? state.snapshot.serverVersion.gitVersion : (await (await deps.registry.session(context)).version({ timeoutMs: 10_000 })).gitVersion;
  return parseMinorVersion(text);
}

export async function pickTarget(deps: PlanDeps, reports: PlanReports, context: string, title = 'Plan Upgrade'): Promise<MinorVersion | undefined> {
  const data = await reports.releaseData();
  let current: MinorVersion | undefined;
  try {
    current = await currentMinor(deps, context);
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot reach ${context}: ${(e as Error).message}`);
    return undefined;
  }
  const candidates = releasedVersions(data).filter((r) => !current || compareMinor(r.minor, current) > 0);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`${context} already runs the newest release in the data (${data.generatedAt}).`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((r, i) => ({
      label: r.version,
      description: `${i === 0 ? 'next minor · ' : ''}${r.latestPatch ?? ''}`,
      detail: `released ${r.releaseDate ?? '?'}, end of life ${r.endOfLife ?? '?'}${current ? ` · ${r.minor.minor - current.minor} hop${r.minor.minor - current.minor === 1 ? '' : 's'}` : ''}`,
      minor: r.minor,
    })),
    { title: `${title}: target for ${context}${current ? ` (now ${formatMinor(current)})` : ''}` },
  );
  return picked?.minor;
}

export function registerPlanFeatures(context: vscode.ExtensionContext, deps: PlanDeps): PlanReports {
  const reports = new PlanReports(deps.registry, deps.log);
  context.subscriptions.push(
    reports,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, reports),
    vscode.commands.registerCommand(PlanCommands.planUpgrade, async (arg?: ContextArg, to?: string): Promise<UpgradePlan | undefined> => {
      const name = contextOf(arg) ?? await pickContext(deps.kubeconfig);
      if (!name) return undefined;
      const target = to !== undefined ? parseMinorVersion(to) : await pickTarget(deps, reports, name);
      if (!target) return undefined;
      const plan = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Planning the upgrade of ${name} to ${formatMinor(target)}`, cancellable: true },
        (_progress, token) => reports.make(name, target, token),
      );
      if (plan) {
        const uri = planUri(name);
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      }
      return plan;
    }),
  );
  return reports;
}
