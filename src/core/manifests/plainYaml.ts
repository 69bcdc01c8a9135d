/**
 * A conservative recogniser for the plain block YAML that most manifests are written in:
 * block maps and sequences indented with spaces, plain or simply quoted scalars, one-line
 * flow maps and sequences of such scalars, block scalars, comments. It answers "certainly
 * free of syntax errors" (what the `yaml` parser would report with unique keys) for such
 * text, and "not known" for anything else, which the caller then parses. It never parses
 * values, so it costs a fraction of a parse.
 */

interface Container {
  readonly kind: 'map' | 'seq';
  readonly indent: number;
  /** A sequence written at the indentation of the map key that holds it. */
  readonly compact: boolean;
  readonly keys?: Set<string>;
}

/** Keys that the YAML core schema reads as null or booleans, which could collide with each other. */
const SPECIAL_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** The parser refuses implicit keys longer than 1024 characters. */
const MAX_KEY_LENGTH = 1000;

const SPACE = 0x20;

function isKeyStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f /* _ */ || c === 0x2e /* . */ || c === 0x2f /* / */ || c === 0x2d /* - */;
}

/** Length of a key at `at` (letters first, then key characters) followed by `:` and a space or the end; 0 when there is none. */
function keyLength(line: string, at: number): number {
  if (!isKeyStart(line.charCodeAt(at))) {
    return 0;
  }
  let end = at + 1;
  while (end < line.length && isKeyChar(line.charCodeAt(end))) {
    end++;
  }
  if (line.charCodeAt(end) !== 0x3a /* : */ || (end + 1 < line.length && line.charCodeAt(end + 1) !== SPACE)) {
    return 0;
  }
  const length = end - at;
  if (length > MAX_KEY_LENGTH || (length <= 5 && SPECIAL_KEYS.has(line.slice(at, end)))) {
    return 0;
  }
  return length;
}

/** Characters a plain scalar may start with here (no indicator). */
function isPlainStart(c: number, next: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
    return true;
  }
  switch (c) {
    case 0x5f: // _
    case 0x2e: // .
    case 0x2f: // /
    case 0x7e: // ~
    case 0x24: // $
    case 0x28: // (
    case 0x2b: // +
    case 0x3d: // =
    case 0x5e: // ^
    case 0x3c: // <
      return true;
    case 0x2d: // - only when not a sequence indicator
      return !Number.isNaN(next) && next !== SPACE;
    default:
      return false;
  }
}

/** Strips a trailing ` # comment` and trailing spaces. */
function withoutComment(value: string): string {
  const hash = value.indexOf(' #');
  const cut = hash === -1 ? value : value.slice(0, hash);
  let end = cut.length;
  while (end > 0 && cut.charCodeAt(end - 1) === SPACE) {
    end--;
  }
  return end === cut.length ? cut : cut.slice(0, end);
}

