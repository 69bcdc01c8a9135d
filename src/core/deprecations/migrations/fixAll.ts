import { LineIndex } from '../../manifests/positions';
import { analyzeText, stripBom } from '../analyzeText';
import { evaluateMatches } from '../findings';
import type { RuleSet } from '../ruleSet';
import { computeFix, type FixOptions } from './computeFix';
import { applyOffsetEdits, editsOverlap, type OffsetEdit } from './offsetEdits';

export interface FixAllResult {
  readonly text: string;
  /** Fixes applied over all passes. */
  readonly applied: number;
  /** Findings left that need a manual change, with the reason for each. */
  readonly manual: readonly { readonly ruleId: string; readonly line: number; readonly reason: string }[];
}

export interface FixAllOptions extends FixOptions {
  readonly includeUpcoming?: boolean;
  readonly maxPasses?: number;
}

/**
 * Applies every safe fix. Fixes whose edits would collide are left for the next pass, which
 * re-analyses the changed text, so overlapping rules (an Ingress apiVersion and its class
 * annotation) are both handled.
 */
export function fixAllText(rawText: string, rules: RuleSet, options: FixAllOptions): FixAllResult {
  const bom = rawText.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  let text = stripBom(rawText);
  let applied = 0;
  let manual: { ruleId: string; line: number; reason: string }[] = [];
  const passes = options.maxPasses ?? 5;
  for (let pass = 0; pass < passes; pass++) {
    const analysis = analyzeText(text, rules, { path: options.path, helm: options.helm });
    const findings = evaluateMatches(analysis.matches, rules, { target: options.target, includeUpcoming: options.includeUpcoming });
    const lines = new LineIndex(text);
    const chosen: OffsetEdit[] = [];
    let appliedThisPass = 0;
    manual = [];
    for (const finding of findings) {
      const fix = computeFix(text, finding, rules, options);
      if (fix.kind === 'manual') {
        manual.push({ ruleId: fix.ruleId, line: finding.range.start.line, reason: fix.reason });
        continue;
      }
      const edits = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
      if (edits.some((e) => chosen.some((c) => editsOverlap(c, e) || (c.start === c.end && e.start === e.end && c.start === e.start)))) {
        continue;
      }
      chosen.push(...edits);
      appliedThisPass++;
    }
    if (appliedThisPass === 0) {
      break;
    }
    text = applyOffsetEdits(text, chosen);
    applied += appliedThisPass;
  }
  return { text: bom + text, applied, manual };
}
