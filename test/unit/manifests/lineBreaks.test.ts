import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TextAnalyzer, analyzeText, isManifestDocument } from '../../../src/core/deprecations/analyzeText';
import { DocumentFindingsTracker } from '../../../src/core/deprecations/documentFindings';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { LineIndex } from '../../../src/core/manifests/positions';
import { FIXTURES, fixture } from '../deprecations/fixturePaths';
import { EditorLines } from './editorLines';

const rules = builtinRuleSet();
const TARGET = { major: 1, minor: 33 };
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';

function findingLines(text: string, options = {}): number[] {
  return evaluateMatches(analyzeText(text, rules, options).matches, rules, { target: TARGET }).map((f) => f.range.start.line);
}

describe('line breaks as VS Code shows them', () => {
  test('LineIndex agrees with the editor at every offset, for LF, CRLF, lone CR and mixed text', () => {
    for (const text of ['a: 1\nb: 2\n\nc', 'a: 1\r\nb: 2\r\n\r\nc', 'a: 1\rb: 2\r\rc\r', 'a\r\nb\rc\nd\r\r\ne', '', '\n', '\r']) {
      const ours = new LineIndex(text);
      const editor = new EditorLines(text);
      assert.equal(ours.lineCount, editor.starts.length, JSON.stringify(text));
      for (let offset = 0; offset <= text.length; offset++) {
        // an offset inside CRLF has no editor position of its own
        if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
        assert.deepEqual(ours.positionAt(offset), editor.positionAt(offset), `${JSON.stringify(text)} @${offset}`);
        assert.equal(ours.offsetAt(editor.positionAt(offset)), offset);
      }
    }
  });

  test('an offset between CR and LF is the end of its line, where the editor puts it', () => {
    const index = new LineIndex('- -\r\nb: 1\r\n');
    assert.deepEqual(index.positionAt(4), { line: 0, character: 3 });
    assert.deepEqual(index.positionAt(10), { line: 1, character: 4 });
  });

  test('the offset of a line start is that line at character 0, not the end of the line before', () => {
    const text = 'apiVersion: v1\nkind: Pod\r\nspec:\r  x: 1\n';
    const index = new LineIndex(text);
    for (const [line, start] of [[1, 15], [2, 26], [3, 32]] as const) {
      assert.deepEqual(index.positionAt(start), { line, character: 0 });
    }
  });

  test('a file with lone-CR line endings gives the findings on the lines the editor shows', () => {
    const text = `# header\n${CRON}---\n${CRON}`.replace(/\n/g, '\r');
    assert.deepEqual(findingLines(text), [1, 6]);
    assert.deepEqual(findingLines(text, { strategy: 'full' }), [1, 6]);
  });

  test('a file whose only line breaks are lone CRs is analysed at all', () => {
    const text = CRON.replace(/\n/g, '\r');
    assert.deepEqual(findingLines(text), [0]);
    assert.deepEqual(analyzeText(text, rules, { checkAllSyntax: true }).syntaxErrors, []);
  });

  test('after `...` and a blank line, later findings stay on their own line', () => {
    for (const text of [`a: 1\n...\n\n${CRON}`, `a: 1\n...\n\n\n---\n${CRON}`, `a: 1\r\n...\r\n\r\n${CRON.replace(/\n/g, '\r\n')}`]) {
      const expected = text.split(/\r?\n/).indexOf('apiVersion: batch/v1beta1');
      assert.deepEqual(findingLines(text), [expected], JSON.stringify(text));
      assert.deepEqual(findingLines(text, { strategy: 'full' }), [expected], JSON.stringify(text));
      // and after an edit above, through the incremental path
      const analyzer = new TextAnalyzer(rules);
      const many = `${text}---\n${CRON}---\n${CRON}`;
      analyzer.analyze(many);
      const edited = `a: 2${many.slice(4)}`;
      const lines = evaluateMatches(analyzer.analyze(edited).matches, rules, { target: TARGET }).map((f) => f.range.start.line);
      assert.deepEqual(lines, findingLines(edited));
      assert.equal(lines[0], expected);
      // the quick fix edits that very line
      const finding = evaluateMatches(analyzeText(text, rules).matches, rules, { target: TARGET })[0];
      const fix = computeFix(text, finding, rules, { target: TARGET });
      assert.equal(fix.kind, 'edit');
      if (fix.kind === 'edit') {
        const fixed = new EditorLines(text).apply(fix.edits).split(/\r?\n/);
        assert.equal(fixed[expected], 'apiVersion: batch/v1');
      }
    }
  });
});

describe('incremental analysis around the document marker', () => {
  test('editing the `---` line itself (to `--x` and back) leaves no stale result', () => {
    const base = `${CRON}---\n${CRON}---\n${CRON}---\n${CRON}`;
    const analyzer = new TextAnalyzer(rules);
    analyzer.analyze(base, { checkAllSyntax: true });
    const second = base.indexOf('---\n', base.indexOf('---\n') + 1);
    const edits = [
      base.slice(0, second) + '--x' + base.slice(second + 3),
      base.slice(0, second) + '--' + base.slice(second + 3),
      base.slice(0, second) + '- --' + base.slice(second + 3),
      base,
    ];
    for (const text of edits) {
      const incremental = analyzer.analyze(text, { checkAllSyntax: true });
      assert.deepEqual(incremental, analyzeText(text, rules, { checkAllSyntax: true }), JSON.stringify(text.slice(second - 2, second + 6)));
    }
    // the broken marker merges two documents: a duplicate-key error and one CronJob fewer
    const broken = analyzer.analyze(edits[0], { checkAllSyntax: true });
    assert.equal(broken.matches.filter((m) => m.subject === 'api').length, 3);
    assert.ok(broken.syntaxErrors.length > 0);
  });
});

