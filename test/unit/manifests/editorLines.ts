import type { Position } from '../../../src/core/manifests/positions';

/**
 * An independent model of how VS Code's text model breaks lines (CRLF, LF and a lone CR),
 * written without the engine's LineIndex so tests can compare the two.
 */
export class EditorLines {
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        this.starts.push(i + 1);
      } else if (c === '\r' || c === '\n') {
        this.starts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): Position {
    let line = 0;
    while (line + 1 < this.starts.length && this.starts[line + 1] <= offset) {
      line++;
    }
    return { line, character: offset - this.starts[line] };
  }

  offsetAt(position: Position): number {
    return this.starts[position.line] + position.character;
  }

  /** Applies edits given in line/character positions, as a WorkspaceEdit does. */
  apply(edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
    const offsets = edits.map((e) => ({ start: this.offsetAt(e.range.start), end: this.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => a.start - b.start);
    let out = '';
    let at = 0;
    for (const e of offsets) {
      out += this.text.slice(at, e.start) + e.newText;
      at = e.end;
    }
    return out + this.text.slice(at);
  }
}
