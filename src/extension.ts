import * as vscode from 'vscode';
import { ClustersTreeProvider } from './features/clusters/clustersTree';
import { ClusterRegistry } from './features/clusters/clusterRegistry';
import { KubeconfigModel } from './features/clusters/kubeconfigModel';
import type { ClusterNode } from './features/clusters/treeItems';
import { registerClusterCommands } from './features/clusters/commands';
import { registerNodeCommands } from './features/clusters/nodeCommands';
import { registerDeprecationFeatures } from './features/diagnostics';
import { isKubeModuleLoaded } from './cluster/loader';
import { ContextKeys, SECTION, Settings, Views } from './settings';

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
  const registry = new ClusterRegistry(kubeconfig, log);
  context.subscriptions.push(kubeconfig, registry);

  const clusters = new ClustersTreeProvider(kubeconfig, registry);
  const clustersView = vscode.window.createTreeView(Views.clusters, { treeDataProvider: clusters, showCollapseAll: true });
  clusters.attach(clustersView);
  context.subscriptions.push(clusters, clustersView);

  const grouped = (): boolean => vscode.workspace.getConfiguration(SECTION).get<string>(Settings.groupNodesBy, 'kubeletVersion') !== 'none';
  void vscode.commands.executeCommand('setContext', ContextKeys.nodesGrouped, grouped());
  void vscode.commands.executeCommand('setContext', ContextKeys.watchPaused, false);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${Settings.groupNodesBy}`)) void vscode.commands.executeCommand('setContext', ContextKeys.nodesGrouped, grouped());
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => kubeconfig.reload('the workspace was trusted')),
  );

  registerClusterCommands(context, { kubeconfig, log, registry, tree: clusters });
  registerNodeCommands(context, registry);
  registerDeprecationFeatures(context, { log, getServerVersion: () => registry.currentContextVersion() });

  return { clusters, clustersView, isKubernetesClientLoaded: isKubeModuleLoaded };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
