// The plan's settings, read where they are used.
import * as vscode from 'vscode';
import { SECTION } from '../../settings';

export const PlanSettings = {
  releaseDataFile: 'plan.releaseDataFile',
  backupMaxAgeHours: 'backup.maxAgeHours',
  stagingContexts: 'stagingContexts',
} as const;

export interface PlanConfig {
  readonly releaseDataFile: string;
  readonly backupMaxAgeHours: number;
  readonly stagingContexts: Readonly<Record<string, string>>;
}

export function readPlanConfig(): PlanConfig {
  const c = vscode.workspace.getConfiguration(SECTION);
  const staging = c.get<unknown>(PlanSettings.stagingContexts, {});
  const map: Record<string, string> = {};
  if (typeof staging === 'object' && staging !== null) {
    for (const [k, v] of Object.entries(staging)) if (typeof v === 'string' && v) map[k] = v;
  }
  const hours = c.get<number>(PlanSettings.backupMaxAgeHours, 24);
  return {
    releaseDataFile: c.get<string>(PlanSettings.releaseDataFile, '').trim(),
    backupMaxAgeHours: typeof hours === 'number' && hours > 0 ? hours : 24,
    stagingContexts: map,
  };
}

export function affectsPlan(e: vscode.ConfigurationChangeEvent): boolean {
  return Object.values(PlanSettings).some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
