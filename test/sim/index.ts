/**
 * Programmatic entry point of the simulated Kubernetes API server, used by the
 * `npm run sim` CLI, the demo, the bench and the tests.
 *
 *   const sim = await startSimulator({ scenario: 'test/fixtures/scenarios/production.yaml', kubeconfigPath });
 *   // KUBECONFIG=kubeconfigPath kubectl get nodes
 *   await sim.admin.setKubeletVersion('worker-1', 'v1.34.1');
 *   await sim.stop();
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AdminClient } from './adminClient';
import { writeAdminFile } from './adminCli';
import { TokenAuthority } from './auth';
import { buildCluster } from './bootstrap';
import { issueClientCertificate, servingCertificates } from './certs';
import type { SimCluster } from './cluster';
import { startControllers } from './controllers';
import { FaultInjector } from './faults';
import { SimServer } from './http/server';
import { execTokenFileFor, writeKubeconfig, type KubeconfigCluster, type KubeconfigUser } from './kubeconfig';
import { resolveScenario, type Scenario } from './scenario';

export { AdminClient } from './adminClient';
export { generateScenario, type GeneratedScenarioOptions } from './generate';
export { loadScenarioFile, parseScenario, type Scenario, type SimulatedClusterSpec } from './scenario';
export type { FaultSpec, FaultMatch } from './faults';

export interface SimulatorOptions {
  /** A scenario file path, scenario YAML text, or a parsed/generated Scenario. */
  scenario: string | Scenario;
  /** Where to write the kubeconfig (default: a new temporary directory). */
  kubeconfigPath?: string;
  /** Context name in the kubeconfig (default: the scenario's name). */
  contextName?: string;
  /** Port on 127.0.0.1 (default: any free port). */
  port?: number;
  /** Seconds between watch BOOKMARKs (default 60, as kube-apiserver). */
  bookmarkIntervalSeconds?: number;
  /** Each watch ends cleanly after a random lifetime in [min, max] seconds (default 300–600); 0 ends it at once. */
  watchLifetimeSeconds?: { min: number; max: number };
  /** Log each request to stderr. */
  log?: boolean;
}

export interface RunningSimulator {
  url: string;
  kubeconfigPath: string;
  /** Beside the kubeconfig: admin URL, token and CA for `npm run sim -- admin` (removed on stop). */
  adminFile: string;
  contextName: string;
  token: string;
  adminToken: string;
  caPem: string;
  /** The scenario's users: context NAME-USER in the kubeconfig. */
  users: readonly KubeconfigUser[];
  admin: AdminClient;
  /** The in-process cluster, for white-box assertions in tests. */
  cluster: SimCluster;
  /** TCP connections open now and accepted since start. */
  connections(): { open: number; accepted: number };
  /** The kubeconfig entry for this cluster, to combine several into one file. */
  kubeconfigEntry(contextName?: string, kubeconfigFile?: string): KubeconfigCluster;
  stop(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const scenario = resolveScenario(opts.scenario);
  const contextName = opts.contextName ?? scenario.name;
  const cluster = buildCluster(scenario, typeof opts.scenario === 'string');
  cluster.store.compact();
  const auth = new TokenAuthority(scenario.cluster.token, scenario.cluster.tokenLifetimeSeconds);
  const faults = new FaultInjector();
  for (const f of scenario.cluster.faults ?? []) faults.add(f);
  const certs = servingCertificates();
  const controllers = startControllers(cluster, { caPem: certs.ca.cert });
  const users: KubeconfigUser[] = (scenario.cluster.users ?? []).map((u) => {
    const info = { name: u.name, groups: u.groups ?? [] };
    if (u.clientCertificate) return { name: u.name, clientCertificate: issueClientCertificate(certs.ca, u.name, info.groups) };
    return { name: u.name, token: auth.addUser(info, u.token) };
  });
  const server = new SimServer({
    cluster,
    auth,
    faults,
    certs,
    admin: { kubelet: controllers.kubelet, upgrades: controllers.upgrades },
    serverVersion: () => controllers.upgrades.nextServerVersion(),
    bookmarkIntervalMs: (opts.bookmarkIntervalSeconds ?? 60) * 1000,
    ...(opts.watchLifetimeSeconds ? { watchLifetimeSeconds: opts.watchLifetimeSeconds } : {}),
    ...(opts.log ? { log: (line: string) => process.stderr.write(`[sim ${contextName}] ${line}\n`) } : {}),
  });
  await server.listen(opts.port ?? 0);
  controllers.upgrades.restartHook = {
    outage: (wallMs) => server.goAway(wallMs / 1000),
    dropWatches: () => server.watches.dropAll('close'),
  };
  const url = server.url;

  let tempDir: string | undefined;
  let kubeconfigPath = opts.kubeconfigPath;
  if (!kubeconfigPath) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-'));
    kubeconfigPath = path.join(tempDir, 'kubeconfig');
  }
  kubeconfigPath = path.resolve(kubeconfigPath);
  const entry = (name = contextName, file = kubeconfigPath!): KubeconfigCluster => {
    const execTokenFile = execTokenFileFor(file, name);
    fs.mkdirSync(path.dirname(execTokenFile), { recursive: true });
    auth.registerExecFile(execTokenFile);
    return { name, url, caPem: certs.ca.cert, token: auth.token, execTokenFile, ...(users.length > 0 ? { users } : {}) };
  };
  writeKubeconfig(kubeconfigPath, [entry()]);
  // What `npm run sim -- admin --kubeconfig FILE` reads: the admin URL, token and CA.
  const adminFile = writeAdminFile(kubeconfigPath, { url, token: auth.adminToken, caPem: certs.ca.cert });

  let stopped = false;
  return {
    url,
    kubeconfigPath,
    adminFile,
    contextName,
    token: auth.token,
    adminToken: auth.adminToken,
    caPem: certs.ca.cert,
    users,
    admin: new AdminClient(url, auth.adminToken, certs.ca.cert),
    cluster,
    kubeconfigEntry: entry,
    connections: () => server.connections(),
    async stop() {
      if (stopped) return;
      stopped = true;
      controllers.stop();
      cluster.stop();
      auth.stop();
      await server.stop();
      fs.rmSync(adminFile, { force: true });
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes one kubeconfig with several simulated clusters, each as its own contexts
 * (NAME with the token user, NAME-exec with the exec plugin user).
 */
export function writeCombinedKubeconfig(file: string, simulators: readonly RunningSimulator[], currentContext?: string): string {
  const target = path.resolve(file);
  const entries = simulators.map((s) => s.kubeconfigEntry(s.contextName, target));
  writeKubeconfig(target, entries, currentContext ?? entries[0]?.name);
  return target;
}
