// Properties of the deprecation engine checked on generated input (fast-check): no crash, the
// cheap path equals a full parse (syntax errors included), incremental analysis equals a fresh
// one, positions follow VS Code's line breaking, and the plain-YAML check never vouches for text
// the parser rejects. `npm run fuzz` runs them long, with a time budget per input; test:unit runs
// them briefly.
import fc from 'fast-check';
import YAML, { isScalar, parseAllDocuments } from 'yaml';
import { TextAnalyzer, analyzeText, type AnalyzeOptions, type TextAnalysis } from '../../src/core/deprecations/analyzeText';
import { DocumentFindingsTracker } from '../../src/core/deprecations/documentFindings';
import { evaluateMatches } from '../../src/core/deprecations/findings';
import { builtinRuleSet } from '../../src/core/deprecations/ruleSet';
import { isCertainlyValidYaml } from '../../src/core/manifests/plainYaml';
import { readPlainYaml } from '../../src/core/manifests/plainYamlReader';
import { LineIndex } from '../../src/core/manifests/positions';
import { EditorLines } from '../unit/manifests/editorLines';

const rules = builtinRuleSet();
const TARGET = { major: 1, minor: 33 };

const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'annotations', 'labels', 'spec', 'template', 'containers', 'a', 'b', 'true', '1', 'x.y/z', 'kubernetes.io/ingress.class', 'serviceAccount', 'items', 'data'];
const VALUES = ['extensions/v1beta1', 'batch/v1beta1', 'policy/v1beta1', 'apps/v1', 'v1', 'Ingress', 'CronJob', 'List', 'Deployment', 'Pod', '"q"', "'s'", '"a\\"b"', "'it''s'", '{a: 1, b: 2}', '{a: 1, a: 2}', '[a, b]', '[a, {b: 1}]', '{}', '[]', '|', '|-', '>', '#c', '&x', '*x', '!t', '~', 'a: b', 'http://x', '*/5', '-', '', '"extensions\\/v1beta1"', '{{ .Values.x }}', 'é'];
const SEPARATORS = ['\n', '\r\n', '\r'];

