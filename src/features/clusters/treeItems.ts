import * as vscode from 'vscode';
import type { ContextSummary } from '../../core/kubeconfig';
import type { ClusterErrorInfo } from '../../core/cluster/errors';
import type { ControlPlaneComponent, NodeInfo, SkewVerdict } from '../../core/cluster/types';
import { Commands } from '../../settings';
import type { ClusterState } from '../../cluster/clusterModels';
import { redactUrl } from '../../core/cluster/redact';
import { cordonedTooLong, describeCordon } from '../../core/cluster/cordonRecord';
import { planSummary } from '../plan/planSummaries';

/** What the Clusters tree shows; each kind maps to one TreeItem shape. */
export type ClusterNode =
  | { readonly kind: 'context'; readonly context: ContextSummary; readonly state: ClusterState }
  | { readonly kind: 'status'; readonly contextName: string; readonly id: string; readonly label: string; readonly description?: string; readonly icon: vscode.ThemeIcon; readonly tooltip?: string }
  | { readonly kind: 'error'; readonly contextName: string; readonly error: ClusterErrorInfo; readonly retryAt?: number }
  | { readonly kind: 'controlPlane'; readonly contextName: string; readonly version: string; readonly platform?: string; readonly managed: boolean; readonly components: readonly ControlPlaneComponent[]; readonly verdicts: readonly SkewVerdict[]; readonly componentVerdicts: ReadonlyMap<string, readonly SkewVerdict[]> }
  | { readonly kind: 'component'; readonly contextName: string; readonly component: ControlPlaneComponent; readonly verdicts: readonly SkewVerdict[] }
  | { readonly kind: 'versionGroup'; readonly contextName: string; readonly version: string; readonly nodes: readonly NodeInfo[]; readonly verdicts: ReadonlyMap<string, readonly SkewVerdict[]> }
  | { readonly kind: 'node'; readonly contextName: string; readonly node: NodeInfo; readonly verdicts: readonly SkewVerdict[] }
  /** A row that acts as a button, used where the view must explain and offer a way out. */
  | { readonly kind: 'action'; readonly id: string; readonly label: string; readonly icon: string; readonly command: vscode.Command; readonly tooltip?: string };

/** The few words a context row shows for a failed cluster; the error row below says the rest. */
const SHORT_ERROR: Partial<Record<ClusterErrorInfo['kind'], string>> = {
  unreachable: 'unreachable',
  tls: 'TLS error',
  unauthorized: 'not authorised (401)',
  forbidden: 'access denied',
  'exec-plugin': 'credential plugin failed',
  timeout: 'timed out',
  config: 'cannot connect',
  server: 'request failed',
  'too-large': 'answer too large',
  'too-many-requests': 'throttled (429)',
};

const red = new vscode.ThemeColor('problemsErrorIcon.foreground');
const yellow = new vscode.ThemeColor('problemsWarningIcon.foreground');
const green = new vscode.ThemeColor('charts.green');

function worst(verdicts: readonly SkewVerdict[]): 'error' | 'warning' | undefined {
  if (verdicts.some((v) => v.severity === 'error')) return 'error';
  if (verdicts.some((v) => v.severity === 'warning')) return 'warning';
  return undefined;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (ch) => `\\${ch}`);
}

function verdictLines(md: vscode.MarkdownString, verdicts: readonly SkewVerdict[]): void {
  for (const v of verdicts) {
    md.appendMarkdown(`\n\n$(${v.severity === 'error' ? 'error' : 'warning'}) ${escapeMd(v.message)}`);
  }
}

