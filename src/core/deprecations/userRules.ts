import { parse } from 'yaml';
import { compareMinorText, parseMinorVersion } from '../versions/kubeVersion';
import type { ApiRule } from './ruleTypes';

export interface UserRulesResult {
  readonly rules: readonly ApiRule[];
  /** One readable sentence per problem, naming the rule and the field. */
  readonly errors: readonly string[];
}

const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/**
 * Validates rules for custom resources, given as a list or as `{ rules: [...] }`. Invalid
 * rules are dropped with an error each; valid ones are returned even when others fail.
 */
export function validateUserRules(input: unknown, source: string, reservedIds: ReadonlySet<string> = new Set()): UserRulesResult {
  const list = Array.isArray(input) ? input : typeof input === 'object' && input !== null && Array.isArray((input as { rules?: unknown }).rules) ? (input as { rules: unknown[] }).rules : undefined;
  if (list === undefined) {
    return { rules: [], errors: input === undefined || input === null ? [] : [`${source}: expected a list of rules or an object with a "rules" list`] };
  }
  const rules: ApiRule[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  list.forEach((raw: unknown, index) => {
    const where = `${source}: rules[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${where}: expected an object, got ${describe(raw)}`);
      return;
    }
    const r = raw as Record<string, unknown>;
    const problems: string[] = [];
    const text = (key: string, required: boolean): string | undefined => {
      const value = r[key];
      if (value === undefined && !required) {
        return undefined;
      }
      if (typeof value !== 'string' || value.trim() === '') {
        problems.push(`"${key}" must be a non-empty string, got ${describe(value)}`);
        return undefined;
      }
      return value.trim();
    };
    const version = (key: string, required: boolean): string | undefined => {
      const value = typeof r[key] === 'number' ? String(r[key]) : r[key];
      if (value === undefined && !required) {
        return undefined;
      }
      if (typeof value !== 'string' || !parseMinorVersion(value)) {
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
    if (!kinds || kinds.length === 0 || !kinds.every((k) => typeof k === 'string' && KIND.test(k))) {
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
    const message = text('message', false);
    const link = text('link', false);
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

/** Parses a rules file (YAML or JSON) and validates it. */
export function parseUserRulesFile(text: string, source: string, reservedIds?: ReadonlySet<string>): UserRulesResult {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 50 });
  } catch (error) {
    return { rules: [], errors: [`${source}: not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return validateUserRules(data, source, reservedIds);
}
