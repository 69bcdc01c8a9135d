import * as vscode from 'vscode';
import type { KubeconfigModel } from './kubeconfigModel';
import { contextTreeItem, type ClusterNode } from './treeItems';
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
    return contextTreeItem(node.context);
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    if (node) return [];
    const result = await this.model.load();
    if (this.view) {
      this.view.message =
        result.state === 'broken'
          ? `Cannot use the kubeconfig ${result.error.file}${result.error.line !== undefined ? ` (line ${result.error.line})` : ''}: ${result.error.reason}`
          : result.state === 'missing'
            ? `No kubeconfig found at ${result.files.join(', ')}`
            : undefined;
    }
    if (result.state !== 'ok') return [];
    return result.config.contexts.map((context) => ({ kind: 'context', context }));
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
