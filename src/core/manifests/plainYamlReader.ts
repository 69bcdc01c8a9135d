import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isCertainlyValidYaml } from './plainYaml';

/**
 * Reads a document that isCertainlyValidYaml vouches for (and that has no block scalars) into
 * the nodes the YAML parser would build, with the same values and the same start and end of
 * every key and scalar, at a fraction of the parser's cost. Other text gives undefined.
 */
export function readPlainYaml(text: string): Document.Parsed | undefined {
  if (!isCertainlyValidYaml(text) || BLOCK_SCALAR_VALUE.test(text)) {
    return undefined;
  }
  return new PlainReader(text).read();
}

const BLOCK_SCALAR_VALUE = /: +[|>]/;

interface Open {
  readonly indent: number;
  readonly node: YAMLMap | YAMLSeq;
  readonly compact: boolean;
}

type Pending = { readonly indent: number; readonly inSeq: false; readonly pair: Pair } | { readonly indent: number; readonly inSeq: true; readonly seq: YAMLSeq; readonly at: number };

/** The YAML 1.2 core schema's reading of a plain scalar. */
function plainValue(source: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(source)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(source)) return false;
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(source) || /^0x[0-9a-fA-F]+$/.test(source)) return Number(source);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(source)) return source.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(source)) return NaN;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}

function scalar(value: unknown, start: number, end: number, type: Scalar.Type): Scalar {
  const node = new Scalar(value);
  node.type = type;
  node.range = [start, end, end];
  return node;
}

/** A scalar written from `from` to `to` in `text` (quoted or plain, already validated). */
function scalarAt(text: string, from: number, to: number): Scalar {
  const first = text.charCodeAt(from);
  if (first === 0x22 || first === 0x27) {
    const close = text.indexOf(text[from], from + 1);
    return scalar(text.slice(from + 1, close), from, close + 1, first === 0x22 ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE);
  }
  return scalar(plainValue(text.slice(from, to)), from, to, Scalar.PLAIN);
}

class PlainReader {
  private readonly stack: Open[] = [];
  private pending?: Pending;
  private root?: YAMLMap | YAMLSeq;

  constructor(private readonly text: string) {}

  read(): Document.Parsed {
    const text = this.text;
    let lineStart = 0;
    let first = true;
    while (lineStart < text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = text.length;
      const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
      this.line(lineStart, contentEnd, first);
      first = false;
      lineStart = lineEnd + 1;
    }
    this.settlePending(false);
    const doc = new Document() as unknown as Document.Parsed;
    doc.contents = (this.root ?? null) as unknown as Document.Parsed['contents'];
    doc.range = [0, text.length, text.length];
    return doc;
  }

