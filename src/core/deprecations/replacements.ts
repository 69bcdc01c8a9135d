import { compareMinor, parseMinorVersion, type MinorVersion } from '../versions/kubeVersion';
import type { RuleSet } from './ruleSet';
import { apiVersionOf, type ApiReplacement, type ApiRule } from './ruleTypes';

/** What to move an object to: the best API served at the target, and where the chain ends. */
export interface ReplacementAdvice {
  /** The newest replacement served at the target, preferring one that is not deprecated there. */
  readonly now?: ApiReplacement;
  /** The end of the replacement chain; absent when the chain ends in an API removed at the target. */
  readonly final?: ApiReplacement;
}

function atOrBefore(version: string | undefined, target: MinorVersion): boolean {
  const parsed = version === undefined ? undefined : parseMinorVersion(version);
  return parsed !== undefined && compareMinor(parsed, target) <= 0;
}

function newer(a: string, b: string | undefined): boolean {
  const pa = parseMinorVersion(a);
  const pb = b === undefined ? undefined : parseMinorVersion(b);
  return pa !== undefined && (pb === undefined || compareMinor(pa, pb) > 0);
}

interface Candidate {
  readonly apiVersion: string;
  readonly servedFrom: string;
  readonly rule?: ApiRule;
}

/**
 * Follows replacements, e.g. flowcontrol v1beta1 -> v1beta2 -> v1, to the last one. Returns the
 * chain in order; a cycle or a rule without replacement ends it.
 */
function chainOf(rule: ApiRule, kind: string, rules: RuleSet): Candidate[] {
  const chain: Candidate[] = [];
  const seen = new Set<string>([rule.id]);
  let replacement = rule.replacement;
  while (replacement) {
    const next = rules.findApiRule(replacement.apiVersion, kind);
    chain.push({ apiVersion: replacement.apiVersion, servedFrom: replacement.availableSince, rule: next });
    if (!next || seen.has(next.id)) {
      break;
    }
    seen.add(next.id);
    replacement = next.replacement;
  }
  return chain;
}

/**
 * The replacement to advise at a target. Besides the chain, every other API version of the same
 * kind that is newer than the flagged one and leads to the same final API counts: at 1.27 a
 * flowcontrol v1beta2 object moves to v1beta3 (served from 1.26), as v1 is served only from 1.29.
 */
export function replacementAdvice(rule: ApiRule, kind: string, rules: RuleSet, target: MinorVersion): ReplacementAdvice {
  const chain = chainOf(rule, kind, rules);
  const last = chain.at(-1);
  if (!last) {
    return {};
  }
  // the last API has a rule without a replacement, or is where a cycle of custom rules closes
  const deadEnd = last.rule !== undefined && atOrBefore(last.rule.removedIn, target);
  // custom rules can replace each other in a cycle; the flagged API itself is never the advice
  const own = apiVersionOf(rule);
  const final = deadEnd || last.apiVersion === own ? undefined : { apiVersion: last.apiVersion, availableSince: last.servedFrom };
  const candidates = new Map<string, Candidate>();
  for (const c of chain) {
    if (c.apiVersion !== own) {
      candidates.set(c.apiVersion, c);
    }
  }
  for (const other of rules.apiRulesForKind(kind)) {
    const apiVersion = apiVersionOf(other);
    if (other.id === rule.id || candidates.has(apiVersion) || other.introducedIn === undefined || !newer(other.introducedIn, rule.introducedIn)) {
      continue;
    }
    if (chainOf(other, kind, rules).at(-1)?.apiVersion === last.apiVersion) {
      candidates.set(apiVersion, { apiVersion, servedFrom: other.introducedIn, rule: other });
    }
  }
  let best: { candidate: Candidate; deprecated: boolean } | undefined;
  for (const candidate of candidates.values()) {
    if (!atOrBefore(candidate.servedFrom, target) || atOrBefore(candidate.rule?.removedIn, target)) {
      continue;
    }
    const deprecated = atOrBefore(candidate.rule?.deprecatedIn, target);
    const better =
      best === undefined ||
      (best.deprecated && !deprecated) ||
      (best.deprecated === deprecated && newer(candidate.servedFrom, best.candidate.servedFrom));
    if (better) {
      best = { candidate, deprecated };
    }
  }
  const now = best ? { apiVersion: best.candidate.apiVersion, availableSince: best.candidate.servedFrom } : undefined;
  return { now, final };
}
