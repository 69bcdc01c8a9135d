/**
 * The built-in API resources of kube-apiserver, and which group/versions a given
 * control-plane minor serves by default (GA versions, plus the betas that were on by
 * default before they were removed: e.g. policy/v1beta1 until 1.25, extensions/v1beta1
 * ingresses until 1.22). Custom resources are added from CRD objects.
 */

import type { KubeObject } from './types';

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export interface VersionWindow {
  version: string;
  /** First minor that serves it. */
  from: number;
  /** Minor in which it was removed (not served from then on). */
  until?: number;
}

export interface SubresourceDef {
  name: string;
  kind: string;
  verbs: string[];
  /** Response group/version when it differs from the parent (pods/eviction -> policy/v1). */
  group?: string;
  version?: string;
}

export interface ResourceDef {
  group: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceDef[];
  versions: VersionWindow[];
  /** Set for resources defined by a CustomResourceDefinition. */
  crd?: CrdInfo;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface CrdInfo {
  printerColumns: Record<string, PrinterColumn[]>;
}

/** A resource as served at one group/version. */
export interface ServedResource {
  def: ResourceDef;
  group: string;
  version: string;
  /** "v1" or "apps/v1". */
  groupVersion: string;
}

const status = (kind: string): SubresourceDef => ({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
const scale: SubresourceDef = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
const createOnly = ['create'];
const ALL_CAT = ['all'];
const EXT_CAT = ['api-extensions'];

interface DefOptions {
  short?: string[];
  cat?: string[];
  verbs?: string[];
  sub?: SubresourceDef[];
  cluster?: boolean;
  singular?: string;
}

function def(group: string, plural: string, kind: string, versions: VersionWindow[], o: DefOptions = {}): ResourceDef {
  const d: ResourceDef = {
    group,
    plural,
    singular: o.singular ?? kind.toLowerCase(),
    kind,
    namespaced: !o.cluster,
    verbs: o.verbs ?? ALL_VERBS,
    versions,
  };
  if (o.short) d.shortNames = o.short;
  if (o.cat) d.categories = o.cat;
  if (o.sub) d.subresources = o.sub;
  return d;
}

const v = (version: string, from = 0, until?: number): VersionWindow => (until === undefined ? { version, from } : { version, from, until });
const GA = [v('v1')];
const GA_AND_BETA_UNTIL_22 = [v('v1'), v('v1beta1', 0, 22)];

function podSubresources(): SubresourceDef[] {
  return [
    { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
    { name: 'binding', kind: 'Binding', verbs: ['create'] },
    { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    // The group/version of pods/eviction is filled in per minor (policy/v1 from 1.22).
    { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
    { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    { name: 'log', kind: 'Pod', verbs: ['get'] },
    { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    status('Pod'),
  ];
}

export const BUILTIN_RESOURCES: ResourceDef[] = [
  // core
  def('', 'bindings', 'Binding', GA, { verbs: createOnly }),
  def('', 'componentstatuses', 'ComponentStatus', GA, { short: ['cs'], verbs: ['get', 'list'], cluster: true }),
  def('', 'configmaps', 'ConfigMap', GA, { short: ['cm'] }),
  def('', 'endpoints', 'Endpoints', GA, { short: ['ep'], singular: 'endpoints' }),
  def('', 'events', 'Event', GA, { short: ['ev'] }),
  def('', 'limitranges', 'LimitRange', GA, { short: ['limits'] }),
  def('', 'namespaces', 'Namespace', GA, {
    short: ['ns'],
    cluster: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    sub: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, status('Namespace')],
  }),
  def('', 'nodes', 'Node', GA, {
    short: ['no'],
    cluster: true,
    sub: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status('Node')],
  }),
  def('', 'persistentvolumeclaims', 'PersistentVolumeClaim', GA, { short: ['pvc'], sub: [status('PersistentVolumeClaim')] }),
  def('', 'persistentvolumes', 'PersistentVolume', GA, { short: ['pv'], cluster: true, sub: [status('PersistentVolume')] }),
  def('', 'pods', 'Pod', GA, { short: ['po'], cat: ALL_CAT, sub: podSubresources() }),
  def('', 'podtemplates', 'PodTemplate', GA),
  def('', 'replicationcontrollers', 'ReplicationController', GA, { short: ['rc'], cat: ALL_CAT, sub: [scale, status('ReplicationController')] }),
  def('', 'resourcequotas', 'ResourceQuota', GA, { short: ['quota'], sub: [status('ResourceQuota')] }),
  def('', 'secrets', 'Secret', GA),
  def('', 'serviceaccounts', 'ServiceAccount', GA, { short: ['sa'], sub: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }] }),
  def('', 'services', 'Service', GA, { short: ['svc'], cat: ALL_CAT, sub: [{ name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status('Service')] }),

  // admissionregistration.k8s.io
  def('admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', [v('v1', 16), v('v1beta1', 0, 22)], { cat: EXT_CAT, cluster: true }),
  def('admissionregistration.k8s.io', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', [v('v1', 30)], { cat: EXT_CAT, cluster: true, sub: [status('ValidatingAdmissionPolicy')] }),
  def('admissionregistration.k8s.io', 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', [v('v1', 30)], { cat: EXT_CAT, cluster: true }),
  def('admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', [v('v1', 16), v('v1beta1', 0, 22)], { cat: EXT_CAT, cluster: true }),

  def('apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition', [v('v1', 16), v('v1beta1', 0, 22)], { short: ['crd', 'crds'], cat: EXT_CAT, cluster: true, sub: [status('CustomResourceDefinition')] }),
  def('apiregistration.k8s.io', 'apiservices', 'APIService', GA_AND_BETA_UNTIL_22, { cat: EXT_CAT, cluster: true, sub: [status('APIService')] }),

  // apps
  def('apps', 'controllerrevisions', 'ControllerRevision', GA),
  def('apps', 'daemonsets', 'DaemonSet', GA, { short: ['ds'], cat: ALL_CAT, sub: [status('DaemonSet')] }),
  def('apps', 'deployments', 'Deployment', GA, { short: ['deploy'], cat: ALL_CAT, sub: [scale, status('Deployment')] }),
  def('apps', 'replicasets', 'ReplicaSet', GA, { short: ['rs'], cat: ALL_CAT, sub: [scale, status('ReplicaSet')] }),
  def('apps', 'statefulsets', 'StatefulSet', GA, { short: ['sts'], cat: ALL_CAT, sub: [scale, status('StatefulSet')] }),

  def('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview', [v('v1', 28)], { verbs: createOnly, cluster: true }),
  def('authentication.k8s.io', 'tokenreviews', 'TokenReview', GA_AND_BETA_UNTIL_22, { verbs: createOnly, cluster: true }),
  def('authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', GA_AND_BETA_UNTIL_22, { verbs: createOnly }),
  def('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', GA_AND_BETA_UNTIL_22, { verbs: createOnly, cluster: true }),
  def('authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', GA_AND_BETA_UNTIL_22, { verbs: createOnly, cluster: true }),
  def('authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview', GA_AND_BETA_UNTIL_22, { verbs: createOnly, cluster: true }),

  def('autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', [v('v2', 23), v('v1'), v('v2beta2', 12, 26), v('v2beta1', 8, 25)], { short: ['hpa'], cat: ALL_CAT, sub: [status('HorizontalPodAutoscaler')] }),

  def('batch', 'cronjobs', 'CronJob', [v('v1', 21), v('v1beta1', 0, 25)], { short: ['cj'], cat: ALL_CAT, sub: [status('CronJob')] }),
  def('batch', 'jobs', 'Job', GA, { cat: ALL_CAT, sub: [status('Job')] }),

  def('certificates.k8s.io', 'certificatesigningrequests', 'CertificateSigningRequest', [v('v1', 19), v('v1beta1', 0, 22)], {
    short: ['csr'],
    cluster: true,
    sub: [{ name: 'approval', kind: 'CertificateSigningRequest', verbs: ['get', 'patch', 'update'] }, status('CertificateSigningRequest')],
  }),
  def('coordination.k8s.io', 'leases', 'Lease', GA_AND_BETA_UNTIL_22),
  def('discovery.k8s.io', 'endpointslices', 'EndpointSlice', [v('v1', 21), v('v1beta1', 0, 25)]),
  def('events.k8s.io', 'events', 'Event', [v('v1', 19), v('v1beta1', 0, 25)], { short: ['ev'] }),
  def('extensions', 'ingresses', 'Ingress', [v('v1beta1', 0, 22)], { short: ['ing'], sub: [status('Ingress')] }),

  def('flowcontrol.apiserver.k8s.io', 'flowschemas', 'FlowSchema', [v('v1', 29), v('v1beta3', 26, 32), v('v1beta2', 23, 29), v('v1beta1', 20, 26)], { cluster: true, sub: [status('FlowSchema')] }),
  def('flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', 'PriorityLevelConfiguration', [v('v1', 29), v('v1beta3', 26, 32), v('v1beta2', 23, 29), v('v1beta1', 20, 26)], { cluster: true, sub: [status('PriorityLevelConfiguration')] }),

  def('networking.k8s.io', 'ingressclasses', 'IngressClass', [v('v1', 19), v('v1beta1', 18, 22)], { cluster: true }),
  def('networking.k8s.io', 'ingresses', 'Ingress', [v('v1', 19), v('v1beta1', 0, 22)], { short: ['ing'], sub: [status('Ingress')] }),
  def('networking.k8s.io', 'ipaddresses', 'IPAddress', [v('v1', 33)], { short: ['ip'], cluster: true }),
  def('networking.k8s.io', 'networkpolicies', 'NetworkPolicy', GA, { short: ['netpol'] }),
  def('networking.k8s.io', 'servicecidrs', 'ServiceCIDR', [v('v1', 33)], { cluster: true, sub: [status('ServiceCIDR')] }),

  def('node.k8s.io', 'runtimeclasses', 'RuntimeClass', [v('v1', 20), v('v1beta1', 0, 25)], { cluster: true }),

  def('policy', 'poddisruptionbudgets', 'PodDisruptionBudget', [v('v1', 21), v('v1beta1', 0, 25)], { short: ['pdb'], sub: [status('PodDisruptionBudget')] }),
  def('policy', 'podsecuritypolicies', 'PodSecurityPolicy', [v('v1beta1', 0, 25)], { short: ['psp'], cluster: true }),

  def('rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', GA_AND_BETA_UNTIL_22, { cluster: true }),
  def('rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', GA_AND_BETA_UNTIL_22, { cluster: true }),
  def('rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding', GA_AND_BETA_UNTIL_22),
  def('rbac.authorization.k8s.io', 'roles', 'Role', GA_AND_BETA_UNTIL_22),

  def('resource.k8s.io', 'deviceclasses', 'DeviceClass', [v('v1', 34)], { cluster: true }),
  def('resource.k8s.io', 'resourceclaims', 'ResourceClaim', [v('v1', 34)], { sub: [status('ResourceClaim')] }),
  def('resource.k8s.io', 'resourceclaimtemplates', 'ResourceClaimTemplate', [v('v1', 34)]),
  def('resource.k8s.io', 'resourceslices', 'ResourceSlice', [v('v1', 34)], { cluster: true }),

  def('scheduling.k8s.io', 'priorityclasses', 'PriorityClass', GA_AND_BETA_UNTIL_22, { short: ['pc'], cluster: true }),

  def('storage.k8s.io', 'csidrivers', 'CSIDriver', GA_AND_BETA_UNTIL_22, { cluster: true }),
  def('storage.k8s.io', 'csinodes', 'CSINode', GA_AND_BETA_UNTIL_22, { cluster: true }),
  def('storage.k8s.io', 'csistoragecapacities', 'CSIStorageCapacity', [v('v1', 24), v('v1beta1', 21, 27)]),
  def('storage.k8s.io', 'storageclasses', 'StorageClass', GA_AND_BETA_UNTIL_22, { short: ['sc'], cluster: true }),
  def('storage.k8s.io', 'volumeattachments', 'VolumeAttachment', GA_AND_BETA_UNTIL_22, { cluster: true, sub: [status('VolumeAttachment')] }),
  def('storage.k8s.io', 'volumeattributesclasses', 'VolumeAttributesClass', [v('v1', 34)], { short: ['vac'], cluster: true }),
];

/** Order of groups in /apis, as kube-apiserver lists them (by group priority). */
const GROUP_ORDER = [
  'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
  'certificates.k8s.io', 'networking.k8s.io', 'extensions', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io',
  'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
];

export function isServed(w: VersionWindow, minor: number): boolean {
  return minor >= w.from && (w.until === undefined || minor < w.until);
}

export interface ServedGroup {
  name: string;
  /** Versions in preference order; the first is the preferred version. */
  versions: string[];
}

interface CrdObject {
  spec?: {
    group?: string;
    scope?: string;
    names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[]; categories?: string[] };
    versions?: { name: string; served?: boolean; storage?: boolean; additionalPrinterColumns?: PrinterColumn[]; subresources?: { scale?: { specReplicasPath?: string } } }[];
  };
}

/** A ResourceDef for the custom resource a CustomResourceDefinition object declares. */
export function resourceFromCrd(crd: KubeObject): ResourceDef | undefined {
  const spec = crd.spec as CrdObject['spec'];
  const names = spec?.names;
  if (!spec?.group || !names?.plural || !names.kind) return undefined;
  const served = (spec.versions ?? []).filter((x) => x.served !== false);
  if (served.length === 0) return undefined;
  const printerColumns: Record<string, PrinterColumn[]> = {};
  for (const x of served) printerColumns[x.name] = x.additionalPrinterColumns ?? [];
  const d: ResourceDef = {
    group: spec.group,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    kind: names.kind,
    namespaced: spec.scope !== 'Cluster',
    verbs: ALL_VERBS,
    versions: served.map((x) => ({ version: x.name, from: 0 })),
    crd: { printerColumns },
  };
  if (names.shortNames?.length) d.shortNames = names.shortNames;
  if (names.categories?.length) d.categories = names.categories;
  // Only a scale at .spec.replicas, where the scale handler and the disruption controller read it;
  // the simulator serves one set of subresources for all versions: the storage version's.
  const storage = served.find((x) => x.storage) ?? served[0];
  if (storage?.subresources?.scale?.specReplicasPath === '.spec.replicas') d.subresources = [scale];
  return d;
}

/** Kubernetes' version priority: GA > beta > alpha, higher numbers first. */
export function compareKubeApiVersions(a: string, b: string): number {
  const parse = (s: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(s);
    if (!m) return [0, 0, 0, s];
    const level = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [level, Number(m[1]), m[3] === undefined ? 0 : Number(m[3]), s];
  };
  const [la, ma, na, sa] = parse(a);
  const [lb, mb, nb, sb] = parse(b);
  if (la !== lb) return lb - la;
  if (ma !== mb) return mb - ma;
  if (na !== nb) return nb - na;
  return sa.localeCompare(sb);
}

/**
 * What one cluster serves: built-ins for its minor plus its CRDs. Immutable; the
 * cluster builds a new one when the control-plane version or the CRDs change.
 */
export class ApiCatalog {
  readonly groups: ServedGroup[];
  private readonly byGroupVersion = new Map<string, ServedResource[]>();
  private readonly byResource = new Map<string, ResourceDef>();

  constructor(readonly minor: number, crds: readonly KubeObject[] = []) {
    const defs: ResourceDef[] = BUILTIN_RESOURCES.map((d) => (d.plural === 'pods' ? this.podsForMinor(d) : d));
    for (const crd of crds) {
      const d = resourceFromCrd(crd);
      if (d && !defs.some((x) => x.group === d.group && x.plural === d.plural)) defs.push(d);
    }
    const groupVersions = new Map<string, Set<string>>();
    for (const d of defs) {
      for (const w of d.versions) {
        if (!isServed(w, minor)) continue;
        const gv = d.group ? `${d.group}/${w.version}` : w.version;
        const list = this.byGroupVersion.get(gv) ?? [];
        list.push({ def: d, group: d.group, version: w.version, groupVersion: gv });
        this.byGroupVersion.set(gv, list);
        const set = groupVersions.get(d.group) ?? new Set<string>();
        set.add(w.version);
        groupVersions.set(d.group, set);
        this.byResource.set(`${d.group}/${d.plural}`, d);
      }
    }
    for (const list of this.byGroupVersion.values()) list.sort((a, b) => a.def.plural.localeCompare(b.def.plural));
    const names = [...groupVersions.keys()].filter((g) => g !== '');
    const rank = (g: string): number => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    this.groups = names.map((name) => ({ name, versions: [...groupVersions.get(name)!].sort(compareKubeApiVersions) }));
  }

  private podsForMinor(d: ResourceDef): ResourceDef {
    const evictionVersion = this.minor >= 22 ? 'v1' : 'v1beta1';
    const sub = (d.subresources ?? [])
      .filter((s) => s.name !== 'resize' || this.minor >= 33)
      .map((s) => (s.name === 'eviction' ? { ...s, version: evictionVersion } : s));
    if (this.minor >= 33) sub.push({ name: 'resize', kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    sub.sort((a, b) => a.name.localeCompare(b.name));
    return { ...d, subresources: sub };
  }

  /** Resources served at a group/version ("v1", "apps/v1"), or undefined if it is not served. */
  resourcesAt(groupVersion: string): ServedResource[] | undefined {
    return this.byGroupVersion.get(groupVersion);
  }

  lookup(group: string, version: string, plural: string): ServedResource | undefined {
    const gv = group ? `${group}/${version}` : version;
    return this.byGroupVersion.get(gv)?.find((r) => r.def.plural === plural);
  }

  /** The definition of a resource served at any version. */
  definition(group: string, plural: string): ResourceDef | undefined {
    return this.byResource.get(`${group}/${plural}`);
  }

  /** The resource that stores objects of this apiVersion/kind, if served. */
  forKind(apiVersion: string, kind: string): ServedResource | undefined {
    return this.byGroupVersion.get(apiVersion)?.find((r) => r.def.kind === kind);
  }

  preferredVersion(group: string): string | undefined {
    if (group === '') return 'v1';
    return this.groups.find((g) => g.name === group)?.versions[0];
  }

  servesGroupVersion(groupVersion: string): boolean {
    return this.byGroupVersion.has(groupVersion);
  }

  allGroupVersions(): string[] {
    const out = ['v1'];
    for (const g of this.groups) for (const ver of g.versions) out.push(`${g.name}/${ver}`);
    return out;
  }
}