export function actionTreeItem(node: Extract<ClusterNode, { kind: 'action' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = `action:${node.id}`;
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.command = node.command;
  item.contextValue = 'action';
  if (node.tooltip) item.tooltip = node.tooltip;
  return item;
}

/** The context row; once its cluster is loaded, its description is the fleet summary line. */
export function contextTreeItem(c: ContextSummary, state: ClusterState): vscode.TreeItem {
  const item = new vscode.TreeItem(c.name, c.problem ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `context:${c.name}`;
  const parts: string[] = [];
  if (c.isCurrent) parts.push('current');
  if (state.phase === 'ready') {
    const s = state.snapshot;
    parts.push(s.serverVersion.gitVersion, plural(s.nodes.length, 'node'));
    const errors = state.verdicts.filter((v) => v.severity === 'error').length;
    const warnings = state.verdicts.length - errors;
    const notReady = s.nodes.filter((n) => n.ready !== 'True').length;
    const problems = [errors ? plural(errors, 'skew error') : '', warnings ? plural(warnings, 'upgrade blocker') : '', notReady ? `${notReady} not ready` : ''].filter(Boolean);
    parts.push(problems.length ? problems.join(', ') : 'no problems');
  } else if (state.phase === 'error') {
    parts.push(SHORT_ERROR[state.error.kind] ?? 'request failed');
  } else {
    if (c.cluster && c.cluster !== c.name) parts.push(c.cluster);
    if (c.namespace) parts.push(`ns: ${c.namespace}`);
  }
  const plan = planSummary(c.name);
  if (plan) parts.push(plan);
  item.description = parts.join(' · ');
  const problem = state.phase === 'ready' ? worst(state.verdicts) : state.phase === 'error' ? 'error' : undefined;
  if (c.problem) item.iconPath = new vscode.ThemeIcon('warning', yellow);
  else if (problem === 'error') item.iconPath = new vscode.ThemeIcon(state.phase === 'error' ? 'vm-outline' : 'vm', red);
  else if (problem === 'warning') item.iconPath = new vscode.ThemeIcon('vm', yellow);
  else item.iconPath = new vscode.ThemeIcon(c.isCurrent ? 'vm-active' : 'vm', c.isCurrent ? green : undefined);
  item.contextValue = `context${c.isCurrent ? ':current' : ''}${c.problem ? ':invalid' : ''}:${state.phase}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(c.name)}**${c.isCurrent ? ' — current context' : ''}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n`);
  md.appendMarkdown(`| Cluster | ${escapeMd(c.cluster ?? '—')} |\n`);
  md.appendMarkdown(`| Server | ${escapeMd(c.server ? redactUrl(c.server) : '—')} |\n`);
  md.appendMarkdown(`| User | ${escapeMd(c.user ?? '—')} |\n`);
  md.appendMarkdown(`| Namespace | ${escapeMd(c.namespace ?? 'default')} |\n`);
  md.appendMarkdown(`| Defined in | ${escapeMd(c.file)} |\n`);
  if (state.phase === 'ready') md.appendMarkdown(`| Kubernetes | ${escapeMd(state.snapshot.serverVersion.gitVersion)}${state.live ? '' : ' (not live)'} |\n`);
  if (c.problem) md.appendMarkdown(`\n$(warning) This context ${escapeMd(c.problem)}.`);
  if (state.phase === 'error') md.appendMarkdown(`\n$(error) ${escapeMd(state.error.message)}`);
  item.tooltip = md;
  return item;
}

export function statusTreeItem(node: Extract<ClusterNode, { kind: 'status' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.contextName}/status:${node.id}`;
  item.iconPath = node.icon;
  if (node.description) item.description = node.description;
  if (node.tooltip) item.tooltip = node.tooltip;
  item.contextValue = 'status';
  return item;
}

export function errorTreeItem(node: Extract<ClusterNode, { kind: 'error' }>): vscode.TreeItem {
  const e = node.error;
  const title: Record<string, string> = {
    unreachable: 'Cluster unreachable',
    tls: 'TLS error',
    unauthorized: 'Not authorised (401)',
    forbidden: 'Access denied (403)',
    'exec-plugin': 'Credential plugin failed',
    timeout: 'Timed out',
    config: 'Cannot connect',
    'too-large': 'Answer too large',
    'too-many-requests': 'Throttled (429)',
  };
  const item = new vscode.TreeItem(title[e.kind] ?? 'Request failed', vscode.TreeItemCollapsibleState.None);
  item.id = `${node.contextName}/error`;
  const retryIn = node.retryAt !== undefined ? Math.max(1, Math.ceil((node.retryAt - Date.now()) / 1000)) : undefined;
  item.description = retryIn !== undefined ? `${e.message} · retrying in ${retryIn} s` : e.message;
  item.iconPath = new vscode.ThemeIcon(retryIn !== undefined ? 'sync' : 'error', red);
  const md = new vscode.MarkdownString(`$(error) ${escapeMd(e.message)}`, true);
  if (e.detail) md.appendMarkdown(`\n\nDetail: \`${e.detail.replace(/`/g, "'").slice(0, 500)}\``);
  md.appendMarkdown(retryIn !== undefined ? '\n\nRetried automatically; click to retry now.' : '\n\nClick to retry; the log has details.');
  item.tooltip = md;
  item.contextValue = 'clusterError';
  item.command = { title: 'Retry', command: Commands.retryCluster, arguments: [node.contextName] };
  return item;
}

