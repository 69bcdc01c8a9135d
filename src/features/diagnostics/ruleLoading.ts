import * as vscode from 'vscode';
import { builtinRuleSet, createRuleSet, type RuleSet } from '../../core/deprecations/ruleSet';
import { USER_RULE_LIMITS, collectCustomRules } from '../../core/deprecations/userRules';
import { SECTION } from '../../settings';
import type { DeprecationSettings } from './settings';

export interface LoadedRules {
  readonly rules: RuleSet;
  readonly errors: readonly string[];
  /** What an untrusted workspace would have added; for the log. */
  readonly ignored: readonly string[];
}

const SETTING = 'kubeMaintenance.deprecations.customRules';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Built-in rules plus custom-resource rules from the user's settings and, once the workspace is
 * trusted, from workspace settings and each workspace folder's rules file.
 */
export async function loadRules(settings: DeprecationSettings): Promise<LoadedRules> {
  const builtin = builtinRuleSet();
  const reserved = new Set<string>([...builtin.apiRules, ...builtin.fieldRules].map((r) => r.id));
  const trusted = vscode.workspace.isTrusted;
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('deprecations.customRules');
  const workspaceSetting = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  const files: { name: string; text: string }[] = [];
  const tooLarge: string[] = [];
  for (const folder of settings.rulesFile ? (vscode.workspace.workspaceFolders ?? []) : []) {
    const uri = vscode.Uri.joinPath(folder.uri, settings.rulesFile);
    const name = vscode.workspace.asRelativePath(uri);
    if (!trusted) {
      // not even read: only named in the log
      if (await exists(uri)) {
        files.push({ name, text: '' });
      }
      continue;
    }
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > USER_RULE_LIMITS.fileBytes) {
        tooLarge.push(`${name}: larger than ${USER_RULE_LIMITS.fileBytes / 1024} KB; not read`);
        continue;
      }
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      continue;
    }
    files.push({ name, text: new TextDecoder().decode(bytes) });
  }
  // only the user's own settings count before trust; settings.customRules merges in the workspace's
  const result = collectCustomRules({ trusted, userSetting: inspected?.globalValue, workspaceSetting, files }, SETTING, reserved);
  return { rules: result.rules.length > 0 ? createRuleSet(result.rules) : builtin, errors: [...tooLarge, ...result.errors], ignored: result.ignored };
}
