/** One YAML document's slice of a stream, as found by looking for document markers. */
export interface DocumentSegment {
  readonly start: number;
  readonly end: number;
  /** 0-based line of `start` in the whole text. */
  readonly startLine: number;
}

function isMarkerAt(text: string, at: number, marker: '---' | '...'): boolean {
  if (!text.startsWith(marker, at)) {
    return false;
  }
  const next = text.charCodeAt(at + 3);
  // end of text, space, tab, CR or LF
  return Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0d || next === 0x0a;
}

export function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

/**
 * Splits a YAML stream on `---` and `...` lines at column 0. YAML forbids these markers inside
 * a document's content, so each slice parses on its own exactly as it would inside the
 * stream. A stream with directives (`%YAML`, `%TAG`) is returned whole, because a directive
 * applies to the document after it.
 */
export function splitDocuments(text: string): readonly DocumentSegment[] {
  // quick fixes ask for the segments of the same large text once per finding
  if (text === lastSplit.text) {
    return lastSplit.segments;
  }
  const segments = Object.freeze(split(text));
  lastSplit = { text, segments };
  return segments;
}

let lastSplit: { text: string; segments: readonly DocumentSegment[] } = { text: '', segments: Object.freeze([{ start: 0, end: 0, startLine: 0 }]) };

function split(text: string): DocumentSegment[] {
  if (text.startsWith('%') || text.includes('\n%')) {
    return [{ start: 0, end: text.length, startLine: 0 }];
  }
  const cuts: number[] = [];
  if (isMarkerAt(text, 0, '---')) {
    cuts.push(0);
  }
  let at = text.indexOf('\n');
  while (at !== -1) {
    const lineStart = at + 1;
    const first = text.charCodeAt(lineStart);
    if (first === 0x2d /* - */ && isMarkerAt(text, lineStart, '---')) {
      cuts.push(lineStart);
    } else if (first === 0x2e /* . */ && isMarkerAt(text, lineStart, '...')) {
      const endOfLine = text.indexOf('\n', lineStart);
      cuts.push(endOfLine === -1 ? text.length : endOfLine + 1);
    }
    at = text.indexOf('\n', lineStart);
  }
  const segments: DocumentSegment[] = [];
  let start = 0;
  let line = 0;
  for (const cut of cuts) {
    if (cut > start) {
      segments.push({ start, end: cut, startLine: line });
      line += countNewlines(text, start, cut);
      start = cut;
    }
  }
  if (start < text.length || segments.length === 0) {
    segments.push({ start, end: text.length, startLine: line });
  }
  return segments;
}
