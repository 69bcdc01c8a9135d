import { isAlias, isScalar, parseDocument, visit } from 'yaml';
import { compareMinorText, parseMinorVersion } from '../versions/kubeVersion';
import type { ApiRule } from './ruleTypes';

export interface UserRulesResult {
  readonly rules: readonly ApiRule[];
  /** One readable sentence per problem, naming the rule and the field. */
  readonly errors: readonly string[];
}

const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Bounds on custom rules, so a rules file cannot make every analysis slow: the count, the
 * kinds per rule, each text's length and a rules file's size.
 */
export const USER_RULE_LIMITS = {
  rules: 200,
  kindsPerRule: 20,
  /** Characters of an id, apiVersion, kind, version or replacement. */
  name: 253,
  message: 2000,
  link: 2000,
  fileBytes: 256 * 1024,
} as const;

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/**
 * Validates rules for custom resources, given as a list or as `{ rules: [...] }`. Invalid
 * rules are dropped with an error each; valid ones are returned even when others fail.
 */
export function validateUserRules(input: unknown, source: string, reservedIds: ReadonlySet<string> = new Set(), maxRules: number = USER_RULE_LIMITS.rules): UserRulesResult {
  const list = Array.isArray(input) ? input : typeof input === 'object' && input !== null && Array.isArray((input as { rules?: unknown }).rules) ? (input as { rules: unknown[] }).rules : undefined;
  if (list === undefined) {
    return { rules: [], errors: input === undefined || input === null ? [] : [`${source}: expected a list of rules or an object with a "rules" list`] };
  }
  const rules: ApiRule[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  if (list.length > maxRules) {
    errors.push(`${source}: ${list.length} rules, but at most ${USER_RULE_LIMITS.rules} custom rules are read in all; only the first ${Math.max(0, maxRules)} here are used`);
  }
  list.slice(0, Math.max(0, maxRules)).forEach((raw: unknown, index) => {
    const where = `${source}: rules[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${where}: expected an object, got ${describe(raw)}`);
      return;
    }
    const r = raw as Record<string, unknown>;
    const problems: string[] = [];
    const text = (key: string, required: boolean, maxLength: number = USER_RULE_LIMITS.name): string | undefined => {
      const value = r[key];
      if (value === undefined && !required) {
        return undefined;
      }
      if (typeof value !== 'string' || value.trim() === '') {
        problems.push(`"${key}" must be a non-empty string, got ${describe(value)}`);
        return undefined;
      }
      if (value.length > maxLength) {
        problems.push(`"${key}" is longer than ${maxLength} characters`);
        return undefined;
      }
      return value.trim();
    };
    const version = (key: string, required: boolean): string | undefined => {
      const value = typeof r[key] === 'number' ? String(r[key]) : r[key];
      if (value === undefined && !required) {
        return undefined;
      }
      if (typeof value !== 'string' || value.length > 20 || !parseMinorVersion(value)) {
        problems.push(`"${key}" must be a Kubernetes version like "1.29", got ${describe(r[key])}`);
        return undefined;
      }
      return value.replace(/^v/, '');
    };
    const id = text('id', true);
    const apiVersion = text('apiVersion', true);
    if (apiVersion !== undefined && !API_VERSION.test(apiVersion)) {
      problems.push(`"apiVersion" must look like group/version (e.g. example.com/v1beta1), got ${describe(apiVersion)}`);
    }
    const kinds = Array.isArray(r.kinds) ? r.kinds : typeof r.kind === 'string' ? [r.kind] : undefined;
    if (kinds && kinds.length > USER_RULE_LIMITS.kindsPerRule) {
      problems.push(`"kinds" lists ${kinds.length} kinds, more than ${USER_RULE_LIMITS.kindsPerRule}`);
    } else if (!kinds || kinds.length === 0 || !kinds.every((k) => typeof k === 'string' && k.length <= USER_RULE_LIMITS.name && KIND.test(k))) {
      problems.push(`"kinds" must be a list of kind names like ["Widget"], got ${describe(r.kinds ?? r.kind)}`);
    }
    const deprecatedIn = version('deprecatedIn', true);
    const removedIn = version('removedIn', false);
    if (deprecatedIn && removedIn && compareMinorText(deprecatedIn, removedIn) > 0) {
      problems.push(`"removedIn" (${removedIn}) is before "deprecatedIn" (${deprecatedIn})`);
    }
    const replacement = text('replacement', false);
    if (replacement !== undefined && !API_VERSION.test(replacement)) {
      problems.push(`"replacement" must look like group/version, got ${describe(replacement)}`);
    }
    const availableSince = version('replacementAvailableSince', false);
    const message = text('message', false, USER_RULE_LIMITS.message);
    const link = text('link', false, USER_RULE_LIMITS.link);
    if (link !== undefined && !/^https?:\/\//.test(link)) {
      problems.push(`"link" must be an http(s) URL, got ${describe(link)}`);
    }
    if (r.sameSchema !== undefined && typeof r.sameSchema !== 'boolean') {
      problems.push(`"sameSchema" must be true or false, got ${describe(r.sameSchema)}`);
    }
    if (id !== undefined && (seen.has(id) || reservedIds.has(id))) {
      problems.push(`"id" ${describe(id)} is already used by another rule`);
    }
    const known = new Set(['id', 'apiVersion', 'kinds', 'kind', 'deprecatedIn', 'removedIn', 'replacement', 'replacementAvailableSince', 'message', 'link', 'sameSchema']);
    for (const key of Object.keys(r)) {
      if (!known.has(key)) {
        problems.push(`unknown field "${key}"`);
      }
    }
    if (problems.length > 0 || !id || !apiVersion || !deprecatedIn || !kinds) {
      errors.push(...problems.map((p) => `${where}${id ? ` (${id})` : ''}: ${p}`));
      return;
    }
    seen.add(id);
    const slash = apiVersion.lastIndexOf('/');
    rules.push({
      id,
      group: slash === -1 ? '' : apiVersion.slice(0, slash),
      version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
      kinds: kinds as string[],
      deprecatedIn,
      removedIn,
      replacement: replacement ? { apiVersion: replacement, availableSince: availableSince ?? deprecatedIn } : undefined,
      changes: message ? [message] : [],
      link: link ?? '',
      sameSchema: r.sameSchema === true,
      source,
    });
  });
  return { rules, errors };
}

