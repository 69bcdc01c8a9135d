import { analyzeText, type AnalyzeOptions } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches, type Finding } from '../../../src/core/deprecations/findings';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

export const TARGET = { major: 1, minor: 33 };

export function findingsOf(text: string, options: AnalyzeOptions = {}, target = TARGET, includeUpcoming = false): Finding[] {
  const rules = builtinRuleSet();
  return evaluateMatches(analyzeText(text, rules, options).matches, rules, { target, includeUpcoming });
}

/** The text a finding's range covers. */
export function covered(text: string, finding: Finding): string {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const { start, end } = finding.range;
  if (start.line === end.line) {
    return lines[start.line].slice(start.character, end.character);
  }
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

export function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.status}`);
}
