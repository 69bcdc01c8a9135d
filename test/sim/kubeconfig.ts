/**
 * Kubeconfig files for simulated clusters. Each cluster gets two contexts: NAME
 * (static bearer token) and NAME-exec (a user whose token comes from an exec
 * credential plugin: plain `node` running exec-credential.mjs), and each scenario
 * user one more (NAME-USER, its token or client certificate). The file is only
 * ever written where the caller says; nothing here reads or writes ~/.kube.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';

export const EXEC_PLUGIN_SCRIPT = path.join(__dirname, 'exec-credential.mjs');

export interface KubeconfigCluster {
  /** Context name; the cluster and users are named after it. */
  name: string;
  url: string;
  caPem: string;
  token: string;
  /** File the exec plugin reads its credential from. */
  execTokenFile: string;
  namespace?: string;
  /** Scenario users, each as its own context NAME-USER. */
  users?: KubeconfigUser[];
}

export interface KubeconfigUser {
  name: string;
  token?: string;
  /** PEM client certificate and key, for a user who authenticates with a certificate. */
  clientCertificate?: { cert: string; key: string };
}

function userEntry(u: KubeconfigUser): Record<string, string> {
  if (u.clientCertificate) {
    return { 'client-certificate-data': Buffer.from(u.clientCertificate.cert).toString('base64'), 'client-key-data': Buffer.from(u.clientCertificate.key).toString('base64') };
  }
  return { token: u.token ?? '' };
}

export function buildKubeconfig(entries: readonly KubeconfigCluster[], currentContext = entries[0]?.name ?? ''): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': currentContext,
    clusters: entries.map((e) => ({
      name: e.name,
      cluster: { server: e.url, 'certificate-authority-data': Buffer.from(e.caPem).toString('base64') },
    })),
    users: entries.flatMap((e) => [
      { name: `${e.name}-token`, user: { token: e.token } },
      {
        name: `${e.name}-exec`,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: [EXEC_PLUGIN_SCRIPT, e.execTokenFile],
            interactiveMode: 'Never',
            provideClusterInfo: false,
          },
        },
      },
      ...(e.users ?? []).map((u) => ({ name: `${e.name}-${u.name}`, user: userEntry(u) })),
    ]),
    contexts: entries.flatMap((e) => [
      { name: e.name, context: { cluster: e.name, user: `${e.name}-token`, ...(e.namespace ? { namespace: e.namespace } : {}) } },
      { name: `${e.name}-exec`, context: { cluster: e.name, user: `${e.name}-exec`, ...(e.namespace ? { namespace: e.namespace } : {}) } },
      ...(e.users ?? []).map((u) => ({ name: `${e.name}-${u.name}`, context: { cluster: e.name, user: `${e.name}-${u.name}`, ...(e.namespace ? { namespace: e.namespace } : {}) } })),
    ]),
  };
  return stringify(doc);
}

export function writeKubeconfig(file: string, entries: readonly KubeconfigCluster[], currentContext?: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, buildKubeconfig(entries, currentContext), { mode: 0o600 });
}

/** Where the exec credential of a context lives, next to its kubeconfig. */
export function execTokenFileFor(kubeconfigFile: string, contextName: string): string {
  return path.join(path.dirname(kubeconfigFile), `.${contextName}-exec-credential.json`);
}
