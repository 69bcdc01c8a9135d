import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** Deeper JSON is left to the YAML parser, which reports it as too deeply nested. */
const MAX_JSON_DEPTH = 500;
/** The YAML parser's limit on implicit keys; longer keys go to the parser. */
const MAX_KEY_LENGTH = 1000;

class NotPlainJson extends Error {}

/**
 * Reads a document that is one strict JSON object or array (what kubectl and most tools write)
 * into the same YAML nodes, with the same ranges, that the YAML parser would build, without
 * the parser's cost. Anything else, including JSON the YAML parser would complain about (tabs,
 * very long keys, deep nesting), gives undefined and is left to the parser.
 */
export function parseJsonDocument(text: string): Document.Parsed | undefined {
  let at = 0;
  while (at < text.length && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x0a || text.charCodeAt(at) === 0x0d)) {
    at++;
  }
  const first = text.charCodeAt(at);
  if ((first !== 0x7b && first !== 0x5b) || text.includes('\t')) {
    return undefined;
  }
  const reader = new JsonReader(text, at);
  let root: YAMLMap | YAMLSeq;
  try {
    root = reader.collection(0);
    reader.skipSpace();
    if (reader.at !== text.length) {
      return undefined;
    }
  } catch (error) {
    if (error instanceof NotPlainJson) {
      return undefined;
    }
    throw error;
  }
  const doc = new Document() as unknown as Document.Parsed;
  doc.contents = root as unknown as Document.Parsed['contents'];
  doc.range = [at, text.length, text.length];
  return doc;
}

// eslint-disable-next-line no-control-regex -- JSON strings end at a quote, a backslash or a raw control character
const STRING_END = /["\\\u0000-\u001f]/g;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

class JsonReader {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  skipSpace(): void {
    const text = this.text;
    let at = this.at;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x0a || c === 0x0d) {
        at++;
      } else {
        break;
      }
    }
    this.at = at;
  }

  collection(depth: number): YAMLMap | YAMLSeq {
    if (depth > MAX_JSON_DEPTH) {
      throw new NotPlainJson();
    }
    const start = this.at;
    const open = this.text.charCodeAt(start);
    this.at++;
    this.skipSpace();
    if (open === 0x7b) {
      const map = new YAMLMap();
      map.flow = true;
      if (this.text.charCodeAt(this.at) !== 0x7d) {
        for (;;) {
          if (this.text.charCodeAt(this.at) !== 0x22) {
            throw new NotPlainJson();
          }
          const key = this.string();
          if (typeof key.value !== 'string' || key.value.length > MAX_KEY_LENGTH) {
            throw new NotPlainJson();
          }
          this.skipSpace();
          if (this.text.charCodeAt(this.at) !== 0x3a) {
            throw new NotPlainJson();
          }
          this.at++;
          this.skipSpace();
          map.items.push(new Pair(key, this.value(depth + 1)));
          this.skipSpace();
          if (!this.separator(0x7d)) {
            break;
          }
        }
      }
      this.expect(0x7d);
      map.range = [start, this.at, this.at];
      return map;
    }
    const seq = new YAMLSeq();
    seq.flow = true;
    if (this.text.charCodeAt(this.at) !== 0x5d) {
      for (;;) {
        seq.items.push(this.value(depth + 1));
        this.skipSpace();
        if (!this.separator(0x5d)) {
          break;
        }
      }
    }
    this.expect(0x5d);
    seq.range = [start, this.at, this.at];
    return seq;
  }

  /** After an entry: true after a comma (another entry follows), false before the closing bracket. */
  private separator(close: number): boolean {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x2c) {
      this.at++;
      this.skipSpace();
      if (this.text.charCodeAt(this.at) === close) {
        throw new NotPlainJson();
      }
      return true;
    }
    return false;
  }

  private expect(c: number): void {
    if (this.text.charCodeAt(this.at) !== c) {
      throw new NotPlainJson();
    }
    this.at++;
  }

  private value(depth: number): YAMLMap | YAMLSeq | Scalar {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b || c === 0x5b) {
      return this.collection(depth);
    }
    if (c === 0x22) {
      return this.string();
    }
    const start = this.at;
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, start)) {
        this.at += word.length;
        return this.scalar(value, start, Scalar.PLAIN);
      }
    }
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (!match) {
      throw new NotPlainJson();
    }
    this.at += match[0].length;
    return this.scalar(Number(match[0]), start, Scalar.PLAIN);
  }

  private string(): Scalar {
    const start = this.at;
    let at = start + 1;
    let escaped = false;
    for (;;) {
      STRING_END.lastIndex = at;
      const found = STRING_END.exec(this.text);
      if (!found) {
        throw new NotPlainJson();
      }
      const c = found[0];
      if (c === '"') {
        at = found.index + 1;
        break;
      }
      if (c !== '\\' || found.index + 1 >= this.text.length) {
        throw new NotPlainJson();
      }
      escaped = true;
      at = found.index + 2;
    }
    this.at = at;
    let value: string;
    if (escaped) {
      try {
        value = JSON.parse(this.text.slice(start, at)) as string;
      } catch {
        throw new NotPlainJson();
      }
    } else {
      value = this.text.slice(start + 1, at - 1);
    }
    return this.scalar(value, start, Scalar.QUOTE_DOUBLE);
  }

  private scalar(value: unknown, start: number, type: Scalar.Type): Scalar {
    const scalar = new Scalar(value);
    scalar.type = type;
    scalar.range = [start, this.at, this.at];
    return scalar;
  }
}

const WORDS: readonly [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];
