/**
 * POST pods/NAME/eviction, with the semantics of kube-apiserver's EvictionREST
 * (pkg/registry/core/pod/storage/eviction.go): terminal, pending or already
 * terminating pods are deleted without consulting budgets; otherwise the single
 * PodDisruptionBudget covering the pod must allow a disruption, or the request
 * fails with 429 TooManyRequests and a DisruptionBudget cause.
 */
import type { DeleteOptions, SimCluster } from './cluster';
import { isEmptySelector, labelSelectorMatcher } from './selectors';
import { ApiError, successStatus, type Status } from './status';
import { clone, isRecord, type KubeObject, type Pod, type PodDisruptionBudget } from './types';
import { isPodReady } from './controllers/podState';

export interface EvictionRequest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: DeleteOptions & { dryRun?: string[] | boolean };
}

const PDB_RESOURCE = 'policy/poddisruptionbudgets';

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

  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp) {
    cluster.delete(podsDef, namespace, name, deleteOptions);
    return { ...successStatus(), code: 201 };
  }

  const pdbs = matchingBudgets(cluster, pod);
  if (pdbs.length > 1) {
    throw new ApiError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = pdbs[0];
  if (pdb) {
    const st = pdb.status;
    const unreadyButSafe = !isPodReady(pod) && st !== undefined && st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0;
    if (!unreadyButSafe) {
      if (!st || (st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) throw tooManyRequests(pdb.metadata.name ?? '', '', 10);
      if (st.disruptionsAllowed < 0) throw ApiError.forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, pdb.metadata.name ?? '', 'pdb disruptions allowed is negative');
      if (st.disruptionsAllowed === 0) {
        throw tooManyRequests(pdb.metadata.name ?? '', `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`, 0);
      }
      if (!dryRun) {
        const next = clone(pdb) as PodDisruptionBudget;
        const status = next.status!;
        status.disruptionsAllowed -= 1;
        status.disruptedPods = { ...(status.disruptedPods ?? {}), [name]: cluster.clock.timestamp() };
        if (status.disruptionsAllowed === 0) {
          status.conditions = (status.conditions ?? []).map((c) =>
            c.type === 'DisruptionAllowed' ? { ...c, status: 'False' as const, reason: 'InsufficientPods', lastTransitionTime: cluster.clock.timestamp() } : c,
          );
        }
        cluster.put(PDB_RESOURCE, next as KubeObject);
      }
    }
  }
  cluster.delete(podsDef, namespace, name, deleteOptions);
  return { ...successStatus(), code: 201 };
}
