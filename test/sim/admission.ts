/**
 * What the API server does to an object before storing it: validation of the few
 * fields the simulator depends on, and the defaulting a real cluster applies
 * (pod defaults and the DefaultTolerationSeconds tolerations, node status for
 * nodes declared tersely in a scenario), so `-o json` looks like a real cluster's.
 */
import { ApiError, type StatusCause } from './status';
import { containerRuntimeFor, parseKubeVersion } from './versions';
import type { Container, KubeObject, Node, Pod, PodSpec, Toleration } from './types';

export interface AdmissionContext {
  now: string;
  uid: () => string;
  suffix: () => string;
  /** Kubelet version for nodes that do not state one. */
  defaultKubeletVersion: string;
  /** Index used to derive addresses of a node that does not state them. */
  nextNodeIndex: () => number;
  /** Next free ClusterIP of the service range. */
  nextServiceIp: () => string;
}

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function validateCommon(obj: KubeObject, group: string): void {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name ?? '';
  // RBAC objects are named like path segments ("system:basic-user"), not DNS subdomains.
  const pathSegmentName = group === 'rbac.authorization.k8s.io';
  if (!name) causes.push({ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' });
  else if (pathSegmentName) {
    if (name === '.' || name === '..' || /[/%]/.test(name)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": may not contain '/' or '%'`, field: 'metadata.name' });
  } else if (name.length > 253 || !NAME_RE.test(name)) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      field: 'metadata.name',
    });
  }
  if (obj.kind === 'Pod') {
    const pod = obj as Pod;
    if (!Array.isArray(pod.spec?.containers) || pod.spec.containers.length === 0) {
      causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' });
    }
  }
  if (causes.length > 0) throw ApiError.invalid(obj.kind, group, name, causes);
}

/** Fills metadata the server owns: uid, creationTimestamp, generation, a generated name. */
export function defaultMetadata(obj: KubeObject, ctx: AdmissionContext, hasSpec: boolean): void {
  const m = obj.metadata;
  if (!m.name && m.generateName) m.name = `${m.generateName}${ctx.suffix()}`;
  m.uid ??= ctx.uid();
  m.creationTimestamp ??= ctx.now;
  if (hasSpec && obj.spec !== undefined) m.generation ??= 1;
  delete m.deletionTimestamp;
}

const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function defaultContainer(c: Container): void {
  c.resources ??= {};
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (c.imagePullPolicy === undefined) {
    const image = c.image ?? '';
    const tagged = /:[^/]+$/.test(image) && !image.endsWith(':latest');
    c.imagePullPolicy = tagged || image.includes('@') ? 'IfNotPresent' : 'Always';
  }
}

