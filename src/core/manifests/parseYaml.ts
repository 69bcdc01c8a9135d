import { parseAllDocuments, type Document } from 'yaml';

export interface ParsedStream {
  readonly documents: readonly Document.Parsed[];
  /** Set when the parser itself failed (for example on pathological nesting). */
  readonly failure?: string;
}

/** Parser settings shared by every analysis so fast and full strategies agree. */
export const PARSE_OPTIONS = {
  prettyErrors: false,
  keepSourceTokens: false,
  uniqueKeys: true,
  // Aliases are never expanded by the analysis; this only bounds any later toJS call.
  maxAliasCount: 100,
} as const;

export function parseYamlStream(text: string): ParsedStream {
  try {
    const parsed = parseAllDocuments(text, PARSE_OPTIONS);
    if (Array.isArray(parsed)) {
      return { documents: parsed };
    }
    // An empty stream comes back as an EmptyStream object rather than an array.
    return { documents: [] };
  } catch (error) {
    const message = error instanceof RangeError ? 'document is nested too deeply to analyse' : String(error);
    return { documents: [], failure: message };
  }
}
