// Plain data about a live cluster, as the tree, the skew policy, drain and the checklist see it.
// Built from API objects by ./fromApi; nothing here knows about the Kubernetes client.

import type { CordonInfo } from './cordonRecord';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
}

export interface NodeInfo {
  readonly name: string;
  readonly uid: string;
  /** From node-role.kubernetes.io/* labels (and the legacy kubernetes.io/role label), sorted. */
  readonly roles: readonly string[];
  readonly ready: ConditionStatus;
  /** Reason/message of the Ready condition when not Ready. */
  readonly readyReason?: string;
  readonly unschedulable: boolean;
  readonly kubeletVersion: string;
  /** From the node's kube-proxy pod image when there is one, else status.nodeInfo.kubeProxyVersion. */
  readonly kubeProxyVersion?: string;
  readonly containerRuntime: string;
  readonly osImage: string;
  readonly kernelVersion: string;
  readonly architecture: string;
  readonly operatingSystem: string;
  readonly internalIP?: string;
  /** Pods bound to the node that are not finished (Succeeded/Failed), when pods were counted. */
  readonly podsUsed?: number;
  readonly podsAllocatable?: number;
  readonly taints: readonly Taint[];
  /** Who cordoned it, when and why, when our cordon recorded it. */
  readonly cordon?: CordonInfo;
  readonly createdAt?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type ControlPlaneComponentName = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'cloud-controller-manager';

export interface ControlPlaneComponent {
  readonly component: ControlPlaneComponentName;
  readonly podName: string;
  readonly namespace: string;
  readonly nodeName?: string;
  /** Version from the container image tag (e.g. v1.31.4, or 3.5.15-0 for etcd). */
  readonly version?: string;
  readonly ready: boolean;
}

export interface ServerVersionInfo {
  readonly gitVersion: string;
  readonly platform?: string;
}

/** A context's server version and where it came from, for the target version's "auto". */
export interface ServerVersionHint {
  readonly contextName: string;
  readonly gitVersion: string;
  /** connected: a live view of the cluster has it; remembered: stored from an earlier connection. */
  readonly source: 'connected' | 'remembered';
  /** When it was read (epoch ms). */
  readonly observedAt: number;
}

export interface ClusterSnapshot {
  readonly serverVersion: ServerVersionInfo;
  /** True when no control-plane pods are visible (EKS, GKE, AKS…). */
  readonly managed: boolean;
  readonly components: readonly ControlPlaneComponent[];
  readonly nodes: readonly NodeInfo[];
  /** The local kubectl's client version, when one was found. */
  readonly kubectlVersion?: string;
}

export type Severity = 'error' | 'warning';

/** One finding of the version-skew policy, in words an operator understands. */
export interface SkewVerdict {
  readonly severity: Severity;
  /** What it is about: a node name, a control-plane pod name, or 'kubectl' / 'cluster'. */
  readonly subject: string;
  readonly kind: 'kubelet' | 'kube-proxy' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'cloud-controller-manager' | 'kubectl';
  /** 'violation' breaks the policy now; 'blocks-upgrade' is fine now but blocks the next control-plane minor. */
  readonly type: 'violation' | 'blocks-upgrade';
  readonly message: string;
}
