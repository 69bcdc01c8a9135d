import { isMap, isPair, isScalar, isSeq, parseAllDocuments, YAMLParseError, type Document } from 'yaml';

export interface ParsedStream {
  readonly documents: readonly Document.Parsed[];
  /** Set when the parser itself failed (for example on pathological nesting). */
  readonly failure?: string;
}

/** Parser settings shared by every analysis so fast and full strategies agree. */
export const PARSE_OPTIONS = {
  prettyErrors: false,
  keepSourceTokens: false,
  // The parser's own duplicate-key check compares each key with every earlier one, which
  // takes seconds on a map of 40,000 keys; reportDuplicateKeys does the same check in one pass.
  uniqueKeys: false,
  // Aliases are never expanded by the analysis; this only bounds any later toJS call.
  maxAliasCount: 100,
} as const;

/**
 * Adds the parser's "Map keys must be unique" error, at the same place, for every scalar key
 * that repeats an earlier key of its map (the parser's `uniqueKeys: true` rule).
 */
export function reportDuplicateKeys(doc: Document.Parsed): void {
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Map<unknown, true>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          const value = key.value;
          // NaN never equals itself, so the parser never reports it
          if (!(typeof value === 'number' && Number.isNaN(value))) {
            if (seen.has(value)) {
              const at = key.range?.[0] ?? 0;
              doc.errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
            } else {
              seen.set(value, true);
            }
          }
        } else if (key !== null && typeof key === 'object') {
          pending.push(key);
        }
        pending.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        pending.push(isPair(item) ? item.value : item);
        if (isPair(item)) {
          pending.push(item.key);
        }
      }
    }
  }
}

export function parseYamlStream(text: string): ParsedStream {
  try {
    const parsed = parseAllDocuments(text, PARSE_OPTIONS);
    if (Array.isArray(parsed)) {
      for (const doc of parsed) {
        reportDuplicateKeys(doc);
      }
      return { documents: parsed };
    }
    // An empty stream comes back as an EmptyStream object rather than an array.
    return { documents: [] };
  } catch (error) {
    const message = error instanceof RangeError ? 'document is nested too deeply to analyse' : String(error);
    return { documents: [], failure: message };
  }
}
