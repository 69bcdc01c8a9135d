// Small builders of cluster snapshots for the skew tests.
import type { ClusterSnapshot, ControlPlaneComponent, ControlPlaneComponentName, NodeInfo } from '../../../src/core/cluster/types';

/** "v1.<minor>.<patch>" */
export function v(minor: number, patch = 0): string {
  return `v1.${minor}.${patch}`;
}

export function component(kind: ControlPlaneComponentName, version: string | undefined, nodeName?: string): ControlPlaneComponent {
  const podName = nodeName ? `${kind}-${nodeName}` : `${kind}-pod`;
  return { component: kind, podName, namespace: 'kube-system', nodeName, version, ready: true };
}

export function node(name: string, kubeletVersion: string, kubeProxyVersion?: string): NodeInfo {
  return {
    name,
    uid: `uid-${name}`,
    roles: [],
    ready: 'True',
    unschedulable: false,
    kubeletVersion,
    kubeProxyVersion,
    containerRuntime: 'containerd://1.7.22',
    osImage: 'Ubuntu 22.04.4 LTS',
    kernelVersion: '5.15.0-119-generic',
    architecture: 'amd64',
    operatingSystem: 'linux',
    taints: [],
    labels: {},
  };
}

export interface SnapshotParts {
  readonly gitVersion?: string;
  readonly components?: readonly ControlPlaneComponent[];
  readonly nodes?: readonly NodeInfo[];
  readonly kubectlVersion?: string;
}

export function snapshot(parts: SnapshotParts): ClusterSnapshot {
  const components = parts.components ?? [];
  return {
    serverVersion: { gitVersion: parts.gitVersion ?? '' },
    managed: !components.some((c) => c.component === 'kube-apiserver'),
    components,
    nodes: parts.nodes ?? [],
    kubectlVersion: parts.kubectlVersion,
  };
}

/** A single-apiserver cluster at 1.<minor> (from gitVersion, as on a managed cluster) with one node. */
export function managedWithNode(apiMinor: number, kubelet: string, kubeProxy?: string): ClusterSnapshot {
  return snapshot({ gitVersion: v(apiMinor, 3), nodes: [node('worker-1', kubelet, kubeProxy)] });
}
