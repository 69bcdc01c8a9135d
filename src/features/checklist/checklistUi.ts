// The checklist's questions as VS Code's own modal dialogs and input boxes (never in the webview, so
// they are keyboard-accessible and cannot be faked by the page).
import * as vscode from 'vscode';
import { vscodePrompter } from '../nodes/prompter';
import type { ChecklistUi } from './checklistController';

export const vscodeChecklistUi: ChecklistUi = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async input(prompt, placeHolder, required) {
    return vscode.window.showInputBox({
      title: 'Upgrade checklist',
      prompt,
      placeHolder,
      ignoreFocusOut: true,
      ...(required ? { validateInput: (v: string) => (v.trim() ? undefined : 'Required: it goes into the maintenance log') } : {}),
    });
  },
  async choose(message, detail, options) {
    const picked = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...options);
    return picked;
  },
  typeToConfirm: (prompt, expected) => vscodePrompter.typeToConfirm(prompt, expected),
  info(message) {
    void vscode.window.showInformationMessage(message);
  },
};
