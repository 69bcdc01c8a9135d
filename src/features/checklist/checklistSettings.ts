// The checklist's settings, read where they are used.
import * as vscode from 'vscode';
import { SECTION } from '../../settings';
import { readPlanConfig } from '../plan/planSettings';

export const ChecklistSettingKeys = {
  controlPlaneCommand: 'upgrade.controlPlaneCommand',
  nodeCommand: 'upgrade.nodeCommand',
  patchCommand: 'upgrade.patchCommand',
  waitTimeoutMinutes: 'upgrade.waitTimeoutMinutes',
  workingDirectory: 'upgrade.workingDirectory',
} as const;

export interface ChecklistSettings {
  readonly controlPlaneCommand: string;
  readonly nodeCommand: string;
  readonly patchCommand: string;
  readonly waitTimeoutMinutes: number;
  /** Where commands run: the setting, else the first workspace folder, else the home folder. */
  readonly workingDirectory: string;
  readonly stagingContexts: Readonly<Record<string, string>>;
}

export function readChecklistSettings(): ChecklistSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const minutes = c.get<number>(ChecklistSettingKeys.waitTimeoutMinutes, 20);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return {
    controlPlaneCommand: c.get<string>(ChecklistSettingKeys.controlPlaneCommand, '').trim(),
    nodeCommand: c.get<string>(ChecklistSettingKeys.nodeCommand, '').trim(),
    patchCommand: c.get<string>(ChecklistSettingKeys.patchCommand, '').trim(),
    waitTimeoutMinutes: typeof minutes === 'number' && minutes > 0 ? minutes : 20,
    workingDirectory: c.get<string>(ChecklistSettingKeys.workingDirectory, '').trim() || (folder?.scheme === 'file' ? folder.fsPath : (process.env.HOME ?? process.cwd())),
    stagingContexts: readPlanConfig().stagingContexts,
  };
}
