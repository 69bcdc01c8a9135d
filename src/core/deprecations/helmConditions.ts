import { parseMinorVersion, compareMinor, type MinorVersion } from '../versions/kubeVersion';
import { isApiRule, type RuleSet } from './ruleSet';
import { statusAt } from './findings';
import { apiVersionOf } from './ruleTypes';

/** true/false when a Helm condition's value at the target is known, undefined otherwise. */
export type Known = boolean | undefined;

interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const COMPARATOR = /^(<=|>=|=>|=<|!=|~>|<|>|=|~|\^)?\s*v?(\d+)(?:\.(\d+|x|X|\*))?(?:\.(\d+|x|X|\*))?(-[0-9A-Za-z.-]+)?$/;

function compare(a: Version, b: Version & { readonly pre: boolean }): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  // a release is above any prerelease of the same numbers
  return b.pre ? 1 : 0;
}

/** One Masterminds-style comparator (what Helm's semverCompare uses) at a release version. */
function satisfies(comparator: string, v: Version): boolean | undefined {
  const m = COMPARATOR.exec(comparator);
  if (!m) return undefined;
  const op = m[1] ?? '=';
  const wild = (part: string | undefined): boolean => part === undefined || part === 'x' || part === 'X' || part === '*';
  const major = Number(m[2]);
  const minorWild = wild(m[3]);
  // after a wildcard minor the patch is not read: 1.x.5 is 1.x
  const patchWild = minorWild || wild(m[4]);
  const bound = { major, minor: minorWild ? 0 : Number(m[3]), patch: patchWild ? 0 : Number(m[4]), pre: m[5] !== undefined };
  const c = compare(v, bound);
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
    case '=<':
      return c <= 0 || (patchWild && v.major === major && (minorWild || v.minor === bound.minor));
    case '>':
      return patchWild ? v.major > major || (!minorWild && v.major === major && v.minor > bound.minor) : c > 0;
    case '>=':
    case '=>':
      return c >= 0;
    case '=':
      return v.major === major && (minorWild || v.minor === bound.minor) && (patchWild || c === 0);
    case '!=':
      // a release is never equal to a prerelease: != 1.25-0 holds for every 1.25 release as well
      return !(v.major === major && (minorWild || v.minor === bound.minor) && (patchWild ? minorWild || !bound.pre : c === 0));
    case '~':
    case '~>': {
      // ~0.0.0 alone means any version
      const any = major === 0 && bound.minor === 0 && bound.patch === 0 && !patchWild;
      return c >= 0 && (any || (v.major === major && (minorWild || v.minor === bound.minor)));
    }
    case '^':
      return c >= 0 && v.major === major;
  }
  return undefined;
}

function constraintHolds(constraint: string, v: Version): boolean | undefined {
  let any = false;
  for (const alternative of constraint.split('||')) {
    let all = true;
    // comparators are separated by spaces or one comma; an empty one (a leading, trailing or doubled comma) is an error
    const parts = alternative.trim().replace(/(<=|>=|=>|=<|!=|<|>|=|~|\^)\s+/g, '$1').split(/\s*,\s*|\s+/);
    for (const part of parts) {
      const result = satisfies(part, v);
      if (result === undefined) return undefined;
      all &&= result;
    }
    any ||= all;
  }
  return any;
}

/**
 * The constraint's value for every patch release of the target minor, when they agree. It can
 * change only at a patch the constraint names, so the first release, a high one, and each named
 * patch with the one after it stand for them all.
 */
function semverAt(constraint: string, target: MinorVersion): Known {
  const patches = [0, 999];
  for (const m of constraint.matchAll(/\d+\.\d+\.(\d+)/g)) {
    patches.push(Number(m[1]), Number(m[1]) + 1);
  }
  const values = patches.map((patch) => constraintHolds(constraint, { ...target, patch }));
  return values.every((v) => v === values[0]) ? values[0] : undefined;
}

/** Whether group/version (optionally /Kind) is served at the target, as far as the rules tell. */
function servedAt(api: string, rules: RuleSet, target: MinorVersion): Known {
  const parts = api.split('/');
  const kind = parts.length === 3 || (parts.length === 2 && /^[A-Z]/.test(parts[1])) ? parts.pop() : undefined;
  const apiVersion = parts.join('/');
  let known: Known;
  for (const rule of rules.apiRules) {
    if (!isApiRule(rule) || (kind !== undefined && !rule.kinds.includes(kind))) continue;
    if (apiVersionOf(rule) === apiVersion) {
      // served from its introduction until its removal
      const introduced = rule.introducedIn === undefined ? undefined : parseMinorVersion(rule.introducedIn);
      return (introduced === undefined || compareMinor(introduced, target) <= 0) && statusAt(rule, target) !== 'removed';
    }
    if (rule.replacement?.apiVersion === apiVersion) {
      const since = parseMinorVersion(rule.replacement.availableSince);
      if (since) known = compareMinor(since, target) <= 0;
    }
  }
  return known;
}

function unwrap(condition: string): string {
  let text = condition.trim();
  while (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) {
    text = text.slice(1, -1).trim();
  }
  return text;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

const SEMVER = /^semverCompare\s+"([^"]*)"\s+([\s\S]+)$/;
const HAS = /^\$?\.Capabilities\.APIVersions\.Has\s+"([^"]+)"$/;

/**
 * The value at the target of the Helm conditions charts use to pick an API by cluster version:
 * `semverCompare "<1.21-0" .Capabilities.KubeVersion.GitVersion` (or any argument naming the
 * kube version), `.Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget"`, and `not` of
 * either. Anything else is unknown.
 */
export function conditionAt(condition: string, rules: RuleSet, target: MinorVersion): Known {
  const text = unwrap(condition);
  if (text.startsWith('not ')) {
    const inner = conditionAt(text.slice(4), rules, target);
    return inner === undefined ? undefined : !inner;
  }
  const semver = SEMVER.exec(text);
  if (semver) {
    // .KubeVersion.Major and .Minor are bare numbers ("1", "25"), not the version: unknown
    return /kubeversion/i.test(semver[2]) && !/\.(?:Major|Minor)\b/.test(semver[2]) ? semverAt(semver[1], target) : undefined;
  }
  const has = HAS.exec(text);
  if (has) {
    return servedAt(has[1], rules, target);
  }
  return undefined;
}
