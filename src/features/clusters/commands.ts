import * as vscode from 'vscode';
import * as os from 'node:os';
import type { KubeconfigModel } from './kubeconfigModel';
import type { ClusterNode } from './treeItems';
import { Commands, SECTION, Settings } from '../../settings';

export function registerClusterCommands(context: vscode.ExtensionContext, deps: { kubeconfig: KubeconfigModel; log: vscode.LogOutputChannel }): void {
  const { kubeconfig, log } = deps;
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.refreshClusters, () => kubeconfig.reload('refresh requested')),
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