/** A quoted scalar without escapes or inner quotes, then nothing but an optional comment. */
function isSimpleQuoted(value: string): boolean {
  const quote = value[0];
  const close = value.indexOf(quote, 1);
  if (close === -1) {
    return false;
  }
  const inner = value.slice(1, close);
  if (quote === '"' && inner.includes('\\')) {
    return false;
  }
  const rest = value.slice(close + 1);
  return rest === '' || /^ +(#.*)?$/.test(rest);
}

/** A plain scalar from `from` to the end of the line, or to a ` #` comment. */
function isPlainBlockValueAt(line: string, from: number): boolean {
  if (!isPlainStart(line.charCodeAt(from), line.charCodeAt(from + 1))) {
    return false;
  }
  const hash = line.indexOf(' #', from);
  let end = hash === -1 ? line.length : hash;
  while (end > from && line.charCodeAt(end - 1) === SPACE) {
    end--;
  }
  if (line.charCodeAt(end - 1) === 0x3a /* : */) {
    return false;
  }
  const colon = line.indexOf(': ', from);
  return colon === -1 || colon >= end;
}

/** A scalar inside a one-line flow collection: plain without flow indicators or colons, or simply quoted. */
function isFlowScalar(value: string): boolean {
  if (value === '') {
    return false;
  }
  if (value[0] === '"' || value[0] === "'") {
    const close = value.indexOf(value[0], 1);
    return close === value.length - 1 && !(value[0] === '"' && value.includes('\\'));
  }
  if (!isPlainStart(value.charCodeAt(0), value.charCodeAt(1))) {
    return false;
  }
  return !/[:#,[\]{}]/.test(value);
}

/** `{k: v, ...}` or `[a, ...]` on one line, of scalars only, with unique keys. */
function isSimpleFlow(value: string): boolean {
  const open = value[0];
  const closeChar = open === '{' ? '}' : ']';
  const close = value.indexOf(closeChar);
  if (close === -1) {
    return false;
  }
  const rest = value.slice(close + 1);
  if (rest !== '' && !/^ +(#.*)?$/.test(rest)) {
    return false;
  }
  const body = value.slice(1, close);
  if (/[[\]{}'"]/.test(body)) {
    return false;
  }
  if (body.trim() === '') {
    return body === '';
  }
  const keys = new Set<string>();
  for (const raw of body.split(',')) {
    const entry = raw.trim();
    if (open === '[') {
      if (!isFlowScalar(entry)) {
        return false;
      }
      continue;
    }
    const colon = entry.indexOf(': ');
    if (colon === -1) {
      return false;
    }
    const key = entry.slice(0, colon);
    const keyLen = keyLength(`${key}: `, 0);
    if (keyLen !== key.length || keys.has(key) || !isFlowScalar(entry.slice(colon + 2).trim())) {
      return false;
    }
    keys.add(key);
  }
  return true;
}

/** A value from `from` to the end of the line, after `key: ` or `- `; block scalars are handled by the caller. */
function isSimpleValueAt(line: string, from: number): boolean {
  const first = line.charCodeAt(from);
  if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
    return isSimpleQuoted(line.slice(from));
  }
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
    return isSimpleFlow(line.slice(from));
  }
  return isPlainBlockValueAt(line, from);
}

const BLOCK_SCALAR = /^[|>][-+]? *$/;

const NOT_PLAIN_ASCII = /[^\x20-\x7e\n\r]/;
const LONE_CR = /\r(?!\n)/;

function indentOf(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === SPACE) {
    n++;
  }
  return n;
}

/**
 * True only when `text` (one document, as split at `---` and `...` lines) is certainly free
 * of the errors the YAML parser reports. False means "parse it to find out".
 */
export function isCertainlyValidYaml(text: string): boolean {
  // printable ASCII only, and CR only as part of CRLF
  if (NOT_PLAIN_ASCII.test(text) || (text.includes('\r') && LONE_CR.test(text))) {
    return false;
  }
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  const stack: Container[] = [];
  /** Indent of the key or dash whose value is still open (-1: none). */
  let pendingIndent = -1;
  let pendingInSeq = false;
  /** Inside a block scalar: the indent of its key, and of its content once known. */
  let blockParent = -1;
  let blockIndent = -1;
  let blockLeadingSpaces = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) {
      line = line.slice(0, -1);
    }
    const indent = indentOf(line);
    const blank = indent === line.length;
    if (blockParent >= 0) {
      if (blank) {
        if (blockIndent === -1) {
          blockLeadingSpaces = Math.max(blockLeadingSpaces, line.length);
        }
        continue;
      }
      if (indent > blockParent) {
        if (blockIndent === -1) {
          if (blockLeadingSpaces > indent) {
            return false;
          }
          blockIndent = indent;
        } else if (indent < blockIndent) {
          return false;
        }
        continue;
      }
      if (blockIndent === -1 && blockLeadingSpaces > 0) {
        return false;
      }
      blockParent = -1;
      blockIndent = -1;
      blockLeadingSpaces = 0;
    }
    if (blank) {
      continue;
    }
    if (line.charCodeAt(indent) === 0x23 /* # */) {
      continue;
    }
    if (i === 0 && line.startsWith('---')) {
      if (!/^--- *(#.*)?$/.test(line) || (line.length > 3 && line.charCodeAt(3) !== SPACE)) {
        return false;
      }
      continue;
    }
    if (line.startsWith('...') && indent === 0) {
      // only as the last line of the slice
      return i === lines.length - 1 && /^\.\.\. *$/.test(line);
    }
    // close what this line's indentation ends
    if (pendingIndent >= 0) {
      const opensChild = indent > pendingIndent || (indent === pendingIndent && !pendingInSeq && line.charCodeAt(indent) === 0x2d && stack.length > 0 && stack[stack.length - 1].kind === 'map');
      pendingIndent = -1;
      if (opensChild) {
        const isSeq = line.charCodeAt(indent) === 0x2d && (line.length === indent + 1 || line.charCodeAt(indent + 1) === SPACE);
        stack.push(isSeq ? { kind: 'seq', indent, compact: indent === (stack[stack.length - 1]?.indent ?? -1) } : { kind: 'map', indent, compact: false, keys: new Set() });
      }
    }
    while (stack.length > 0 && stack[stack.length - 1].indent > indent) {
      stack.pop();
    }
    if (stack.length === 0) {
      if (indent !== 0) {
        return false;
      }
      const isSeq = line.charCodeAt(0) === 0x2d && (line.length === 1 || line.charCodeAt(1) === SPACE);
      stack.push(isSeq ? { kind: 'seq', indent: 0, compact: false } : { kind: 'map', indent: 0, compact: false, keys: new Set() });
    }
    let top = stack[stack.length - 1];
    const isDash = line.charCodeAt(indent) === 0x2d && (line.length === indent + 1 || line.charCodeAt(indent + 1) === SPACE);
    if (top.kind === 'seq' && top.compact && top.indent === indent && !isDash) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (top === undefined || top.indent !== indent) {
      return false;
    }
    let at = indent;
    let map: Container;
    if (isDash) {
      if (top.kind !== 'seq') {
        return false;
      }
      at = indent + 2;
      if (line.length <= at - 1 || withoutComment(line.slice(at - 1)) === '') {
        pendingIndent = indent;
        pendingInSeq = true;
        continue;
      }
      if (line.charCodeAt(at) === SPACE) {
        return false;
      }
      if (keyLength(line, at) === 0) {
        if (line.charCodeAt(at) === 0x2d || !isSimpleValueAt(line, at)) {
          return false;
        }
        continue;
      }
      map = { kind: 'map', indent: at, compact: false, keys: new Set() };
      stack.push(map);
    } else {
      if (top.kind !== 'map') {
        return false;
      }
      map = top;
    }
    const length = keyLength(line, at);
    if (length === 0) {
      return false;
    }
    const key = line.slice(at, at + length);
    const keys = map.keys as Set<string>;
    if (keys.has(key)) {
      return false;
    }
    keys.add(key);
    // keyLength made sure a space or the end of the line follows the colon
    let valueAt = at + length + 1;
    while (valueAt < line.length && line.charCodeAt(valueAt) === SPACE) {
      valueAt++;
    }
    const first = line.charCodeAt(valueAt);
    if (Number.isNaN(first) || first === 0x23 /* # */) {
      pendingIndent = at;
      pendingInSeq = false;
      continue;
    }
    if (first === 0x7c /* | */ || first === 0x3e /* > */) {
      if (!BLOCK_SCALAR.test(line.slice(valueAt))) {
        return false;
      }
      blockParent = at;
      blockIndent = -1;
      blockLeadingSpaces = 0;
      continue;
    }
    if (!isSimpleValueAt(line, valueAt)) {
      return false;
    }
  }
  return blockParent < 0 || blockIndent !== -1 || blockLeadingSpaces === 0;
}
