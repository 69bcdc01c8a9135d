// The maintenance log on disk: a Markdown file appended to, never rewritten. Its place comes from
// kubeMaintenance.maintenanceLog.file (a relative path is taken from the first workspace folder); the
// default is .kube-maintenance/maintenance-log.md in the workspace, or the extension's storage without one.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LOG_FILE_TITLE, type LogWriter } from '../../core/checklist/maintenanceLog';
import { SECTION } from '../../settings';

export const LOG_FILE_SETTING = 'maintenanceLog.file';
const DEFAULT_RELATIVE = path.join('.kube-maintenance', 'maintenance-log.md');

export function maintenanceLogPath(globalStorage: vscode.Uri): string {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>(LOG_FILE_SETTING, '').trim();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = folder?.scheme === 'file' ? folder.fsPath : globalStorage.fsPath;
  if (configured) {
    const expanded = configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? process.env.USERPROFILE ?? '~');
    return path.isAbsolute(expanded) ? expanded : path.join(base, expanded);
  }
  return path.join(base, DEFAULT_RELATIVE);
}

/** Appends to the file, creating it (and its folder) with the log's title when it does not exist. Writes are queued in order. */
export class FileLogWriter implements LogWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string, private readonly onError: (message: string) => void) {}

  append(text: string): Promise<void> {
    this.queue = this.queue.then(() => this.write(text)).catch((e: unknown) => {
      this.onError(`cannot write the maintenance log ${this.file}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.queue;
  }

  private async write(text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    let exists = true;
    try {
      await fs.access(this.file);
    } catch {
      exists = false;
    }
    await fs.appendFile(this.file, exists ? text : `${LOG_FILE_TITLE}${text}`, 'utf8');
  }
}
