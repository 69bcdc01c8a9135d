/**
 * The simulated cluster without its HTTP front end: the store, the API catalog the
 * control-plane version serves, and the REST semantics of create / update / patch /
 * delete (including graceful pod deletion) that both the HTTP handlers and the
 * controllers go through.
 */
import { defaultMetadata, defaultNamespace, defaultNode, defaultPod, defaultService, defaultWorkload, validateCommon, type AdmissionContext } from './admission';
import { ApiCatalog, type ResourceDef } from './apiCatalog';
import { SimClock } from './clock';
import { applyPatch, type Json } from './patch';
import { SeededRandom } from './random';
import { ApiError, type QualifiedResource } from './status';
import { ObjectStore, resourceKey } from './store';
import { clone, isRecord, type KubeObject, type Pod } from './types';
import { etcdVersionFor, parseKubeVersion, type KubeVersion } from './versions';

export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

export interface ClusterSettings {
  name: string;
  version: KubeVersion;
  /** Image tag of each control-plane static pod (on every control-plane node without its own entry). */
  components: Record<ControlPlaneComponent, string>;
  /** Per control-plane node image tags, while an upgrade has reached some nodes and not others. */
  nodeComponents?: Record<string, Record<ControlPlaneComponent, string>>;
  /** Simulated seconds a static pod takes to restart with a new image (default 10). */
  staticPodRestartSeconds?: number;
  /** Wall-clock seconds between node lease renewals (default 10; 0: never renewed). */
  nodeLeaseRenewSeconds?: number;
  managed: boolean;
  timeScale: number;
  /** Simulated seconds from scheduling to Running. */
  podStartSeconds: number;
  /** Simulated seconds a node stays NotReady while its kubelet is upgraded. */
  nodeUpgradeSeconds: number;
  /** Simulated seconds a Job's pod runs before it succeeds. */
  jobPodSeconds: number;
  historyLimit: number;
}

export function defaultComponents(v: KubeVersion): Record<ControlPlaneComponent, string> {
  return {
    'kube-apiserver': v.gitVersion,
    'kube-controller-manager': v.gitVersion,
    'kube-scheduler': v.gitVersion,
    etcd: etcdVersionFor(v.minor),
  };
}

export interface WriteOptions {
  dryRun?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
}

export function qualified(def: ResourceDef): QualifiedResource {
  return { group: def.group, resource: def.plural };
}