function qosClass(pod: Pod): string {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  const anyResources = all.some((c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!anyResources) return 'BestEffort';
  const guaranteed = all.every((c) => {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    return lim.cpu !== undefined && lim.memory !== undefined && (req.cpu ?? lim.cpu) === lim.cpu && (req.memory ?? lim.memory) === lim.memory;
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function defaultPod(pod: Pod): void {
  const spec = pod.spec;
  for (const c of spec.containers) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations = spec.tolerations ?? [];
  for (const t of DEFAULT_TOLERATIONS) {
    // An empty key (with operator Exists) tolerates every taint, an empty effect every effect (DefaultTolerationSeconds).
    if (!tolerations.some((x) => (!x.key || x.key === t.key) && (!x.effect || x.effect === t.effect))) tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
  pod.status ??= {};
  pod.status.phase ??= 'Pending';
  pod.status.qosClass ??= qosClass(pod);
}

/** Kernel and OS image a node of that minor is simulated with. */
function nodeOs(minor: number): { osImage: string; kernelVersion: string } {
  if (minor >= 32) return { osImage: 'Ubuntu 24.04.3 LTS', kernelVersion: '6.8.0-1036-aws' };
  if (minor >= 28) return { osImage: 'Ubuntu 22.04.5 LTS', kernelVersion: '6.5.0-1024-aws' };
  return { osImage: 'Ubuntu 20.04.6 LTS', kernelVersion: '5.15.0-1066-aws' };
}

export function defaultNode(node: Node, ctx: AdmissionContext): void {
  const name = node.metadata.name ?? '';
  const labels = (node.metadata.labels ??= {});
  labels['kubernetes.io/hostname'] ??= name;
  labels['kubernetes.io/os'] ??= 'linux';
  labels['kubernetes.io/arch'] ??= 'amd64';
  labels['beta.kubernetes.io/os'] ??= labels['kubernetes.io/os'];
  labels['beta.kubernetes.io/arch'] ??= labels['kubernetes.io/arch'];
  node.spec ??= {};
  const status = (node.status ??= {});
  const kubelet = status.nodeInfo?.kubeletVersion ?? ctx.defaultKubeletVersion;
  const minor = parseKubeVersion(kubelet).minor;
  const os = nodeOs(minor);
  const idx = ctx.nextNodeIndex();
  node.spec.podCIDR ??= `10.244.${idx % 256}.0/24`;
  node.spec.podCIDRs ??= [node.spec.podCIDR];
  status.nodeInfo = {
    machineID: ctx.uid().replace(/-/g, ''),
    systemUUID: ctx.uid(),
    bootID: ctx.uid(),
    kernelVersion: os.kernelVersion,
    osImage: os.osImage,
    containerRuntimeVersion: containerRuntimeFor(minor),
    kubeProxyVersion: minor >= 31 ? '' : kubelet,
    operatingSystem: 'linux',
    architecture: labels['kubernetes.io/arch'],
    ...status.nodeInfo,
    kubeletVersion: kubelet,
  };
  if (minor >= 31) delete status.nodeInfo.kubeProxyVersion;
  status.capacity ??= { cpu: '4', 'ephemeral-storage': '101430960Ki', memory: '16375424Ki', pods: '110' };
  status.allocatable ??= { ...status.capacity };
  status.addresses ??= [
    { type: 'InternalIP', address: `10.0.${Math.floor(idx / 250) % 256}.${(idx % 250) + 4}` },
    { type: 'Hostname', address: name },
  ];
  status.daemonEndpoints ??= { kubeletEndpoint: { Port: 10250 } };
  if (!status.conditions) {
    const t = ctx.now;
    const cond = (type: string, st: 'True' | 'False', reason: string, message: string) => ({ type, status: st, lastHeartbeatTime: t, lastTransitionTime: t, reason, message });
    status.conditions = [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ];
  }
}

export function defaultNamespace(ns: KubeObject): void {
  const labels = (ns.metadata.labels ??= {});
  labels['kubernetes.io/metadata.name'] = ns.metadata.name ?? '';
  ns.spec ??= { finalizers: ['kubernetes'] };
  ns.status ??= { phase: 'Active' };
}

/** Defaults for a workload's pod template, so created pods carry them. */
interface RollingUpdateDefaults {
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  partition?: number;
}

interface WorkloadDefaults {
  replicas?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  podManagementPolicy?: string;
  strategy?: { type?: string; rollingUpdate?: RollingUpdateDefaults };
  updateStrategy?: { type?: string; rollingUpdate?: RollingUpdateDefaults };
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  template?: { spec?: PodSpec };
}

/** The pod template defaults SetDefaults_PodSpec fills in (pkg/apis/core/v1/defaults.go). */
function defaultTemplateSpec(spec: PodSpec | undefined): void {
  if (!spec || !Array.isArray(spec.containers)) return;
  for (const c of spec.containers) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
}

/**
 * apps/v1 defaults (pkg/apis/apps/v1/defaults.go): replicas 1; a Deployment's
 * RollingUpdate strategy with 25% surge and 25% unavailable, revisionHistoryLimit 10
 * and progressDeadlineSeconds 600; a StatefulSet's OrderedReady policy, RollingUpdate
 * with partition 0 and Retain PVC policy; a DaemonSet's RollingUpdate with
 * maxUnavailable 1 and maxSurge 0.
 */
export function defaultWorkload(w: KubeObject): void {
  const spec = w.spec as WorkloadDefaults | undefined;
  if (!spec) return;
  if ((w.kind === 'Deployment' || w.kind === 'ReplicaSet' || w.kind === 'StatefulSet') && spec.replicas === undefined) spec.replicas = 1;
  if (w.apiVersion !== 'apps/v1') return;
  if (w.kind === 'Deployment' || w.kind === 'ReplicaSet' || w.kind === 'StatefulSet' || w.kind === 'DaemonSet') defaultTemplateSpec(spec.template?.spec);
  if (w.kind === 'Deployment') {
    const strategy = (spec.strategy ??= {});
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {});
      ru.maxUnavailable ??= '25%';
      ru.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  } else if (w.kind === 'StatefulSet') {
    spec.podManagementPolicy ??= 'OrderedReady';
    const strategy = (spec.updateStrategy ??= {});
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') (strategy.rollingUpdate ??= {}).partition ??= 0;
    spec.revisionHistoryLimit ??= 10;
    const pvc = (spec.persistentVolumeClaimRetentionPolicy ??= {});
    pvc.whenDeleted ??= 'Retain';
    pvc.whenScaled ??= 'Retain';
  } else if (w.kind === 'DaemonSet') {
    const strategy = (spec.updateStrategy ??= {});
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {});
      ru.maxUnavailable ??= 1;
      ru.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
  }
}

/** Services get a ClusterIP (unless headless) and the defaults the API server fills in. */
export function defaultService(svc: KubeObject, ctx: AdmissionContext): void {
  const spec = (svc.spec ??= {}) as { type?: string; clusterIP?: string; clusterIPs?: string[]; sessionAffinity?: string; ports?: { protocol?: string; port: number; targetPort?: number | string }[]; ipFamilies?: string[]; ipFamilyPolicy?: string; internalTrafficPolicy?: string };
  spec.type ??= 'ClusterIP';
  if (spec.type !== 'ExternalName') {
    spec.clusterIP ??= ctx.nextServiceIp();
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  spec.sessionAffinity ??= 'None';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  svc.status ??= { loadBalancer: {} };
}
