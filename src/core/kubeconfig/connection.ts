// What it takes to talk to one context's cluster, read from the merged kubeconfig as kubectl reads
// it: file paths resolved against the file that holds them, and one authentication method.
import * as path from 'node:path';
import { parseExecConfig, type ExecConfig } from '../cluster/execCredential';
import { urlSecrets } from '../cluster/redact';
import type { MergedKubeconfig } from './merge';

/** Inline data or a file to read; data wins, as in kubectl. */
export type Material = { readonly data: string } | { readonly file: string };

export type AuthMethod =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'tokenFile'; readonly file: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'exec'; readonly exec: ExecConfig; readonly baseDir: string }
  | { readonly kind: 'oidc'; readonly idToken?: string }
  /** An authentication kubectl v1.35 refuses too, with its reason. */
  | { readonly kind: 'unsupported'; readonly message: string };

export interface ConnectionConfig {
  readonly contextName: string;
  readonly server: string;
  readonly ca?: Material;
  readonly clientCert?: Material;
  readonly clientKey?: Material;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName?: string;
  readonly proxyUrl?: string;
  readonly auth: AuthMethod;
  /** Values that must never appear in a message: tokens, passwords, URL user info. */
  readonly secrets: readonly string[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function material(data: unknown, file: unknown, baseDir: string): Material | undefined {
  const d = str(data);
  if (d) return { data: d };
  const f = str(file);
  return f ? { file: path.resolve(baseDir, f) } : undefined;
}

function authProvider(raw: unknown): AuthMethod {
  const p = (raw ?? {}) as Record<string, unknown>;
  const name = str(p['name']) ?? '';
  const config = (p['config'] ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'gcp':
      return { kind: 'unsupported', message: 'The gcp auth provider was removed from kubectl in 1.26 and is not run; switch this user to the gke-gcloud-auth-plugin exec plugin' };
    case 'azure':
      return { kind: 'unsupported', message: 'The azure auth provider was removed from kubectl in 1.26 and is not run; switch this user to the kubelogin exec plugin' };
    case 'oidc': {
      const idToken = str(config['id-token']);
      return idToken ? { kind: 'oidc', idToken } : { kind: 'oidc' };
    }
    default:
      return { kind: 'unsupported', message: `No auth provider named "${name}" is known (kubectl: no Auth Provider found for name "${name}")` };
  }
}

// kubectl refuses these users before it sends a request, rather than picking one of the ways
function refuseAmbiguousUser(u: Record<string, unknown>, name: string, hasToken: boolean, hasBasic: boolean): void {
  if (u['exec'] !== undefined && u['exec'] !== null && u['auth-provider'] !== undefined && u['auth-provider'] !== null) {
    throw new Error(`User "${name}" has both an exec plugin and an auth provider; kubectl refuses such a user (use one of them)`);
  }
  if (hasToken && hasBasic) {
    throw new Error(`User "${name}" has both a bearer token and a username/password; kubectl refuses such a user (use one of them)`);
  }
}

function refuseBoth(entry: Record<string, unknown>, key: string, owner: string): void {
  if (str(entry[`${key}-data`]) !== undefined && str(entry[key]) !== undefined) {
    throw new Error(`The ${owner} sets both ${key} and ${key}-data; kubectl refuses it (remove one of them)`);
  }
}

/** Throws with a sentence naming the problem when the context cannot be used at all. */
export function connectionConfigFor(merged: MergedKubeconfig, contextName: string): ConnectionConfig {
  const ctx = merged.contexts.find((c) => c.name === contextName);
  if (!ctx) throw new Error(`Context "${contextName}" is not in the kubeconfig`);
  const clusterEntry = ctx.cluster !== undefined ? merged.clusters.get(ctx.cluster) : undefined;
  if (!clusterEntry) throw new Error(`Context "${contextName}" names no known cluster`);
  const c = clusterEntry.value;
  const server = (str(c['server']) ?? '').replace(/\/+$/, '');
  if (!server) throw new Error(`The cluster of context "${contextName}" has no server address`);
  const clusterDir = path.dirname(clusterEntry.file);
  const userEntry = ctx.user !== undefined ? merged.users.get(ctx.user) : undefined;
  const u = userEntry?.value ?? {};
  const userDir = path.dirname(userEntry?.file ?? clusterEntry.file);

  let auth: AuthMethod = { kind: 'none' };
  const token = str(u['token']);
  const tokenFile = str(u['tokenFile']);
  const username = str(u['username']);
  const userName = ctx.user ?? '';
  refuseAmbiguousUser(u, userName, token !== undefined || tokenFile !== undefined, username !== undefined || str(u['password']) !== undefined);
  refuseBoth(c, 'certificate-authority', `cluster "${ctx.cluster ?? ''}"`);
  refuseBoth(u, 'client-certificate', `user "${userName}"`);
  refuseBoth(u, 'client-key', `user "${userName}"`);
  if (u['exec'] !== undefined && u['exec'] !== null) {
    auth = { kind: 'exec', exec: parseExecConfig(u['exec']), baseDir: userDir };
  } else if (u['auth-provider'] !== undefined && u['auth-provider'] !== null) {
    auth = authProvider(u['auth-provider']);
  } else if (token) {
    auth = { kind: 'token', token };
  } else if (tokenFile) {
    auth = { kind: 'tokenFile', file: path.resolve(userDir, tokenFile) };
  } else if (username) {
    auth = { kind: 'basic', username, password: str(u['password']) ?? '' };
  }
  const ca = material(c['certificate-authority-data'], c['certificate-authority'], clusterDir);
  const clientCert = material(u['client-certificate-data'], u['client-certificate'], userDir);
  const clientKey = material(u['client-key-data'], u['client-key'], userDir);
  const tlsServerName = str(c['tls-server-name']);
  const proxyUrl = str(c['proxy-url']);
  const secrets = [
    ...urlSecrets(server),
    ...(proxyUrl ? urlSecrets(proxyUrl) : []),
    ...(token ? [token] : []),
    ...(auth.kind === 'basic' && auth.password ? [auth.password] : []),
    ...(auth.kind === 'oidc' && auth.idToken ? [auth.idToken] : []),
  ];
  return {
    contextName,
    server,
    ...(ca ? { ca } : {}),
    ...(clientCert ? { clientCert } : {}),
    ...(clientKey ? { clientKey } : {}),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    ...(tlsServerName ? { tlsServerName } : {}),
    ...(proxyUrl ? { proxyUrl } : {}),
    auth,
    secrets,
  };
}

/** Whether connecting would run a program named by the kubeconfig (not allowed in an untrusted workspace). */
export function runsProgram(config: ConnectionConfig): boolean {
  return config.auth.kind === 'exec';
}
