/** A replacement of text[start, end) by newText. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Sorts by position; the sort is stable, so insertions at one point keep their order. */
export function sortEdits(edits: readonly OffsetEdit[]): OffsetEdit[] {
  return [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * True when two edits touch the same text. Insertions at one point do not conflict: they are
 * applied in the order they were made, which callers use to put nested entries first.
 */
export function editsOverlap(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end || b.start === b.end) {
    const point = a.start === a.end ? a : b;
    const other = point === a ? b : a;
    return other.start < point.start && point.start < other.end;
  }
  return a.start < b.end && b.start < a.end;
}

export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) {
      throw new Error('overlapping edits');
    }
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** One edit turning `before` into `after`, covering only the part between common prefix and suffix. */
export function singleEditBetween(before: string, after: string): OffsetEdit | undefined {
  if (before === after) {
    return undefined;
  }
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) {
    prefix++;
  }
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++;
  }
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}
