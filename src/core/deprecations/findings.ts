import { compareMinor, parseMinorVersion, type MinorVersion } from '../versions/kubeVersion';
import type { LocatedMatch } from './analyzeText';
import { isApiRule, type AnyRule, type RuleSet } from './ruleSet';
import { apiVersionOf, type ApiRule } from './ruleTypes';

/** Where a rule stands at the target version. */
export type FindingStatus = 'removed' | 'deprecated' | 'upcoming';

export interface Finding extends LocatedMatch {
  readonly status: FindingStatus;
  readonly deprecatedIn: string;
  readonly removedIn?: string;
  /** What to use instead: an apiVersion for API rules, a name for field rules. */
  readonly replacement?: string;
  /** For API rules: first version that serves the replacement. */
  readonly replacementAvailableSince?: string;
  readonly message: string;
  readonly link: string;
  readonly changes: readonly string[];
}

export interface EvaluateOptions {
  readonly target: MinorVersion;
  /** Report removals announced for versions after the target. Off by default. */
  readonly includeUpcoming?: boolean;
}

function atOrBefore(version: string | undefined, target: MinorVersion): boolean {
  const parsed = version === undefined ? undefined : parseMinorVersion(version);
  return parsed !== undefined && compareMinor(parsed, target) <= 0;
}

export function statusAt(rule: Pick<AnyRule, 'deprecatedIn' | 'removedIn'>, target: MinorVersion): FindingStatus | undefined {
  if (atOrBefore(rule.removedIn, target)) {
    return 'removed';
  }
  if (atOrBefore(rule.deprecatedIn, target)) {
    return 'deprecated';
  }
  return rule.removedIn !== undefined ? 'upcoming' : undefined;
}

/**
 * Follows replacements that are themselves removed at the target, e.g. flowcontrol v1beta1
 * -> v1beta2 -> v1, so a fix never lands on another removed version.
 */
export function finalReplacement(rule: ApiRule, kind: string, rules: RuleSet, target: MinorVersion): ApiRule['replacement'] {
  let replacement = rule.replacement;
  const seen = new Set<string>([rule.id]);
  while (replacement) {
    const next = rules.findApiRule(replacement.apiVersion, kind);
    if (!next || seen.has(next.id) || !atOrBefore(next.removedIn, target)) {
      return replacement;
    }
    seen.add(next.id);
    replacement = next.replacement;
  }
  return undefined;
}

function apiMessage(match: LocatedMatch, rule: ApiRule, status: FindingStatus, replacement: string | undefined): string {
  const subject = `${apiVersionOf(rule)} ${match.objectKind}`;
  const instead = replacement ? `; use ${replacement} instead` : '; there is no replacement API';
  switch (status) {
    case 'removed':
      return `${subject} is no longer served since Kubernetes ${rule.removedIn}${instead}.`;
    case 'deprecated':
      return rule.removedIn
        ? `${subject} is deprecated since ${rule.deprecatedIn} and stops being served in ${rule.removedIn}${instead}.`
        : `${subject} is deprecated since ${rule.deprecatedIn}${instead}.`;
    case 'upcoming':
      return `${subject} will stop being served in ${rule.removedIn} (deprecated in ${rule.deprecatedIn})${instead}.`;
  }
}

function fieldMessage(match: LocatedMatch, rule: Exclude<AnyRule, ApiRule>, status: FindingStatus): string {
  const what = `${rule.subject === 'field' ? 'Field' : rule.subject === 'annotation' ? 'Annotation' : 'Label'} ${match.name}`;
  const instead = rule.replacement ? `; use ${rule.replacement} instead` : '';
  switch (status) {
    case 'removed':
      return `${what} has no effect since Kubernetes ${rule.removedIn}${instead}.`;
    case 'deprecated':
      return rule.removedIn
        ? `${what} is deprecated since ${rule.deprecatedIn} and has no effect from ${rule.removedIn}${instead}.`
        : `${what} is deprecated since ${rule.deprecatedIn}${instead}.`;
    case 'upcoming':
      return `${what} stops having an effect in ${rule.removedIn}${instead}.`;
  }
}

type Verdict = Omit<Finding, keyof LocatedMatch> | undefined;

function judge(match: LocatedMatch, rule: AnyRule, rules: RuleSet, options: EvaluateOptions): Verdict {
  const status = statusAt(rule, options.target);
  if (status === undefined || (status === 'upcoming' && options.includeUpcoming !== true)) {
    return undefined;
  }
  if (isApiRule(rule)) {
    const replacement = finalReplacement(rule, match.objectKind, rules, options.target);
    return {
      status,
      deprecatedIn: rule.deprecatedIn,
      removedIn: rule.removedIn,
      replacement: replacement?.apiVersion,
      replacementAvailableSince: replacement?.availableSince,
      message: apiMessage(match, rule, status, replacement?.apiVersion),
      link: rule.link,
      changes: rule.changes,
    };
  }
  return {
    status,
    deprecatedIn: rule.deprecatedIn,
    removedIn: rule.removedIn,
    replacement: rule.replacement,
    message: fieldMessage(match, rule, status),
    link: rule.link,
    changes: rule.changes,
  };
}

/** Turns target-independent matches into findings for one target version. */
export function evaluateMatches(matches: readonly LocatedMatch[], rules: RuleSet, options: EvaluateOptions): Finding[] {
  const findings: Finding[] = [];
  // the verdict depends only on rule, kind and name, which repeat a lot in large streams
  const verdicts = new Map<string, Verdict>();
  for (const match of matches) {
    const key = `${match.ruleId}\n${match.objectKind}\n${match.name}`;
    let verdict = verdicts.get(key);
    if (!verdicts.has(key)) {
      const rule = rules.findRule(match.ruleId);
      verdict = rule ? judge(match, rule, rules, options) : undefined;
      verdicts.set(key, verdict);
    }
    if (verdict) {
      findings.push({ ...match, ...verdict });
    }
  }
  return findings;
}
