/**
 * Generated scenarios for scale: N nodes and M pods spread over ReplicaSets,
 * built as objects (not YAML) with statuses already converged, so the controllers
 * have nothing to do at start-up.
 */
import type { Scenario } from './scenario';
import type { KubeObject } from './types';

export interface GeneratedScenarioOptions {
  name?: string;
  kubernetesVersion?: string;
  nodes: number;
  pods: number;
  /** Pods per ReplicaSet (default 10). */
  podsPerReplicaSet?: number;
  namespaces?: number;
  /** Kubelet versions to cycle through (default: the control plane's). */
  kubeletVersions?: string[];
}

function nodeName(i: number): string {
  return `node-${String(i).padStart(5, '0')}`;
}

export function generateScenario(opts: GeneratedScenarioOptions): Scenario {
  const version = opts.kubernetesVersion ?? 'v1.33.4';
  const created = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const objects: KubeObject[] = [];
  const kubelets = opts.kubeletVersions ?? [version];
  for (let i = 0; i < opts.nodes; i++) {
    const isControlPlane = i < Math.min(3, Math.max(1, Math.floor(opts.nodes / 1000)));
    const labels: Record<string, string> = { 'topology.kubernetes.io/zone': `zone-${'abc'[i % 3]}` };
    if (isControlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: nodeName(i), labels, creationTimestamp: created },
      spec: isControlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
      status: {
        nodeInfo: { kubeletVersion: kubelets[i % kubelets.length]! },
        capacity: { cpu: '16', memory: '65536Mi', pods: '110' },
        allocatable: { cpu: '15800m', memory: '64000Mi', pods: '110' },
      },
    });
  }
  const nsCount = Math.max(1, opts.namespaces ?? 10);
  const perRs = Math.max(1, opts.podsPerReplicaSet ?? 10);
  const rsCount = Math.ceil(opts.pods / perRs);
  const workerStart = Math.min(3, Math.max(1, Math.floor(opts.nodes / 1000)));
  const workers = Math.max(1, opts.nodes - workerStart);
  let podIndex = 0;
  for (let r = 0; r < rsCount; r++) {
    const ns = `team-${r % nsCount}`;
    const app = `app-${r}`;
    const replicas = Math.min(perRs, opts.pods - r * perRs);
    const rsName = `${app}-5d8f7c9b4`;
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rsName, namespace: ns, labels: { app }, creationTimestamp: created },
      spec: {
        replicas,
        selector: { matchLabels: { app } },
        template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
      },
    });
    for (let k = 0; k < replicas; k++, podIndex++) {
      const node = nodeName(workerStart + (podIndex % workers));
      const ip = `10.${128 + ((podIndex >> 16) & 63)}.${(podIndex >> 8) & 255}.${podIndex & 255}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${app}-5d8f7c9b4-${String(k).padStart(5, 'x')}`, namespace: ns, labels: { app }, creationTimestamp: created, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: '', controller: true, blockOwnerDeletion: true }] },
        spec: { nodeName: node, containers: [{ name: 'app', image: 'registry.example/app:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
        status: {
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          startTime: created,
          conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: created })),
          containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0, image: 'registry.example/app:1.0', imageID: '', containerID: '', state: { running: { startedAt: created } }, lastState: {} }],
        },
      });
    }
  }
  return {
    name: opts.name ?? `generated-${opts.nodes}-nodes`,
    cluster: { kubernetesVersion: version, timeScale: 1, watchHistory: 20_000 },
    objects,
  };
}
