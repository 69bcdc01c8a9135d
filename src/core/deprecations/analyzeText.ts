import type { Document } from 'yaml';
import { looksLikeKubernetes } from '../manifests/decodeText';
import { isHelmTemplate, sanitizeHelmTemplate } from '../manifests/helmTemplate';
import { isCertainlyValidYaml } from '../manifests/plainYaml';
import { readPlainYaml } from '../manifests/plainYamlReader';
import { LineIndex, normalizeLoneCarriageReturns, shiftRange, type Range } from '../manifests/positions';
import { parseJsonDocument } from '../manifests/parseJson';
import { parseYamlStream, reportDuplicateKeys } from '../manifests/parseYaml';
import { countNewlines, splitDocuments } from '../manifests/splitDocuments';
import { matchDocument, type RuleMatch } from './matchDocument';
import type { RuleSet } from './ruleSet';

/** A rule match placed in the analysed text. */
export interface LocatedMatch extends Omit<RuleMatch, 'start' | 'end'> {
  readonly range: Range;
}

export interface SyntaxProblem {
  readonly range: Range;
  readonly message: string;
}

export interface TextAnalysis {
  readonly matches: readonly LocatedMatch[];
  readonly syntaxErrors: readonly SyntaxProblem[];
  /** True when the text was treated as a Helm template. */
  readonly helm: boolean;
}

export interface AnalyzeOptions {
  /** File path, used to recognise Helm chart templates. */
  readonly path?: string;
  /** Overrides Helm detection. */
  readonly helm?: boolean;
  /**
   * 'fast' parses only the documents that could match a rule; 'full' parses the whole stream
   * at once. Both give the same matches; 'full' exists to prove that.
   */
  readonly strategy?: 'fast' | 'full';
  /**
   * Report the YAML syntax errors of every document, exactly as a full parse would (on by
   * default). Only files that look like manifests get them, and never Helm templates, whose
   * template actions are not YAML. Documents in the plain YAML most manifests use are checked
   * without parsing (see plainYaml.ts).
   */
  readonly checkAllSyntax?: boolean;
}

/** More syntax errors than this in one file are summed up in one last entry. */
export const MAX_SYNTAX_ERRORS = 100;

export interface SegmentResult {
  readonly matches: readonly LocatedMatch[];
  readonly syntaxErrors: readonly SyntaxProblem[];
}

const EMPTY_SEGMENT: SegmentResult = { matches: [], syntaxErrors: [] };

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function analyzeDocuments(
  documents: readonly Document.Parsed[],
  failure: string | undefined,
  sourceText: string,
  rules: RuleSet,
  /** Whether errors are reported: for every document, or decided by the error's offset. */
  reportErrors: boolean | ((offset: number) => boolean),
): SegmentResult {
  let index: LineIndex | undefined;
  const lines = (): LineIndex => (index ??= new LineIndex(sourceText));
  const matches: LocatedMatch[] = [];
  const syntaxErrors: SyntaxProblem[] = [];
  const reportsAt = typeof reportErrors === 'boolean' ? () => reportErrors : reportErrors;
  if (failure !== undefined && reportsAt(0)) {
    syntaxErrors.push({ range: lines().rangeAt(0, 0), message: failure });
  }
  for (const doc of documents) {
    if (reportErrors !== false) {
      for (const error of doc.errors) {
        if (syntaxErrors.length > MAX_SYNTAX_ERRORS) {
          break;
        }
        // within the document's own text, so a document parsed alone gives the same range as in the stream
        const limit = doc.range[2];
        const start = Math.min(error.pos[0], limit);
        const end = Math.min(Math.max(start, error.pos[1]), limit);
        if (reportsAt(start)) {
          syntaxErrors.push({ range: lines().rangeAt(start, end), message: error.message });
        }
      }
    }
    for (const match of matchDocument(doc, rules)) {
      const { start, end, ...rest } = match;
      matches.push({ ...rest, range: lines().rangeAt(start, end) });
    }
  }
  return { matches, syntaxErrors };
}

/**
 * Analyses one document slice. Slices that no rule can match are skipped without parsing,
 * which is what makes large streams cheap: parsing dominates the cost.
 */