export function controlPlaneTreeItem(node: Extract<ClusterNode, { kind: 'controlPlane' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(`Control plane ${node.version}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${node.contextName}/controlPlane`;
  const w = worst(node.verdicts);
  item.description = [node.platform, node.managed ? 'managed control plane' : plural(node.components.length, 'component')].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('server-process', w === 'error' ? red : w === 'warning' ? yellow : undefined);
  item.contextValue = node.managed ? 'controlPlane:managed' : 'controlPlane';
  const md = new vscode.MarkdownString(`**Control plane** ${escapeMd(node.version)}${node.platform ? ` (${escapeMd(node.platform)})` : ''}`, true);
  if (node.managed) md.appendMarkdown('\n\nNo control-plane pods are visible: the provider runs the control plane.');
  verdictLines(md, node.verdicts);
  item.tooltip = md;
  return item;
}

export function componentTreeItem(node: Extract<ClusterNode, { kind: 'component' }>): vscode.TreeItem {
  const c = node.component;
  const item = new vscode.TreeItem(c.component, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.contextName}/component:${c.namespace}/${c.podName}`;
  const w = worst(node.verdicts);
  item.description = [c.version ?? 'unknown version', c.nodeName, c.ready ? '' : 'not ready', w === 'error' ? 'skew violation' : w === 'warning' ? 'blocks next upgrade' : ''].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(w ? 'warning' : c.ready ? 'pass' : 'error', w === 'error' || !c.ready ? red : w === 'warning' ? yellow : undefined);
  item.contextValue = `component:${c.component}${w ? `:skew-${w}` : ''}`;
  const md = new vscode.MarkdownString(`**${escapeMd(c.component)}** ${escapeMd(c.version ?? '')}\n\nPod ${escapeMd(`${c.namespace}/${c.podName}`)}${c.nodeName ? ` on ${escapeMd(c.nodeName)}` : ''}`, true);
  verdictLines(md, node.verdicts);
  item.tooltip = md;
  return item;
}

export function versionGroupTreeItem(node: Extract<ClusterNode, { kind: 'versionGroup' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(`${node.version} · ${plural(node.nodes.length, 'node')}`, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `${node.contextName}/kubelet:${node.version}`;
  const all = node.nodes.flatMap((n) => node.verdicts.get(n.name) ?? []);
  const w = worst(all);
  const notReady = node.nodes.filter((n) => n.ready !== 'True').length;
  const cordoned = node.nodes.filter((n) => n.unschedulable).length;
  item.description = [w === 'error' ? 'skew violation' : w === 'warning' ? 'blocks next upgrade' : '', notReady ? `${notReady} not ready` : '', cordoned ? `${cordoned} cordoned` : ''].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('versions', w === 'error' ? red : w === 'warning' ? yellow : undefined);
  item.contextValue = `kubeletGroup${w ? `:skew-${w}` : ''}`;
  item.tooltip = `kubelet ${node.version}: ${node.nodes.map((n) => n.name).join(', ')}`;
  return item;
}

export function nodeContextValue(n: NodeInfo, verdicts: readonly SkewVerdict[]): string {
  const w = worst(verdicts);
  return `node:${n.ready === 'True' ? 'ready' : 'notready'}:${n.unschedulable ? 'cordoned' : 'schedulable'}${w ? `:skew-${w}` : ''}`;
}

export function nodeTreeItem(node: Extract<ClusterNode, { kind: 'node' }>, showVersion: boolean, cordonWarnHours = 24, nowMs = Date.now()): vscode.TreeItem {
  const n = node.node;
  const cordonText = n.unschedulable && n.cordon ? `cordoned ${describeCordon(n.cordon, nowMs)}` : '';
  const tooLong = n.unschedulable && cordonedTooLong(n.cordon, nowMs, cordonWarnHours);
  const item = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.contextName}/node:${n.name}`;
  const w = worst(node.verdicts);
  const status = [n.ready === 'True' ? 'Ready' : n.ready === 'False' ? 'NotReady' : 'Unknown', n.unschedulable ? 'SchedulingDisabled' : ''].filter(Boolean).join(',');
  item.description = [
    n.roles.length ? n.roles.join(',') : '',
    status,
    showVersion ? n.kubeletVersion : '',
    n.podsUsed !== undefined && n.podsAllocatable !== undefined ? `${n.podsUsed}/${n.podsAllocatable} pods` : '',
    w === 'error' ? 'skew violation' : w === 'warning' ? 'blocks next upgrade' : '',
    cordonText,
    tooLong ? `cordoned over ${cordonWarnHours} h` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  if (n.ready !== 'True') item.iconPath = new vscode.ThemeIcon('error', red);
  else if (tooLong) item.iconPath = new vscode.ThemeIcon('warning', yellow);
  else if (w === 'error') item.iconPath = new vscode.ThemeIcon('warning', red);
  else if (n.unschedulable) item.iconPath = new vscode.ThemeIcon('debug-pause', yellow);
  else if (w === 'warning') item.iconPath = new vscode.ThemeIcon('warning', yellow);
  else item.iconPath = new vscode.ThemeIcon('server');
  item.contextValue = nodeContextValue(n, node.verdicts);
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(n.name)}**${n.roles.length ? ` (${escapeMd(n.roles.join(', '))})` : ''}\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  const row = (k: string, v: string | undefined): void => {
    md.appendMarkdown(`| ${k} | ${escapeMd(v ?? '—')} |\n`);
  };
  row('Status', status + (n.readyReason && n.ready !== 'True' ? ` (${n.readyReason})` : ''));
  if (cordonText) row('Cordon', `${cordonText}${tooLong ? ` (longer than ${cordonWarnHours} h)` : ''}`);
  row('kubelet', n.kubeletVersion);
  row('kube-proxy', n.kubeProxyVersion);
  row('Container runtime', n.containerRuntime);
  row('OS image', n.osImage);
  row('Kernel', n.kernelVersion);
  row('Architecture', `${n.operatingSystem}/${n.architecture}`);
  row('Internal IP', n.internalIP);
  row('Pods', n.podsUsed !== undefined ? `${n.podsUsed} of ${n.podsAllocatable ?? '?'}` : `? of ${n.podsAllocatable ?? '?'}`);
  row('Taints', n.taints.length ? n.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') : 'none');
  verdictLines(md, node.verdicts);
  item.tooltip = md;
  return item;
}
