/**
 * ControllerRevisions, as the DaemonSet and StatefulSet controllers keep them
 * (pkg/controller/history, daemon/update.go constructHistory, statefulset
 * stateful_set_utils.go newRevision): one per pod template, owned by the workload,
 * data = a strategic merge patch that replaces the template (what `kubectl
 * rollout undo` applies), revision = 1 + the highest so far; returning to an
 * earlier template gives its revision the next number instead of a new object.
 * Beyond revisionHistoryLimit, the oldest revisions no live pod uses are deleted.
 */
import type { SimCluster } from '../cluster';
import { clone, type KubeObject, type PodTemplateSpec, type Workload } from '../types';
import { ownedBy } from './podState';
import { cachedCanonical, canonicalJson, ownerReference, templateHash } from './podTemplates';

const RESOURCE = 'apps/controllerrevisions';

export interface ControllerRevision extends KubeObject {
  data: { spec: { template: PodTemplateSpec & { $patch?: string } } };
  revision: number;
}

export interface Revision {
  name: string;
  hash: string;
  revision: number;
  template: PodTemplateSpec;
}

function templateOf(cr: ControllerRevision): PodTemplateSpec {
  const { $patch: _replace, ...template } = clone(cr.data.spec.template);
  return template;
}

const revisionCache = new WeakMap<object, string>();

function revisionCanonical(cr: ControllerRevision): string {
  let text = revisionCache.get(cr.data.spec.template);
  if (text === undefined) revisionCache.set(cr.data.spec.template, (text = canonicalJson(templateOf(cr))));
  return text;
}

export function ownedRevisions(cluster: SimCluster, owner: Workload): ControllerRevision[] {
  return (cluster.store.all(RESOURCE, owner.metadata.namespace) as ControllerRevision[]).filter((cr) => ownedBy(cr, owner.metadata.uid)).sort((a, b) => a.revision - b.revision);
}

export function toRevision(cr: ControllerRevision): Revision {
  return { name: cr.metadata.name ?? '', hash: cr.metadata.labels?.['controller-revision-hash'] ?? '', revision: cr.revision, template: templateOf(cr) };
}

/** The revision of the workload's current template, created or renumbered as needed. */
export function ensureRevision(cluster: SimCluster, owner: Workload, hashLabels: (hash: string) => Record<string, string>): Revision {
  const revisions = ownedRevisions(cluster, owner);
  const wanted = cachedCanonical(owner.spec.template);
  const max = revisions.reduce((n, cr) => Math.max(n, cr.revision), 0);
  const existing = revisions.find((cr) => revisionCanonical(cr) === wanted);
  if (existing) {
    if (existing.revision === max) return toRevision(existing);
    const next = clone(existing);
    next.revision = max + 1;
    return toRevision(cluster.put(RESOURCE, next) as ControllerRevision);
  }
  const hash = templateHash(owner.spec.template);
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...(owner.spec.template.metadata?.labels ?? {}), ...hashLabels(hash) },
      ownerReferences: [ownerReference(owner)],
    },
    data: { spec: { template: { ...clone(owner.spec.template), $patch: 'replace' } } },
    revision: max + 1,
  };
  const def = cluster.catalog.definition('apps', 'controllerrevisions')!;
  return toRevision(cluster.create(def, owner.metadata.namespace, cr) as ControllerRevision);
}

/** history.go truncateHistory: drops the oldest revisions that no pod uses, beyond the limit. */
export function truncateHistory(cluster: SimCluster, owner: Workload, live: ReadonlySet<string>): void {
  const limit = (owner.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10;
  const unused = ownedRevisions(cluster, owner).filter((cr) => !live.has(cr.metadata.name ?? '') && !live.has(cr.metadata.labels?.['controller-revision-hash'] ?? ''));
  for (const cr of unused.slice(0, Math.max(0, unused.length - limit))) cluster.store.remove(RESOURCE, cr.metadata.namespace, cr.metadata.name ?? '');
}
