/**
 * Generated scenarios for scale: N nodes and M application pods spread over
 * Deployments (each with its ReplicaSet at revision 1), every other Deployment
 * guarded by a PodDisruptionBudget, and optionally the kube-system workloads a
 * cluster runs (kube-proxy and a CNI DaemonSet on every node, CoreDNS and
 * metrics-server Deployments, CoreDNS's budget). Built as objects (not YAML) with
 * statuses already converged, so the controllers have little to do at start-up.
 */
import type { Scenario } from './scenario';
import { scaledValue } from './controllers/disruption';
import type { IntOrString, KubeObject } from './types';

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
  /** Adds kube-system DaemonSets (2 pods per node) and Deployments (3 pods) on top of `pods`. */
  kubeSystem?: boolean;
}

const CREATED_AGO_MS = 30 * 24 * 3600 * 1000;
const READY_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

function runningStatus(created: string, ip: string, container: string, image: string): Record<string, unknown> {
  return {
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    startTime: created,
    conditions: READY_CONDITIONS.map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: created })),
    containerStatuses: [{ name: container, ready: true, started: true, restartCount: 0, image, imageID: '', containerID: '', state: { running: { startedAt: created } }, lastState: {} }],
  };
}

/** The status the disruption controller computes for a budget over `replicas` ready pods of one controller. */
function budgetStatus(budget: Record<string, unknown>, replicas: number, created: string): Record<string, unknown> {
  const { maxUnavailable, minAvailable } = budget as { maxUnavailable?: IntOrString; minAvailable?: IntOrString };
  const desired = maxUnavailable !== undefined ? Math.max(0, replicas - scaledValue(maxUnavailable, replicas, true)) : scaledValue(minAvailable ?? 0, replicas, true);
  const allowed = Math.max(0, replicas - desired);
  return {
    currentHealthy: replicas,
    desiredHealthy: desired,
    disruptionsAllowed: allowed,
    expectedPods: replicas,
    observedGeneration: 1,
    conditions: [{ type: 'DisruptionAllowed', status: allowed > 0 ? 'True' : 'False', reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: created }],
  };
}

interface AppOptions {
  ns: string;
  app: string;
  replicas: number;
  image: string;
  created: string;
  labelKey?: string;
  budget?: Record<string, unknown>;
}

