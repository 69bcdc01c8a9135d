// Helm 3 keeps each release revision in a Secret of type helm.sh/release.v1 (labels owner=helm,
// name, version, status). Its data.release is base64 (the Secret's encoding) of base64 of the gzip of
// the release JSON, whose `manifest` is the rendered YAML actually applied.
import { gunzipSync, gzipSync } from 'node:zlib';

export interface HelmRelease {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  readonly manifest: string;
}

export type HelmDecodeResult = { readonly ok: true; readonly release: HelmRelease } | { readonly ok: false; readonly reason: string };

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(bytes: Buffer): boolean {
  return bytes.length > 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Decodes a Secret's data.release value (as the API returns it, base64); a limit guards against gzip bombs. */
export function decodeHelmRelease(secretData: string, fallback: { namespace: string; name: string; revision: number }, maxBytes = 64 * 1024 * 1024): HelmDecodeResult {
  try {
    let bytes = Buffer.from(secretData, 'base64');
    if (!isGzip(bytes)) bytes = Buffer.from(bytes.toString('latin1'), 'base64');
    if (isGzip(bytes)) bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    const release = JSON.parse(bytes.toString('utf8')) as { name?: unknown; namespace?: unknown; version?: unknown; manifest?: unknown };
    if (typeof release !== 'object' || release === null || typeof release.manifest !== 'string') {
      return { ok: false, reason: 'the release has no manifest' };
    }
    return {
      ok: true,
      release: {
        name: typeof release.name === 'string' ? release.name : fallback.name,
        namespace: typeof release.namespace === 'string' ? release.namespace : fallback.namespace,
        revision: typeof release.version === 'number' ? release.version : fallback.revision,
        manifest: release.manifest,
      },
    };
  } catch (e) {
    return { ok: false, reason: `does not decode as base64 + gzip + JSON (${(e as Error).message.split('\n')[0]})` };
  }
}

/** Encodes a release the way Helm stores it (for tests and fixtures): the Secret's data.release value. */
export function encodeHelmRelease(release: { name: string; namespace: string; version: number; manifest: string; [key: string]: unknown }): string {
  const helm = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return Buffer.from(helm).toString('base64');
}
