import * as vscode from 'vscode';
import type { KubeconfigModel } from './kubeconfigModel';
import { actionTreeItem, contextTreeItem, type ClusterNode } from './treeItems';
import type { KubeconfigError } from '../../core/kubeconfig';
import { Commands } from '../../settings';
import * as path from 'node:path';
import { DisposableStore } from '../../util/disposable';

/** Translates the kubeconfig model into tree data; it holds no state of its own. */
export class ClustersTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Set by the owner so the tree can say why it is empty. */
  view: vscode.TreeView<ClusterNode> | undefined;

  constructor(private readonly model: KubeconfigModel) {
    this.disposables.add(this.changed);
    this.disposables.add(model.onDidChange(() => this.changed.fire(undefined)));
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    return node.kind === 'context' ? contextTreeItem(node.context) : actionTreeItem(node);
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    if (node) return [];
    const result = await this.model.load();
    // A message hides the welcome view, so it is set only for a broken file, whose name and reason
    // the static welcome text could not give; the rows below it then offer the ways out.
    if (this.view) this.view.message = result.state === 'broken' ? brokenMessage(result.error) : undefined;
    if (result.state === 'broken') return brokenActions(result.error);
    if (result.state !== 'ok') return [];
    return result.config.contexts.map((context) => ({ kind: 'context', context }));
  }

  dispose(): void {
    this.disposables.dispose();
  }
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
