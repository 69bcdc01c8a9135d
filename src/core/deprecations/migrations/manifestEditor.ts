import { isAlias, isMap, isNode, isScalar, isSeq, Scalar, stringify, visit, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { overlapsTemplate, TEMPLATE_PLACEHOLDER, type TemplateSpan } from '../../manifests/helmTemplate';
import { nodeAt, type Path } from '../../manifests/manifestObjects';
import { editsOverlap, sortEdits, type OffsetEdit } from './offsetEdits';
import { UnsafeMigration } from './unsafeMigration';

/** Copies a node's original source text, so comments and template actions inside it survive. */
export class SourceCopy {
  constructor(readonly node: Node) {}
}

/** A value to write: plain data, or a copy of an existing node. */
export type NewValue = string | number | boolean | null | SourceCopy | readonly NewValue[] | { readonly [key: string]: NewValue };

type Entry = readonly [string, NewValue];

function isRecord(value: NewValue): value is { readonly [key: string]: NewValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof SourceCopy);
}

function sameBlocks(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((block, i) => b[i] === block);
}

const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/;
/** What may stand before a key on its line and belongs to the entry: `? `, then an anchor or tag. */
const PAIR_PREFIX = /(?:\?[ \t]+)?(?:[&!][^\s,[\]{}]*[ \t]+)*$/;

/**
 * Edits one YAML (or JSON) document as text, touching only the characters that change so
 * comments, quoting, indentation and line endings elsewhere stay exactly as written.
 * Paths are always resolved against the document as it was before any edit.
 */
export class ManifestEditor {
  private readonly edits: OffsetEdit[] = [];
  /** Template actions copied, unchanged, to a new place; their old place may then be deleted. */
  private readonly movedSpans = new Set<TemplateSpan>();
  readonly eol: string;

  constructor(
    /** The original text (template actions intact); offsets match the parsed document. */
    readonly source: string,
    readonly doc: Document,
    private readonly templateSpans: readonly TemplateSpan[],
  ) {
    this.eol = source.includes('\r\n') ? '\r\n' : '\n';
  }

  node(path: Path): Node | undefined {
    return nodeAt(this.doc.contents, path);
  }

  map(path: Path): YAMLMap | undefined {
    const node = this.node(path);
    return isMap(node) ? node : undefined;
  }

  /** Whether the map at the path's parent has its last step as a key (null values included). */
  has(path: Path): boolean {
    const parent = this.node(path.slice(0, -1));
    const last = path[path.length - 1];
    return isMap(parent) && parent.items.some((p) => isScalar(p.key) && p.key.value === last);
  }

  /** Plain value of a node; template placeholders make the value unusable for decisions. */
  value(path: Path): unknown {
    const node = this.node(path);
    if (node === undefined) {
      return undefined;
    }
    this.requireNotWrittenByTemplate(path);
    const value = this.plainValue(node);
    // JSON keeps the placeholder character as it is, in strings and in keys
    if (plainText(value).includes(TEMPLATE_PLACEHOLDER)) {
      throw new UnsafeMigration('a value the change depends on comes from a Helm template expression');
    }
    return value;
  }

  /**
   * Plain value of a node where template output may stand in for leaves: for decisions on the
   * shape (which keys exist), never on a templated value itself (see isTemplated).
   */
  shape(path: Path): unknown {
    const node = this.node(path);
    if (node === undefined) {
      return undefined;
    }
    this.requireNotWrittenByTemplate(path);
    return this.plainValue(node);
  }

  private plainValue(node: Node): unknown {
    try {
      return node.toJS(this.doc) as unknown;
    } catch (error) {
      // an alias without an anchor set before it (the file does not parse as YAML)
      throw new UnsafeMigration(`a value the change depends on cannot be read: ${(error as Error).message}`);
    }
  }

