import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeconfigError } from '../../core/kubeconfig';
import { groupNodesByKubelet } from '../../core/cluster/group';
import type { SkewVerdict } from '../../core/cluster/types';
import { Commands, SECTION, Settings } from '../../settings';
import { DisposableStore } from '../../util/disposable';
import { onDidChangePlanSummary } from '../plan/planSummaries';
import type { ClusterModels, ModelRef } from '../../cluster/clusterModels';
import type { KubeconfigModel } from '../../cluster/kubeconfigModel';
import {
  actionTreeItem,
  componentTreeItem,
  contextTreeItem,
  controlPlaneTreeItem,
  errorTreeItem,
  nodeTreeItem,
  statusTreeItem,
  versionGroupTreeItem,
  type ClusterNode,
} from './treeItems';

/** Translates the kubeconfig model and the live cluster connections into tree data. */
export class ClustersTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Set by the owner so the tree can say why it is empty. */
  view: vscode.TreeView<ClusterNode> | undefined;
  private readonly expanded = new Set<string>();
  /** The models this view holds: one per expanded context while the view is visible. */
  private readonly held = new Map<string, ModelRef>();
  /**
   * Contexts the user collapsed. VS Code can deliver a children request queued before the
   * collapse after its event; such a late request must not start watching the cluster again.
   */
  private readonly collapsed = new Set<string>();

  constructor(
    private readonly model: KubeconfigModel,
    private readonly registry: ClusterModels,
  ) {
    this.disposables.add(this.changed);
    this.disposables.add({ dispose: () => this.releaseAll() });
    this.disposables.add(model.onDidChange(() => this.changed.fire(undefined)));
    // Context rows carry the fleet summary, so a cluster change refreshes from the root.
    this.disposables.add(registry.onDidChange(() => this.changed.fire(undefined)));
    this.disposables.add(onDidChangePlanSummary(() => this.changed.fire(undefined)));
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${Settings.groupNodesBy}`)) this.changed.fire(undefined);
      }),
    );
  }

  /** Wires expand/collapse: a collapsed cluster is not watched. */
  attach(view: vscode.TreeView<ClusterNode>): void {
    this.view = view;
    this.disposables.add(
      view.onDidExpandElement((e) => {
        if (e.element.kind === 'context') {
          this.collapsed.delete(e.element.context.name);
          this.expanded.add(e.element.context.name);
          this.hold(e.element.context.name);
        }
      }),
    );
    this.disposables.add(
      view.onDidCollapseElement((e) => {
        if (e.element.kind === 'context') {
          this.collapsed.add(e.element.context.name);
          this.expanded.delete(e.element.context.name);
          this.release(e.element.context.name);
        }
      }),
    );
    this.disposables.add(
      view.onDidChangeVisibility((e) => {
        // A hidden view needs no live data (others holding a model keep it running).
        if (e.visible) for (const name of this.expanded) this.hold(name);
        else this.releaseAll();
      }),
    );
  }

  private hold(contextName: string): void {
    if (!this.held.has(contextName)) this.held.set(contextName, this.registry.acquire(contextName));
  }

  private release(contextName: string): void {
    this.held.get(contextName)?.dispose();
    this.held.delete(contextName);
  }

  private releaseAll(): void {
    for (const ref of this.held.values()) ref.dispose();
    this.held.clear();
  }

  /** Retry re-acquires: a model that failed stopped itself. */
  retry(contextName: string): void {
    this.registry.retry(contextName);
    if (this.expanded.has(contextName) && this.view?.visible !== false) {
      this.release(contextName);
      this.hold(contextName);
    }
  }

  expandedContexts(): readonly string[] {
    return [...this.expanded];
  }

  private grouped(): boolean {
    return vscode.workspace.getConfiguration(SECTION).get<string>(Settings.groupNodesBy, 'kubeletVersion') !== 'none';
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    switch (node.kind) {
      case 'context':
        return contextTreeItem(node.context, node.state);
      case 'action':
        return actionTreeItem(node);
      case 'status':
        return statusTreeItem(node);
      case 'error':
        return errorTreeItem(node);
      case 'controlPlane':
        return controlPlaneTreeItem(node);
      case 'component':
        return componentTreeItem(node);
      case 'versionGroup':
        return versionGroupTreeItem(node);
      case 'node':
        return nodeTreeItem(node, !this.grouped(), vscode.workspace.getConfiguration(SECTION).get<number>('cordon.warnAfterHours', 24));
    }
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'context':
        return this.clusterChildren(node.context.name);
      case 'controlPlane':
        return node.components.map((component) => ({
          kind: 'component',
          contextName: node.contextName,
          component,
          verdicts: node.componentVerdicts.get(component.podName) ?? [],
        }));
      case 'versionGroup':
        return node.nodes.map((n) => ({ kind: 'node', contextName: node.contextName, node: n, verdicts: node.verdicts.get(n.name) ?? [] }));
      default:
        return [];
    }
  }

  getParent(): undefined {
    return undefined;
  }

  private async roots(): Promise<ClusterNode[]> {
    const result = await this.model.load();
    // A message hides the welcome view, so it is set only for a broken file, whose name and reason
    // the static welcome text could not give, and for Restricted Mode; rows below offer the ways out.
    if (this.view) {
      this.view.message =
        result.state === 'broken'
          ? brokenMessage(result.error)
          : result.state === 'ok' && !vscode.workspace.isTrusted
            ? 'Restricted Mode: kubeconfig exec plugins are not run and a kubeconfig path from workspace settings is ignored. Trust the workspace to use them.'
            : undefined;
    }
    if (result.state === 'broken') return brokenActions(result.error);
    if (result.state !== 'ok') return [];
    return result.config.contexts.map((context) => ({ kind: 'context', context, state: this.registry.get(context.name).current }));
  }

  private clusterChildren(contextName: string): ClusterNode[] {
    if (!this.collapsed.has(contextName)) {
      // Restored expansion state calls getChildren without an expand event.
      if (!this.expanded.has(contextName) && this.view?.visible !== false) {
        this.expanded.add(contextName);
      }
      // Whoever asks for a cluster's rows wants its data: hold the model (released on collapse or hide).
      this.hold(contextName);
    }
    const state = this.registry.get(contextName).current;
    switch (state.phase) {
      case 'idle':
        return [
          {
            kind: 'status',
            contextName,
            id: 'paused',
            label: this.registry.isPaused ? 'Watching is paused' : 'Not connected',
            icon: new vscode.ThemeIcon('debug-pause'),
            tooltip: 'Resume watching from the view title to load this cluster.',
          },
        ];
      case 'loading':
        return [{ kind: 'status', contextName, id: 'loading', label: 'Loading…', icon: new vscode.ThemeIcon('loading~spin') }];
      case 'error':
        return [{ kind: 'error', contextName, error: state.error, ...(state.retryAt !== undefined ? { retryAt: state.retryAt } : {}) }];
      case 'ready':
        break;
    }
    const { snapshot, verdicts } = state;
    const byNode = new Map<string, SkewVerdict[]>();
    const byComponent = new Map<string, SkewVerdict[]>();
    const clusterWide: SkewVerdict[] = [];
    const nodeNames = new Set(snapshot.nodes.map((n) => n.name));
    const podNames = new Set(snapshot.components.map((c) => c.podName));
    for (const v of verdicts) {
      if ((v.kind === 'kubelet' || v.kind === 'kube-proxy') && nodeNames.has(v.subject)) push(byNode, v.subject, v);
      else if (podNames.has(v.subject)) push(byComponent, v.subject, v);
      else clusterWide.push(v);
    }
    const out: ClusterNode[] = [];
    if (!state.live) {
      out.push({
        kind: 'status',
        contextName,
        id: 'stale',
        label: this.registry.isPaused ? 'Paused: not live' : 'Reconnecting…',
        ...(state.reconnect ? { description: state.reconnect.error.message } : {}),
        icon: new vscode.ThemeIcon(this.registry.isPaused ? 'debug-pause' : 'sync~spin'),
        tooltip: `The data below is the last that was received.${state.reconnect ? `\n\n${state.reconnect.error.message}${state.reconnect.error.detail ? `\n${state.reconnect.error.detail}` : ''}` : ''}`,
      });
    }
    out.push({
      kind: 'controlPlane',
      contextName,
      version: snapshot.serverVersion.gitVersion,
      ...(snapshot.serverVersion.platform ? { platform: snapshot.serverVersion.platform } : {}),
      managed: snapshot.managed,
      components: snapshot.components,
      verdicts: [...clusterWide, ...[...byComponent.values()].flat()],
      componentVerdicts: byComponent,
    });
    for (const v of clusterWide.filter((x) => x.kind === 'kubectl')) {
      out.push({ kind: 'status', contextName, id: 'kubectl', label: 'Local kubectl', description: v.message, icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor(v.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground')), tooltip: v.message });
    }
    if (this.grouped()) {
      for (const g of groupNodesByKubelet([...snapshot.nodes])) {
        out.push({ kind: 'versionGroup', contextName, version: g.version, nodes: g.nodes, verdicts: byNode });
      }
    } else {
      for (const n of [...snapshot.nodes].sort((a, b) => a.name.localeCompare(b.name))) out.push({ kind: 'node', contextName, node: n, verdicts: byNode.get(n.name) ?? [] });
    }
    if (snapshot.nodes.length === 0) out.push({ kind: 'status', contextName, id: 'nonodes', label: 'No nodes', icon: new vscode.ThemeIcon('info') });
    return out;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function brokenMessage(e: KubeconfigError): string {
  return `Cannot use the kubeconfig ${e.file}${e.line !== undefined ? ` (line ${e.line})` : ''}: ${e.reason}`;
}

function brokenActions(e: KubeconfigError): ClusterNode[] {
  const name = path.basename(e.file);
  return [
    {
      kind: 'action',
      id: 'open',
      label: `Open ${name}${e.line !== undefined ? ` at line ${e.line}` : ''}`,
      icon: 'go-to-file',
      command: { title: 'Open the kubeconfig', command: Commands.openKubeconfig },
      tooltip: e.file,
    },
    { kind: 'action', id: 'choose', label: 'Choose another kubeconfig file…', icon: 'folder-opened', command: { title: 'Choose', command: Commands.chooseKubeconfig } },
    { kind: 'action', id: 'reload', label: 'Reload', icon: 'refresh', command: { title: 'Reload', command: Commands.refreshClusters } },
  ];
}
