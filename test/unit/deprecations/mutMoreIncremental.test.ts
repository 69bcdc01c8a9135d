// The editor's re-analysis after an edit: whatever the edit (at a document boundary, inside a
// `---` marker, before the first document or after the last, merging or splitting documents,
// with or without a change range), the result equals a fresh analysis of the new text, and the
// documents the edit did not touch keep their result objects (callers cache what they derive
// from them).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextAnalyzer, analyzeText, type AnalyzeOptions, type ChangeHint, type SegmentResult } from '../../../src/core/deprecations/analyzeText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

const rules = builtinRuleSet();

function manifest(name: string, apiVersion = 'v1', kind = 'ConfigMap'): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: default\n`;
}
const cron = (name: string): string => manifest(name, 'batch/v1beta1', 'CronJob');
const budget = (name: string): string => manifest(name, 'policy/v1beta1', 'PodDisruptionBudget');

/** Documents a..f, one finding each (documents without any share one empty result). */
const SIX = [cron('a'), budget('b'), cron('c'), budget('d'), cron('e'), budget('f')].join('---\n');

interface Edit {
  /** Where, found in the current text. */
  readonly at: (text: string) => number;
  readonly remove: number;
  readonly insert: string;
  /** 'exact' is what the editor's change event tells; 'none' leaves the texts to be compared. */
  readonly hint: 'exact' | 'none' | ChangeHint;
}

/** Feeds edits to one analyzer and checks each result against a fresh analysis. */
class Editor {
  private readonly analyzer = new TextAnalyzer(rules);
  /** A second analyzer fed the same calls, for the assembled result. */
  private readonly twin = new TextAnalyzer(rules);
  text: string;
  /** Result object of each named document after the last update. */
  results = new Map<string, SegmentResult>();
  /** Result object of each named document when the text was opened. */
  readonly opened: Map<string, SegmentResult>;

  constructor(
    text: string,
    private readonly options: AnalyzeOptions = {},
  ) {
    this.text = text;
    this.update(undefined);
    this.opened = this.results;
  }

  apply(edit: Edit): Map<string, SegmentResult> {
    const at = edit.at(this.text);
    const before = this.text;
    this.text = before.slice(0, at) + edit.insert + before.slice(at + edit.remove);
    const hint = edit.hint === 'exact' ? { prefix: at, suffix: before.length - at - edit.remove } : edit.hint === 'none' ? undefined : edit.hint;
    this.update(hint);
    return this.results;
  }

  update(hint: ChangeHint | undefined): void {
    assert.deepEqual(this.twin.analyze(this.text, this.options, hint), analyzeText(this.text, rules, this.options), JSON.stringify(this.text));
    const { segments } = this.analyzer.analyzeSegments(this.text, this.options, hint);
    const lines = this.text.split(/\r\n|\r|\n/);
    const results = new Map<string, SegmentResult>();
    segments.forEach((segment, i) => {
      const end = i + 1 < segments.length ? segments[i + 1].startLine : lines.length;
      const name = /name: (\w+)/.exec(lines.slice(segment.startLine, end).join('\n'))?.[1];
      if (name !== undefined) {
        results.set(name, segment.result);
      }
    });
    this.results = results;
  }
}

const nameOf = (name: string) => (text: string): number => text.indexOf(`name: ${name}`) + 'name: '.length;
/** Just after a document's one-letter name, where typing makes it `name` + the typed text. */
const afterName = (name: string) => (text: string): number => nameOf(name)(text) + name.length;
const markerBefore = (name: string) => (text: string): number => text.lastIndexOf('---', text.indexOf(`name: ${name}`));
const endOf = () => (text: string): number => text.length;

function kept(editor: Editor, previous: Map<string, SegmentResult>, names: readonly string[]): string[] {
  return names.filter((n) => editor.results.get(n) !== undefined && editor.results.get(n) === previous.get(n));
}

describe('edits give what a fresh analysis gives', () => {
  const cases: [string, string, Edit[]][] = [
    ['rename in the middle', SIX, [{ at: nameOf('c'), remove: 1, insert: 'cc', hint: 'exact' }]],
    ['edit at the start of a --- marker', SIX, [{ at: markerBefore('d'), remove: 0, insert: 'x', hint: 'exact' }]],
    ['edit inside a --- marker, merging two documents', SIX, [{ at: (t) => markerBefore('d')(t) + 1, remove: 1, insert: '', hint: 'exact' }]],
    ['a marker typed inside a document splits it', SIX, [{ at: (t) => t.indexOf('metadata', t.indexOf('name: b')), remove: 0, insert: '---\n', hint: 'exact' }]],
    ['a marker restored after it was broken', SIX, [
      { at: (t) => markerBefore('c')(t) + 2, remove: 1, insert: '', hint: 'exact' },
      { at: (t) => t.lastIndexOf('--', t.indexOf('name: c')), remove: 0, insert: '-', hint: 'exact' },
    ]],
    ['before the first document', SIX, [{ at: () => 0, remove: 0, insert: '# head\n', hint: 'exact' }, { at: () => 0, remove: 0, insert: `${cron('z')}---\n`, hint: 'none' }]],
    ['after the last document', SIX, [{ at: endOf(), remove: 0, insert: `---\n${cron('g')}`, hint: 'exact' }, { at: endOf(), remove: 0, insert: '---\n', hint: 'none' }]],
    ['the last document deleted with its marker', SIX, [{ at: markerBefore('f'), remove: 100, insert: '', hint: 'exact' }]],
    ['a zero-length edit', SIX, [{ at: nameOf('d'), remove: 0, insert: '', hint: 'exact' }]],
    ['a manifest turned into a values document', SIX, [{ at: (t) => t.indexOf('apiVersion', t.indexOf('name: b')), remove: 0, insert: 'image:\n  tag: [1\n', hint: 'exact' }, { at: (t) => t.indexOf('kind: ConfigMap'), remove: 'kind: ConfigMap'.length, insert: 'kin: ConfigMap', hint: 'exact' }]],
    ['CRLF text', SIX.replace(/\n/g, '\r\n'), [{ at: nameOf('c'), remove: 1, insert: 'x', hint: 'exact' }, { at: (t) => markerBefore('e')(t) - 1, remove: 1, insert: '', hint: 'exact' }, { at: (t) => markerBefore('e')(t) - 1, remove: 0, insert: '\n', hint: 'exact' }]],
    ['a CronJob typed in a document without a change range', SIX, [{ at: (t) => t.indexOf('v1\nkind: ConfigMap'), remove: 2, insert: 'batch/v1beta1', hint: 'none' }]],
  ];
  for (const [name, text, edits] of cases) {
    test(name, () => {
      const editor = new Editor(text);
      for (const edit of edits) {
        editor.apply(edit);
      }
    });
  }

  test('a change range given with the first text is not needed', () => {
    const analyzer = new TextAnalyzer(rules);
    assert.deepEqual(analyzer.analyze(SIX, {}, { prefix: 10, suffix: 10 }), analyzeText(SIX, rules));
  });

  test('a lone CR typed in place of a line break ends the line (with a change range)', () => {
    const editor = new Editor(SIX);
    const at = SIX.indexOf('\nkind: CronJob', SIX.indexOf('name: b'));
    editor.apply({ at: () => at, remove: 1, insert: '\r', hint: 'exact' });
    assert.equal(analyzeText(editor.text, rules).matches.length, 6);
  });

  test('a lone CR or a template action typed at the very start is seen', () => {
    const cr = new Editor(SIX);
    cr.apply({ at: () => 0, remove: 0, insert: '\r', hint: 'exact' });
    assert.equal(analyzeText(cr.text, rules).matches[0].range.start.line, 1);
    const action = new Editor(SIX);
    action.apply({ at: () => 0, remove: 0, insert: '{{- if .Values.enabled }}\n', hint: 'exact' });
    assert.equal(analyzeText(action.text, rules).helm, true);
  });

  test('opening braces typed in a template take in the text up to the next closing ones', () => {
    const path = 'chart/templates/all.yaml';
    const text = [manifest('a'), manifest('b'), manifest('c'), cron('d'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e\n  labels:\n    note: "a }} b"\n', manifest('f')].join('---\n');
    const editor = new Editor(text, { path });
    assert.equal(analyzeText(text, rules, { path }).matches.length, 1);
    editor.apply({ at: (t) => t.indexOf('name: b') + 6, remove: 0, insert: ' {{', hint: 'exact' });
    assert.equal(analyzeText(editor.text, rules, { path }).matches.length, 0);
  });
});

describe('documents the edit did not touch keep their results', () => {
  test('typing a character and deleting it again gives back the results from before', () => {
    const cases: [string, string, (t: string) => number, (t: string) => number][] = [
      ['in the middle', 'cx', afterName('c'), afterName('c')],
      ['in the first document', 'ax', afterName('a'), afterName('a')],
      ['in the last document', 'fx', afterName('f'), afterName('f')],
      ['at a document boundary', 'c', markerBefore('d'), (t) => markerBefore('d')(t) - 1],
    ];
    for (const [where, changed, at, typed] of cases) {
      for (const hint of ['exact', 'none'] as const) {
        const editor = new Editor(SIX);
        const afterTyping = editor.apply({ at, remove: 0, insert: 'x', hint });
        assert.notEqual(afterTyping.get(changed), editor.opened.get(changed[0]), `${where} ${hint}: the edited document is analysed again`);
        editor.apply({ at: typed, remove: 1, insert: '', hint });
        assert.deepEqual(kept(editor, editor.opened, ['a', 'b', 'c', 'd', 'e', 'f']), ['a', 'b', 'c', 'd', 'e', 'f'], `${where} ${hint}`);
      }
    }
  });

  test('in a file of three documents too', () => {
    const text = [cron('a'), budget('b'), cron('c')].join('---\n');
    for (const name of ['a', 'b', 'c']) {
      const editor = new Editor(text);
      editor.apply({ at: afterName(name), remove: 0, insert: 'x', hint: 'exact' });
      editor.apply({ at: afterName(name), remove: 1, insert: '', hint: 'exact' });
      assert.deepEqual(kept(editor, editor.opened, ['a', 'b', 'c']), ['a', 'b', 'c'], name);
    }
  });

  test('a file ending in % is re-analysed around the edit too', () => {
    const text = `${SIX}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: g\ndata:\n  ratio: 50%`;
    const editor = new Editor(text);
    editor.apply({ at: afterName('c'), remove: 0, insert: 'x', hint: 'exact' });
    editor.apply({ at: afterName('c'), remove: 1, insert: '', hint: 'exact' });
    assert.deepEqual(kept(editor, editor.opened, ['a', 'c', 'g']), ['a', 'c', 'g']);
  });

  test('a document edited earlier keeps its result when another one far from it is edited', () => {
    const hints: ['exact' | 'none', 'exact' | 'none'][] = [['exact', 'none'], ['none', 'exact'], ['none', 'none'], ['exact', 'exact']];
    for (const [first, second] of hints) {
      for (const [edited, far] of [['b', 'e'], ['e', 'b'], ['a', 'f'], ['f', 'a']]) {
        const editor = new Editor(SIX);
        const afterFirst = editor.apply({ at: afterName(edited), remove: 0, insert: 'x', hint: first });
        editor.apply({ at: afterName(far), remove: 0, insert: 'y', hint: second });
        assert.deepEqual(kept(editor, afterFirst, [`${edited}x`]), [`${edited}x`], `${edited} then ${far}, ${first}/${second}`);
      }
    }
  });

  test('text appended after the last document keeps the results of documents edited before', () => {
    for (const hint of ['exact', 'none'] as const) {
      for (const insert of ['\n', `---\n${cron('g')}`]) {
        const editor = new Editor(SIX);
        const afterFirst = editor.apply({ at: afterName('c'), remove: 0, insert: 'x', hint: 'exact' });
        editor.apply({ at: endOf(), remove: 0, insert, hint });
        assert.deepEqual(kept(editor, afterFirst, ['cx']), ['cx'], `${JSON.stringify(insert)} ${hint}`);
      }
    }
  });

  test('the neighbours of an edit keep their results when unchanged since the text was opened', () => {
    for (const hint of ['exact', 'none'] as const) {
      const editor = new Editor(SIX);
      editor.apply({ at: afterName('c'), remove: 0, insert: 'x', hint });
      assert.deepEqual(kept(editor, editor.opened, ['a', 'b', 'd', 'e', 'f']), ['a', 'b', 'd', 'e', 'f'], hint);
    }
  });

  test('a copy of a document pasted before it: the change range says where, and documents further on are kept', () => {
    const editor = new Editor(SIX);
    const afterFirst = editor.apply({ at: afterName('e'), remove: 0, insert: 'x', hint: 'exact' });
    const copy = SIX.slice(SIX.lastIndexOf('---', SIX.indexOf('name: c')), SIX.lastIndexOf('---', SIX.indexOf('name: d')));
    editor.apply({ at: markerBefore('c'), remove: 0, insert: copy, hint: 'exact' });
    assert.deepEqual(kept(editor, afterFirst, ['a', 'ex', 'f']), ['a', 'ex', 'f']);
  });

  test('the first of two equal documents deleted: the change range says which, and documents further on are kept', () => {
    const copy = `---\n${budget('c')}`;
    const text = [cron('a'), budget('b'), budget('c'), budget('c'), cron('d'), budget('e'), budget('f')].join('---\n');
    const editor = new Editor(text);
    const afterFirst = editor.apply({ at: afterName('e'), remove: 0, insert: 'x', hint: 'exact' });
    editor.apply({ at: (t) => t.indexOf(copy), remove: copy.length, insert: '', hint: 'exact' });
    assert.deepEqual(kept(editor, afterFirst, ['a', 'ex', 'f']), ['a', 'ex', 'f']);
  });

  test('a file of two documents: each edit keeps the other document\'s result', () => {
    const editor = new Editor([cron('a'), budget('b')].join('---\n'));
    const afterFirst = editor.apply({ at: afterName('b'), remove: 0, insert: 'x', hint: 'exact' });
    editor.apply({ at: afterName('a'), remove: 0, insert: 'y', hint: 'exact' });
    assert.deepEqual(kept(editor, afterFirst, ['bx']), ['bx']);
  });

  test('a file of three documents: an edit keeps the far document\'s result', () => {
    const editor = new Editor([cron('a'), budget('b'), cron('c')].join('---\n'));
    const afterFirst = editor.apply({ at: afterName('c'), remove: 0, insert: 'x', hint: 'exact' });
    editor.apply({ at: afterName('a'), remove: 0, insert: 'y', hint: 'exact' });
    assert.deepEqual(kept(editor, afterFirst, ['cx']), ['cx']);
  });

  test('edits between two analyses with the same options keep results, in every mode', () => {
    for (const options of [{}, { checkAllSyntax: false }]) {
      const editor = new Editor(SIX, options);
      editor.apply({ at: afterName('c'), remove: 0, insert: 'x', hint: 'exact' });
      assert.deepEqual(kept(editor, editor.opened, ['a', 'e', 'f']), ['a', 'e', 'f'], JSON.stringify(options));
    }
  });
});
