/** Shared helpers for the simulator's unit tests. */
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { startControllers, type RunningControllers } from '../../sim/controllers';
import { parseScenario } from '../../sim/scenario';
import type { KubeObject, Node, Pod } from '../../sim/types';

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface TestCluster {
  cluster: SimCluster;
  controllers: RunningControllers;
  pods(namespace?: string): Pod[];
  node(name: string): Node;
  stop(): void;
}

/** A cluster with running controllers, from scenario YAML (SimulatedCluster document added). */
export function startCluster(objectsYaml: string, spec = 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1'): TestCluster {
  const text = `apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: unit}\nspec:\n  ${spec}\n---\n${objectsYaml}`;
  const cluster = buildCluster(parseScenario(text), true);
  const controllers = startControllers(cluster);
  return {
    cluster,
    controllers,
    pods: (ns) => cluster.store.all('/pods', ns) as Pod[],
    node: (name) => cluster.store.get('/nodes', undefined, name) as Node,
    stop() {
      controllers.stop();
      cluster.stop();
    },
  };
}

export const nodesYaml = (names: string[]): string => names.map((n) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${n}}\n`).join('---\n');

export function running(pods: readonly KubeObject[]): Pod[] {
  return (pods as Pod[]).filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
}
