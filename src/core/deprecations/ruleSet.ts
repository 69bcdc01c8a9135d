import { ALL_BUILTIN_FIELD_RULES, BUILTIN_API_RULES, RULE_DATA_RELEASE } from './builtinRules';
import { apiVersionOf, type ApiRule, type FieldRule } from './ruleTypes';
import { compareMinorText } from '../versions/kubeVersion';

export type AnyRule = ApiRule | FieldRule;

/** Rules indexed for lookup, plus a cheap text test that no matching document can fail. */
export interface RuleSet {
  readonly apiRules: readonly ApiRule[];
  readonly fieldRules: readonly FieldRule[];
  findApiRule(apiVersion: string, kind: string): ApiRule | undefined;
  findRule(id: string): AnyRule | undefined;
  /**
   * False only when the text cannot contain anything a rule matches. Every rule name must
   * appear literally in the source unless an escape sequence spells it, so any backslash
   * also counts as a possible match.
   */
  mightMatch(text: string): boolean;
  /** API rules that name this kind, in data order. */
  apiRulesForKind(kind: string): readonly ApiRule[];
  /**
   * The newest minor version any rule mentions; built-in versions count up to the release the
   * data was checked against, so announced removals further out do not become the default target.
   */
  readonly newestMinor: string;
}

export function isApiRule(rule: AnyRule): rule is ApiRule {
  return 'group' in rule;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Literal text (as a regex source) that must occur wherever the field rule can match. */
function fieldNeedle(rule: FieldRule): string {
  const location = rule.location;
  switch (location.type) {
    case 'annotation':
    case 'label':
    case 'toleration':
      return escapeRegExp(location.key);
    case 'podVolumeSource':
      return `${escapeRegExp(location.source)}(?![A-Za-z0-9_])`;
    case 'apiReference':
      return escapeRegExp(location.apiVersion);
    case 'podSpecField':
      // a key is never followed by a name character, so serviceAccountName does not count
      return `${escapeRegExp(location.field)}(?![A-Za-z0-9_])`;
    case 'objectField': {
      const last = location.path.split('.').pop() ?? location.path;
      return `${escapeRegExp(last)}(?![A-Za-z0-9_])`;
    }
  }
}

export function createRuleSet(
  extraApiRules: readonly ApiRule[] = [],
  apiRules: readonly ApiRule[] = BUILTIN_API_RULES,
  fieldRules: readonly FieldRule[] = ALL_BUILTIN_FIELD_RULES,
): RuleSet {
  const allApi = [...apiRules, ...extraApiRules];
  const byKey = new Map<string, ApiRule>();
  const byId = new Map<string, AnyRule>();
  const byKind = new Map<string, ApiRule[]>();
  for (const rule of allApi) {
    byId.set(rule.id, rule);
    for (const kind of rule.kinds) {
      const list = byKind.get(kind) ?? [];
      list.push(rule);
      byKind.set(kind, list);
      const key = `${apiVersionOf(rule)}\n${kind}`;
      if (!byKey.has(key)) {
        byKey.set(key, rule);
      }
    }
  }
  for (const rule of fieldRules) {
    byId.set(rule.id, rule);
  }
  const needles = new Set<string>(['\\\\']);
  for (const rule of allApi) {
    if (rule.group === '') {
      // "v1" is in every manifest; the kind name is the selective part there
      for (const kind of rule.kinds) {
        needles.add(`${escapeRegExp(kind)}(?![A-Za-z0-9_])`);
      }
    } else {
      needles.add(escapeRegExp(apiVersionOf(rule)));
    }
  }
  for (const rule of fieldRules) {
    needles.add(fieldNeedle(rule));
  }
  const pattern = new RegExp([...needles].join('|'));
  let newest = '1.0';
  for (const rule of [...allApi, ...fieldRules]) {
    const userRule = 'source' in rule && rule.source !== undefined;
    for (const v of [rule.deprecatedIn, rule.removedIn]) {
      const counted = v === undefined || userRule || compareMinorText(v, RULE_DATA_RELEASE) <= 0 ? v : RULE_DATA_RELEASE;
      if (counted !== undefined && compareMinorText(counted, newest) > 0) {
        newest = counted;
      }
    }
  }
  return {
    apiRules: allApi,
    fieldRules,
    findApiRule: (apiVersion, kind) => byKey.get(`${apiVersion}\n${kind}`),
    findRule: (id) => byId.get(id),
    apiRulesForKind: (kind) => byKind.get(kind) ?? [],
    mightMatch: (text) => pattern.test(text),
    newestMinor: newest,
  };
}

let defaultRuleSet: RuleSet | undefined;

export function builtinRuleSet(): RuleSet {
  defaultRuleSet ??= createRuleSet();
  return defaultRuleSet;
}
