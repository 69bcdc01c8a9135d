export type DecodedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export interface DecodeLimits {
  /** Larger inputs are skipped. */
  readonly maxBytes: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxBytes: 100 * 1024 * 1024 };

/** Decodes file bytes as UTF-8 (or UTF-16 with a BOM); binary and invalid input is refused with a reason. */
export function decodeText(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedText {
  if (bytes.length > limits.maxBytes) {
    return { ok: false, reason: `skipped: larger than ${Math.round(limits.maxBytes / (1024 * 1024))} MB` };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2)) };
    } catch {
      return { ok: false, reason: `skipped: invalid ${encoding.toUpperCase()}` };
    }
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    return { ok: false, reason: 'skipped: binary file' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: 'skipped: not valid UTF-8' };
  }
}

const MANIFEST_HINT = /(^|[\s{,])["']?apiVersion["']?[ \t]*:/;

/** Cheap test for text worth analysing: YAML or JSON with an apiVersion key somewhere. */
export function looksLikeKubernetes(text: string): boolean {
  return MANIFEST_HINT.test(text) && text.includes('kind');
}
