// The checklist's webview panel: one vscode.WebviewPanel with a strict page (panelHtml.ts), typed
// messages both ways (every message from the webview is checked by parseToHost first) and nothing left
// behind when it closes. What the panel shows and does is decided by whoever listens to `onMessage`.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseToHost, type ToHost, type ToWebview } from '../../core/checklist/protocol';
import { DisposableStore } from '../../util/disposable';
import { panelHtml } from './panelHtml';

export const CHECKLIST_VIEW_TYPE = 'kubeMaintenance.checklist';

export type PanelLog = (message: string) => void;

/** What the webview may load: the bundles and the media folder, nothing else. */
export function checklistWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class ChecklistPanel implements vscode.Disposable {
  static readonly viewType = CHECKLIST_VIEW_TYPE;

  private readonly store = new DisposableStore();
  private readonly messages = this.store.add(new vscode.EventEmitter<ToHost>());
  private readonly closed = new vscode.EventEmitter<void>();
  private disposed = false;

  /** Every valid intent the webview sends ('ready' when its script has loaded). */
  readonly onMessage = this.messages.event;
  /** The panel was closed (by the user or by dispose()). */
  readonly onDidDispose = this.closed.event;

  /** A new panel beside the active editor. */
  static create(extensionUri: vscode.Uri, title: string, log: PanelLog): ChecklistPanel {
    const panel = vscode.window.createWebviewPanel(CHECKLIST_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, checklistWebviewOptions(extensionUri));
    return new ChecklistPanel(panel, extensionUri, log);
  }

  /** A panel VS Code restored after a reload (from the WebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: PanelLog): ChecklistPanel {
    panel.webview.options = checklistWebviewOptions(extensionUri);
    return new ChecklistPanel(panel, extensionUri, log);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly log: PanelLog) {
    // The coloured icon: the activity-bar one draws in currentColor, which an editor tab's <img> shows black.
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.store.add(panel.webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseToHost(raw);
      if (!parsed.ok) {
        this.log(`checklist panel: ignored a message from the webview: ${parsed.reason}`);
        return;
      }
      this.messages.fire(parsed.message);
    }));
    this.store.add(panel.onDidDispose(() => this.dispose()));
    panel.webview.html = this.html(panel.title);
  }

  get title(): string {
    return this.panel.title;
  }

  set title(value: string) {
    this.panel.title = value;
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  /** Sends a message; false when the panel is gone or the webview could not take it. */
  async post(message: ToWebview): Promise<boolean> {
    if (this.disposed) return false;
    try {
      return await this.panel.webview.postMessage(message);
    } catch (e) {
      this.log(`checklist panel: could not post ${message.type}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, false);
  }

  private html(title: string): string {
    const webview = this.panel.webview;
    const uri = (...parts: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: uri('dist', 'webview', 'checklist.js'),
      styleUris: [uri('media', 'codicons', 'codicon.css'), uri('media', 'checklist.css')],
      title,
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.store.dispose();
    this.panel.dispose();
    this.closed.fire();
    this.closed.dispose();
  }
}
