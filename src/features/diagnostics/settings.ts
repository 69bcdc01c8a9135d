import * as vscode from 'vscode';

import { SECTION } from '../../settings';
export const SOURCE = 'Kubernetes Maintenance';

export const COMMANDS = {
  selectTargetVersion: 'kubeMaintenance.selectTargetVersion',
  scanWorkspace: 'kubeMaintenance.scanWorkspace',
  fixAllInWorkspace: 'kubeMaintenance.fixAllInWorkspace',
  openMigrationGuide: 'kubeMaintenance.openMigrationGuide',
} as const;

export interface DeprecationSettings {
  /** "auto" or a version such as "1.33". */
  readonly targetVersion: string;
  readonly enabled: boolean;
  readonly reportUpcomingRemovals: boolean;
  readonly debounceMs: number;
  readonly customRules: unknown;
  readonly rulesFile: string;
}

export function readSettings(): DeprecationSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    targetVersion: config.get<string>('targetVersion', 'auto'),
    enabled: config.get<boolean>('deprecations.enabled', true),
    reportUpcomingRemovals: config.get<boolean>('deprecations.reportUpcomingRemovals', false),
    debounceMs: Math.max(0, config.get<number>('deprecations.debounceMs', 300)),
    customRules: config.get<unknown>('deprecations.customRules', []),
    rulesFile: config.get<string>('deprecations.rulesFile', '.kube-maintenance/rules.yaml'),
  };
}

/** Documents that may hold manifests: YAML, JSON and Helm templates, on disk or unsaved. */
export const MANIFEST_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'json', scheme: 'file' },
  { language: 'json', scheme: 'untitled' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'helm', scheme: 'file' },
];

export function isManifestLanguage(document: vscode.TextDocument): boolean {
  return vscode.languages.match(MANIFEST_SELECTOR, document) > 0;
}