  /** A value that a template writes on lines of its own (`metrics:` then `{{- toYaml … }}`) is unknown. */
  private requireNotWrittenByTemplate(path: Path): void {
    // a list index has a list as its parent, so no pair is found for it
    const last = path[path.length - 1];
    const map = this.map(path.slice(0, -1));
    const pair = map?.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair && this.hasTrailingAction(pair)) {
      throw new UnsafeMigration(`${path.join('.')} is written by a template action on its own line`);
    }
  }

  string(path: Path): string | undefined {
    const value = this.value(path);
    return typeof value === 'string' ? value : undefined;
  }

  copy(path: Path): SourceCopy {
    const node = this.node(path);
    if (!node) {
      throw new UnsafeMigration(`${path.join('.')} is missing`);
    }
    if (typeof path[path.length - 1] === 'string' && this.hasTrailingAction(this.pair(path))) {
      throw new UnsafeMigration(`${path.join('.')} is written by a template action on its own line`);
    }
    return new SourceCopy(node);
  }

  /** An action inside a line of other text that writes one line: `name: {{ .Release.Name }}-web`. */
  private inlineAction(span: TemplateSpan): boolean {
    const action = this.source.slice(span.start, span.end);
    if (action.includes('\n') || /\b(n?indent|toYaml|toJson|include|template|tpl)\b/.test(action)) {
      return false;
    }
    const before = this.source.slice(this.lineStart(span.start), span.start);
    return before.trim() !== '';
  }

  /**
   * Whether template-only lines indented below a pair follow its content: they write the
   * pair's value (`key:` then `{{- include … | nindent 6 }}`), so the pair cannot move alone.
   */
  private hasTrailingAction(pair: Pair): boolean {
    if (this.templateSpans.length === 0) {
      return false;
    }
    const col = this.columnOf(this.keyStart(pair));
    let at = this.nextLineStart(this.pairEnd(pair));
    while (at < this.source.length) {
      const end = this.lineEnd(at);
      const line = this.source.slice(at, end);
      const content = line.trimStart();
      if (content !== '') {
        return content.startsWith('{{') && line.length - content.length > col;
      }
      at = this.nextLineStart(end);
    }
    return false;
  }

  /** The collected edits, sorted; fails if two changes touch the same text or a template action. */
  result(): OffsetEdit[] {
    const sorted = sortEdits(this.edits);
    for (let i = 1; i < sorted.length; i++) {
      if (editsOverlap(sorted[i - 1], sorted[i])) {
        throw new UnsafeMigration('two changes would touch the same text');
      }
    }
    for (const edit of sorted) {
      if (edit.start === edit.end ? !this.insertionSafe(edit) : !this.deletionSafe(edit)) {
        throw new UnsafeMigration('the change would rewrite a Helm template expression');
      }
    }
    return sorted;
  }

  /**
   * Text inserted beside an action is safe when it starts a new line and the action does not
   * trim the whitespace between them (`-}}` before, `{{-` after).
   */
  private insertionSafe(edit: OffsetEdit): boolean {
    for (const span of this.templateSpans) {
      if (span.start < edit.start && edit.start < span.end) {
        return false;
      }
      const startsLine = edit.newText.startsWith('\n') || edit.newText.startsWith('\r\n');
      if (span.end === edit.start && (!startsLine || this.source.slice(span.end - 3, span.end) === '-}}')) {
        return false;
      }
      if (span.start === edit.start && (!edit.newText.endsWith('\n') || this.source.startsWith('{{-', span.start))) {
        return false;
      }
    }
    return true;
  }

  /** A replaced or deleted range may hold whole actions only when each was copied elsewhere unchanged. */
  private deletionSafe(edit: OffsetEdit): boolean {
    return this.templateSpans.every(
      (span) => !overlapsTemplate([span], edit.start, edit.end) || (edit.start <= span.start && span.end <= edit.end && this.movedSpans.has(span)),
    );
  }

  // ---- operations ---------------------------------------------------------------------

  /** Sets a scalar, keeping the existing quoting style; adds the key when missing. */
  setScalar(path: Path, value: string | number | boolean): void {
    const node = this.node(path);
    if (isScalar(node) && node.range) {
      this.push(node.range[0], node.range[1], this.formatScalar(value, node));
      return;
    }
    // anything else (an alias, a missing key) is written anew
    const key = String(path[path.length - 1]);
    this.replaceEntries(path.slice(0, -1), [key], [[key, value]]);
  }

  renameKey(path: Path, newKey: string): void {
    const pair = this.pair(path);
    const key = pair.key as Node;
    if (!key.range) {
      throw new UnsafeMigration('key without a source position');
    }
    this.push(key.range[0], key.range[1], this.formatScalar(newKey, key));
  }

  /** Adds entries at the end of an existing map. */
  addEntries(mapPath: Path, entries: readonly Entry[]): void {
    if (entries.length === 0) {
      return;
    }
    const map = this.map(mapPath);
    if (!map) {
      const parentPath = mapPath.slice(0, -1);
      const key = String(mapPath[mapPath.length - 1]);
      const parentMap = this.map(parentPath);
      if (!parentMap || mapPath.length === 0) {
        throw new UnsafeMigration(`${mapPath.join('.') || 'the document'} is not a map`);
      }
      const object: Record<string, NewValue> = {};
      for (const [k, v] of entries) {
        object[k] = v;
      }
      // a key with an empty (null) value is replaced; a missing one is added
      this.replaceEntries(parentPath, [key], [[key, object]]);
      return;
    }
    if (map.items.length === 0) {
      // only a flow map can be empty: `{}`
      if (!map.range) {
        throw new UnsafeMigration('empty map without a source position');
      }
      const col = this.columnOf(map.range[0]);
      this.push(map.range[0], this.contentEnd(map), this.renderFlowMap(entries, this.jsonKeys(map), col));
      return;
    }
    const last = map.items[map.items.length - 1];
    const lastEnd = this.pairEnd(last);
    if (map.flow) {
      const json = this.jsonKeys(map);
      // the last entry on a later line than the brace: keys on lines of their own, or continued
      const multiLine = this.lineStart(this.keyStart(last)) !== this.lineStart(map.range?.[0] ?? 0);
      const col = this.columnOf(this.keyStart(last));
      const sep = multiLine ? `,${this.eol}${' '.repeat(col)}` : ', ';
      const text = entries.map(([k, v]) => this.renderFlowEntry(k, v, json, col)).join(sep);
      this.push(lastEnd, lastEnd, sep + text);
      return;
    }
    const firstKey = this.keyStart(map.items[0]);
    const col = this.columnOf(firstKey);
    const at = this.lineEnd(lastEnd);
    const base = this.baseBlocks(map.items.map((p) => this.keyStart(p)));
    if (!sameBlocks(this.blockAt(at), base)) {
      // the map ends inside a template block ({{ range }}, {{ if }}) that not all its entries
      // are in: appending there would repeat or drop the entries, so put them first instead
      if (!sameBlocks(this.blockAt(firstKey), base)) {
        throw new UnsafeMigration('the map starts and ends inside Helm template blocks');
      }
      if (!this.startsLine(firstKey)) {
        throw new UnsafeMigration('the map ends inside a Helm template block');
      }
      const start = this.lineStart(firstKey);
      const text = entries.map(([k, v]) => ' '.repeat(col) + this.renderBlockEntry(k, v, col) + this.eol).join('');
      this.push(start, start, text);
      return;
    }
    const text = entries.map(([k, v]) => this.eol + ' '.repeat(col) + this.renderBlockEntry(k, v, col)).join('');
    this.push(at, at, text);
  }

  /** The template blocks that all of a block map's entries (or a block list's items), starting at these offsets, are in. */
  private baseBlocks(starts: readonly number[]): readonly number[] {
    return starts.map((start) => this.blockAt(start)).reduce((common, blocks) => common.filter((block, i) => blocks[i] === block));
  }

  /**
   * The template blocks (if/range/with/define/block, and the else branch taken) open at an
   * offset, as a key: text inserted where the key differs lands in another block or branch.
   */
  private blockAt(offset: number): readonly number[] {
    const stack: number[] = [];
    this.templateSpans.forEach((span, index) => {
      if (span.end > offset) {
        return;
      }
      const word = /^-?\s*([a-z]+)/.exec(this.source.slice(span.start + 2, span.end - 2))?.[1];
      if (word === 'if' || word === 'range' || word === 'with' || word === 'define' || word === 'block') {
        stack.push(index);
      } else if (word === 'else') {
        stack.pop();
        stack.push(index);
      } else if (word === 'end') {
        stack.pop();
      }
    });
    return stack;
  }

  /** Adds an item at the end of an existing, non-empty sequence, in its style. */
  appendItem(seqPath: Path, item: NewValue): void {
    const seq = this.node(seqPath);
    if (!isSeq(seq) || seq.items.length === 0) {
      throw new UnsafeMigration(`${seqPath.join('.')} is not a list with items`);
    }
    const first = seq.items[0] as Node | null;
    const last = seq.items[seq.items.length - 1] as Node | null;
    if (!first?.range || !last?.range) {
      throw new UnsafeMigration('list item without a source position');
    }
    const lastEnd = this.contentEnd(last);
    const itemCol = this.columnOf(first.range[0]);
    if (seq.flow) {
      const json = isMap(first) ? this.jsonKeys(first) : false;
      const multiLine = this.lineStart(last.range[0]) !== this.lineStart(first.range[0]) || this.source.slice(last.range[0], lastEnd).includes('\n');
      const sep = multiLine ? `,${this.eol}${' '.repeat(this.columnOf(last.range[0]))}` : ', ';
      this.push(lastEnd, lastEnd, sep + this.renderFlow(item, json, this.columnOf(last.range[0])));
      return;
    }
    const dash = this.source.lastIndexOf('-', first.range[0] - 1);
    if (dash < this.lineStart(first.range[0])) {
      throw new UnsafeMigration('cannot find the dash of a list item');
    }
    const dashCol = this.columnOf(dash);
    const at = this.lineEnd(lastEnd);
    if (!sameBlocks(this.blockAt(at), this.baseBlocks(seq.items.flatMap((item) => (item as Node | null)?.range?.[0] ?? [])))) {
      throw new UnsafeMigration('the list ends inside a Helm template block');
    }
    const text = `${this.eol}${' '.repeat(dashCol)}-${' '.repeat(Math.max(1, itemCol - dashCol - 1))}${this.renderBlockItem(item, itemCol)}`;
    this.push(at, at, text);
  }

  /** Removes one entry of a map; the map keeps at least one entry. */
  removeEntry(path: Path): void {
    this.replaceEntries(path.slice(0, -1), [String(path[path.length - 1])], []);
  }

  /**
   * Replaces some entries of a map by new ones, written where the first removed entry was.
   * When none of the keys exists the new entries are appended.
   */
  replaceEntries(mapPath: Path, removeKeys: readonly string[], entries: readonly Entry[]): void {
    const map = this.map(mapPath);
    if (!map) {
      throw new UnsafeMigration(`${mapPath.join('.') || 'the document'} is not a map`);
    }
    const removed = map.items.filter((p) => isScalar(p.key) && removeKeys.includes(String(p.key.value)));
    if (removed.length === 0) {
      this.addEntries(mapPath, entries);
      return;
    }
    if (removed.some((p) => this.hasTrailingAction(p))) {
      throw new UnsafeMigration('an entry to replace is written by a template action on its own line');
    }
    this.requireAnchorsUnused(removed);
    if (removed.length === map.items.length && entries.length === 0) {
      throw new UnsafeMigration(`removing every entry of ${mapPath.join('.')}`);
    }
    const index = (p: Pair): number => map.items.indexOf(p);
    if (map.flow) {
      const json = this.jsonKeys(map);
      const [first, ...rest] = removed;
      const firstStart = this.pairStart(first);
      if (entries.length > 0) {
        const col = this.columnOf(firstStart);
        this.push(firstStart, this.pairEnd(first), entries.map(([k, v]) => this.renderFlowEntry(k, v, json, col)).join(', '));
      } else {
        const next = map.items[index(first) + 1];
        if (next) {
          this.push(firstStart, this.pairStart(next), '');
        } else {
          this.push(this.pairEnd(map.items[index(first) - 1]), this.pairEnd(first), '');
        }
      }
      for (const pair of rest) {
        this.push(this.pairEnd(map.items[index(pair) - 1]), this.pairEnd(pair), '');
      }
      return;
    }
    const [first, ...rest] = removed;
    const firstStart = this.pairStart(first);
    const col = this.columnOf(firstStart);
    if (entries.length > 0 && !sameBlocks(this.blockAt(firstStart), this.baseBlocks(map.items.map((p) => this.keyStart(p))))) {
      // the new entries would only be written when that block is
      throw new UnsafeMigration('an entry to replace is inside a Helm template block that other entries of its map are not in');
    }
    if (entries.length > 0) {
      const text = entries.map(([k, v], i) => (i === 0 ? '' : this.eol + ' '.repeat(col)) + this.renderBlockEntry(k, v, col)).join('');
      this.push(firstStart, this.lineEnd(this.pairEnd(first)), text);
    } else if (this.startsLine(firstStart)) {
      this.deleteLines(firstStart, this.pairEnd(first));
    } else {
      // first entry of a "- key: value" item: pull the next entry up onto the dash line
      const next = map.items[index(first) + 1];
      if (!next || removed.includes(next)) {
        throw new UnsafeMigration('cannot remove the first entry of a list item here');
      }
      this.push(firstStart, this.pairStart(next), '');
    }
    for (const pair of rest) {
      const start = this.pairStart(pair);
      if (!this.startsLine(start)) {
        throw new UnsafeMigration('an entry to remove shares its line with another');
      }
      this.deleteLines(start, this.pairEnd(pair));
    }
  }

  /** Removed entries must not take away an anchor that an alias outside them still names. */
  private requireAnchorsUnused(pairs: readonly Pair[]): void {
    const anchors = new Set<string>();
    const inside = new Set<Alias>();
    for (const part of pairs.flatMap((p) => [p.key, p.value] as (Node | null)[])) {
      visit(part, (_, node) => {
        if (isAlias(node)) {
          inside.add(node);
        } else if (isNode(node) && node.anchor) {
          anchors.add(node.anchor);
        }
      });
    }
    visit(this.doc, {
      Alias: (_, alias) => {
        if (!inside.has(alias) && anchors.has(alias.source)) {
          throw new UnsafeMigration(`an entry to remove holds the anchor &${alias.source}, which an alias elsewhere uses`);
        }
      },
    });
  }

  /**
   * Deletes whole lines from the line break before `from` to the end of the line holding `to`,
   * so an insertion after the deleted lines' last line end does not collide with the deletion.
   */
  private deleteLines(from: number, to: number): void {
    const start = this.lineStart(from);
    if (start === 0) {
      this.push(0, this.nextLineStart(to), '');
      return;
    }
    this.push(this.lineEnd(start - 1), this.lineEnd(to), '');
  }

  // ---- positions ----------------------------------------------------------------------

  private push(start: number, end: number, newText: string): void {
    this.edits.push({ start, end, newText });
  }

  private pair(path: Path): Pair {
    const map = this.map(path.slice(0, -1));
    const key = path[path.length - 1];
    const pair = map?.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) {
      throw new UnsafeMigration(`${path.join('.')} is missing`);
    }
    return pair;
  }

  private keyStart(pair: Pair): number {
    const key = pair.key as Node | null;
    if (!key?.range) {
      throw new UnsafeMigration('entry without a source position');
    }
    return key.range[0];
  }

  /** Where an entry starts: its key, or the `?` of an explicit key (`? key`, then `: value`) and the key's anchor or tag. */
  private pairStart(pair: Pair): number {
    const start = this.keyStart(pair);
    const lineStart = this.lineStart(start);
    return lineStart + this.source.slice(lineStart, start).search(PAIR_PREFIX);
  }

  /** End of the last character of a node's content, ignoring trailing blank lines and comments. */
  private contentEnd(node: Node): number {
    const range = node.range;
    if (!range) {
      throw new UnsafeMigration('node without a source position');
    }
    let end = range[1];
    while (end > range[0] && /\s/.test(this.source[end - 1])) {
      end--;
    }
    return end;
  }

  private pairEnd(pair: Pair): number {
    const value = pair.value as Node | null;
    if (value?.range && value.range[1] > value.range[0]) {
      return this.contentEnd(value);
    }
    if (!value?.range) {
      return this.contentEnd(pair.key as Node);
    }
    // an empty value (`key: ,` in a flow map, or `? key` then `:`) starts after the colon, which belongs to the pair
    let end = value.range[0];
    while (/\s/.test(this.source[end - 1])) {
      end--;
    }
    return end;
  }

  private lineStart(offset: number): number {
    return this.source.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset of the line break (or text end) after offset, before any CR. */
  private lineEnd(offset: number): number {
    const nl = this.source.indexOf('\n', offset);
    if (nl === -1) {
      return this.source.length;
    }
    return this.source[nl - 1] === '\r' ? nl - 1 : nl;
  }

  private nextLineStart(offset: number): number {
    const nl = this.source.indexOf('\n', offset);
    return nl === -1 ? this.source.length : nl + 1;
  }

  private columnOf(offset: number): number {
    return offset - this.lineStart(offset);
  }

  private startsLine(offset: number): boolean {
    return this.source.slice(this.lineStart(offset), offset).trim() === '';
  }

  /** Whether a flow map writes its keys in double quotes, as JSON does; an empty one quotes as the document's first key. */
  private jsonKeys(map: YAMLMap): boolean {
    const root = this.doc.contents;
    const first = map.items[0]?.key ?? (isMap(root) ? root.items[0]?.key : undefined);
    return isScalar(first) && first.type === Scalar.QUOTE_DOUBLE;
  }

  // ---- rendering ----------------------------------------------------------------------

  private formatScalar(value: string | number | boolean | null, like?: Node): string {
    if (typeof value !== 'string') {
      return String(value);
    }
    const type = isScalar(like) ? like.type : undefined;
    if (type === Scalar.QUOTE_DOUBLE) {
      return JSON.stringify(value);
    }
    if (type === Scalar.QUOTE_SINGLE) {
      return `'${value.replace(/'/g, "''")}'`;
    }
    if (PLAIN_SAFE.test(value)) {
      const plain = stringify(value, { lineWidth: 0 }).trimEnd();
      return plain.includes('\n') ? JSON.stringify(value) : plain;
    }
    return JSON.stringify(value);
  }

  /** Source text of a node, re-indented so its first line can start at column `col`. */
  private copyText(copy: SourceCopy, col: number): string {
    const node = copy.node;
    if (!node.range) {
      throw new UnsafeMigration('node without a source position');
    }
    const from = node.range[0];
    const to = this.contentEnd(node);
    const text = this.source.slice(from, to);
    const oldCol = this.columnOf(node.range[0]);
    const delta = col - oldCol;
    const inside = this.templateSpans.filter((span) => overlapsTemplate([span], from, to));
    if (inside.some((span) => span.start < from || span.end > to)) {
      throw new UnsafeMigration('a template action reaches beyond the value to move');
    }
    if (delta !== 0 && text.includes('\n') && inside.some((span) => !this.inlineAction(span))) {
      // an action on its own line, or one that writes lines (indent, nindent, toYaml, include),
      // would not follow the new indentation
      throw new UnsafeMigration('moving a multi-line templated value to another indentation');
    }
    for (const span of inside) {
      this.movedSpans.add(span);
    }
    if (!text.includes('\n') || delta === 0) {
      return text;
    }
    return text
      .split('\n')
      .map((line, i) => {
        if (i === 0 || line.trim() === '') {
          return line;
        }
        if (delta > 0) {
          return ' '.repeat(delta) + line;
        }
        const lead = line.length - line.trimStart().length;
        if (lead < -delta) {
          throw new UnsafeMigration('cannot re-indent the copied text');
        }
        return line.slice(-delta);
      })
      .join('\n');
  }

  private isBlockCollectionCopy(value: NewValue): value is SourceCopy {
    return value instanceof SourceCopy && (isMap(value.node) || isSeq(value.node)) && !value.node.flow;
  }

  /** "key: value" in block style, first line unindented, later lines indented from `col`. */
  private renderBlockEntry(key: string, value: NewValue, col: number): string {
    const head = `${this.formatScalar(key)}:`;
    if (this.isBlockCollectionCopy(value)) {
      const childCol = col + 2;
      return `${head}${this.eol}${' '.repeat(childCol)}${this.copyText(value, childCol)}`;
    }
    if (value instanceof SourceCopy) {
      return `${head} ${this.copyText(value, col + head.length + 1)}`;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        return `${head} []`;
      }
      return head + value.map((item: NewValue) => `${this.eol}${' '.repeat(col + 2)}- ${this.renderBlockItem(item, col + 4)}`).join('');
    }
    if (isRecord(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) {
        return `${head} {}`;
      }
      return head + entries.map(([k, v]) => `${this.eol}${' '.repeat(col + 2)}${this.renderBlockEntry(k, v, col + 2)}`).join('');
    }
    return `${head} ${this.formatScalar(value as string | number | boolean | null)}`;
  }

  /** A sequence item's content after "- ", with later lines indented from `col`. */
  private renderBlockItem(item: NewValue, col: number): string {
    if (isRecord(item)) {
      const entries = Object.entries(item);
      if (entries.length === 0) {
        return '{}';
      }
      return entries.map(([k, v], i) => (i === 0 ? '' : this.eol + ' '.repeat(col)) + this.renderBlockEntry(k, v, col)).join('');
    }
    if (item instanceof SourceCopy) {
      return this.copyText(item, col);
    }
    if (Array.isArray(item)) {
      return this.renderFlow(item, false, col);
    }
    return this.formatScalar(item as string | number | boolean | null);
  }

  private renderFlow(value: NewValue, json: boolean, col: number): string {
    if (value instanceof SourceCopy) {
      return this.copyText(value, col);
    }
    if (Array.isArray(value)) {
      return `[${value.map((v: NewValue) => this.renderFlow(v, json, col)).join(', ')}]`;
    }
    if (isRecord(value)) {
      return this.renderFlowMap(Object.entries(value), json, col);
    }
    return json ? JSON.stringify(value) : this.formatScalar(value as string | number | boolean | null);
  }

  private renderFlowMap(entries: readonly Entry[], json: boolean, col: number): string {
    return `{${entries.map(([k, v]) => this.renderFlowEntry(k, v, json, col)).join(', ')}}`;
  }

  private renderFlowEntry(key: string, value: NewValue, json: boolean, col: number): string {
    return `${json ? JSON.stringify(key) : this.formatScalar(key)}: ${this.renderFlow(value, json, col)}`;
  }
}

/** A plain value as JSON; a YAML alias inside the value it names makes a cycle that no change can write back. */
function plainText(value: unknown): string {
  try {
    return JSON.stringify(value ?? null);
  } catch {
    throw new UnsafeMigration('a YAML alias is used inside the value it names');
  }
}