/** A Deployment, its revision-1 ReplicaSet (pods are added by the caller) and, optionally, its PodDisruptionBudget. */
function deploymentObjects(o: AppOptions): { objects: KubeObject[]; rsName: string; labels: Record<string, string>; container: Record<string, unknown> } {
  const key = o.labelKey ?? 'app';
  const hash = '5d8f7c9b4';
  const rsName = `${o.app}-${hash}`;
  const container = { name: o.app, image: o.image, resources: { requests: { cpu: '10m', memory: '16Mi' } } };
  const template = (extra: Record<string, string>) => ({ metadata: { labels: { [key]: o.app, ...extra } }, spec: { containers: [container] } });
  const annotations = { 'deployment.kubernetes.io/revision': '1' };
  const objects: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: o.app, namespace: o.ns, labels: { [key]: o.app }, annotations, creationTimestamp: o.created },
      spec: { replicas: o.replicas, selector: { matchLabels: { [key]: o.app } }, template: template({}) },
      // Field order as the controllers write them, so a converged status is not rewritten.
      status: {
        availableReplicas: o.replicas,
        conditions: [
          { type: 'Available', status: 'True', lastUpdateTime: o.created, lastTransitionTime: o.created, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
          { type: 'Progressing', status: 'True', lastUpdateTime: o.created, lastTransitionTime: o.created, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` },
        ],
        observedGeneration: 1,
        readyReplicas: o.replicas,
        replicas: o.replicas,
        updatedReplicas: o.replicas,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: o.ns,
        labels: { [key]: o.app, 'pod-template-hash': hash },
        annotations: { ...annotations, 'deployment.kubernetes.io/desired-replicas': String(o.replicas), 'deployment.kubernetes.io/max-replicas': String(o.replicas + Math.ceil(o.replicas / 4)) },
        creationTimestamp: o.created,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: o.app, uid: '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: o.replicas, selector: { matchLabels: { [key]: o.app, 'pod-template-hash': hash } }, template: template({ 'pod-template-hash': hash }) },
      status: { availableReplicas: o.replicas, fullyLabeledReplicas: o.replicas, observedGeneration: 1, readyReplicas: o.replicas, replicas: o.replicas },
    },
  ];
  if (o.budget) {
    objects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: o.app, namespace: o.ns, creationTimestamp: o.created },
      spec: { ...o.budget, selector: { matchLabels: { [key]: o.app } } },
      status: budgetStatus(o.budget, o.replicas, o.created),
    });
  }
  return { objects, rsName, labels: { [key]: o.app, 'pod-template-hash': hash }, container };
}

function nodeName(i: number): string {
  return `node-${String(i).padStart(5, '0')}`;
}

export function generateScenario(opts: GeneratedScenarioOptions): Scenario {
  const version = opts.kubernetesVersion ?? 'v1.33.4';
  const created = new Date(Date.now() - CREATED_AGO_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const objects: KubeObject[] = [];
  const kubelets = opts.kubeletVersions ?? [version];
  const controlPlanes = Math.min(3, Math.max(1, Math.floor(opts.nodes / 1000)));
  for (let i = 0; i < opts.nodes; i++) {
    const isControlPlane = i < controlPlanes;
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
  const workers = Math.max(1, opts.nodes - controlPlanes);
  let podIndex = 0;
  const podIp = (): string => {
    const n = podIndex++;
    return `10.${128 + ((n >> 16) & 63)}.${(n >> 8) & 255}.${n & 255}`;
  };
  const addPods = (ns: string, app: ReturnType<typeof deploymentObjects>, replicas: number, firstWorker: number): void => {
    for (let k = 0; k < replicas; k++) {
      const node = nodeName(controlPlanes + ((firstWorker + k) % workers));
      const container = app.container as { name: string; image: string };
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${app.rsName}-${String(k).padStart(5, 'x')}`, namespace: ns, labels: { ...app.labels }, creationTimestamp: created, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: app.rsName, uid: '', controller: true, blockOwnerDeletion: true }] },
        spec: { nodeName: node, containers: [{ ...app.container }] },
        status: runningStatus(created, podIp(), container.name, container.image),
      });
    }
  };
  let placed = 0;
  for (let r = 0; r < rsCount; r++) {
    const ns = `team-${r % nsCount}`;
    const replicas = Math.min(perRs, opts.pods - r * perRs);
    const budget = r % 2 === 0 ? (r % 4 === 0 ? { maxUnavailable: 1 } : { minAvailable: '50%' }) : undefined;
    const app = deploymentObjects({ ns, app: `app-${r}`, replicas, image: 'registry.example/app:1.0', created, ...(budget ? { budget } : {}) });
    objects.push(...app.objects);
    addPods(ns, app, replicas, placed);
    placed += replicas;
  }
  if (opts.kubeSystem) objects.push(...kubeSystemObjects(opts.nodes, created, podIp, (ns, app, replicas) => addPods(ns, app, replicas, 0)));
  return {
    name: opts.name ?? `generated-${opts.nodes}-nodes`,
    cluster: { kubernetesVersion: version, timeScale: 1, watchHistory: 20_000 },
    objects,
  };
}

/** kube-system: kube-proxy and calico-node on every node, CoreDNS (with its budget) and metrics-server. */
function kubeSystemObjects(nodes: number, created: string, podIp: () => string, addPods: (ns: string, app: ReturnType<typeof deploymentObjects>, replicas: number) => void): KubeObject[] {
  const ns = 'kube-system';
  const objects: KubeObject[] = [];
  for (const [name, image] of [
    ['kube-proxy', 'registry.k8s.io/kube-proxy:v1.33.4'],
    ['calico-node', 'docker.io/calico/node:v3.29.3'],
  ] as const) {
    const container = { name, image, resources: { requests: { cpu: '50m', memory: '64Mi' } } };
    const labels = { 'k8s-app': name };
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: ns, labels, creationTimestamp: created },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { priorityClassName: 'system-node-critical', hostNetwork: true, tolerations: [{ operator: 'Exists' }], containers: [container] } } },
      status: { currentNumberScheduled: nodes, desiredNumberScheduled: nodes, numberAvailable: nodes, numberMisscheduled: 0, numberReady: nodes, observedGeneration: 1, updatedNumberScheduled: nodes },
    });
    for (let i = 0; i < nodes; i++) {
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${String(i).padStart(5, '0')}`, namespace: ns, labels: { ...labels, 'pod-template-generation': '1' }, creationTimestamp: created, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid: '', controller: true, blockOwnerDeletion: true }] },
        spec: { nodeName: nodeName(i), priorityClassName: 'system-node-critical', hostNetwork: true, tolerations: [{ operator: 'Exists' }], containers: [{ ...container }] },
        status: runningStatus(created, podIp(), name, image),
      });
    }
  }
  const coredns = deploymentObjects({ ns, app: 'coredns', replicas: 2, image: 'registry.k8s.io/coredns/coredns:v1.12.0', created, labelKey: 'k8s-app', budget: { maxUnavailable: 1 } });
  const metrics = deploymentObjects({ ns, app: 'metrics-server', replicas: 1, image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', created, labelKey: 'k8s-app' });
  objects.push(...coredns.objects, ...metrics.objects);
  addPods(ns, coredns, 2);
  addPods(ns, metrics, 1);
  return objects;
}