  /** An open value without a child gets the parser's empty (null) scalar. */
  private settlePending(opensChild: boolean): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending?.inSeq && !opensChild) {
      pending.seq.items.push(scalar(null, pending.at, pending.at, Scalar.PLAIN));
    }
  }

  private line(start: number, end: number, first: boolean): void {
    const text = this.text;
    let at = start;
    while (at < end && text.charCodeAt(at) === 0x20) at++;
    if (at === end || text.charCodeAt(at) === 0x23) return;
    if (first && text.startsWith('---', start)) return;
    if (at === start && text.startsWith('...', start)) return;
    const indent = at - start;
    const isDash = text.charCodeAt(at) === 0x2d && (at + 1 === end || text.charCodeAt(at + 1) === 0x20);
    const pending = this.pending;
    if (pending) {
      const top = this.stack[this.stack.length - 1];
      const opensChild = indent > pending.indent || (indent === pending.indent && !pending.inSeq && isDash && top !== undefined && top.node instanceof YAMLMap);
      this.settlePending(opensChild);
      if (opensChild) {
        const node = isDash ? new YAMLSeq() : new YAMLMap();
        if (pending.inSeq) pending.seq.items.push(node);
        else pending.pair.value = node;
        this.stack.push({ indent, node, compact: top !== undefined && indent === top.indent });
      }
    }
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].indent > indent) this.stack.pop();
    if (this.stack.length === 0) {
      this.root = isDash ? new YAMLSeq() : new YAMLMap();
      this.stack.push({ indent: 0, node: this.root, compact: false });
    }
    let top = this.stack[this.stack.length - 1];
    if (top.node instanceof YAMLSeq && top.compact && top.indent === indent && !isDash) {
      this.stack.pop();
      top = this.stack[this.stack.length - 1];
    }
    if (isDash) {
      const seq = top.node as YAMLSeq;
      const itemAt = at + 2;
      const rest = this.valueEnd(itemAt, end);
      if (itemAt >= end || rest === itemAt) {
        // an empty item's null sits after the blanks that follow the dash, where the parser puts it
        let empty = at + 1;
        while (empty < end && text.charCodeAt(empty) === 0x20) empty++;
        this.pending = { indent, inSeq: true, seq, at: empty };
        return;
      }
      if (this.keyEnd(itemAt, end) !== -1) {
        const map = new YAMLMap();
        seq.items.push(map);
        this.stack.push({ indent: indent + 2, node: map, compact: false });
        this.entry(map, itemAt, end);
        return;
      }
      seq.items.push(this.value(itemAt, end));
      return;
    }
    this.entry(top.node as YAMLMap, at, end);
  }

  /** End of the key starting at `at` (the colon's offset), or -1. */
  private keyEnd(at: number, end: number): number {
    const text = this.text;
    let i = at;
    while (i < end && /[A-Za-z0-9_./-]/.test(text[i])) i++;
    return i > at && text.charCodeAt(i) === 0x3a && (i + 1 === end || text.charCodeAt(i + 1) === 0x20) ? i : -1;
  }

  /** End of a value from `from`: before a ` #` comment and trailing spaces. */
  private valueEnd(from: number, end: number): number {
    const text = this.text;
    const first = text.charCodeAt(from);
    let stop = end;
    if (first === 0x22 || first === 0x27 || first === 0x7b || first === 0x5b) {
      const close = first === 0x7b ? '}' : first === 0x5b ? ']' : text[from];
      stop = text.indexOf(close, from + 1) + 1;
    } else {
      // a comment starts at ` #` on this line (searched within the line only)
      for (let i = from; i + 1 < end; i++) {
        if (text.charCodeAt(i) === 0x20 && text.charCodeAt(i + 1) === 0x23) {
          stop = i;
          break;
        }
      }
      if (first === 0x23) stop = from;
    }
    while (stop > from && text.charCodeAt(stop - 1) === 0x20) stop--;
    return stop;
  }

  private entry(map: YAMLMap, at: number, end: number): void {
    const text = this.text;
    const colon = this.keyEnd(at, end);
    const key = scalar(text.slice(at, colon), at, colon, Scalar.PLAIN);
    let valueAt = colon + 1;
    while (valueAt < end && text.charCodeAt(valueAt) === 0x20) valueAt++;
    if (valueAt >= end || text.charCodeAt(valueAt) === 0x23) {
      const pair = new Pair(key, scalar(null, valueAt, valueAt, Scalar.PLAIN));
      map.items.push(pair);
      this.pending = { indent: at - this.lineStartOf(at), inSeq: false, pair };
      return;
    }
    map.items.push(new Pair(key, this.value(valueAt, end)));
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  private value(from: number, end: number): Scalar | YAMLMap | YAMLSeq {
    const text = this.text;
    const first = text.charCodeAt(from);
    if (first === 0x7b || first === 0x5b) {
      return this.flow(from);
    }
    return scalarAt(text, from, this.valueEnd(from, end));
  }

  /** A one-line flow collection of scalars (validated: no nesting, quotes or colons in values). */
  private flow(from: number): YAMLMap | YAMLSeq {
    const text = this.text;
    const isMap = text.charCodeAt(from) === 0x7b;
    const close = text.indexOf(isMap ? '}' : ']', from);
    const node = isMap ? new YAMLMap() : new YAMLSeq();
    node.flow = true;
    let at = from + 1;
    while (at < close) {
      let next = at;
      while (next < close && text.charCodeAt(next) !== 0x2c) next++;
      let s = at;
      while (s < next && text.charCodeAt(s) === 0x20) s++;
      let e = next;
      while (e > s && text.charCodeAt(e - 1) === 0x20) e--;
      if (s < e) {
        if (isMap) {
          const colon = text.indexOf(': ', s);
          let v = colon + 2;
          while (v < e && text.charCodeAt(v) === 0x20) v++;
          (node as YAMLMap).items.push(new Pair(scalar(text.slice(s, colon), s, colon, Scalar.PLAIN), scalarAt(text, v, e)));
        } else {
          (node as YAMLSeq).items.push(scalarAt(text, s, e));
        }
      }
      at = next + 1;
    }
    node.range = [from, close + 1, close + 1];
    return node;
  }
}