const indent = fc.constantFrom('', ' ', '  ', '    ', '      ', '\t');
const yamlLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(indent, fc.constantFrom(...KEYS), fc.constantFrom(':', ': ', ':  '), fc.constantFrom(...VALUES)).map(([i, k, c, v]) => `${i}${k}${c}${v}`) },
  { weight: 2, arbitrary: fc.tuple(indent, fc.constantFrom(...VALUES, ...KEYS.map((k) => `${k}: x`))).map(([i, v]) => `${i}- ${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('---', '...', '--- # c', '--x', '', '  ', '# comment', '%YAML 1.2', '{{- if .Values.on }}', '{{- else }}', '{{- end }}', '{"apiVersion": "extensions/v1beta1", "kind": "Ingress"}', '[1, 2') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** A YAML-like text of up to `lines` lines, with one kind of line break. */
export function yamlText(lines = 40): fc.Arbitrary<string> {
  return fc.tuple(fc.array(yamlLine, { maxLength: lines }), fc.constantFrom(...SEPARATORS), fc.boolean()).map(([ls, sep, bom]) => `${bom ? '\uFEFF' : ''}${ls.join(sep)}${sep}`);
}

const KEY_WORDS = fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'labels', 'annotations', 'spec', 'template', 'key', 'topologyKey', 'items', 'nodeSelector', 'serviceAccount', 'a', 'b', 'kubernetes.io/ingress.class', 'beta.kubernetes.io/os', 'true', '1');
const LEAF = fc.oneof(fc.constantFrom('extensions/v1beta1', 'batch/v1beta1', 'apps/v1', 'Ingress', 'CronJob', 'List', 'beta.kubernetes.io/os', 'x: y', '#', '', ' a ', '*', '{a}', '1.0', '0o17', 'null', '~', 'yes', 'a\nb'), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, LEAF, fc.dictionary(KEY_WORDS, tie('node'), { maxKeys: 5 }), fc.array(tie('node'), { maxLength: 4 })),
})).node;

/** Manifest-like YAML as a tool writes it (yaml.stringify of random objects, block and flow style). */
export function writtenYaml(): fc.Arbitrary<string> {
  return fc.tuple(fc.dictionary(KEY_WORDS, tree, { minKeys: 1, maxKeys: 6 }), fc.constantFrom(0, 2, 4), fc.boolean()).map(([object, flowLevel, marker]) => {
    const body = YAML.stringify(object, { flowCollectionPadding: false, collectionStyle: flowLevel === 0 ? 'any' : 'block', indentSeq: flowLevel !== 4 });
    return marker ? `---\n${body}` : body;
  });
}

const options = fc.record({ helm: fc.constantFrom(undefined, true, false), checkAllSyntax: fc.constantFrom(undefined, false), path: fc.constantFrom(undefined, 'x.yaml', 'chart/templates/a.yaml', 'a.json') }) as fc.Arbitrary<AnalyzeOptions>;

function comparable(a: TextAnalysis): string {
  return JSON.stringify(a);
}

export interface FuzzSettings {
  readonly numRuns: number;
  readonly seed?: number;
  /** Fail when one analysis of an input under 1 MB takes longer than this (ms); off when undefined. */
  readonly timeBudgetMs?: number;
}

/**
 * Runs one analysis; with a budget, an input under 1 MB that takes longer is run once more
 * (the first run may include compiling the code, or a busy machine). It fails when it is slow
 * again and also slower than 1.5 times the YAML parser alone on the same text: reporting the
 * parser's syntax errors exactly cannot be cheaper than the parser.
 */
function timed<T>(settings: FuzzSettings, text: string, run: () => T): T {
  let started = performance.now();
  const result = run();
  let ms = performance.now() - started;
  const budget = settings.timeBudgetMs;
  if (budget !== undefined && text.length < 1024 * 1024 && ms > budget) {
    started = performance.now();
    run();
    ms = performance.now() - started;
    if (ms > budget) {
      started = performance.now();
      parseAllDocuments(text);
      const parseMs = performance.now() - started;
      if (ms > 1.5 * parseMs) {
        throw new Error(`analysis of ${text.length} characters took ${ms.toFixed(0)} ms (twice over ${budget} ms; the bare parse took ${parseMs.toFixed(0)} ms)`);
      }
    }
  }
  return result;
}

/** The cheap path gives exactly the full parse's matches and syntax errors, and never throws. */
export function fastEqualsFull(settings: FuzzSettings): void {
  fc.assert(
    fc.property(fc.oneof(yamlText(), writtenYaml(), fc.array(writtenYaml(), { maxLength: 4 }).map((docs) => docs.join('---\n'))), options, (text, opts) => {
      const fast = timed(settings, text, () => analyzeText(text, rules, opts));
      const full = timed(settings, text, () => analyzeText(text, rules, { ...opts, strategy: 'full' }));
      return comparable(fast) === comparable(full);
    }),
    { numRuns: settings.numRuns, seed: settings.seed },
  );
}

const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 30 }), insert: fc.oneof(yamlLine.map((l) => `${l}\n`), fc.constantFrom('---\n', '-', '\n', '\r', '...\n', 'x', '')), options, hinted: fc.boolean() });

/** After any edits (and mode changes), incremental analysis equals a fresh one. */
export function incrementalEqualsFresh(settings: FuzzSettings): void {
  fc.assert(
    fc.property(yamlText(30), fc.array(edit, { minLength: 1, maxLength: 8 }), (base, edits) => {
      const analyzer = new TextAnalyzer(rules);
      const tracker = new DocumentFindingsTracker(rules, { target: TARGET });
      let text = base;
      analyzer.analyze(text);
      tracker.update(text);
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        const remove = Math.min(e.remove, text.length - at);
        const before = text.length;
        text = text.slice(0, at) + e.insert + text.slice(at + remove);
        const hint = e.hinted ? { prefix: at, suffix: before - at - remove } : undefined;
        const incremental = timed(settings, text, () => analyzer.analyze(text, e.options, hint));
        const fresh = analyzeText(text, rules, e.options);
        if (comparable(incremental) !== comparable(fresh)) {
          return false;
        }
        const tracked = tracker.update(text, e.options, hint);
        const freshFindings = evaluateMatches(fresh.matches, rules, { target: TARGET });
        const tracked2 = { findings: tracked.findings, syntaxErrors: tracked.syntaxErrors };
        // Helm templates get their if/else settled after evaluation; compare the unsettled part
        if (!fresh.helm && JSON.stringify(tracked2) !== JSON.stringify({ findings: freshFindings, syntaxErrors: fresh.syntaxErrors })) {
          return false;
        }
      }
      return true;
    }),
    { numRuns: settings.numRuns, seed: settings.seed },
  );
}

/** Every reported range lies on lines as VS Code breaks them, and LineIndex agrees with the editor. */
export function positionsFollowTheEditor(settings: FuzzSettings): void {
  fc.assert(
    fc.property(yamlText(), options, (raw, opts) => {
      const text = raw.replace(/^\uFEFF/, '');
      const editor = new EditorLines(text);
      const index = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset++) {
        if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
        const a = index.positionAt(offset);
        const b = editor.positionAt(offset);
        if (a.line !== b.line || a.character !== b.character) return false;
      }
      const lineLength = (line: number): number => {
        const start = editor.starts[line];
        const next = editor.starts[line + 1];
        const end = next === undefined ? text.length : next - (text[next - 2] === '\r' && text[next - 1] === '\n' ? 2 : 1);
        return end - start;
      };
      const analysis = analyzeText(raw, rules, opts);
      for (const { range } of [...analysis.matches, ...analysis.syntaxErrors]) {
        for (const p of [range.start, range.end]) {
          if (p.line >= editor.starts.length || p.character > lineLength(p.line)) return false;
        }
      }
      return true;
    }),
    { numRuns: settings.numRuns, seed: settings.seed },
  );
}

/** The plain-YAML check only vouches for text that the parser accepts without an error. */
export function plainCheckIsSound(settings: FuzzSettings): void {
  fc.assert(
    fc.property(yamlText(14), (text) => {
      if (!isCertainlyValidYaml(text)) return true;
      const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
      return (Array.isArray(docs) ? docs : []).every((d) => d.errors.length === 0);
    }),
    { numRuns: settings.numRuns * 4, seed: settings.seed },
  );
}

function spans(node: unknown, out: string[] = []): string[] {
  if (node && typeof node === 'object') {
    const n = node as { range?: number[]; items?: unknown[]; key?: unknown; value?: unknown };
    if (isScalar(n) && n.range) out.push(`${n.range[0]}-${n.range[1]}`);
    for (const item of n.items ?? []) spans(item, out);
    if ('key' in n) {
      spans(n.key, out);
      spans(n.value, out);
    }
  }
  return out;
}

/** What the plain-YAML reader builds equals the parser's nodes: values, and where each scalar starts and ends. */
export function plainReaderMatchesParser(settings: FuzzSettings): void {
  fc.assert(
    fc.property(fc.oneof(yamlText(14), writtenYaml()), (text) => {
      const ours = readPlainYaml(text);
      if (!ours) return true;
      const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
      const theirs = Array.isArray(docs) ? docs[0] : undefined;
      // an empty document: nothing to match either way
      if (!theirs || ours.contents === null) return ours.contents === null && (!theirs || theirs.contents === null || (isScalar(theirs.contents) && theirs.contents.value === null));
      return JSON.stringify(ours.toJS()) === JSON.stringify(theirs.toJS()) && JSON.stringify(spans(ours.contents)) === JSON.stringify(spans(theirs.contents));
    }),
    { numRuns: settings.numRuns * 4, seed: settings.seed },
  );
}

/** Large inputs of the shapes that once were slow: no crash, and (in the long run) within the budget. */
export function largeInputsStayCheap(settings: FuzzSettings): void {
  const shape = fc.constantFrom(
    (n: number) => `apiVersion: v1\nkind: ConfigMap\ndata:\n  a: ${'{{ .Values.x }}'.repeat(n)}\n`,
    (n: number) => `apiVersion: batch/v1beta1\nkind: CronJob\ndata:\n${Array.from({ length: n }, (_, i) => `  k${i}: v`).join('\n')}\n`,
    (n: number) => `{"apiVersion":"v1","kind":"List","items":[${Array.from({ length: n }, (_, i) => `{"apiVersion":"extensions/v1beta1","kind":"Ingress","metadata":{"name":"i${i}"}}`).join(',')}]}`,
    (n: number) => `apiVersion: v1\nkind: ConfigMap\ndata:\n${'\tk: v\n'.repeat(n)}`,
    (n: number) => `apiVersion: v1\nkind: ConfigMap\ndata:\n  a: ${'['.repeat(Math.min(n, 5000))}\n`,
    (n: number) => `${'apiVersion: v1\nkind: Pod\n'.repeat(n)}`,
    (n: number) => `${'apiVersion: extensions/v1beta1\rkind: Ingress\r---\r'.repeat(n)}`,
  );
  fc.assert(
    fc.property(shape, fc.integer({ min: 1, max: 8000 }), (make, n) => {
      const text = make(n);
      timed(settings, text, () => analyzeText(text, rules, { path: 'templates/x.yaml' }));
      timed(settings, text, () => analyzeText(text, rules));
      return true;
    }),
    { numRuns: Math.max(5, Math.floor(settings.numRuns / 20)), seed: settings.seed },
  );
}

export const PROPERTIES = { plainReaderMatchesParser, fastEqualsFull, incrementalEqualsFresh, positionsFollowTheEditor, plainCheckIsSound, largeInputsStayCheap } as const;
