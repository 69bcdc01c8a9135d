import { compareMinor, parseMinorVersion, type MinorVersion } from '../versions/kubeVersion';
import type { LocatedMatch } from './analyzeText';
import { isApiRule, type AnyRule, type RuleSet } from './ruleSet';
import { replacementAdvice, type ReplacementAdvice } from './replacements';
import { apiVersionOf, type ApiRule, type FieldRule } from './ruleTypes';

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
  /**
   * For API rules whose advised replacement is an interim version (the final one is not served
   * at the target yet): the API the chain ends in, and the version that first serves it.
   */
  readonly finalReplacement?: string;
  readonly finalReplacementAvailableSince?: string;
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

function insteadText(advice: ReplacementAdvice): string {
  const { now, final } = advice;
  if (now && final && now.apiVersion !== final.apiVersion) {
    return `; use ${now.apiVersion} instead (${final.apiVersion} from ${final.availableSince})`;
  }
  if (now) {
    return `; use ${now.apiVersion} instead`;
  }
  if (final) {
    return `; its replacement ${final.apiVersion} is served from ${final.availableSince}`;
  }
  return '; there is no replacement API';
}

function apiMessage(match: LocatedMatch, rule: ApiRule, status: FindingStatus, advice: ReplacementAdvice): string {
  const subject = `${apiVersionOf(rule)} ${match.objectKind}`;
  const instead = insteadText(advice);
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

const SUBJECT_WORD = { field: 'Field', annotation: 'Annotation', label: 'Label', taint: 'A toleration of taint' } as const;

function referenceMessage(rule: FieldRule, location: { readonly path: string; readonly apiVersion: string; readonly kind: string }, status: FindingStatus): string {
  const what = `${location.path} points at ${location.apiVersion} ${location.kind}, which`;
  const instead = rule.replacement ? `; use ${rule.replacement} instead` : '';
  switch (status) {
    case 'removed':
      return `${what} is no longer served since Kubernetes ${rule.removedIn}${instead}.`;
    case 'deprecated':
      return `${what} is deprecated since ${rule.deprecatedIn}${rule.removedIn ? ` and stops being served in ${rule.removedIn}` : ''}${instead}.`;
    case 'upcoming':
      return `${what} will stop being served in ${rule.removedIn}${instead}.`;
  }
}

function fieldMessage(match: LocatedMatch, rule: FieldRule, status: FindingStatus): string {
  if (rule.location.type === 'apiReference') {
    return referenceMessage(rule, rule.location, status);
  }
  const what = `${SUBJECT_WORD[rule.subject]} ${match.name}`;
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
    const advice = replacementAdvice(rule, match.objectKind, rules, options.target);
    const replacement = advice.now ?? advice.final;
    const interim = advice.now !== undefined && advice.final !== undefined && advice.now.apiVersion !== advice.final.apiVersion;
    return {
      status,
      deprecatedIn: rule.deprecatedIn,
      removedIn: rule.removedIn,
      replacement: replacement?.apiVersion,
      replacementAvailableSince: replacement?.availableSince,
      finalReplacement: interim ? advice.final?.apiVersion : undefined,
      finalReplacementAvailableSince: interim ? advice.final?.availableSince : undefined,
      message: apiMessage(match, rule, status, advice),
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
