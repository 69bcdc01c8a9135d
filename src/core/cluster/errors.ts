// Turns whatever a cluster call failed with into one of a few kinds an operator can act on.

export type ClusterErrorKind =
  | 'unreachable'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'exec-plugin'
  | 'timeout'
  | 'not-found'
  | 'conflict'
  | 'too-many-requests'
  | 'invalid'
  | 'server'
  | 'cancelled'
  | 'gone'
  | 'too-large'
  | 'config';

export interface ClusterErrorInfo {
  readonly kind: ClusterErrorKind;
  /** One sentence for a tree item or a notification. */
  readonly message: string;
  readonly status?: number;
  /** What was attempted, e.g. "list nodes", when the error is about a request. */
  readonly action?: string;
  /** The server's Status reason (e.g. "Forbidden") or the system error code (e.g. "ECONNREFUSED"). */
  readonly reason?: string;
  /** The technical text behind the message (the TLS library's, the plugin's stderr…), for tooltips and the log. */
  readonly detail?: string;
  /** Milliseconds the server asked to wait (Retry-After), when it did. */
  readonly retryAfterMs?: number;
  /** The server's own Status message, unchanged (kubectl prints it as the error). */
  readonly serverMessage?: string;
  /** The `reason` of each Status cause (e.g. NamespaceTerminating). */
  readonly causes?: readonly string[];
}

/** The parts of a failure we look at; every field is optional because failures come from anywhere. */
export interface RawFailure {
  readonly status?: number;
  /** Parsed response body: a Kubernetes Status object when the server sent one. */
  readonly body?: unknown;
  readonly code?: string;
  readonly name?: string;
  readonly message?: string;
  readonly cause?: RawFailure;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; causes?: { message?: string; field?: string; reason?: string }[] };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|SSL|HOSTNAME_MISMATCH|ERR_SSL/;
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function statusBody(body: unknown): StatusBody | undefined {
  if (typeof body === 'object' && body !== null && (body as StatusBody).kind === 'Status') return body as StatusBody;
  return undefined;
}

/** Follows `cause` links, as fetch wraps the socket error in "fetch failed". */
function innermost(f: RawFailure): RawFailure[] {
  const chain: RawFailure[] = [];
  let cur: RawFailure | undefined = f;
  for (let i = 0; cur && i < 5; i++) {
    chain.push(cur);
    cur = cur.cause;
  }
  return chain;
}