export function keyOf(def: ResourceDef): string {
  return resourceKey(def.group, def.plural);
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

export class SimCluster {
  readonly store: ObjectStore;
  readonly clock: SimClock;
  readonly random: SeededRandom;
  catalog: ApiCatalog;
  private nodeIndex = 0;
  private serviceIndex = 100;
  private readonly catalogListeners = new Set<() => void>();
  private readonly controlPlaneListeners = new Set<() => void>();

  constructor(readonly settings: ClusterSettings) {
    this.store = new ObjectStore(settings.historyLimit);
    this.clock = new SimClock(settings.timeScale);
    this.random = new SeededRandom(settings.name);
    this.catalog = new ApiCatalog(settings.version.minor);
  }

  get version(): KubeVersion {
    return this.settings.version;
  }

  admission(): AdmissionContext {
    return {
      now: this.clock.timestamp(),
      uid: () => this.random.uuid(),
      suffix: () => this.random.suffix(),
      defaultKubeletVersion: this.settings.version.gitVersion,
      nextNodeIndex: () => this.nodeIndex++,
      nextServiceIp: () => {
        const n = this.serviceIndex++;
        return `10.96.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
      },
    };
  }

  /** Rebuilds the served API after a version change or a CRD change. */
  refreshCatalog(): void {
    const crds = this.store.all('apiextensions.k8s.io/customresourcedefinitions');
    this.catalog = new ApiCatalog(this.settings.version.minor, crds);
    for (const l of this.catalogListeners) l();
  }

  onCatalogChange(listener: () => void): () => void {
    this.catalogListeners.add(listener);
    return () => this.catalogListeners.delete(listener);
  }

  /** Called when a control-plane component's version changes (static pods must follow, even on an idle cluster). */
  onControlPlaneChange(listener: () => void): () => void {
    this.controlPlaneListeners.add(listener);
    return () => this.controlPlaneListeners.delete(listener);
  }

  notifyControlPlaneChange(): void {
    for (const l of this.controlPlaneListeners) l();
  }

  /** The image tags of the static pods on one control-plane node. */
  componentsOn(nodeName: string): Record<ControlPlaneComponent, string> {
    return this.settings.nodeComponents?.[nodeName] ?? this.settings.components;
  }

  /**
   * Sets the whole control plane (or one component) to a version at once, on every
   * control-plane node and with no version policy: a scenario shortcut. The upgrade
   * a distribution performs, node by node, is ControlPlaneUpgrades.
   */
  setControlPlaneVersion(version: string, component?: ControlPlaneComponent): void {
    delete this.settings.nodeComponents;
    if (component && component !== 'kube-apiserver') {
      this.settings.components[component] = component === 'etcd' ? version.replace(/^v/, '') : parseKubeVersion(version).gitVersion;
      this.notifyControlPlaneChange();
      return;
    }
    const v = parseKubeVersion(version);
    this.settings.version = v;
    if (component === 'kube-apiserver') this.settings.components['kube-apiserver'] = v.gitVersion;
    else this.settings.components = defaultComponents(v);
    this.refreshCatalog();
    this.notifyControlPlaneChange();
  }

  /** The definition for an object's apiVersion/kind, at any served version. */
  defForObject(obj: KubeObject): ResourceDef {
    const served = this.catalog.forKind(obj.apiVersion, obj.kind);
    if (served) return served.def;
    throw ApiError.badRequest(`no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  }

  get(def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(keyOf(def), def.namespaced ? namespace : undefined, name);
    if (!obj) throw ApiError.notFound(qualified(def), name);
    return obj;
  }

  find(def: ResourceDef, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(keyOf(def), def.namespaced ? namespace : undefined, name);
  }

  private storageApiVersion(def: ResourceDef): string {
    const v = this.catalog.preferredVersion(def.group) ?? def.versions[0]?.version ?? 'v1';
    return def.group ? `${def.group}/${v}` : v;
  }

  private checkNamespace(def: ResourceDef, namespace: string | undefined, name: string): void {
    if (!def.namespaced) return;
    const ns = this.store.get('/namespaces', undefined, namespace ?? '');
    if (!ns) throw ApiError.notFound({ group: '', resource: 'namespaces' }, namespace ?? '');
    if (ns.metadata.deletionTimestamp) {
      const err = ApiError.forbidden(qualified(def), name, `unable to create new content in namespace ${namespace} because it is being terminated`);
      err.status.details!.causes = [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }];
      throw err;
    }
  }

  /** Admission + validation + storage of a new object. `obj` is consumed. */
  create(def: ResourceDef, namespace: string | undefined, obj: KubeObject, opts: WriteOptions = {}): KubeObject {
    if (!isRecord(obj.metadata)) obj.metadata = {};
    if (def.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace ?? 'default';
    } else {
      delete obj.metadata.namespace;
    }
    obj.apiVersion = this.storageApiVersion(def);
    obj.kind = def.kind;
    const ctx = this.admission();
    defaultMetadata(obj, ctx, true);
    validateCommon(obj, def.group);
    const name = obj.metadata.name!;
    this.checkNamespace(def, obj.metadata.namespace, name);
    this.applyTypeDefaults(obj, ctx);
    if (this.find(def, obj.metadata.namespace, name)) throw ApiError.alreadyExists(qualified(def), name);
    if (opts.dryRun) return obj;
    const stored = this.store.create(keyOf(def), obj);
    if (def.kind === 'CustomResourceDefinition') this.establishCrd(stored);
    return this.find(def, stored.metadata.namespace, name) ?? stored;
  }

  private applyTypeDefaults(obj: KubeObject, ctx: AdmissionContext): void {
    if (obj.kind === 'Pod') defaultPod(obj as Pod);
    else if (obj.kind === 'Node' && obj.apiVersion === 'v1') defaultNode(obj, ctx);
    else if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') defaultNamespace(obj);
    else if (obj.kind === 'Service' && obj.apiVersion === 'v1') defaultService(obj, ctx);
    else if (WORKLOAD_KINDS.has(obj.kind)) defaultWorkload(obj);
  }

  private establishCrd(crd: KubeObject): void {
    const spec = (crd.spec ?? {}) as { names?: Record<string, unknown>; versions?: { name: string; storage?: boolean }[] };
    const now = this.clock.timestamp();
    const updated: KubeObject = {
      ...crd,
      status: {
        acceptedNames: spec.names ?? {},
        conditions: [
          { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
          { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
        ],
        storedVersions: (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name),
      },
    };
    this.store.update('apiextensions.k8s.io/customresourcedefinitions', updated);
    this.refreshCatalog();
  }

  /** PUT semantics, for the main resource or its status subresource. */
  update(def: ResourceDef, namespace: string | undefined, name: string, body: KubeObject, opts: WriteOptions & { subresource?: string } = {}): KubeObject {
    const existing = this.get(def, namespace, name);
    if (!isRecord(body.metadata)) throw ApiError.badRequest('metadata is required');
    if (body.metadata.name && body.metadata.name !== name) {
      throw ApiError.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (body.metadata.resourceVersion && body.metadata.resourceVersion !== existing.metadata.resourceVersion) {
      throw ApiError.conflict(qualified(def), name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return this.replace(def, existing, body, opts);
  }

  patch(def: ResourceDef, namespace: string | undefined, name: string, contentType: string, patchBody: Json, opts: WriteOptions & { subresource?: string } = {}): KubeObject {
    const existing = this.get(def, namespace, name);
    const patched = applyPatch(contentType, clone(existing) as unknown as Json, patchBody);
    if (!isRecord(patched)) throw ApiError.badRequest('patch produced a non-object');
    const next = patched as unknown as KubeObject;
    if (!isRecord(next.metadata)) next.metadata = {};
    if (next.metadata.resourceVersion && next.metadata.resourceVersion !== existing.metadata.resourceVersion) {
      throw ApiError.conflict(qualified(def), name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    if (next.metadata.name !== undefined && next.metadata.name !== name) {
      throw new ApiError(422, 'Invalid', `${def.kind} "${name}" is invalid: metadata.name: Invalid value: "${String(next.metadata.name)}": field is immutable`);
    }
    return this.replace(def, existing, next, opts);
  }

  private replace(def: ResourceDef, existing: KubeObject, body: KubeObject, opts: WriteOptions & { subresource?: string }): KubeObject {
    let next: KubeObject;
    const hasStatusSub = (def.subresources ?? []).some((s) => s.name === 'status');
    if (opts.subresource === 'status') {
      next = { ...clone(existing), status: body.status };
    } else {
      next = { ...body, apiVersion: existing.apiVersion, kind: existing.kind };
      if (hasStatusSub && existing.status !== undefined) next.status = clone(existing.status);
      else if (hasStatusSub) delete next.status;
    }
    const m = existing.metadata;
    next.metadata = {
      ...next.metadata,
      name: m.name,
      uid: m.uid,
      creationTimestamp: m.creationTimestamp,
      resourceVersion: m.resourceVersion,
    };
    if (m.namespace !== undefined) next.metadata.namespace = m.namespace;
    if (m.deletionTimestamp !== undefined) {
      next.metadata.deletionTimestamp = m.deletionTimestamp;
      next.metadata.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds;
    }
    if (WORKLOAD_KINDS.has(next.kind)) defaultWorkload(next);
    if (m.generation !== undefined) {
      const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(next.spec);
      next.metadata.generation = specChanged && opts.subresource !== 'status' ? m.generation + 1 : m.generation;
    }
    if (next.kind === 'Pod') defaultPod(next as Pod);
    validateCommon(next, def.group);
    if (JSON.stringify(next) === JSON.stringify(existing)) return existing;
    if (opts.dryRun) return next;
    if (this.finalized(next)) return this.store.remove(keyOf(def), next.metadata.namespace, next.metadata.name ?? '') ?? next;
    const stored = this.store.update(keyOf(def), next);
    if (def.kind === 'CustomResourceDefinition') this.refreshCatalog();
    return stored;
  }

  /** A deleted object whose last finalizer is gone (a pod only once its kubelet confirmed it). */
  private finalized(obj: KubeObject): boolean {
    if (!obj.metadata.deletionTimestamp || (obj.metadata.finalizers ?? []).length > 0) return false;
    return obj.kind !== 'Pod' || obj.metadata.deletionGracePeriodSeconds === 0;
  }

  /** Marks an object with finalizers as deleted instead of removing it (deletionGracePeriodSeconds 0). */
  private markDeleted(resource: string, obj: KubeObject, opts: DeleteOptions): KubeObject {
    if (obj.metadata.deletionTimestamp && obj.metadata.deletionGracePeriodSeconds === 0) return obj;
    const next = clone(obj);
    next.metadata.deletionTimestamp ??= this.clock.timestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    if (opts.dryRun) return next;
    return this.store.update(resource, next);
  }

  /**
   * The kubelet's final step for a terminated pod: remove it, or, while finalizers
   * remain, leave it Terminating with deletionGracePeriodSeconds 0 until they are removed.
   */
  finishPodTermination(pod: Pod): KubeObject | undefined {
    if ((pod.metadata.finalizers ?? []).length === 0) return this.store.remove('/pods', pod.metadata.namespace, pod.metadata.name ?? '');
    // The containers were stopped: not ready, terminated, and the pod in a terminal phase.
    const stopped = clone(pod);
    const now = this.clock.timestamp();
    const status = (stopped.status ??= {});
    if (status.phase !== 'Failed') status.phase = 'Succeeded';
    status.conditions = (status.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' as const, reason: 'PodCompleted', lastTransitionTime: now } : c));
    status.containerStatuses = (status.containerStatuses ?? []).map((c) => ({
      ...c,
      ready: false,
      started: false,
      state: c.state?.terminated ? c.state : { terminated: { exitCode: 0, reason: 'Completed', startedAt: c.state?.running?.startedAt ?? now, finishedAt: now } },
    }));
    return this.markDeleted('/pods', this.put('/pods', stopped), {});
  }

  /**
   * DELETE semantics. Pods bound to a node are deleted gracefully: they get a
   * deletionTimestamp and are removed by the kubelet after the grace period.
   * Objects with finalizers stay, marked deleted, until their finalizers are removed.
   */
  delete(def: ResourceDef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    const existing = this.get(def, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== existing.metadata.uid) {
      throw ApiError.conflict(qualified(def), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw ApiError.conflict(qualified(def), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion ?? ''}`);
    }
    if (def.kind === 'Pod' && def.group === '') return this.deletePod(existing as Pod, opts);
    if (def.kind === 'Namespace' && def.group === '') return this.deleteNamespace(existing, opts);
    if ((existing.metadata.finalizers ?? []).length > 0) return this.markDeleted(keyOf(def), existing, opts);
    if (opts.dryRun) return existing;
    const removed = this.store.remove(keyOf(def), existing.metadata.namespace, name) ?? existing;
    if (def.kind === 'CustomResourceDefinition') this.refreshCatalog();
    return removed;
  }

  deletePod(pod: Pod, opts: DeleteOptions = {}): KubeObject {
    const phase = pod.status?.phase;
    let grace = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    if (!pod.spec.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
    if (grace < 0) grace = 1;
    const current = pod.metadata.deletionGracePeriodSeconds;
    if (pod.metadata.deletionTimestamp && current !== undefined && current <= grace) return pod;
    if (grace === 0) {
      if ((pod.metadata.finalizers ?? []).length > 0) return this.markDeleted('/pods', pod, opts);
      if (opts.dryRun) return pod;
      return this.store.remove('/pods', pod.metadata.namespace, pod.metadata.name ?? '') ?? pod;
    }
    const next: Pod = clone(pod);
    next.metadata.deletionTimestamp = this.clock.timestamp(new Date(Date.now() + grace * 1000));
    next.metadata.deletionGracePeriodSeconds = grace;
    if (next.metadata.generation !== undefined) next.metadata.generation += 1;
    if (opts.dryRun) return next;
    return this.store.update('/pods', next);
  }

  private deleteNamespace(ns: KubeObject, opts: DeleteOptions): KubeObject {
    if (ns.metadata.deletionTimestamp) return ns;
    const next = clone(ns);
    next.metadata.deletionTimestamp = this.clock.timestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    next.status = { phase: 'Terminating' };
    if (opts.dryRun) return next;
    return this.store.update('/namespaces', next);
  }

  /** Writes by controllers: replace an object with a modified copy, skipping no-ops. */
  put(resource: string, obj: KubeObject): KubeObject {
    const existing = this.store.get(resource, obj.metadata.namespace, obj.metadata.name ?? '');
    if (existing && JSON.stringify(existing) === JSON.stringify({ ...obj, metadata: { ...obj.metadata, resourceVersion: existing.metadata.resourceVersion } })) return existing;
    return existing ? this.store.update(resource, obj) : this.store.create(resource, obj);
  }

  /** Loads an object from a scenario (full admission, keeping the status it states). `obj` is consumed. */
  load(obj: KubeObject): KubeObject {
    const def = this.defForObject(obj);
    // A scenario may declare an object already being deleted (e.g. a pod held by a finalizer).
    const deletion = obj.metadata?.deletionTimestamp;
    const grace = obj.metadata?.deletionGracePeriodSeconds;
    const created = this.create(def, obj.metadata?.namespace, obj);
    if (deletion === undefined) return created;
    const next = clone(created);
    next.metadata.deletionTimestamp = deletion;
    next.metadata.deletionGracePeriodSeconds = grace ?? 0;
    return this.store.update(keyOf(def), next);
  }

  stop(): void {
    this.clock.stop();
  }
}
