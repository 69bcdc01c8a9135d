import * as vscode from 'vscode';
import * as os from 'node:os';
import type { KubeconfigModel } from '../../cluster/kubeconfigModel';
import type { ClusterNode } from './treeItems';
import type { ClusterModels } from '../../cluster/clusterModels';
import type { ClustersTreeProvider } from './clustersTree';
import { Commands, ContextKeys, SECTION, Settings } from '../../settings';

export interface ClusterCommandDeps {
  readonly kubeconfig: KubeconfigModel;
  readonly log: vscode.LogOutputChannel;
  readonly registry: ClusterModels;
  readonly tree: ClustersTreeProvider;
}

export function registerClusterCommands(context: vscode.ExtensionContext, deps: ClusterCommandDeps): void {
  const { kubeconfig, log, registry, tree } = deps;
  const setGrouping = (value: 'kubeletVersion' | 'none'): Thenable<void> =>
    vscode.workspace.getConfiguration(SECTION).update(Settings.groupNodesBy, value, vscode.ConfigurationTarget.Global);
  const setPaused = (paused: boolean): void => {
    registry.setPaused(paused);
    void vscode.commands.executeCommand('setContext', ContextKeys.watchPaused, paused);
    log.info(paused ? 'Watching paused' : 'Watching resumed');
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.refreshClusters, () => kubeconfig.reload('refresh requested')),
    vscode.commands.registerCommand(Commands.retryCluster, (arg?: string | ClusterNode) => {
      const name = typeof arg === 'string' ? arg : arg && 'contextName' in arg ? arg.contextName : arg?.kind === 'context' ? arg.context.name : undefined;
      if (name) tree.retry(name);
    }),
    vscode.commands.registerCommand(Commands.groupNodesByVersion, () => setGrouping('kubeletVersion')),
    vscode.commands.registerCommand(Commands.listNodesFlat, () => setGrouping('none')),
    vscode.commands.registerCommand(Commands.pauseWatching, () => setPaused(true)),
    vscode.commands.registerCommand(Commands.resumeWatching, () => setPaused(false)),
    vscode.commands.registerCommand(Commands.showLog, () => log.show()),
    vscode.commands.registerCommand(Commands.openKubeconfig, async (node?: ClusterNode) => {
      const load = await kubeconfig.load();
      const file =
        node?.kind === 'context'
          ? node.context.file
          : load.state === 'broken'
            ? load.error.file
            : load.state === 'ok'
              ? load.config.loadedFiles[0]
              : undefined;
      if (!file) {
        void vscode.window.showInformationMessage(`No kubeconfig file exists yet (looked at ${kubeconfig.paths().files.join(', ')}).`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const editor = await vscode.window.showTextDocument(doc);
      if (load.state === 'broken' && load.error.file === file && load.error.line !== undefined) {
        const pos = new vscode.Position(load.error.line - 1, 0);
        editor.selection = new vscode.Selection(pos, pos);
        editor.revealRange(new vscode.Range(pos, pos));
      }
    }),
    vscode.commands.registerCommand(Commands.chooseKubeconfig, async () => {
      const picked = await vscode.window.showOpenDialog({
        title: 'Choose a kubeconfig file',
        canSelectMany: false,
        defaultUri: vscode.Uri.file(os.homedir()),
        openLabel: 'Use this kubeconfig',
      });
      const file = picked?.[0];
      if (!file) return;
      await vscode.workspace.getConfiguration(SECTION).update(Settings.kubeconfig, file.fsPath, vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand(Commands.copyContextName, async (node?: ClusterNode) => {
      if (node?.kind === 'context') await vscode.env.clipboard.writeText(node.context.name);
    }),
  );
}
