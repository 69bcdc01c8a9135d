// The client side of a kubeconfig `exec` credential plugin (client-go's ExecCredential protocol,
// k8s.io/client-go/plugin/pkg/client/auth/exec): what we pass in, what we accept back.

export interface ExecConfig {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly apiVersion: string;
  readonly installHint?: string;
  readonly provideClusterInfo: boolean;
  readonly interactiveMode: 'Never' | 'IfAvailable' | 'Always';
}

export interface ExecCredentialResult {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  /** Epoch milliseconds; undefined when the credential does not expire. */
  readonly expiresAt?: number;
}

const SUPPORTED = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads a kubeconfig user's `exec` block; throws with kubectl's kind of message when it cannot be used. */
export function parseExecConfig(raw: unknown): ExecConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('the exec block of the user is not a map');
  const o = raw as Record<string, unknown>;
  const command = str(o['command']);
  if (!command) throw new Error('the exec block of the user names no command');
  const apiVersion = str(o['apiVersion']) ?? '';
  if (!SUPPORTED.has(apiVersion)) {
    throw new Error(`exec plugin: invalid apiVersion "${apiVersion}" (use client.authentication.k8s.io/v1 or v1beta1)`);
  }
  const args = Array.isArray(o['args']) ? o['args'].filter((a): a is string => typeof a === 'string') : [];
  const env = Array.isArray(o['env'])
    ? o['env'].flatMap((e) => {
        const name = str((e as Record<string, unknown> | null)?.['name']);
        const value = (e as Record<string, unknown> | null)?.['value'];
        return name && typeof value === 'string' ? [{ name, value }] : [];
      })
    : [];
  const mode = str(o['interactiveMode']);
  // kubectl refuses both before it runs anything
  if (mode !== undefined && mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
    throw new Error(`exec plugin: invalid interactiveMode "${mode}" (use Never, IfAvailable or Always)`);
  }
  if (mode === undefined && apiVersion === 'client.authentication.k8s.io/v1') {
    throw new Error('exec plugin: interactiveMode must be set for a client.authentication.k8s.io/v1 plugin (Never, IfAvailable or Always)');
  }
  const installHint = str(o['installHint']);
  return {
    command,
    args,
    env,
    apiVersion,
    ...(installHint ? { installHint } : {}),
    provideClusterInfo: o['provideClusterInfo'] === true,
    interactiveMode: mode ?? 'IfAvailable',
  };
}

/** The KUBERNETES_EXEC_INFO value: never interactive, since there is no terminal to answer in. */
export function execInfo(config: ExecConfig, cluster?: { server: string; certificateAuthorityData?: string; insecureSkipTlsVerify?: boolean }): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (config.provideClusterInfo && cluster) {
    spec['cluster'] = {
      server: cluster.server,
      ...(cluster.certificateAuthorityData ? { 'certificate-authority-data': cluster.certificateAuthorityData } : {}),
      ...(cluster.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
    };
  }
  return JSON.stringify({ apiVersion: config.apiVersion, kind: 'ExecCredential', spec });
}

/** Parses what the plugin printed; throws a sentence an operator can act on. */
export function parseExecOutput(stdout: string, config: ExecConfig): ExecCredentialResult {
  let obj: unknown;
  try {
    obj = JSON.parse(stdout);
  } catch {
    throw new Error(`it printed something that is not an ExecCredential (${stdout.trim() === '' ? 'nothing' : 'not JSON'})`);
  }
  const o = obj as { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> } | null;
  if (!o || o.kind !== 'ExecCredential') throw new Error('it printed JSON that is not an ExecCredential');
  if (o.apiVersion !== config.apiVersion) throw new Error(`it answered with apiVersion "${String(o.apiVersion)}", but the kubeconfig asks for "${config.apiVersion}"`);
  const status = o.status ?? {};
  const token = str(status['token']);
  const cert = str(status['clientCertificateData']);
  const key = str(status['clientKeyData']);
  if ((cert && !key) || (key && !cert)) throw new Error('its ExecCredential has a client certificate without its key, or a key without its certificate');
  if (!token && !(cert && key)) throw new Error('its ExecCredential has neither a token nor a client certificate and key');
  const exp = str(status['expirationTimestamp']);
  const expiresAt = exp !== undefined ? Date.parse(exp) : undefined;
  if (exp !== undefined && Number.isNaN(expiresAt)) throw new Error(`its expirationTimestamp "${exp}" is not a time`);
  return {
    ...(token ? { token } : {}),
    ...(cert ? { clientCertificateData: cert } : {}),
    ...(key ? { clientKeyData: key } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** True while a cached credential may still be used (with a margin for clock skew and the request's own time). */
export function credentialValid(c: ExecCredentialResult, nowMs: number, marginMs = 10_000): boolean {
  return c.expiresAt === undefined || c.expiresAt - marginMs > nowMs;
}

/** The first line of what the plugin wrote to stderr, trimmed, for a message; the rest goes to the log. */
export function stderrSummary(stderr: string): string {
  const line = stderr.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  return line === undefined ? '' : line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
