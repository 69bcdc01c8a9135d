// Converts plain Kubernetes API objects into the cluster model of ./types.
import type { ApiCondition, ApiNode, ApiPod, ApiQuantity, ApiTaint, ApiTimestamp } from './apiTypes';
import { compareNames } from './compareNames';
import { readCordonInfo } from './cordonRecord';
import { isDeleting, isFinished, isPodReady, podLabel, programVersion } from './podFacts';
import type {
  ClusterSnapshot,
  ConditionStatus,
  ControlPlaneComponent,
  ControlPlaneComponentName,
  NodeInfo,
  ServerVersionInfo,
  Taint,
} from './types';

export type { ApiNode, ApiPod } from './apiTypes';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';
const SYSTEM_NAMESPACE = 'kube-system';
const KUBE_PROXY = 'kube-proxy';

const COMPONENT_NAMES: readonly ControlPlaneComponentName[] = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'cloud-controller-manager',
];

export interface NodeExtras {
  readonly podsUsed?: number;
  /** The version of the kube-proxy pod on the node; wins over status.nodeInfo.kubeProxyVersion. */
  readonly kubeProxyVersion?: string;
}

export interface SnapshotInput {
  readonly version: ServerVersionInfo;
  readonly nodes: readonly ApiNode[];
  /** Pods of kube-system: control-plane components and kube-proxy. */
  readonly systemPods: readonly ApiPod[];
  /** Pods of every namespace, when the caller listed them; enables per-node pod counts. */
  readonly allPods?: readonly ApiPod[];
  /** Running pods per node name, when the caller counted them itself (wins over allPods). */
  readonly podCounts?: ReadonlyMap<string, number>;
  readonly kubectlVersion?: string;
}

