/**
 * POST pods/NAME/eviction, with the semantics of kube-apiserver's EvictionREST
 * (kubernetes/kubernetes pkg/registry/core/pod/storage/eviction.go), step by step:
 * - canIgnorePDB: Succeeded, Failed, Pending or already terminating pods are
 *   deleted without consulting budgets;
 * - more than one PodDisruptionBudget selecting the pod is a 500 Status; a budget
 *   with a nil or empty selector selects nothing here;
 * - a pod that is not Ready is deleted without spending the budget when the
 *   budget's unhealthyPodEvictionPolicy is AlwaysAllow, or (IfHealthyBudget, the
 *   default) when currentHealthy >= desiredHealthy > 0;
 * - checkAndDecrement: observedGeneration behind generation is a 429 ("still being
 *   processed", Retry-After 10), negative disruptionsAllowed or more than
 *   MaxDisruptedPodSize disruptedPods a 403, zero disruptionsAllowed a 429 naming
 *   the desired and current healthy counts; otherwise the budget is decremented
 *   and the pod recorded in status.disruptedPods (not on a dry run); the last
 *   allowed disruption sets the DisruptionAllowed condition False (InsufficientPods);
 * - the pod gets a DisruptionTarget condition (EvictionByEvictionAPI), then is
 *   deleted with the request's delete options.
 */
import type { DeleteOptions, SimCluster } from './cluster';
import { isEmptySelector, labelSelectorMatcher } from './selectors';
import { ApiError, successStatus, type Status } from './status';
import { clone, isRecord, type KubeObject, type Pod, type PodDisruptionBudget } from './types';
import { isPodReady, setCondition } from './controllers/podState';

export interface EvictionRequest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: DeleteOptions & { dryRun?: string[] | boolean };
}

const PDB_RESOURCE = 'policy/poddisruptionbudgets';
/** eviction.go MaxDisruptedPodSize. */
export const MAX_DISRUPTED_POD_SIZE = 2000;

function tooManyRequests(pdbName: string, message: string, retryAfter: number): ApiError {
  return ApiError.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", retryAfter, [{ reason: 'DisruptionBudget', message: message || `The disruption budget ${pdbName} is still being processed by the server.` }]);
}

export function parseEviction(body: unknown, cluster: SimCluster): EvictionRequest {
  if (!isRecord(body)) throw ApiError.badRequest('not a Eviction object');
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : 'policy/v1';
  if (body.kind !== undefined && body.kind !== 'Eviction') throw ApiError.badRequest(`not a Eviction object: ${String(body.kind)}`);
  if (apiVersion !== 'policy/v1' && apiVersion !== 'policy/v1beta1') throw ApiError.badRequest(`unsupported Eviction version ${apiVersion}`);
  if (!cluster.catalog.servesGroupVersion(apiVersion)) {
    throw ApiError.badRequest(`no kind "Eviction" is registered for version "${apiVersion}" in this cluster (Kubernetes ${cluster.version.gitVersion})`);
  }
  return body as EvictionRequest;
}

function matchingBudgets(cluster: SimCluster, pod: Pod): PodDisruptionBudget[] {
  return (cluster.store.all(PDB_RESOURCE, pod.metadata.namespace) as PodDisruptionBudget[]).filter((pdb) => {
    if (pdb.metadata.namespace !== pod.metadata.namespace) return false;
    if (isEmptySelector(pdb.spec.selector)) return false;
    return labelSelectorMatcher(pdb.spec.selector)(pod.metadata.labels);
  });
}