function analyzeSegment(text: string, rules: RuleSet, fileReportsErrors: boolean, followed: boolean): SegmentResult {
  const reportErrors = fileReportsErrors && isManifestDocument(text);
  const candidate = rules.mightMatch(text);
  if (!candidate && (!reportErrors || isCertainlyValidYaml(text))) {
    return EMPTY_SEGMENT;
  }
  // plain block YAML and strict JSON are read without the YAML parser, into the same nodes
  if (candidate) {
    const plain = readPlainYaml(text);
    if (plain) {
      return analyzeDocuments([plain], undefined, text, rules, reportErrors);
    }
  }
  const json = parseJsonDocument(text);
  if (json) {
    reportDuplicateKeys(json);
    return candidate || json.errors.length > 0 ? analyzeDocuments([json], undefined, text, rules, reportErrors) : EMPTY_SEGMENT;
  }
  if (!followed) {
    const stream = parseYamlStream(text);
    return analyzeDocuments(stream.documents, stream.failure, text, rules, reportErrors);
  }
  // In the stream, the next document's `---` ends this one, which the parser reports when a
  // flow collection is still open; parse it with that marker, so errors are the same.
  const stream = parseYamlStream(`${text}---`);
  return analyzeDocuments(stream.documents.filter((d) => d.range[0] < text.length), stream.failure, text, rules, reportErrors);
}

