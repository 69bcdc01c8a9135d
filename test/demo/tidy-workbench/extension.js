// npm run demo only: arranges the workbench once it has started. The file to open comes from
// KM_DEMO_OPEN (workspace-relative), set by ../run.ts on VS Code Server's environment.
const vscode = require('vscode');

async function run(command) {
  try {
    await vscode.commands.executeCommand(command);
  } catch {
    // A command this VS Code does not have: nothing to tidy.
  }
}

exports.activate = async function activate() {
  await run('workbench.action.closeAuxiliaryBar');
  await run('workbench.action.closePanel');
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const file = process.env.KM_DEMO_OPEN;
  if (folder && file) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, file));
    await vscode.window.showTextDocument(doc, { preview: false });
  }
  await run('workbench.view.extension.kubeMaintenance');
  // The view's title ("Kubernetes Maintenance: Clusters") and its buttons need a little more than the
  // default side bar width: narrowing the (focused) editor by two steps of 60 px gives them to it.
  await run('workbench.action.focusActiveEditorGroup');
  await run('workbench.action.decreaseViewWidth');
  await run('workbench.action.decreaseViewWidth');
};

exports.deactivate = function deactivate() {};
