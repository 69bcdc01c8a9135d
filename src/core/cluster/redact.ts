// Secrets that can sit in a kubeconfig's server URL (user:password@, ?token=…) or be echoed back
// in an error, masked before any message reaches the tree, a tooltip or the log.

const MASK = '***';
const SECRET_QUERY = /token|pass|secret|key|sig|auth|cred|session/i;

/** The URL with its user info and secret-looking query values masked; unparsable text is returned masked by pattern. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUserinfo(url);
  }
  const hadUserinfo = parsed.username !== '' || parsed.password !== '';
  let query = '';
  if (parsed.search) {
    const parts: string[] = [];
    for (const [k, v] of parsed.searchParams) parts.push(`${encodeURIComponent(k)}=${SECRET_QUERY.test(k) ? MASK : encodeURIComponent(v)}`);
    query = `?${parts.join('&')}`;
  }
  const host = parsed.host;
  const pathPart = parsed.pathname === '/' && !url.replace(/[?#].*$/, '').endsWith('/') ? '' : parsed.pathname;
  return `${parsed.protocol}//${hadUserinfo ? `${MASK}@` : ''}${host}${pathPart}${query}${parsed.hash}`;
}

/** Masks `scheme://user:pass@` wherever it appears in free text. */
export function redactUserinfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${MASK}@`);
}

/** Masks the given secrets (and any URL user info) in text; secrets shorter than 4 characters are ignored. */
export class Redactor {
  private secrets: string[] = [];

  constructor(secrets: readonly (string | undefined)[]) {
    for (const s of secrets) this.add(s);
  }

  /** Adds a secret learnt later (a token from a file or a credential plugin). */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < 4 || this.secrets.includes(secret)) return;
    const encoded = encodeURIComponent(secret);
    const next = [...this.secrets, secret, ...(encoded !== secret ? [encoded] : [])];
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = next.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = redactUserinfo(text);
    for (const s of this.secrets) out = out.split(s).join(MASK);
    return out;
  }
}

/** The secrets a server URL carries: its password, user name and secret query values. */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const out = [decodeURIComponent(u.password), decodeURIComponent(u.username)];
    for (const [k, v] of u.searchParams) if (SECRET_QUERY.test(k)) out.push(v);
    return out.filter((s) => s !== '');
  } catch {
    return [];
  }
}