const TOP_LEVEL_KEY = /(?:^|[\n\r])["']?(?:apiVersion|kind)["']?[ \t]*:/;
/** A flow mapping (JSON) after blank lines, comments and a `---` line. */
const FLOW_DOCUMENT = /^(?:\s|#[^\n\r]*)*(?:---[ \t]*(?:#[^\n\r]*)?[\n\r](?:\s|#[^\n\r]*)*)?\{/;

/**
 * Whether one document of a stream is meant as a Kubernetes object, judged from its text so a
 * document broken by the very error to report still counts: `apiVersion` or `kind` as a key at
 * column 0 (or a JSON object) and both words in it. A chart's values.yaml, whose manifests sit
 * indented under some key, is not; nor is a document of a manifest file that names no API.
 */
export function isManifestDocument(text: string): boolean {
  return looksLikeKubernetes(text) && (TOP_LEVEL_KEY.test(text) || FLOW_DOCUMENT.test(text));
}

/** Whether syntax errors are reported for this text at all: a manifest file, not a Helm template. */
function reportsSyntax(text: string, helm: boolean, options: AnalyzeOptions): boolean {
  return options.checkAllSyntax !== false && !helm && looksLikeKubernetes(text);
}

/**
 * For a whole stream parsed at once: whether an error at an offset lies in a document that
 * isManifestDocument accepts. The documents are the slices the fast path analyses; an offset on
 * a boundary belongs to the document it ends, as the fast path clips errors to their document.
 */
function manifestDocumentsAt(text: string): (offset: number) => boolean {
  const segments = splitDocuments(text);
  const manifest = segments.map((s) => isManifestDocument(text.slice(s.start, s.end)));
  return (offset) => {
    const i = firstWhere(segments.length, (k) => segments[k].end >= offset);
    return manifest[Math.min(i, segments.length - 1)] ?? false;
  };
}

/** Keeps the first MAX_SYNTAX_ERRORS errors and says how many more there were. */
export function capErrors(errors: SyntaxProblem[]): SyntaxProblem[] {
  if (errors.length <= MAX_SYNTAX_ERRORS) {
    return errors;
  }
  const last = errors[MAX_SYNTAX_ERRORS];
  return [...errors.slice(0, MAX_SYNTAX_ERRORS), { range: last.range, message: `more than ${MAX_SYNTAX_ERRORS} syntax errors; the rest are not listed` }];
}

/** Prepares text: drops a BOM, makes lone CRs line breaks the parser sees, neutralises Helm template actions. */
export function prepareText(rawText: string, options: AnalyzeOptions, facts?: TextFacts): { text: string; helm: boolean } {
  const stripped = stripBom(rawText);
  const text = facts?.loneCr === false ? stripped : normalizeLoneCarriageReturns(stripped);
  const helm = options.helm ?? (facts?.braces === false ? isHelmTemplate(options.path, '') : isHelmTemplate(options.path, text));
  return { text: helm ? sanitizeHelmTemplate(text).text : text, helm };
}

/** What preparing a text depends on, cheap to update for an edit when it is false. */
interface TextFacts {
  /** A CR not followed by LF. */
  readonly loneCr: boolean;
  /** `{{`, the start of a template action. */
  readonly braces: boolean;
}

const LONE_CR = /\r(?!\n)/;

function factsOf(text: string): TextFacts {
  return { loneCr: text.includes('\r') && LONE_CR.test(text), braces: text.includes('{{') };
}

/**
 * The facts of an edited text from those of the text before it: a fact that was false stays
 * false unless the changed part (with a character of margin each side) has it.
 */
function factsAfter(previous: TextFacts, text: string, hint: ChangeHint): TextFacts {
  if (previous.loneCr || previous.braces) {
    return factsOf(text);
  }
  const changed = text.slice(Math.max(0, hint.prefix - 1), Math.min(text.length, text.length - hint.suffix + 1));
  return factsOf(changed);
}

/**
 * A document of the last analysed text. Documents after an edit are moved in place (start, end,
 * startLine), so one keystroke does not copy thousands of them.
 */
interface SegmentState {
  start: number;
  end: number;
  startLine: number;
  readonly lineCount: number;
  readonly result: SegmentResult;
}

/** First index in [0, n) where `test` holds, for a test that is false and then true; n when never. */
function firstWhere(n: number, test: (i: number) => boolean): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (test(mid)) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low;
}

/** One document of the analysed text: where it starts, and its results relative to that line. */
export type AnalyzedSegment = Pick<SegmentState, 'startLine' | 'result'>;

/**
 * What an editor knows about the change since the previous analysis: at least `prefix`
 * characters at the start and `suffix` at the end are unchanged. Lower bounds are enough.
 */
export interface ChangeHint {
  readonly prefix: number;
  readonly suffix: number;
}

/** Length of the common prefix, found by halving with native string comparison. */
function commonPrefix(a: string, b: string): number {
  let low = 0;
  let high = Math.min(a.length, b.length);
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (a.slice(low, mid) === b.slice(low, mid)) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return low;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let low = 0;
  let high = limit;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (a.slice(a.length - mid, a.length - low) === b.slice(b.length - mid, b.length - low)) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return low;
}

/**
 * Analyses a YAML or JSON text and remembers the previous text's documents, so re-analysing
 * after an edit only splits and parses around the change: the unchanged head and tail are
 * found by comparing texts, and their documents' results are reused with shifted lines.
 */
export class TextAnalyzer {
  private previous?: { readonly text: string; readonly mode: string; readonly segments: readonly SegmentState[] };
  private cache = new Map<string, SegmentResult>();
  /** Facts of the previous raw text, updated from a change hint. */
  private facts?: TextFacts;

  constructor(private readonly rules: RuleSet) {}

  analyze(rawText: string, options: AnalyzeOptions = {}, change?: ChangeHint): TextAnalysis {
    if (options.strategy === 'full') {
      const { text, helm } = prepareText(rawText, options);
      const stream = parseYamlStream(text);
      const result = analyzeDocuments(stream.documents, stream.failure, text, this.rules, reportsSyntax(text, helm, options) && manifestDocumentsAt(text));
      return { matches: result.matches, syntaxErrors: capErrors([...result.syntaxErrors]), helm };
    }
    const { segments, helm } = this.analyzeSegments(rawText, options, change);
    const matches: LocatedMatch[] = [];
    const syntaxErrors: SyntaxProblem[] = [];
    for (const segment of segments) {
      for (const match of segment.result.matches) {
        matches.push({ ...match, range: shiftRange(match.range, segment.startLine) });
      }
      for (const error of segment.result.syntaxErrors) {
        syntaxErrors.push({ ...error, range: shiftRange(error.range, segment.startLine) });
      }
    }
    return { matches, syntaxErrors: capErrors(syntaxErrors), helm };
  }

  /**
   * The text's documents with their results, relative to each document's first line. A result
   * object is reused for as long as its document's text is unchanged, so callers can cache
   * what they derive from it. The segments are valid until the next call.
   */
  analyzeSegments(rawText: string, options: AnalyzeOptions = {}, change?: ChangeHint): { readonly segments: readonly AnalyzedSegment[]; readonly helm: boolean } {
    // a hint is only trusted where the prepared text keeps the editor's offsets one to one
    const usable = change !== undefined && rawText.charCodeAt(0) !== 0xfeff && this.facts !== undefined && change.prefix + change.suffix <= rawText.length;
    const facts = usable ? factsAfter(this.facts as TextFacts, rawText, change) : factsOf(rawText);
    this.facts = facts;
    const { text, helm } = prepareText(rawText, options, facts);
    const reportErrors = reportsSyntax(text, helm, options);
    // a segment's result depends on whether errors are reported, so results of another mode are never reused
    const mode = String(reportErrors);
    if (this.previous && this.previous.mode !== mode) {
      this.previous = undefined;
      this.cache = new Map();
    }
    const hint = usable && !helm ? change : undefined;
    const segments = this.incrementalSegments(text, reportErrors, hint) ?? this.allSegments(text, reportErrors);
    this.previous = { text, mode, segments };
    return { segments, helm };
  }

  private analyzeRange(text: string, from: number, to: number, firstLine: number, reportErrors: boolean, out: SegmentState[], cache: Map<string, SegmentResult>): void {
    const region = from === 0 && to === text.length ? text : text.slice(from, to);
    let line = firstLine;
    for (const segment of splitDocuments(region)) {
      const slice = region.slice(segment.start, segment.end);
      const followed = text.startsWith('---', from + segment.end);
      // a document followed by another can parse differently from the last one
      const key = followed ? `\u0001${slice}` : slice;
      const result = this.cache.get(key) ?? cache.get(key) ?? analyzeSegment(slice, this.rules, reportErrors, followed);
      cache.set(key, result);
      const lineCount = countNewlines(region, segment.start, segment.end);
      out.push({ start: from + segment.start, end: from + segment.end, startLine: line, lineCount, result });
      line += lineCount;
    }
  }

  private allSegments(text: string, reportErrors: boolean): SegmentState[] {
    const out: SegmentState[] = [];
    const cache = new Map<string, SegmentResult>();
    this.analyzeRange(text, 0, text.length, 0, reportErrors, out, cache);
    this.cache = cache;
    return out;
  }

  private incrementalSegments(text: string, reportErrors: boolean, hint: ChangeHint | undefined): SegmentState[] | undefined {
    const previous = this.previous;
    if (!previous || previous.segments.length < 3 || text.startsWith('%') || previous.text.startsWith('%')) {
      return undefined;
    }
    const old = previous.text;
    let prefix: number;
    let suffix: number;
    if (hint && hint.prefix + hint.suffix <= Math.min(old.length, text.length)) {
      // one character of slack on each side: a lone CR next to the change may turn into CRLF
      prefix = Math.max(0, hint.prefix - 1);
      suffix = Math.max(0, hint.suffix - 1);
    } else {
      prefix = commonPrefix(old, text);
      suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    }
    const segments = previous.segments;
    // re-split from one document before the change to one after, so a marker typed or
    // deleted at a boundary is seen
    const changedTo = old.length - suffix;
    let first = firstWhere(segments.length, (i) => segments[i].end >= prefix);
    let last = firstWhere(segments.length, (i) => segments[i].start > changedTo) - 1;
    if (first === segments.length || last === -1) {
      return undefined;
    }
    first = Math.max(0, first - 1);
    last = Math.min(segments.length - 1, last + 1);
    const delta = text.length - old.length;
    const from = segments[first].start;
    const oldTo = segments[last].end;
    if (oldTo < old.length - suffix) {
      return undefined;
    }
    const to = oldTo + delta;
    if (text.slice(from, to).includes('\n%')) {
      return undefined;
    }
    const out: SegmentState[] = segments.slice(0, first);
    const middle: SegmentState[] = [];
    this.analyzeRange(text, from, to, segments[first].startLine, reportErrors, middle, new Map());
    out.push(...middle);
    const oldLines = segments[last].startLine + segments[last].lineCount - segments[first].startLine;
    const newLines = middle.reduce((n, s) => n + s.lineCount, 0);
    const lineDelta = newLines - oldLines;
    for (let i = last + 1; i < segments.length; i++) {
      const s = segments[i];
      s.start += delta;
      s.end += delta;
      s.startLine += lineDelta;
      out.push(s);
    }
    return out;
  }
}

/** One-shot analysis without keeping a cache. */
export function analyzeText(text: string, rules: RuleSet, options: AnalyzeOptions = {}): TextAnalysis {
  return new TextAnalyzer(rules).analyze(text, options);
}