const VERSION_KEYS = new Set(['deprecatedIn', 'removedIn', 'replacementAvailableSince']);

/** Parses a rules file (YAML or JSON) and validates it. */
export function parseUserRulesFile(text: string, source: string, reservedIds?: ReadonlySet<string>, maxRules?: number): UserRulesResult {
  if (text.length > USER_RULE_LIMITS.fileBytes) {
    return { rules: [], errors: [`${source}: larger than ${USER_RULE_LIMITS.fileBytes / 1024} KB; not read`] };
  }
  let data: unknown;
  try {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
      throw doc.errors[0];
    }
    // an unquoted 1.30 reads as the number 1.3: keep a version as it is written
    visit(doc, {
      Pair(_, pair) {
        const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
        if (isScalar(pair.key) && VERSION_KEYS.has(String(pair.key.value)) && isScalar(value) && typeof value.value === 'number' && value.source !== undefined) {
          value.value = value.source;
        }
      },
    });
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { rules: [], errors: [`${source}: not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return validateUserRules(data, source, reservedIds, maxRules);
}

/** Where custom rules come from, as the editor sees them. */
export interface CustomRuleSources {
  /** Whether the workspace is trusted: only then do workspace settings and files count. */
  readonly trusted: boolean;
  /** The customRules setting from the user's own settings. */
  readonly userSetting: unknown;
  /** The customRules setting from workspace or folder settings, if set there. */
  readonly workspaceSetting: unknown;
  /** Rules files found in the workspace folders (read only when trusted). */
  readonly files: readonly { readonly name: string; readonly text: string }[];
}

export interface CustomRulesResult extends UserRulesResult {
  /** Sentences naming what an untrusted workspace would have added, for the log. */
  readonly ignored: readonly string[];
}

/**
 * Custom rules from the user's settings, plus, in a trusted workspace only, from workspace
 * settings and rules files: an untrusted folder must not be able to mark a served API removed or
 * offer a "fix" that moves objects to another group. At most USER_RULE_LIMITS.rules in total.
 */
export function collectCustomRules(sources: CustomRuleSources, settingName: string, reservedIds: ReadonlySet<string>): CustomRulesResult {
  const rules: ApiRule[] = [];
  const errors: string[] = [];
  const ignored: string[] = [];
  const add = (result: UserRulesResult): void => {
    rules.push(...result.rules);
    errors.push(...result.errors);
  };
  const taken = (): Set<string> => new Set([...reservedIds, ...rules.map((r) => r.id)]);
  const left = (): number => USER_RULE_LIMITS.rules - rules.length;
  add(validateUserRules(sources.userSetting, `${settingName} (user settings)`, taken(), left()));
  const hasWorkspaceSetting = Array.isArray(sources.workspaceSetting) ? sources.workspaceSetting.length > 0 : sources.workspaceSetting !== undefined && sources.workspaceSetting !== null;
  if (!sources.trusted) {
    if (hasWorkspaceSetting) {
      ignored.push(`${settingName} from workspace settings is ignored until the workspace is trusted`);
    }
    for (const file of sources.files) {
      ignored.push(`${file.name} is ignored until the workspace is trusted`);
    }
    return { rules, errors, ignored };
  }
  if (hasWorkspaceSetting) {
    add(validateUserRules(sources.workspaceSetting, `${settingName} (workspace settings)`, taken(), left()));
  }
  for (const file of sources.files) {
    add(parseUserRulesFile(file.text, file.name, taken(), left()));
  }
  return { rules, errors, ignored };
}