export function evictPod(cluster: SimCluster, namespace: string, name: string, request: EvictionRequest, queryDryRun: boolean): Status {
  if (request.metadata?.name !== undefined && request.metadata.name !== name) {
    throw ApiError.badRequest('name in URL does not match name in Eviction object');
  }
  const podsDef = cluster.catalog.lookup('', 'v1', 'pods')!.def;
  const pod = cluster.get(podsDef, namespace, name) as Pod;
  const raw = request.deleteOptions ?? {};
  const dryRun = queryDryRun || (Array.isArray(raw.dryRun) ? raw.dryRun.includes('All') : raw.dryRun === true);
  const deleteOptions: DeleteOptions = { ...raw, dryRun };

  if (canIgnorePDB(pod)) return deleteEvicted(cluster, pod, deleteOptions);

  const pdbs = matchingBudgets(cluster, pod);
  if (pdbs.length > 1) {
    throw new ApiError(500, undefined, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = pdbs[0];
  if (pdb && !(!isPodReady(pod) && unhealthyPodMayGo(cluster, pdb))) checkAndDecrement(cluster, pdb, name, dryRun);
  return deleteEvicted(cluster, pod, deleteOptions);
}

/** eviction.go canIgnorePDB. */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
}

/** The unready-pod branch of EvictionREST.Create: AlwaysAllow, or IfHealthyBudget while the budget is met. */
function unhealthyPodMayGo(cluster: SimCluster, pdb: PodDisruptionBudget): boolean {
  // PDBUnhealthyPodEvictionPolicy: on by default from 1.27 (GA in 1.31).
  if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow' && cluster.version.minor >= 27) return true;
  const st = pdb.status;
  return st !== undefined && st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0;
}

/** eviction.go checkAndDecrement. */
function checkAndDecrement(cluster: SimCluster, pdb: PodDisruptionBudget, podName: string, dryRun: boolean): void {
  const pdbName = pdb.metadata.name ?? '';
  const st = pdb.status;
  if (!st || (st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) throw tooManyRequests(pdbName, '', 10);
  if (st.disruptionsAllowed < 0) throw ApiError.forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, pdbName, 'pdb disruptions allowed is negative');
  if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw ApiError.forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, pdbName, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (st.disruptionsAllowed === 0) {
    throw tooManyRequests(pdbName, `The disruption budget ${pdbName} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`, 0);
  }
  if (dryRun) return;
  const next = clone(pdb) as PodDisruptionBudget;
  const status = next.status!;
  status.disruptionsAllowed -= 1;
  if (status.disruptionsAllowed === 0) {
    // pdbhelper.UpdateDisruptionAllowedCondition: apimeta.SetStatusCondition, which adds the condition when it is missing.
    const conditions = status.conditions ?? [];
    const prev = conditions.find((c) => c.type === 'DisruptionAllowed');
    const lastTransitionTime = prev?.status === 'False' && prev.lastTransitionTime ? prev.lastTransitionTime : cluster.clock.timestamp();
    const allowed = { ...(prev ?? { type: 'DisruptionAllowed', message: '' }), status: 'False' as const, reason: 'InsufficientPods', lastTransitionTime };
    status.conditions = prev ? conditions.map((c) => (c === prev ? allowed : c)) : [...conditions, allowed];
  }
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: cluster.clock.timestamp() };
  cluster.put(PDB_RESOURCE, next as KubeObject);
}

/** eviction.go addConditionAndDeletePod: a DisruptionTarget condition, then the delete. */
function deleteEvicted(cluster: SimCluster, pod: Pod, deleteOptions: DeleteOptions): Status {
  const podsDef = cluster.catalog.lookup('', 'v1', 'pods')!.def;
  const namespace = pod.metadata.namespace;
  const name = pod.metadata.name ?? '';
  let options = deleteOptions;
  // PodDisruptionConditions: on by default from 1.26 (GA in 1.31).
  if (!deleteOptions.dryRun && cluster.version.minor >= 26) {
    const pre = deleteOptions.preconditions;
    const qr = { group: '', resource: 'pods' };
    if (pre?.uid && pre.uid !== pod.metadata.uid) {
      throw ApiError.conflict(qr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${pod.metadata.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== pod.metadata.resourceVersion) {
      throw ApiError.conflict(qr, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion ?? ''}`);
    }
    const next = clone(pod);
    const status = (next.status ??= {});
    status.conditions = setCondition(status.conditions ?? [], {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
      lastProbeTime: null,
      lastTransitionTime: cluster.clock.timestamp(),
    });
    const updated = cluster.put('/pods', next);
    // The condition changed the resourceVersion a precondition may name.
    if (pre?.resourceVersion) options = { ...deleteOptions, preconditions: { ...pre, resourceVersion: updated.metadata.resourceVersion } };
  }
  cluster.delete(podsDef, namespace, name, options);
  return { ...successStatus(), code: 201 };
}
