// The Kubernetes client lives in this separate bundle (dist/kube.js); extension.js loads it through
// ./loader only when a cluster is first needed, so activation never pays for it.
import { KubeConfig, type Cluster, type User, type Context } from '@kubernetes/client-node';
import type { MergedKubeconfig } from '../core/kubeconfig';
import * as path from 'node:path';
import { KubeSession } from './session';
import type { ClusterSession, SessionOptions } from './types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** kubectl resolves file paths in a kubeconfig relative to the file that holds them. */
function fileIn(v: unknown, kubeconfigFile: string): string | undefined {
  const p = str(v);
  return p === undefined ? undefined : path.resolve(path.dirname(kubeconfigFile), p);
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
    ...(str(c['certificate-authority']) ? { caFile: fileIn(c['certificate-authority'], clusterEntry.file) } : {}),
    ...(str(c['tls-server-name']) ? { tlsServerName: str(c['tls-server-name']) } : {}),
    ...(str(c['proxy-url']) ? { proxyUrl: str(c['proxy-url']) } : {}),
  };
  const userName = ctx.user ?? '';
  const userEntry = ctx.user !== undefined ? merged.users.get(ctx.user) : undefined;
  const u = userEntry?.value ?? {};
  const userFile = userEntry?.file ?? clusterEntry.file;
  const user: User = {
    name: userName,
    ...(str(u['token']) ? { token: str(u['token']) } : {}),
    ...(str(u['client-certificate-data']) ? { certData: str(u['client-certificate-data']) } : {}),
    ...(str(u['client-key-data']) ? { keyData: str(u['client-key-data']) } : {}),
    ...(str(u['client-certificate']) ? { certFile: fileIn(u['client-certificate'], userFile) } : {}),
    ...(str(u['client-key']) ? { keyFile: fileIn(u['client-key'], userFile) } : {}),
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

/** A session for one context: every call has a timeout and takes an AbortSignal. */
export function createSession(merged: MergedKubeconfig, contextName: string, options: SessionOptions): ClusterSession {
  return new KubeSession(contextName, kubeConfigFor(merged, contextName), options);
}
