/**
 * Builds a SimCluster from a Scenario: the built-in namespaces, the
 * `kubernetes` Service, the default RBAC roles and the system PriorityClasses every
 * cluster has, then the scenario's objects in
 * dependency order (namespaces, CRDs, nodes, controllers, then pods).
 * Owner references in a scenario may name their owner without a uid; the uid is
 * filled in from the loaded owner.
 */
import { defaultComponents, SimCluster, type ClusterSettings } from './cluster';
import { defaultRbacObjects } from './rbacDefaults';
import type { Scenario } from './scenario';
import { systemPriorityClasses } from './systemObjects';
import { clone, type KubeObject } from './types';
import { parseKubeVersion } from './versions';

const LOAD_ORDER = ['Namespace', 'CustomResourceDefinition', 'Node', 'PriorityClass', 'StorageClass', 'ServiceAccount', 'Secret', 'ConfigMap', 'Service'];
const LAST = ['Pod'];

function rank(kind: string): number {
  const i = LOAD_ORDER.indexOf(kind);
  if (i >= 0) return i;
  return LAST.includes(kind) ? LOAD_ORDER.length + 2 : LOAD_ORDER.length + 1;
}

export function settingsFor(scenario: Scenario): ClusterSettings {
  const spec = scenario.cluster;
  const base = parseKubeVersion(spec.kubernetesVersion);
  const version = spec.gitVersion ? { ...base, gitVersion: spec.gitVersion } : base;
  const components = defaultComponents(version);
  for (const [k, v] of Object.entries(spec.components ?? {})) {
    components[k as keyof typeof components] = k === 'etcd' ? v.replace(/^v/, '') : parseKubeVersion(v).gitVersion;
  }
  return {
    name: scenario.name,
    version,
    components,
    managed: spec.managed === true,
    timeScale: spec.timeScale ?? 1,
    podStartSeconds: spec.podStartSeconds ?? 2,
    nodeUpgradeSeconds: spec.nodeUpgradeSeconds ?? 20,
    jobPodSeconds: spec.jobPodSeconds ?? 30,
    historyLimit: spec.watchHistory ?? 10_000,
    ...(spec.staticPodRestartSeconds !== undefined ? { staticPodRestartSeconds: spec.staticPodRestartSeconds } : {}),
    ...(spec.nodeLeaseRenewSeconds !== undefined ? { nodeLeaseRenewSeconds: spec.nodeLeaseRenewSeconds } : {}),
  };
}

function builtinObjects(): KubeObject[] {
  const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return [
    ns('default'),
    ns('kube-node-lease'),
    ns('kube-public'),
    ns('kube-system'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
    ...defaultRbacObjects(),
    ...systemPriorityClasses(),
  ];
}

function resolveOwnerUids(cluster: SimCluster, obj: KubeObject): void {
  for (const ref of obj.metadata.ownerReferences ?? []) {
    if (ref.uid) continue;
    const served = cluster.catalog.forKind(ref.apiVersion, ref.kind);
    const owner = served ? cluster.store.get(`${served.def.group}/${served.def.plural}`, served.def.namespaced ? obj.metadata.namespace : undefined, ref.name) : undefined;
    if (!owner) throw new Error(`${obj.kind} ${obj.metadata.name}: owner ${ref.kind} ${ref.name} is not in the scenario`);
    ref.uid = owner.metadata.uid ?? '';
  }
}

/**
 * @param owned the scenario's objects may be consumed (e.g. just parsed from a file);
 *   otherwise they are copied so the caller can reuse the scenario.
 */
export function buildCluster(scenario: Scenario, owned = false): SimCluster {
  const cluster = new SimCluster(settingsFor(scenario));
  const objects = [...builtinObjects(), ...(owned ? scenario.objects : scenario.objects.map((o) => clone(o)))];
  const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  for (const o of scenario.objects) {
    const ns = o.metadata.namespace;
    if (ns && !declared.has(ns)) {
      declared.add(ns);
      objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
  }
  const seen = new Set<string>();
  const ordered = objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o.kind) - rank(b.o.kind) || a.i - b.i)
    .map((x) => x.o)
    .filter((o) => {
      const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  for (const obj of ordered) {
    if (obj.kind !== 'Namespace' && obj.kind !== 'Node' && obj.kind !== 'CustomResourceDefinition' && obj.metadata.namespace === undefined) {
      const served = cluster.catalog.forKind(obj.apiVersion, obj.kind);
      if (served?.def.namespaced) obj.metadata.namespace = 'default';
    }
    resolveOwnerUids(cluster, obj);
    cluster.load(obj);
  }
  return cluster;
}
