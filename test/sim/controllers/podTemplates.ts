/** Creating pods from a workload's template, as the workload controllers do. */
import type { SimCluster } from '../cluster';
import { clone, type KubeObject, type Pod, type PodTemplateSpec, type Workload } from '../types';

/**
 * JSON with sorted keys and without nulls, empty objects or empty arrays: two
 * templates that a Go client would serialise alike (omitempty, null timestamps)
 * compare equal, whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(norm).filter((x) => x !== undefined);
      return items.length > 0 ? items : undefined;
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const x = norm((v as Record<string, unknown>)[k]);
        if (x !== undefined) out[k] = x;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return v === null ? undefined : v;
  };
  return JSON.stringify(norm(value) ?? {});
}

/** A pod template without the label a controller adds to tell its revisions apart. */
export function withoutHashLabel(template: PodTemplateSpec, label: string): PodTemplateSpec {
  const copy = clone(template);
  if (copy.metadata?.labels) delete copy.metadata.labels[label];
  return copy;
}

/** Canonical JSON of stored templates, by identity: store objects are replaced, never mutated. */
const canonicalCache = new WeakMap<object, string>();

export function cachedCanonical(template: PodTemplateSpec): string {
  let text = canonicalCache.get(template);
  if (text === undefined) canonicalCache.set(template, (text = canonicalJson(template)));
  return text;
}

const hashlessCache = new WeakMap<object, string>();

/** deployment util EqualIgnoreHash: the same template, ignoring pod-template-hash. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  const of = (t: PodTemplateSpec): string => {
    let text = hashlessCache.get(t);
    if (text === undefined) hashlessCache.set(t, (text = canonicalJson(withoutHashLabel(t, 'pod-template-hash'))));
    return text;
  };
  return of(a) === of(b);
}

/** A stable hash of a pod template, rendered with the API server's name-suffix alphabet. */
export function templateHash(template: unknown): string {
  const text = canonicalJson(template);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let n = h;
  for (let i = 0; i < 10; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) ^ (i * 2654435761);
    n >>>= 0;
  }
  return out;
}

export function ownerReference(owner: KubeObject): NonNullable<KubeObject['metadata']['ownerReferences']>[number] {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export interface PodOptions {
  name: string;
  labels?: Record<string, string>;
  nodeName?: string;
  mutate?: (pod: Pod) => void;
}

export function createPodFor(cluster: SimCluster, owner: Workload, opts: PodOptions): void {
  const template = clone(owner.spec.template);
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: opts.name,
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), ...(opts.labels ?? {}) },
      ownerReferences: [ownerReference(owner)],
    },
    spec: template.spec,
  };
  const annotations = template.metadata?.annotations;
  if (annotations && Object.keys(annotations).length > 0) pod.metadata.annotations = { ...annotations };
  if (opts.nodeName) pod.spec.nodeName = opts.nodeName;
  opts.mutate?.(pod);
  const podsDef = cluster.catalog.lookup('', 'v1', 'pods')!.def;
  cluster.create(podsDef, pod.metadata.namespace, pod);
}

/** Writes a workload's status only when it changed. */
export function writeStatus(cluster: SimCluster, resource: string, obj: KubeObject, status: Record<string, unknown>): void {
  if (JSON.stringify(obj.status) === JSON.stringify(status)) return;
  cluster.put(resource, { ...obj, status });
}
