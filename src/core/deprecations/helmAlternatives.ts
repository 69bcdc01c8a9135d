import { enclosingBranches, helmBranches, type HelmBranch } from '../manifests/helmBranches';
import { containsTemplate, sanitizeHelmTemplate } from '../manifests/helmTemplate';
import { LineIndex, normalizeLoneCarriageReturns } from '../manifests/positions';
import { formatMinor, type MinorVersion } from '../versions/kubeVersion';
import { stripBom } from './analyzeText';
import { statusAt, type Finding } from './findings';
import { conditionAt, type Known } from './helmConditions';
import type { RuleSet } from './ruleSet';

/** Whether each branch of a chain renders at the target: known true/false, or undefined. */
function renders(chain: readonly HelmBranch[], rules: RuleSet, target: MinorVersion): Known[] {
  const out: Known[] = [];
  // whether every earlier branch is known not to render (so this one is reached)
  let reached: Known = true;
  for (const branch of chain) {
    const own: Known = branch.condition === undefined ? true : conditionAt(branch.condition, rules, target);
    out.push(reached === false ? false : own === false ? false : reached === true && own === true ? true : undefined);
    if (reached !== false) {
      reached = own === true ? false : own === false ? reached : undefined;
    }
  }
  return out;
}

// in YAML a value is set off from its key by a space or tab: `apiVersion:policy/v1` is one plain string
const API_VERSION_LINE = /^[ \t]*apiVersion:[ \t]+["']?([^\s"'#]+)/gm;
const KIND_LINE = /^[ \t]*kind:[ \t]+["']?([^\s"'#]+)/gm;

function valuesIn(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1]).filter((v) => !containsTemplate(v));
}

/**
 * Helm templates often pick an apiVersion by cluster version (`{{ if semverCompare "<1.21-0"
 * … }}policy/v1beta1{{ else }}policy/v1{{ end }}`). A finding in a branch that does not
 * render at the target, or beside a branch that renders an apiVersion still served there, is
 * not a problem at the target: it becomes Information ('upcoming') with the reason added.
 */
export function settleHelmBranches(rawText: string, findings: readonly Finding[], rules: RuleSet, target: MinorVersion): Finding[] {
  if (findings.length === 0) {
    return [...findings];
  }
  const text = normalizeLoneCarriageReturns(stripBom(rawText));
  if (!text.includes('if')) {
    return [...findings];
  }
  const sanitized = sanitizeHelmTemplate(text);
  const branches = helmBranches(text, sanitized.spans);
  if (branches.length === 0) {
    return [...findings];
  }
  const chains = new Map<number, HelmBranch[]>();
  for (const branch of branches) {
    chains.set(branch.chain, [...(chains.get(branch.chain) ?? []), branch]);
  }
  const rendering = new Map<HelmBranch, Known>();
  for (const chain of chains.values()) {
    renders(chain, rules, target).forEach((known, i) => rendering.set(chain[i], known));
  }
  const lines = new LineIndex(text);
  const order = findings.map((f, i) => ({ i, offset: lines.offsetAt(f.range.start) })).sort((a, b) => a.offset - b.offset);
  const enclosing = enclosingBranches(branches, order.map((o) => o.offset));
  const out = [...findings];
  const label = formatMinor(target);
  order.forEach(({ i }, k) => {
    const finding = findings[i];
    if (finding.status === 'upcoming') {
      return;
    }
    const around = enclosing[k];
    const dead = around.find((b) => rendering.get(b) === false);
    if (dead) {
      out[i] = { ...finding, status: 'upcoming', message: `${finding.message} Not rendered at Kubernetes ${label}: its template branch ({{ ${dead.condition === undefined ? 'else' : `${dead.index > 0 ? 'else if' : 'if'} ${dead.condition}`} }}) is not taken there.` };
      return;
    }
    const inner = around[around.length - 1];
    // a branch known to render at the target is what the cluster gets, whatever its siblings hold
    if (finding.subject !== 'api' || !inner || rendering.get(inner) === true) {
      return;
    }
    for (const sibling of chains.get(inner.chain) ?? []) {
      if (sibling === inner || rendering.get(sibling) === false) continue;
      const region = sanitized.text.slice(sibling.start, sibling.end);
      const kinds = valuesIn(region, KIND_LINE);
      if (kinds.length > 0 && !kinds.includes(finding.objectKind)) continue;
      const served = valuesIn(region, API_VERSION_LINE).find((v) => {
        const rule = rules.findApiRule(v, finding.objectKind);
        return !rule || statusAt(rule, target) !== 'removed';
      });
      if (served) {
        out[i] = { ...finding, status: 'upcoming', message: `${finding.message} Another branch of its {{ if }} uses ${served}, which Kubernetes ${label} serves.` };
        return;
      }
    }
  });
  return out;
}
