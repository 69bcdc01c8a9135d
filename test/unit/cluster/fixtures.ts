// Realistic API objects, trimmed to what the converters read plus some of the noise around it.
import type { ApiNode, ApiPod } from '../../../src/core/cluster/apiTypes';

export const controlPlaneNode: ApiNode = {
  metadata: {
    name: 'cp-1',
    uid: '6f1c2b0e-6b1a-4f0e-9d53-0c1f3f1a9a01',
    creationTimestamp: '2024-11-03T09:15:42Z',
    labels: {
      'kubernetes.io/hostname': 'cp-1',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    },
    annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock' },
  },
  spec: {
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  },
  status: {
    addresses: [{ type: 'Hostname', address: 'cp-1' }, { type: 'InternalIP', address: '10.0.0.11' }],
    allocatable: { cpu: '4', memory: '7901800Ki', pods: '110', 'ephemeral-storage': '46414214108' },
    conditions: [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
    nodeInfo: {
      kubeletVersion: 'v1.31.4',
      kubeProxyVersion: 'v1.31.4',
      containerRuntimeVersion: 'containerd://1.7.22',
      osImage: 'Ubuntu 22.04.5 LTS',
      kernelVersion: '5.15.0-125-generic',
      architecture: 'amd64',
      operatingSystem: 'linux',
    },
  },
};

export const notReadyWorker: ApiNode = {
  metadata: {
    name: 'worker-10',
    uid: 'b0a8e1c3-0000-4000-8000-000000000010',
    creationTimestamp: '2025-01-20T17:02:03Z',
    labels: { 'node-role.kubernetes.io/worker': 'true', 'kubernetes.io/role': 'ingress', 'node-role.kubernetes.io': 'x' },
  },
  spec: {
    unschedulable: true,
    taints: [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-02-01T10:00:00Z' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2025-02-01T09:59:00Z' },
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ],
  },
  status: {
    addresses: [{ type: 'InternalIP', address: '10.0.1.20' }, { type: 'InternalIP', address: 'fd00::20' }],
    allocatable: { pods: '250' },
    conditions: [
      { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
    ],
    nodeInfo: {
      kubeletVersion: 'v1.29.10',
      kubeProxyVersion: '',
      containerRuntimeVersion: 'containerd://1.6.28',
      osImage: 'Flatcar Container Linux by Kinvolk 3815.2.5',
      kernelVersion: '6.1.96-flatcar',
      architecture: 'arm64',
      operatingSystem: 'linux',
    },
  },
};

export function staticPod(component: string, nodeName: string, image: string, ready = true): ApiPod {
  return {
    metadata: {
      name: `${component}-${nodeName}`,
      namespace: 'kube-system',
      uid: `uid-${component}-${nodeName}`,
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.mirror': '7c0d2a', 'kubernetes.io/config.source': 'file' },
      ownerReferences: [{ kind: 'Node', name: nodeName, uid: `uid-${nodeName}`, controller: true }],
      creationTimestamp: '2024-11-03T09:16:10Z',
    },
    spec: { nodeName, containers: [{ name: component, image }] },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: ready ? 'True' : 'False' },
        { type: 'ContainersReady', status: ready ? 'True' : 'False' },
      ],
      containerStatuses: [{ name: component, image, ready }],
    },
  };
}

export function kubeProxyPod(name: string, nodeName: string, image: string, extra: { phase?: string; deleting?: boolean } = {}): ApiPod {
  return {
    metadata: {
      name,
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-proxy', 'controller-revision-hash': '7d9b8c', 'pod-template-generation': '3' },
      ownerReferences: [{ kind: 'DaemonSet', name: 'kube-proxy', controller: true }],
      deletionTimestamp: extra.deleting ? '2025-02-01T10:00:00Z' : undefined,
    },
    spec: { nodeName, containers: [{ name: 'kube-proxy', image }] },
    status: { phase: extra.phase ?? 'Running' },
  };
}

export function workloadPod(name: string, nodeName: string | undefined, phase: string, namespace = 'default'): ApiPod {
  return {
    metadata: { name, namespace },
    spec: { nodeName, containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: { phase },
  };
}
