import * as vscode from 'vscode';
import type { ContextSummary } from '../../core/kubeconfig';

/** What the Clusters tree shows; each kind maps to one TreeItem shape. */
export type ClusterNode =
  | { readonly kind: 'context'; readonly context: ContextSummary }
  /** A row that acts as a button, used where the view must explain and offer a way out. */
  | { readonly kind: 'action'; readonly id: string; readonly label: string; readonly icon: string; readonly command: vscode.Command; readonly tooltip?: string };

export function actionTreeItem(node: Extract<ClusterNode, { kind: 'action' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = `action:${node.id}`;
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.command = node.command;
  item.contextValue = 'action';
  if (node.tooltip) item.tooltip = node.tooltip;
  return item;
}

export function contextTreeItem(c: ContextSummary): vscode.TreeItem {
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
  item.id = `context:${c.name}`;
  const parts: string[] = [];
  if (c.isCurrent) parts.push('current');
  if (c.cluster && c.cluster !== c.name) parts.push(c.cluster);
  if (c.namespace) parts.push(`ns: ${c.namespace}`);
  item.description = parts.join(' · ');
  if (c.problem) {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  } else {
    item.iconPath = new vscode.ThemeIcon(c.isCurrent ? 'vm-active' : 'vm', c.isCurrent ? new vscode.ThemeColor('charts.green') : undefined);
  }
  item.contextValue = `context${c.isCurrent ? ':current' : ''}${c.problem ? ':invalid' : ''}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(c.name)}**${c.isCurrent ? ' — current context' : ''}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n`);
  md.appendMarkdown(`| Cluster | ${escapeMd(c.cluster ?? '—')} |\n`);
  md.appendMarkdown(`| Server | ${escapeMd(c.server ?? '—')} |\n`);
  md.appendMarkdown(`| User | ${escapeMd(c.user ?? '—')} |\n`);
  md.appendMarkdown(`| Namespace | ${escapeMd(c.namespace ?? 'default')} |\n`);
  md.appendMarkdown(`| Defined in | ${escapeMd(c.file)} |\n`);
  if (c.problem) md.appendMarkdown(`\n$(warning) This context ${escapeMd(c.problem)}.`);
  item.tooltip = md;
  return item;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (ch) => `\\${ch}`);
}
