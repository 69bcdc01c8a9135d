import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { TextAnalyzer, analyzeText } from '../../src/core/deprecations/analyzeText';
import { evaluateMatches } from '../../src/core/deprecations/findings';
import { builtinRuleSet } from '../../src/core/deprecations/ruleSet';
import { generateCorpus } from './benchCorpus';

const MB = 1024 * 1024;
const TARGET = { major: 1, minor: 33 };

export interface ThroughputResult {
  readonly bytes: number;
  readonly findings: number;
  /** The engine's scan of the corpus (analysis and evaluation). */
  readonly engineMs: number;
  /** yaml.parseAllDocuments alone on the same corpus. */
  readonly parseAllDocumentsMs: number;
  /** parseAllDocumentsMs / engineMs; the goal is at least 5. */
  readonly ratio: number;
}

/** (a) Scan throughput on a generated multi-document corpus against a bare full parse. */
export async function scanThroughput(sizeMb = 50): Promise<ThroughputResult> {
  const corpus = generateCorpus(sizeMb * MB);
  const rules = builtinRuleSet();
  let started = performance.now();
  const findings = evaluateMatches(analyzeText(corpus, rules).matches, rules, { target: TARGET });
  const engineMs = performance.now() - started;
  started = performance.now();
  const documents = parseAllDocuments(corpus);
  const parseAllDocumentsMs = performance.now() - started;
  if (!Array.isArray(documents) || documents.length === 0) {
    throw new Error('the corpus did not parse');
  }
  return { bytes: corpus.length, findings: findings.length, engineMs, parseAllDocumentsMs, ratio: parseAllDocumentsMs / engineMs };
}

export interface IncrementalResult {
  readonly bytes: number;
  /** First analysis of the file. */
  readonly fullMs: number;
  /** Median re-analysis after a one-line edit. */
  readonly incrementalMs: number;
  /** incrementalMs / fullMs; the goal is at most 0.05. */
  readonly ratio: number;
}

/** (b) Re-analysis after a one-line edit in a large file against its first full analysis. */
export async function incrementalReanalysis(sizeMb = 10, edits = 7): Promise<IncrementalResult> {
  const text = generateCorpus(sizeMb * MB, 0.08, 7);
  const rules = builtinRuleSet();
  const analyzer = new TextAnalyzer(rules);
  let started = performance.now();
  evaluateMatches(analyzer.analyze(text).matches, rules, { target: TARGET });
  const fullMs = performance.now() - started;
  const times: number[] = [];
  let current = text;
  for (let i = 0; i < edits; i++) {
    // change one line in the middle of the file, as a keystroke would
    const at = current.indexOf('  replicas: 3\n', Math.floor(current.length / 2) + i * 4096);
    current = `${current.slice(0, at)}  replicas: ${4 + i}\n${current.slice(at + '  replicas: 3\n'.length)}`;
    // Concatenation makes a rope that V8 flattens on first read; VS Code's getText() hands the
    // analyzer a flat string, so flatten it here, outside the timing.
    void current.charCodeAt(0);
    started = performance.now();
    evaluateMatches(analyzer.analyze(current).matches, rules, { target: TARGET });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const incrementalMs = times[Math.floor(times.length / 2)];
  return { bytes: text.length, fullMs, incrementalMs, ratio: incrementalMs / fullMs };
}