/** Roles as `kubectl get nodes` shows them: sorted, without duplicates. */
export function nodeRoles(labels: Readonly<Record<string, string>>): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_LABEL_PREFIX)) {
      const role = key.slice(ROLE_LABEL_PREFIX.length);
      if (role !== '') {
        roles.add(role);
      }
    } else if (key === LEGACY_ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** Normalises API timestamps (text or Date) to ISO 8601 text; unreadable values give undefined. */
export function isoTimestamp(value: ApiTimestamp | undefined): string | undefined {
  if (value == null) {
    return undefined;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const QUANTITY_PATTERN = /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const QUANTITY_SCALE: Readonly<Record<string, number>> = {
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** A countable quantity such as allocatable pods ("110", "1k"); undefined when not a plain count. */
export function quantityCount(quantity: ApiQuantity | undefined): number | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) ? Math.floor(quantity) : undefined;
  }
  const match = quantity === undefined ? null : QUANTITY_PATTERN.exec(quantity.trim());
  if (!match) {
    return undefined;
  }
  const scale = match[2] === undefined ? 1 : QUANTITY_SCALE[match[2]] ?? 1;
  return Math.floor(Number(match[1]) * scale);
}

function conditionStatus(condition: ApiCondition | undefined): ConditionStatus {
  const status = condition?.status;
  return status === 'True' || status === 'False' ? status : 'Unknown';
}

function conditionReason(condition: ApiCondition | undefined): string | undefined {
  const parts = [condition?.reason, condition?.message].filter((p): p is string => p !== undefined && p !== '');
  return parts.length > 0 ? parts.join(': ') : undefined;
}

function toTaint(taint: ApiTaint): Taint {
  const value = taint.value === undefined || taint.value === '' ? {} : { value: taint.value };
  return { key: taint.key ?? '', ...value, effect: taint.effect ?? '' };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** Keeps optional fields absent rather than present-and-undefined, so results compare cleanly. */
function definedOnly<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

export function nodeInfo(node: ApiNode, extras: NodeExtras = {}): NodeInfo {
  const labels = { ...(node.metadata?.labels ?? {}) };
  const system = node.status?.nodeInfo ?? {};
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const readyStatus = conditionStatus(ready);
  return definedOnly<NodeInfo>({
    name: node.metadata?.name ?? '',
    uid: node.metadata?.uid ?? '',
    roles: nodeRoles(labels),
    ready: readyStatus,
    readyReason: readyStatus === 'True' ? undefined : conditionReason(ready),
    unschedulable: node.spec?.unschedulable === true,
    kubeletVersion: system.kubeletVersion ?? '',
    kubeProxyVersion: nonEmpty(extras.kubeProxyVersion) ?? nonEmpty(system.kubeProxyVersion),
    containerRuntime: system.containerRuntimeVersion ?? '',
    osImage: system.osImage ?? '',
    kernelVersion: system.kernelVersion ?? '',
    architecture: system.architecture ?? '',
    operatingSystem: system.operatingSystem ?? '',
    internalIP: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
    podsUsed: extras.podsUsed,
    podsAllocatable: quantityCount(node.status?.allocatable?.['pods']),
    taints: (node.spec?.taints ?? []).map(toTaint),
    cordon: node.spec?.unschedulable === true ? readCordonInfo(node.metadata?.annotations) : undefined,
    createdAt: isoTimestamp(node.metadata?.creationTimestamp),
    labels,
  });
}

function asComponentName(value: string | undefined): ControlPlaneComponentName | undefined {
  return COMPONENT_NAMES.find((name) => name === value);
}

/** Mirror pods of static manifests are named `<manifest name>-<node name>`. */
function componentFromMirrorName(pod: ApiPod): ControlPlaneComponentName | undefined {
  const name = pod.metadata?.name;
  const nodeName = pod.spec?.nodeName;
  return nodeName ? COMPONENT_NAMES.find((c) => name === `${c}-${nodeName}`) : undefined;
}

function componentFromTier(pod: ApiPod): ControlPlaneComponentName | undefined {
  if (podLabel(pod, 'tier') !== 'control-plane') {
    return undefined;
  }
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  return COMPONENT_NAMES.find((c) => names.includes(c));
}

export function recogniseComponent(pod: ApiPod): ControlPlaneComponentName | undefined {
  return asComponentName(podLabel(pod, 'component'))
    ?? asComponentName(podLabel(pod, 'k8s-app'))
    ?? componentFromTier(pod)
    ?? componentFromMirrorName(pod);
}

/** Pods without a namespace are taken to come from a kube-system listing. */
function inSystemNamespace(pod: ApiPod): boolean {
  const namespace = pod.metadata?.namespace;
  return namespace === undefined || namespace === SYSTEM_NAMESPACE;
}

function toComponent(pod: ApiPod, component: ControlPlaneComponentName): ControlPlaneComponent {
  return definedOnly<ControlPlaneComponent>({
    component,
    podName: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? SYSTEM_NAMESPACE,
    nodeName: nonEmpty(pod.spec?.nodeName),
    version: programVersion(pod, component),
    ready: isPodReady(pod),
  });
}

function byComponentThenPod(a: ControlPlaneComponent, b: ControlPlaneComponent): number {
  return a.component.localeCompare(b.component) || compareNames(a.podName, b.podName);
}

export function controlPlaneComponents(pods: readonly ApiPod[]): ControlPlaneComponent[] {
  const components: ControlPlaneComponent[] = [];
  for (const pod of pods) {
    const component = inSystemNamespace(pod) ? recogniseComponent(pod) : undefined;
    if (component) {
      components.push(toComponent(pod, component));
    }
  }
  return components.sort(byComponentThenPod);
}

/**
 * The kube-proxy version per node name, from the image tags of kube-proxy pods. During a rollout
 * a terminating pod can share a node with its replacement; the replacement wins.
 */
export function kubeProxyVersions(pods: readonly ApiPod[]): Map<string, string> {
  const candidates = pods
    .filter((p) => podLabel(p, 'k8s-app') === KUBE_PROXY && !isFinished(p))
    .sort((a, b) => Number(isDeleting(a)) - Number(isDeleting(b)));
  const versions = new Map<string, string>();
  for (const pod of candidates) {
    const nodeName = pod.spec?.nodeName;
    const version = programVersion(pod, KUBE_PROXY);
    if (nodeName && version !== undefined && !versions.has(nodeName)) {
      versions.set(nodeName, version);
    }
  }
  return versions;
}

/** Pods bound to each node that still hold resources (not Succeeded or Failed). */
export function countPodsByNode(pods: readonly ApiPod[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    if (nodeName && !isFinished(pod)) {
      counts.set(nodeName, (counts.get(nodeName) ?? 0) + 1);
    }
  }
  return counts;
}

export function buildSnapshot(input: SnapshotInput): ClusterSnapshot {
  const components = controlPlaneComponents(input.systemPods);
  const proxies = kubeProxyVersions(input.systemPods);
  const podCounts = input.podCounts ?? (input.allPods ? countPodsByNode(input.allPods) : undefined);
  const nodes = input.nodes.map((node) => {
    const name = node.metadata?.name ?? '';
    return nodeInfo(node, { podsUsed: podCounts ? podCounts.get(name) ?? 0 : undefined, kubeProxyVersion: proxies.get(name) });
  });
  return definedOnly<ClusterSnapshot>({
    serverVersion: definedOnly<ServerVersionInfo>({ gitVersion: input.version.gitVersion, platform: input.version.platform }),
    managed: !components.some((c) => c.component === 'kube-apiserver'),
    components,
    nodes: nodes.sort((a, b) => compareNames(a.name, b.name)),
    kubectlVersion: nonEmpty(input.kubectlVersion),
  });
}
