/** Shared helpers for the simulator's unit tests. */
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { startControllers, type RunningControllers } from '../../sim/controllers';
import { parseScenario } from '../../sim/scenario';
import { clone, type KubeObject, type Node, type Pod } from '../../sim/types';

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

/** A Deployment of one container (`image`), its pods labelled app=NAME; `spec` and `podSpec` add flow-map fields. */
export function deploymentYaml(name: string, replicas: number, o: { spec?: string; podSpec?: string; image?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  replicas: ${replicas}${o.spec ? `\n  ${o.spec}` : ''}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {${o.podSpec ?? ''}containers: [{name: c, image: "${o.image ?? 'web:1'}"}]}
`;
}

/** Writes a changed copy of a namespaced object through the API layer, as `kubectl edit` would. */
export function editObject<T extends KubeObject>(c: TestCluster, group: string, resource: string, name: string, change: (copy: T) => void, namespace = 'default'): void {
  const copy = clone(c.cluster.store.get(`${group}/${resource}`, namespace, name)) as T;
  change(copy);
  c.cluster.update(c.cluster.catalog.definition(group, resource)!, namespace, name, copy);
}

/** Sets a pod Running with its Ready condition by hand (for clusters whose kubelet starts pods late). */
export function setPodRunning(c: TestCluster, name: string, ready: boolean, namespace = 'default'): void {
  const next = clone(c.cluster.store.get('/pods', namespace, name) as Pod);
  next.status = {
    ...next.status,
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady' }), lastProbeTime: null, lastTransitionTime: '2025-01-01T00:00:00Z' }],
  };
  c.cluster.put('/pods', next);
}