describe('syntax errors only where manifests are', () => {
  test('a values.yaml with a syntax error reports nothing', () => {
    const values = 'replicaCount: 1\nimage:\n  repository: nginx\n  tag: [unclosed\nresources: {}\n';
    for (const options of [{ path: 'chart/values.yaml', checkAllSyntax: true }, { path: 'chart/values.yaml', strategy: 'full' as const }]) {
      assert.deepEqual(analyzeText(values, rules, options).syntaxErrors, []);
    }
  });

  test('the same error in a manifest is reported', () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  tag: [unclosed\n';
    assert.ok(analyzeText(manifest, rules, { checkAllSyntax: true }).syntaxErrors.length > 0);
  });
});

describe('quick fixes land where the editor puts them', () => {
  const dir = join(FIXTURES, 'migrations');
  for (const name of readdirSync(dir).filter((n) => n.includes('.before.'))) {
    test(`${name} with lone-CR line breaks: the same migrations as with LF, writing CR line breaks`, () => {
      const lf = fixture(`migrations/${name}`);
      const cr = lf.replace(/\n/g, '\r');
      const kinds = (text: string): string[] => evaluateMatches(analyzeText(text, rules).matches, rules, { target: TARGET }).map((f) => computeFix(text, f, rules, { target: TARGET }).kind);
      assert.deepEqual(kinds(cr), kinds(lf));
      assert.ok(kinds(cr).includes('edit'));
      const fixed = fixAllText(cr, rules, { target: TARGET });
      assert.equal(fixed.text, fixAllText(lf, rules, { target: TARGET }).text.replace(/\n/g, '\r'));
      assert.ok(fixed.applied > 0);
    });
  }
  for (const name of readdirSync(dir).filter((n) => n.includes('.before.'))) {
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      test(`${name} (${lineBreak === '\n' ? 'LF' : lineBreak === '\r' ? 'lone CR' : 'CRLF'}): each quick fix applied by line and character equals the same fix applied alone by Fix All`, () => {
        const text = fixture(`migrations/${name}`).replace(/\n/g, lineBreak);
        const findings = evaluateMatches(analyzeText(text, rules).matches, rules, { target: TARGET });
        const editor = new EditorLines(text);
        for (const finding of findings) {
          const fix = computeFix(text, finding, rules, { target: TARGET });
          if (fix.kind !== 'edit') continue;
          const byPosition = editor.apply(fix.edits);
          const index = new LineIndex(text);
          const byOffset = [...fix.edits]
            .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
            .sort((a, b) => b.start - a.start)
            .reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
          assert.equal(byPosition, byOffset);
        }
        const only = findings.length === 1 ? computeFix(text, findings[0], rules, { target: TARGET }) : undefined;
        if (only?.kind === 'edit') {
          assert.equal(editor.apply(only.edits), fixAllText(text, rules, { target: TARGET, maxPasses: 1 }).text);
        }
      });
    }
  }
});

describe('syntax errors per document', () => {
  const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
  const notManifest = 'settings:\n  tags: [unclosed\n';
  const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n   labels: {}\n';
  const json = '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": [1}}\n';

  test('documents meant as Kubernetes objects are judged from their text, even when broken', () => {
    assert.ok(isManifestDocument(manifest));
    assert.ok(isManifestDocument(broken));
    assert.ok(isManifestDocument(`---\n${json}`));
    assert.ok(isManifestDocument('# c\n"kind": Pod\n"apiVersion": v1\n'));
    assert.ok(!isManifestDocument(notManifest));
    assert.ok(!isManifestDocument('extraObjects:\n  - apiVersion: v1\n    kind: ConfigMap\n'));
    assert.ok(!isManifestDocument('kind: DaemonSet\nimage: fluent-bit\n'));
  });

  test('the editor, the CLI and a full parse report the same errors: the broken manifests, not the other document', () => {
    const text = [manifest, notManifest, broken, json].join('---\n');
    const full = analyzeText(text, rules, { strategy: 'full' }).syntaxErrors;
    const fast = analyzeText(text, rules).syntaxErrors;
    const editor = new DocumentFindingsTracker(rules, { target: TARGET }).update(text).syntaxErrors;
    assert.deepEqual(fast, full);
    assert.deepEqual(editor, full);
    const lines = full.map((e) => e.range.start.line);
    assert.ok(lines.some((l) => l >= 8 && l <= 12), `the Deployment (lines 8-12): ${JSON.stringify(lines)}`);
    assert.ok(lines.some((l) => l === 14), `the JSON document (line 14): ${JSON.stringify(lines)}`);
    // the unclosed sequence is reported where the next `---` ends it, line 7
    assert.ok(lines.every((l) => l < 5 || l > 7), `nothing in the settings document (lines 5-7): ${JSON.stringify(lines)}`);
  });
});
