import * as vscode from 'vscode';
import { ClustersTreeProvider } from './features/clusters/clustersTree';
import { ClusterModels } from './cluster/clusterModels';
import { KubeconfigModel } from './cluster/kubeconfigModel';
import type { ClusterNode } from './features/clusters/treeItems';
import { registerClusterCommands } from './features/clusters/commands';
import { registerNodeCommands } from './features/clusters/nodeCommands';
import { registerNodeActions, type NodeActionDeps } from './features/nodes/nodeActions';
import { vscodePrompter } from './features/nodes/prompter';
import { registerDeprecationFeatures } from './features/diagnostics';
import { registerPlanFeatures } from './features/plan';
import { registerChecklistFeatures, type Checklists } from './features/checklist';
import { isKubeModuleLoaded } from './cluster/loader';
import { ContextKeys, SECTION, Settings, Views } from './settings';

/** What activate() returns: used by our integration tests and open to other extensions. */
export interface KubeMaintenanceApi {
  readonly clusters: vscode.TreeDataProvider<ClusterNode>;
  readonly clustersView: vscode.TreeView<ClusterNode>;
  /** The node commands' dependencies; tests replace `prompter` to answer dialogs. */
  readonly nodeActions: NodeActionDeps;
  /** The open upgrade checklists; tests replace `ui` to answer dialogs. */
  readonly checklists: Checklists;
  isKubernetesClientLoaded(): boolean;
}

export function activate(context: vscode.ExtensionContext): KubeMaintenanceApi {
  const log = vscode.window.createOutputChannel('Kubernetes Maintenance', { log: true });
  context.subscriptions.push(log);

  const kubeconfig = new KubeconfigModel(log);
  const registry = new ClusterModels(kubeconfig, log, { memory: context.globalState });
  context.subscriptions.push(kubeconfig, registry);

  const clusters = new ClustersTreeProvider(kubeconfig, registry);
  const clustersView = vscode.window.createTreeView(Views.clusters, { treeDataProvider: clusters, showCollapseAll: true, canSelectMany: true });
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
  const nodeActions: NodeActionDeps = { kubeconfig, models: registry, log, prompter: vscodePrompter };
  const actions = registerNodeActions(context, nodeActions);
  const plans = registerPlanFeatures(context, { registry, kubeconfig, log });
  const checklists = registerChecklistFeatures(context, { registry, kubeconfig, log, plans, nodeActions: actions });
  registerDeprecationFeatures(context, {
    log,
    getServerVersion: () => registry.currentContextVersion(),
    onDidLearnServerVersion: registry.onDidLearnVersion,
  });
  context.subscriptions.push(watchForManifests(() => registry.probeCurrentContext()));

  return { clusters, clustersView, nodeActions, checklists, isKubernetesClientLoaded: isKubeModuleLoaded };
}

/**
 * The first Kubernetes manifest opened (in a trusted workspace) lets "auto" ask the current
 * context's server for its version; until then nothing touches the network or runs a program.
 */
function watchForManifests(probe: () => Promise<void>): vscode.Disposable {
  const looksLikeManifest = (doc: vscode.TextDocument): boolean => {
    if (!['yaml', 'json', 'helm'].includes(doc.languageId) || doc.uri.scheme === 'kube-maintenance-node') return false;
    const head = doc.getText(new vscode.Range(0, 0, 200, 0));
    return /(^|\n)\s*"?apiVersion"?\s*:/.test(head) && /(^|\n)\s*"?kind"?\s*:/.test(head);
  };
  const check = (doc: vscode.TextDocument): void => {
    const auto = vscode.workspace.getConfiguration(SECTION).get<string>('targetVersion', 'auto').trim().toLowerCase() === 'auto';
    if (auto && vscode.workspace.isTrusted && looksLikeManifest(doc)) void probe();
  };
  for (const doc of vscode.workspace.textDocuments) check(doc);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.workspace.textDocuments.forEach(check)),
  );
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
