// Every question the node commands ask, behind one interface so the integration tests can answer
// them; the real one uses modal dialogs, input boxes and the preview quick pick.
import * as vscode from 'vscode';
import type { DrainOptions } from '../../core/drain/filters';
import type { DrainPreview } from '../../core/drain/preview';
import { showDrainPreview } from './drainPreview';

export interface PreviewRequest {
  readonly contextName: string;
  readonly nodeName: string;
  readonly options: DrainOptions;
  /** Computes the preview for a set of options (the user may toggle them). */
  readonly compute: (options: DrainOptions, signal: AbortSignal) => Promise<DrainPreview>;
}

export interface Prompter {
  /** A modal yes/no; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** Asks to type `expected` (protected contexts); true when typed exactly. */
  typeToConfirm(prompt: string, expected: string): Promise<boolean>;
  /** An optional reason: undefined when the user cancelled, '' when left empty. */
  reason(prompt: string): Promise<string | undefined>;
  /** The drain preview; the options to drain with, or undefined when the user backed out. */
  preview(request: PreviewRequest): Promise<DrainOptions | undefined>;
}

export const vscodePrompter: Prompter = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async typeToConfirm(prompt, expected) {
    const typed = await vscode.window.showInputBox({
      title: 'Protected context',
      prompt,
      placeHolder: expected,
      ignoreFocusOut: true,
      validateInput: (v) => (v === '' || v === expected ? undefined : `Type ${expected} exactly`),
    });
    return typed === expected;
  },
  reason(prompt) {
    return Promise.resolve(vscode.window.showInputBox({ title: 'Reason', prompt, placeHolder: 'e.g. kernel patch (optional; press Enter to skip)', ignoreFocusOut: true }));
  },
  preview(request) {
    return showDrainPreview(request);
  },
};
