import * as vscode from 'vscode';
import { formatMinor, parseMinorVersion } from '../../core/versions/kubeVersion';
import type { ResolvedTarget } from './targetVersion';
import { SECTION } from '../../settings';
import { COMMANDS } from './settings';

export function createTargetStatusItem(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('kubeMaintenance.targetVersion', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Kubernetes Target Version';
  item.command = COMMANDS.selectTargetVersion;
  return item;
}

export function showTarget(item: vscode.StatusBarItem, target: ResolvedTarget, ruleErrors: number): void {
  item.text = `$(cloud-upload) K8s ${target.label}`;
  const tooltip = new vscode.MarkdownString(`**Target Kubernetes version for deprecation checks**\n\n${target.explanation}\n\nClick to change it.`);
  if (ruleErrors > 0) {
    tooltip.appendMarkdown(`\n\n$(warning) ${ruleErrors} custom rule problem(s): see the log.`);
    tooltip.supportThemeIcons = true;
  }
  item.tooltip = tooltip;
  item.show();
}

/** Lets the user pick "auto" or a version; writes kubeMaintenance.targetVersion. */
export async function pickTargetVersion(newestMinor: string): Promise<void> {
  const newest = parseMinorVersion(newestMinor) ?? { major: 1, minor: 33 };
  const items: vscode.QuickPickItem[] = [{ label: 'auto', description: 'one minor above the current cluster' }];
  for (let minor = newest.minor + 2; minor >= 16; minor--) {
    items.push({ label: formatMinor({ major: newest.major, minor }) });
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Kubernetes version to check manifests against' });
  if (!picked) {
    return;
  }
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('targetVersion', picked.label, target);
}
