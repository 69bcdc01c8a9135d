// Simulated clusters for the integration suite, started before VS Code; the suite reaches them through
// the kubeconfig they write and their admin endpoints (details in a JSON file named by KM_SIM_INFO).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../harness/paths';
import { generateCertificates } from '../sim/certs';
import { parseScenario, startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';

export interface SimInfo {
  readonly kubeconfig: string;
  readonly clusters: Record<string, { url: string; adminToken: string; caPem: string; kubeconfigPath: string }>;
}

const managedScenario = `
apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: { name: managed }
spec:
  kubernetesVersion: v1.32.5
  gitVersion: v1.32.5-eks-5d4a308
  managed: true
---
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-17.ec2.internal, labels: { kubernetes.io/os: linux } }
status: { nodeInfo: { kubeletVersion: v1.32.5-eks-5d4a308 } }
---
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-2-33.ec2.internal, labels: { kubernetes.io/os: linux } }
status: { nodeInfo: { kubeletVersion: v1.31.9-eks-5d4a308 } }
`;

export async function startSimClusters(dir: string): Promise<{ info: SimInfo; infoFile: string; stop(): Promise<void> }> {
  const sims: RunningSimulator[] = [];
  const scratch = path.join(dir, 'sim');
  fs.mkdirSync(scratch, { recursive: true });
  const production = path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'production.yaml');
  sims.push(await startSimulator({ scenario: production, contextName: 'sim-production', kubeconfigPath: path.join(scratch, 'p.yaml') }));
  sims.push(await startSimulator({ scenario: parseScenario(managedScenario, 'managed'), contextName: 'sim-managed', kubeconfigPath: path.join(scratch, 'm.yaml') }));
  // A cluster for fault tests: the same production objects, faults injected at run time.
  sims.push(await startSimulator({ scenario: production, contextName: 'sim-faulty', kubeconfigPath: path.join(scratch, 'f.yaml') }));
  // The cluster the upgrade checklist upgrades end to end (its own kubeconfig has the admin file beside it).
  sims.push(await startSimulator({ scenario: production, contextName: 'sim-upgrade', kubeconfigPath: path.join(scratch, 'u.yaml') }));
  const kubeconfig = writeCombinedKubeconfig(path.join(scratch, 'clusters.yaml'), sims, 'sim-production');
  addBrokenExecContext(kubeconfig, 'sim-production');
  addWrongCaContext(kubeconfig, sims[0]!);
  addSecretUrlContexts(kubeconfig, sims[0]!);
  const info: SimInfo = {
    kubeconfig,
    clusters: Object.fromEntries(sims.map((s) => [s.contextName, { url: s.url, adminToken: s.adminToken, caPem: s.caPem, kubeconfigPath: s.kubeconfigPath }])),
  };
  const infoFile = path.join(scratch, 'info.json');
  fs.writeFileSync(infoFile, JSON.stringify(info, null, 2));
  return {
    info,
    infoFile,
    async stop() {
      await Promise.all(sims.map((s) => s.stop()));
    },
  };
}

/** A context whose exec credential plugin is a program that does not exist. */
function addBrokenExecContext(file: string, cluster: string): void {
  const doc = parse(fs.readFileSync(file, 'utf8')) as { users: unknown[]; contexts: unknown[] };
  doc.users.push({
    name: 'broken-exec-user',
    user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: path.join(path.dirname(file), 'no-such-credential-helper'), interactiveMode: 'Never' } },
  });
  doc.contexts.push({ name: 'sim-broken-exec', context: { cluster, user: 'broken-exec-user' } });
  fs.writeFileSync(file, stringify(doc));
}

/** The password that sits in two server URLs; it must never appear in the tree or the log. */
export const URL_SECRET = 'pa55-in-the-url-0c7f';

/** Contexts whose server URL carries user:password@ (one reachable, one not), as some kubeconfigs do. */
function addSecretUrlContexts(file: string, target: RunningSimulator): void {
  const doc = parse(fs.readFileSync(file, 'utf8')) as { clusters: unknown[]; contexts: unknown[] };
  const ca = Buffer.from(target.caPem).toString('base64');
  const url = new URL(target.url);
  doc.clusters.push({ name: 'secret-url', cluster: { server: `https://ops:${URL_SECRET}@${url.host}`, 'certificate-authority-data': ca } });
  doc.clusters.push({ name: 'secret-url-down', cluster: { server: `https://ops:${URL_SECRET}@127.0.0.1:1/?token=${URL_SECRET}`, 'certificate-authority-data': ca } });
  doc.contexts.push({ name: 'sim-secret-url', context: { cluster: 'secret-url', user: `${target.contextName}-token` } });
  doc.contexts.push({ name: 'sim-secret-url-down', context: { cluster: 'secret-url-down', user: `${target.contextName}-token` } });
  fs.writeFileSync(file, stringify(doc));
}

/** A context that reaches a simulator but trusts an unrelated CA: a TLS verification failure. */
function addWrongCaContext(file: string, target: RunningSimulator): void {
  const unrelatedCa = generateCertificates('unrelated').ca.cert;
  const doc = parse(fs.readFileSync(file, 'utf8')) as { clusters: unknown[]; contexts: unknown[] };
  doc.clusters.push({ name: 'wrong-ca', cluster: { server: target.url, 'certificate-authority-data': Buffer.from(unrelatedCa).toString('base64') } });
  doc.contexts.push({ name: 'sim-wrong-ca', context: { cluster: 'wrong-ca', user: `${target.contextName}-token` } });
  fs.writeFileSync(file, stringify(doc));
}
