import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../../src/core/deprecations/analyzeText';
import { DocumentFindingsTracker } from '../../src/core/deprecations/documentFindings';
import { evaluateMatches } from '../../src/core/deprecations/findings';
import { builtinRuleSet } from '../../src/core/deprecations/ruleSet';
import { scanText } from '../../src/core/deprecations/scanReport';
import { generateCorpus } from './benchCorpus';
import { hostileInputs } from './hostileInputs';

const MB = 1024 * 1024;
const TARGET = { major: 1, minor: 33 };

export interface ThroughputResult {
  readonly bytes: number;
  readonly findings: number;
  /** The engine's scan of the corpus (analysis and evaluation). */
  readonly engineMs: number;
  /** yaml.parseAllDocuments alone on the same corpus. */
  readonly parseAllDocumentsMs: number;
  /** parseAllDocumentsMs / engineMs; the goal is at least 10, with syntax errors reported. */
  readonly ratio: number;
}

/** (a) Scan throughput on a generated multi-document corpus against a bare full parse; syntax errors are reported (the default). */
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
  /** incrementalMs / fullMs; the goal is at most 0.01. */
  readonly ratio: number;
}

/**
 * (b) Re-analysis after a one-line edit in a large file against its first full analysis, the way
 * the editor does it: the change range from the change event, findings kept per document.
 */
export async function incrementalReanalysis(sizeMb = 10, edits = 7): Promise<IncrementalResult> {
  const text = generateCorpus(sizeMb * MB, 0.08, 7);
  const rules = builtinRuleSet();
  const tracker = new DocumentFindingsTracker(rules, { target: TARGET });
  let started = performance.now();
  tracker.update(text);
  const fullMs = performance.now() - started;
  const times: number[] = [];
  let current = text;
  for (let i = 0; i < edits; i++) {
    // change one line in the middle of the file, as a keystroke would
    const at = current.indexOf('  replicas: 3\n', Math.floor(current.length / 2) + i * 4096);
    const removed = '  replicas: 3\n'.length;
    const before = current.length;
    current = `${current.slice(0, at)}  replicas: ${4 + i}\n${current.slice(at + removed)}`;
    // Concatenation makes a rope that V8 flattens on first read; VS Code's getText() hands the
    // analyzer a flat string, so flatten it here, outside the timing.
    void current.charCodeAt(0);
    started = performance.now();
    tracker.update(current, {}, { prefix: at, suffix: before - at - removed });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const incrementalMs = times[Math.floor(times.length / 2)];
  return { bytes: text.length, fullMs, incrementalMs, ratio: incrementalMs / fullMs };
}

export interface HostileResult {
  readonly name: string;
  readonly bytes: number;
  /** The CLI's path: scanText (analysis, syntax errors, evaluation). */
  readonly engineMs: number;
  /** yaml.parseAllDocuments alone on the same bytes. */
  readonly parseAllDocumentsMs: number;
}

/** Longest the bare parse of one hostile input may run; its time is then a lower bound. */
const PARSE_LIMIT_MS = 120_000;

/** yaml.parseAllDocuments of the text in a child process, stopped after PARSE_LIMIT_MS. */
function bareParseMs(text: string): { ms: number; stopped: boolean } {
  const script = `const { parseAllDocuments } = require(${JSON.stringify(require.resolve('yaml'))});
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c)).on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8'); const t = performance.now();
      parseAllDocuments(text); process.stdout.write(String(performance.now() - t)); });`;
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '-e', script], { input: text, encoding: 'utf8', timeout: PARSE_LIMIT_MS, maxBuffer: 1 << 20 });
  if (r.error || r.status !== 0) {
    return { ms: PARSE_LIMIT_MS, stopped: true };
  }
  return { ms: Number(r.stdout), stopped: false };
}

/** (c) The hostile inputs of issue 10, each beside a bare parse of the same bytes. */
export async function hostileInputTimes(): Promise<HostileResult[]> {
  const rules = builtinRuleSet();
  const out: HostileResult[] = [];
  for (const input of hostileInputs()) {
    const started = performance.now();
    scanText(input.path, input.text, rules, { target: TARGET });
    const engineMs = performance.now() - started;
    const parse = bareParseMs(input.text);
    out.push({ name: parse.stopped ? `${input.name} [bare parse stopped at ${PARSE_LIMIT_MS / 1000} s: a lower bound]` : input.name, bytes: input.text.length, engineMs, parseAllDocumentsMs: parse.ms });
  }
  return out;
}
