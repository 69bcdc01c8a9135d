/**
 * Scenarios for the kubectl parity tests. Nodes state their status in full (as a
 * real kubelet reports it) so expected outputs do not depend on simulator
 * defaults; pods that kubectl output names are declared with fixed names and
 * owner references, like pods a controller created earlier.
 */

export interface NodeSpec {
  name: string;
  version: string;
  ip: string;
  controlPlane?: boolean;
  unschedulable?: boolean;
}

function node(n: NodeSpec): string {
  const labels = n.controlPlane ? '\n    node-role.kubernetes.io/control-plane: ""' : '';
  const taints = n.controlPlane ? '\n  taints:\n    - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}' : '';
  const unschedulable = n.unschedulable ? '\n  unschedulable: true' : '';
  return `apiVersion: v1
kind: Node
metadata:
  name: ${n.name}
  creationTimestamp: "2025-06-01T08:00:00Z"
  labels:
    kubernetes.io/hostname: ${n.name}${labels}
spec:
  podCIDR: 10.244.${n.ip.split('.')[3]}.0/24${taints}${unschedulable}
status:
  addresses:
    - {type: InternalIP, address: ${n.ip}}
    - {type: Hostname, address: ${n.name}}
  capacity: {cpu: "4", memory: 16Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 16Gi, pods: "110"}
  nodeInfo:
    kubeletVersion: ${n.version}
    osImage: Ubuntu 24.04.2 LTS
    kernelVersion: 6.8.0-1029-aws
    containerRuntimeVersion: containerd://2.0.5
    operatingSystem: linux
    architecture: amd64
`;
}

export const BASE_NODES: NodeSpec[] = [
  { name: 'cp-1', version: 'v1.35.0', ip: '10.0.0.10', controlPlane: true },
  { name: 'worker-1', version: 'v1.35.0', ip: '10.0.0.11' },
  { name: 'worker-2', version: 'v1.34.3', ip: '10.0.0.12' },
  { name: 'worker-3', version: 'v1.34.3', ip: '10.0.0.13' },
];

export function scenario(name: string, objects: string, opts: { version?: string; nodes?: NodeSpec[]; managed?: boolean } = {}): string {
  const header = `apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: {name: ${name}}
spec:
  kubernetesVersion: ${opts.version ?? 'v1.35.0'}
  managed: ${opts.managed ?? true}
  timeScale: 0.02
  podStartSeconds: 1
`;
  return [header, ...(opts.nodes ?? BASE_NODES).map(node), objects].filter((d) => d.trim()).join('---\n');
}

/** A ReplicaSet with `pods` already running on the given nodes under fixed names. */
export function replicaSet(name: string, pods: { name: string; node: string }[], o: { namespace?: string; labels?: Record<string, string>; emptyDir?: boolean; grace?: number } = {}): string {
  const ns = o.namespace ?? 'default';
  const labels = o.labels ?? { app: name };
  const labelYaml = Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ');
  const volumes = o.emptyDir ? '\n      volumes: [{name: scratch, emptyDir: {}}]' : '';
  const grace = o.grace === undefined ? '' : `\n      terminationGracePeriodSeconds: ${o.grace}`;
  const podVolumes = o.emptyDir ? '\n  volumes: [{name: scratch, emptyDir: {}}]' : '';
  const podGrace = o.grace === undefined ? '' : `\n  terminationGracePeriodSeconds: ${o.grace}`;
  const docs = [
    `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: ${pods.length}
  selector: {matchLabels: {${labelYaml}}}
  template:
    metadata: {labels: {${labelYaml}}}
    spec:${volumes}${grace}
      containers: [{name: app, image: "nginx:1.27"}]
`,
    ...pods.map(
      (p) => `apiVersion: v1
kind: Pod
metadata:
  name: ${p.name}
  namespace: ${ns}
  labels: {${labelYaml}}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: ${name}, controller: true, blockOwnerDeletion: true}]
spec:
  nodeName: ${p.node}${podVolumes}${podGrace}
  containers: [{name: app, image: "nginx:1.27"}]
`,
    ),
  ];
  return docs.join('---\n');
}

/** A DaemonSet whose pod on `node` has a fixed name (the others are created by the controller). */
export function daemonSet(name: string, namespace: string, podName: string, nodeName: string): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      tolerations: [{operator: Exists}]
      containers: [{name: agent, image: "agent:1.0"}]
---
apiVersion: v1
kind: Pod
metadata:
  name: ${podName}
  namespace: ${namespace}
  labels: {app: ${name}}
  ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: ${name}, controller: true, blockOwnerDeletion: true}]
spec:
  nodeName: ${nodeName}
  tolerations: [{operator: Exists}]
  containers: [{name: agent, image: "agent:1.0"}]
`;
}

export function plainPod(name: string, nodeName: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec:
  nodeName: ${nodeName}
  containers: [{name: c, image: "busybox:1.36"}]
${extra}`;
}

export function pdb(name: string, selector: string, rule: string): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: default}
spec:
  ${rule}
  selector: {matchLabels: {${selector}}}
`;
}

/** A namespaced custom resource, Pool, with a scale subresource at .spec.replicas. */
export const POOL_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: pools.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: pools, singular: pool, kind: Pool, listKind: PoolList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    subresources:
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
`;
