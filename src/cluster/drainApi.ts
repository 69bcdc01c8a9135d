// The typed operations a drain needs, over one cluster session: what kubectl's drain helper calls.
import type { ApiNode, ApiPod } from '../core/cluster/apiTypes';
import { isClusterError } from '../core/cluster/errors';
import type { DaemonSetLookup, DrainOptions } from '../core/drain/filters';
import { buildPreview, type ApiPdb, type DrainPreview } from '../core/drain/preview';
import { planNode, type DrainApi, type EvictionVersion } from '../core/drain/runner';
import type { ClusterSession } from './types';

const enc = encodeURIComponent;

function podPath(pod: ApiPod): string {
  return `/api/v1/namespaces/${enc(pod.metadata?.namespace ?? 'default')}/pods/${enc(pod.metadata?.name ?? '')}`;
}

function notFound(e: unknown): boolean {
  return isClusterError(e) && e.info.status === 404;
}

interface ApiResourceList {
  resources?: { name?: string; kind?: string; group?: string; version?: string }[];
}

export function sessionDrainApi(session: ClusterSession): DrainApi {
  let eviction: Promise<EvictionVersion | undefined> | undefined;
  return {
    getNode: (name, signal) => session.get<ApiNode>(`/api/v1/nodes/${enc(name)}`, { signal }),

    async setUnschedulable(name, value, o, signal) {
      const body: Record<string, unknown> = { spec: { unschedulable: value ? true : null } };
      if (o.annotations) body['metadata'] = { annotations: o.annotations };
      await session.patch(`/api/v1/nodes/${enc(name)}${o.dryRun ? '?dryRun=All' : ''}`, body, 'application/strategic-merge-patch+json', { signal });
    },

    async listPodsOnNode(node, podSelector, signal) {
      const list = await session.list<ApiPod>('/api/v1/pods', { signal, fieldSelector: `spec.nodeName=${node}`, ...(podSelector ? { labelSelector: podSelector } : {}) });
      return list.items;
    },

    async daemonSet(namespace, name, signal): Promise<DaemonSetLookup> {
      try {
        await session.get(`/apis/apps/v1/namespaces/${enc(namespace)}/daemonsets/${enc(name)}`, { signal });
        return 'found';
      } catch (e) {
        if (notFound(e)) return 'not-found';
        throw e;
      }
    },

    evictionVersion(signal) {
      // kubectl's CheckEvictionSupport: the pods/eviction subresource in /api/v1 names its group and version.
      eviction ??= session.get<ApiResourceList>('/api/v1', { signal }).then((list) => {
        const r = list.resources?.find((x) => x.name === 'pods/eviction' && x.kind === 'Eviction' && x.group && x.version);
        return r ? (`${r.group}/${r.version}` as EvictionVersion) : undefined;
      });
      return eviction;
    },

    async evict(pod, version, o, signal) {
      const deleteOptions: Record<string, unknown> = {};
      if (o.gracePeriodSeconds !== undefined) deleteOptions['gracePeriodSeconds'] = o.gracePeriodSeconds;
      if (o.dryRun) deleteOptions['dryRun'] = ['All'];
      await session.post(
        `${podPath(pod)}/eviction`,
        { apiVersion: version, kind: 'Eviction', metadata: { name: pod.metadata?.name, namespace: pod.metadata?.namespace }, ...(Object.keys(deleteOptions).length ? { deleteOptions } : {}) },
        { signal },
      );
    },

    async deletePod(pod, o, signal) {
      const body: Record<string, unknown> = {};
      if (o.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = o.gracePeriodSeconds;
      if (o.dryRun) body['dryRun'] = ['All'];
      await session.delete(podPath(pod), Object.keys(body).length ? body : undefined, { signal });
    },

    async getPod(namespace, name, signal) {
      try {
        return await session.get<ApiPod>(`/api/v1/namespaces/${enc(namespace)}/pods/${enc(name)}`, { signal });
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
  };
}

/** The drain preview of one node: kubectl's verdicts plus the cluster's budgets, nodes and pods. */
export async function computeDrainPreview(session: ClusterSession, api: DrainApi, node: string, options: DrainOptions, signal: AbortSignal): Promise<DrainPreview> {
  const decisions = await planNode(api, node, options, signal, Date.now());
  const [pdbs, nodes, pods] = await Promise.all([
    session.list<ApiPdb>('/apis/policy/v1/poddisruptionbudgets', { signal }).catch(() => ({ items: [] as ApiPdb[] })),
    session.list<ApiNode>('/api/v1/nodes', { signal }),
    session.list<ApiPod>('/api/v1/pods', { signal }),
  ]);
  return buildPreview({ node, decisions, options, pdbs: pdbs.items, podsForPdbs: pods.items, nodes: nodes.items, allPods: pods.items });
}