export function classifyFailure(f: RawFailure, action?: string): ClusterErrorInfo {
  const what = action ? ` to ${action}` : '';
  const base = (kind: ClusterErrorKind, message: string, extra: Partial<ClusterErrorInfo> = {}): ClusterErrorInfo => ({
    kind,
    message,
    ...(action !== undefined ? { action } : {}),
    ...extra,
  });
  if (f.status !== undefined) {
    const st = statusBody(f.body);
    const serverSays = st?.message ? `: ${st.message}` : '';
    const reason = st?.reason;
    const causes = (st?.details?.causes ?? []).map((c) => c.reason).filter((r): r is string => typeof r === 'string');
    const extra = {
      status: f.status,
      ...(reason !== undefined ? { reason } : {}),
      ...(st?.message !== undefined ? { serverMessage: st.message } : {}),
      ...(causes.length > 0 ? { causes } : {}),
    };
    switch (f.status) {
      case 401:
        return base('unauthorized', `The cluster rejected the credentials (401 Unauthorized)${what}; the token or certificate may have expired`, extra);
      case 403:
        return base('forbidden', `Access denied${what} (403 Forbidden)${serverSays}`, extra);
      case 404:
        return base('not-found', `Not found${what} (404)${serverSays}`, extra);
      case 409:
        return base('conflict', `Conflict${what} (409)${serverSays}`, extra);
      case 410:
        return base('gone', `The cluster no longer has the data asked for${what} (410 Gone: it was compacted); listing again`, extra);
      case 422:
        return base('invalid', `The cluster refused the change${what} (422 Invalid)${serverSays}`, extra);
      case 429:
        return base('too-many-requests', `The cluster asked to retry later${what} (429)${serverSays}`, extra);
      case 504:
        return base('timeout', `The cluster timed out${what} (504)${serverSays}`, extra);
      default:
        return base('server', `The cluster answered ${f.status}${what}${serverSays}`, extra);
    }
  }
  const chain = innermost(f);
  const codes = chain.map((c) => c.code ?? '').filter(Boolean);
  const names = chain.map((c) => c.name ?? '');
  const messages = chain.map((c) => c.message ?? '').filter(Boolean);
  const code = codes.find((c) => UNREACHABLE.has(c) || TLS.test(c) || TIMEOUT.has(c)) ?? codes[0];
  if (names.includes('AbortError') && !names.includes('TimeoutError')) return base('cancelled', `Cancelled${what}`);
  if (names.includes('TimeoutError') || (code !== undefined && TIMEOUT.has(code))) {
    return base('timeout', `No answer from the cluster${what} in time`, code !== undefined ? { reason: code } : {});
  }
  if (code !== undefined && TLS.test(code)) {
    return base('tls', `${tlsSentence(code)}${what ? ` (${what.slice(4)})` : ''}`, { reason: code, detail: messages[messages.length - 1] ?? code });
  }
  if (code !== undefined && UNREACHABLE.has(code)) {
    return base('unreachable', `Cannot reach the cluster${what}: ${describeCode(code)}`, { reason: code });
  }
  const text = messages.join(': ');
  if (/bad port/i.test(text)) {
    return base('config', `Cannot connect${what}: the server URL uses a port that HTTP clients refuse; check the cluster's server address`);
  }
  if (/exec|ExecCredential|credential plugin|spawn/i.test(text)) {
    return base('exec-plugin', `The kubeconfig's exec credential plugin failed${what}`, { detail: text });
  }
  return base('server', `The request${what} failed: ${text || 'unknown error'}`, code !== undefined ? { reason: code } : {});
}

/** What went wrong in the TLS handshake, in the words kubectl users know (Go's x509 errors). */
function tlsSentence(code: string): string {
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return "The cluster's certificate is not signed by a certificate authority this kubeconfig trusts (x509: certificate signed by unknown authority); check the cluster's certificate-authority-data";
    case 'CERT_HAS_EXPIRED':
      return "The cluster's certificate has expired (x509: certificate has expired or is not yet valid)";
    case 'CERT_NOT_YET_VALID':
      return "The cluster's certificate is not valid yet (x509: certificate has expired or is not yet valid); check this machine's clock";
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return "The cluster's certificate is not valid for this server name (x509: certificate is valid for other names); check the server address or tls-server-name";
    default:
      return `The TLS handshake with the cluster failed (${code})`;
  }
}

/** Failures that may pass by themselves, so a retry without the user is worth it. */
export function isTransient(info: ClusterErrorInfo): boolean {
  switch (info.kind) {
    case 'unreachable':
    case 'timeout':
    case 'too-many-requests':
    case 'gone':
      return true;
    case 'server':
      return info.status === undefined || info.status >= 500;
    default:
      return false;
  }
}

function describeCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the API server running and the address right?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the server name does not resolve';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'the connection was closed';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to the server';
    default:
      return code;
  }
}

/** Error thrown by the cluster layer; carries the classification. */
export class ClusterError extends Error {
  constructor(readonly info: ClusterErrorInfo) {
    super(info.message);
    this.name = 'ClusterError';
  }
}

/**
 * True for a ClusterError from either bundle: extension.js and the lazily loaded kube.js each carry
 * their own copy of this class, so instanceof alone would miss errors thrown by the other.
 */
export function isClusterError(e: unknown): e is ClusterError {
  return e instanceof ClusterError || (e instanceof Error && e.name === 'ClusterError' && typeof (e as { info?: unknown }).info === 'object');
}
