import { shiftRange } from '../manifests/positions';
import { MAX_SYNTAX_ERRORS, TextAnalyzer, capErrors, type AnalyzeOptions, type ChangeHint, type SegmentResult, type SyntaxProblem } from './analyzeText';
import { evaluateMatches, type EvaluateOptions, type Finding } from './findings';
import { settleHelmBranches } from './helmAlternatives';
import type { RuleSet } from './ruleSet';

export interface DocumentFindings {
  readonly findings: readonly Finding[];
  readonly syntaxErrors: readonly SyntaxProblem[];
  readonly helm: boolean;
}

interface Placed {
  readonly findings: readonly Finding[];
  readonly syntaxErrors: readonly SyntaxProblem[];
}

/**
 * The findings of one open document, kept up to date edit by edit: documents whose text did not
 * change keep their evaluated findings, and those whose first line did not move keep even the
 * placed objects, so a one-line edit costs about one document's analysis. Equal to
 * evaluating a fresh analysis (tests and the fuzz check it).
 */
export class DocumentFindingsTracker {
  private readonly analyzer: TextAnalyzer;
  private evaluated = new WeakMap<SegmentResult, readonly Finding[]>();
  /** By result and first line: identical documents share one result. */
  private placed = new WeakMap<SegmentResult, Map<number, Placed>>();

  constructor(
    private readonly rules: RuleSet,
    private readonly evaluation: EvaluateOptions,
  ) {
    this.analyzer = new TextAnalyzer(rules);
  }

  update(text: string, options: AnalyzeOptions = {}, change?: ChangeHint): DocumentFindings {
    const { segments, helm } = this.analyzer.analyzeSegments(text, options, change);
    const findings: Finding[] = [];
    const syntaxErrors: SyntaxProblem[] = [];
    for (const segment of segments) {
      const result = segment.result;
      if (result.matches.length === 0 && result.syntaxErrors.length === 0) {
        continue;
      }
      let byLine = this.placed.get(result);
      if (!byLine) {
        byLine = new Map();
        this.placed.set(result, byLine);
      }
      let placed = byLine.get(segment.startLine);
      if (!placed) {
        let local = this.evaluated.get(result);
        if (!local) {
          local = evaluateMatches(result.matches, this.rules, this.evaluation);
          this.evaluated.set(result, local);
        }
        const line = segment.startLine;
        placed = {
          findings: line === 0 ? local : local.map((f) => ({ ...f, range: shiftRange(f.range, line) })),
          syntaxErrors: line === 0 ? result.syntaxErrors : result.syntaxErrors.map((e) => ({ ...e, range: shiftRange(e.range, line) })),
        };
        if (byLine.size >= 8) {
          byLine.clear();
        }
        byLine.set(line, placed);
      }
      for (const finding of placed.findings) {
        findings.push(finding);
      }
      if (syntaxErrors.length <= MAX_SYNTAX_ERRORS) {
        for (const error of placed.syntaxErrors) {
          syntaxErrors.push(error);
        }
      }
    }
    const capped = capErrors(syntaxErrors);
    return {
      findings: helm ? settleHelmBranches(text, findings, this.rules, this.evaluation.target) : findings,
      syntaxErrors: capped,
      helm,
    };
  }
}
