// A simulator, a session on it and a live cluster model, for the checklist's readers and waits.
import * as fs from 'node:fs';
import { ClusterModel } from '../../../src/cluster/clusterModel';
import type { ClusterSession } from '../../../src/cluster/types';
import { loadKubeconfig } from '../../../src/core/kubeconfig';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { installUndiciCompat } from '../sim/undiciCompat';

installUndiciCompat();

export interface LiveCluster {
  readonly sim: RunningSimulator;
  readonly session: ClusterSession;
  readonly model: ClusterModel;
  /** Resolves once the model has a snapshot satisfying `check`. */
  until(what: string, check: (m: ClusterModel) => boolean, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A session on one of the simulator's contexts (NAME-USER for the scenario's users). */
export async function sessionFor(sim: RunningSimulator, context = sim.contextName): Promise<ClusterSession> {
  const load = await loadKubeconfig({ origin: 'setting', files: [sim.kubeconfigPath] }, async (p) => fs.readFileSync(p, 'utf8'));
  if (load.state !== 'ok') throw new Error('kubeconfig not loaded');
  // Loaded after the compat shims, as the kube bundle is loaded lazily in the extension.
  const { createSession } = await import('../../../src/cluster/kube');
  return createSession(load.config, context, { allowExec: false, timeoutMs: 5000 });
}

export async function startLiveCluster(scenario: string, kubeconfigPath?: string): Promise<LiveCluster> {
  const sim = await startSimulator({ scenario, ...(kubeconfigPath ? { kubeconfigPath } : {}) });
  const session = await sessionFor(sim);
  const model = new ClusterModel({
    contextName: sim.contextName,
    session: async () => session,
    log: () => undefined,
    kubectlVersion: async () => undefined,
    backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0.2 },
    coalesceMs: 20,
  });
  model.start();
  const until = async (what: string, check: (m: ClusterModel) => boolean, ms = 10_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!check(model)) {
      if (Date.now() > end) throw new Error(`never: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until('the model to load', (m) => m.current.phase === 'ready');
  return {
    sim,
    session,
    model,
    until,
    async stop() {
      model.dispose();
      session.dispose();
      await sim.stop();
    },
  };
}

/** A node document for a scenario. */
export function nodeYaml(name: string, version: string, o: { controlPlane?: boolean; zone?: string } = {}): string {
  const labels = [`kubernetes.io/hostname: ${name}`, ...(o.controlPlane ? ['node-role.kubernetes.io/control-plane: ""'] : []), ...(o.zone ? [`topology.kubernetes.io/zone: ${o.zone}`] : [])];
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
${labels.map((l) => `    ${l}`).join('\n')}
spec:${o.controlPlane ? '\n  taints:\n    - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}' : ' {}'}
status:
  nodeInfo:
    kubeletVersion: ${version}
    osImage: Ubuntu 24.04.2 LTS
    kernelVersion: 6.8.0-1029-aws
`;
}

export function clusterYaml(name: string, spec: string, docs: readonly string[]): string {
  return [`apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: {name: ${name}}
spec:
${spec.split('\n').map((l) => `  ${l}`).join('\n')}
`, ...docs].join('---\n');
}
