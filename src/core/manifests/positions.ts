/** 0-based line and UTF-16 character, the convention editors use. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/**
 * Maps string offsets to line/character positions and back. Lines break where VS Code breaks
 * them: at CRLF, LF and a lone CR.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // between the CR and LF of a line break is the end of the line, as in the editor
    if (clamped > 0 && this.text.charCodeAt(clamped) === 0x0a && this.text.charCodeAt(clamped - 1) === 0x0d) {
      clamped--;
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) {
      return this.text.length;
    }
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + position.character, this.text.length);
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** Offsets at which lines start, breaking at CRLF, LF and a lone CR. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    let at = text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    return starts;
  }
  const breaks = /\r\n?|\n/g;
  let match: RegExpExecArray | null;
  while ((match = breaks.exec(text)) !== null) {
    starts.push(match.index + match[0].length);
  }
  return starts;
}

/**
 * Turns each lone CR into LF. The length and every offset stay the same, and the YAML parser,
 * which does not break lines at a lone CR, then sees the lines VS Code shows.
 */
export function normalizeLoneCarriageReturns(text: string): string {
  if (!text.includes('\r')) {
    return text;
  }
  return text.replace(/\r(?!\n)/g, '\n');
}

export function shiftRange(range: Range, lines: number): Range {
  if (lines === 0) {
    return range;
  }
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
