// The Kubernetes client lives in this separate bundle (dist/kube.js); extension.js loads it through
// ./loader only when a cluster is first needed, so activation never pays for it.
import { KubeConfig, VersionApi, type Cluster, type User, type Context } from '@kubernetes/client-node';
import type { MergedKubeconfig } from '../core/kubeconfig';

export interface ServerVersion {
  readonly gitVersion: string;
  readonly major: string;
  readonly minor: string;
  readonly platform: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Builds a client configuration for one context of our merged kubeconfig (kubectl's merge rules). */
export function kubeConfigFor(merged: MergedKubeconfig, contextName: string): KubeConfig {
  const ctx = merged.contexts.find((c) => c.name === contextName);
  if (!ctx) throw new Error(`Context "${contextName}" is not in the kubeconfig`);
  const clusterEntry = ctx.cluster !== undefined ? merged.clusters.get(ctx.cluster) : undefined;
  if (!clusterEntry || !ctx.cluster) throw new Error(`Context "${contextName}" names no known cluster`);
  const c = clusterEntry.value;
  const cluster: Cluster = {
    name: ctx.cluster,
    server: str(c['server']) ?? '',
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    ...(str(c['certificate-authority-data']) ? { caData: str(c['certificate-authority-data']) } : {}),
    ...(str(c['certificate-authority']) ? { caFile: str(c['certificate-authority']) } : {}),
    ...(str(c['tls-server-name']) ? { tlsServerName: str(c['tls-server-name']) } : {}),
    ...(str(c['proxy-url']) ? { proxyUrl: str(c['proxy-url']) } : {}),
  };
  const userName = ctx.user ?? '';
  const u = (ctx.user !== undefined ? merged.users.get(ctx.user)?.value : undefined) ?? {};
  const user: User = {
    name: userName,
    ...(str(u['token']) ? { token: str(u['token']) } : {}),
    ...(str(u['client-certificate-data']) ? { certData: str(u['client-certificate-data']) } : {}),
    ...(str(u['client-key-data']) ? { keyData: str(u['client-key-data']) } : {}),
    ...(str(u['client-certificate']) ? { certFile: str(u['client-certificate']) } : {}),
    ...(str(u['client-key']) ? { keyFile: str(u['client-key']) } : {}),
    ...(str(u['username']) ? { username: str(u['username']) } : {}),
    ...(str(u['password']) ? { password: str(u['password']) } : {}),
    ...(u['exec'] !== undefined ? { exec: u['exec'] } : {}),
    ...(u['auth-provider'] !== undefined ? { authProvider: u['auth-provider'] } : {}),
  };
  const context: Context = { name: contextName, cluster: ctx.cluster, user: userName, ...(ctx.namespace ? { namespace: ctx.namespace } : {}) };
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: contextName });
  return kc;
}

/** GET /version for a context. */
export async function getServerVersion(kc: KubeConfig): Promise<ServerVersion> {
  const info = await kc.makeApiClient(VersionApi).getCode();
  return { gitVersion: info.gitVersion, major: info.major, minor: info.minor, platform: info.platform };
}
