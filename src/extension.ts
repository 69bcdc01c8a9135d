import * as vscode from 'vscode';
import { ClustersTreeProvider } from './features/clusters/clustersTree';
import { KubeconfigModel } from './features/clusters/kubeconfigModel';
import type { ClusterNode } from './features/clusters/treeItems';
import { registerClusterCommands } from './features/clusters/commands';
import { isKubeModuleLoaded } from './cluster/loader';
import { Views } from './settings';

/** What activate() returns: used by our integration tests and open to other extensions. */
export interface KubeMaintenanceApi {
  readonly clusters: vscode.TreeDataProvider<ClusterNode>;
  readonly clustersView: vscode.TreeView<ClusterNode>;
  isKubernetesClientLoaded(): boolean;
}

export function activate(context: vscode.ExtensionContext): KubeMaintenanceApi {
  const log = vscode.window.createOutputChannel('Kubernetes Maintenance', { log: true });
  context.subscriptions.push(log);

  const kubeconfig = new KubeconfigModel(log);
  context.subscriptions.push(kubeconfig);

  const clusters = new ClustersTreeProvider(kubeconfig);
  const clustersView = vscode.window.createTreeView(Views.clusters, { treeDataProvider: clusters, showCollapseAll: true });
  clusters.view = clustersView;
  context.subscriptions.push(clusters, clustersView);

  registerClusterCommands(context, { kubeconfig, log });

  return { clusters, clustersView, isKubernetesClientLoaded: isKubeModuleLoaded };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
