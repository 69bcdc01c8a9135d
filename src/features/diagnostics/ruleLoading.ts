import * as vscode from 'vscode';
import { builtinRuleSet, createRuleSet, type RuleSet } from '../../core/deprecations/ruleSet';
import type { ApiRule } from '../../core/deprecations/ruleTypes';
import { parseUserRulesFile, validateUserRules } from '../../core/deprecations/userRules';
import type { DeprecationSettings } from './settings';

export interface LoadedRules {
  readonly rules: RuleSet;
  readonly errors: readonly string[];
}

/** Built-in rules plus custom-resource rules from the setting and from each workspace folder's rules file. */
export async function loadRules(settings: DeprecationSettings): Promise<LoadedRules> {
  const builtin = builtinRuleSet();
  const reserved = new Set<string>([...builtin.apiRules, ...builtin.fieldRules].map((r) => r.id));
  const extra: ApiRule[] = [];
  const errors: string[] = [];
  const fromSetting = validateUserRules(settings.customRules, 'kubeMaintenance.deprecations.customRules', reserved);
  extra.push(...fromSetting.rules);
  errors.push(...fromSetting.errors);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (!settings.rulesFile) {
      break;
    }
    const uri = vscode.Uri.joinPath(folder.uri, settings.rulesFile);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      continue;
    }
    const taken = new Set([...reserved, ...extra.map((r) => r.id)]);
    const result = parseUserRulesFile(new TextDecoder().decode(bytes), vscode.workspace.asRelativePath(uri), taken);
    extra.push(...result.rules);
    errors.push(...result.errors);
  }
  return { rules: extra.length > 0 ? createRuleSet(extra) : builtin, errors };
}
