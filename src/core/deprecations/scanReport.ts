import { analyzeText, type SyntaxProblem } from './analyzeText';
import { evaluateMatches, type Finding } from './findings';
import { settleHelmBranches } from './helmAlternatives';
import type { RuleSet } from './ruleSet';
import type { MinorVersion } from '../versions/kubeVersion';

export interface FileReport {
  readonly file: string;
  readonly findings: readonly Finding[];
  readonly syntaxErrors: readonly SyntaxProblem[];
}

export interface ScanProblem {
  readonly file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  readonly line: number;
  readonly message: string;
}

export interface ScanOptions {
  readonly target: MinorVersion;
  readonly includeUpcoming?: boolean;
}

export function scanText(file: string, text: string, rules: RuleSet, options: ScanOptions): FileReport {
  const analysis = analyzeText(text, rules, { path: file });
  const evaluated = evaluateMatches(analysis.matches, rules, options);
  const findings = analysis.helm ? settleHelmBranches(text, evaluated, rules, options.target) : evaluated;
  return { file, findings, syntaxErrors: analysis.syntaxErrors };
}

/** Counts findings per "apiVersion Kind" (or per field rule name), most frequent first. */
export function countByApi(reports: readonly FileReport[]): { key: string; status: Finding['status']; count: number }[] {
  const counts = new Map<string, { key: string; status: Finding['status']; count: number }>();
  for (const report of reports) {
    for (const finding of report.findings) {
      const key = finding.subject === 'api' ? `${finding.apiVersion} ${finding.objectKind}` : `${finding.subject} ${finding.name}`;
      const entry = counts.get(key) ?? { key, status: finding.status, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
