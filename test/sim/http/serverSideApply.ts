/**
 * Server-side apply (PATCH with `application/apply-patch+yaml`), simplified: the
 * applied configuration creates the object when it is missing, and is otherwise
 * merged into the live object the way a strategic merge patch would (lists of
 * containers, ports, ... merged by their keys). The manager is recorded in
 * managedFields with operation Apply, but field ownership is not tracked: there are
 * no conflicts between managers, and fields dropped from a later configuration are
 * kept rather than removed.
 */
import type { ResourceDef, ServedResource } from '../apiCatalog';
import type { SimCluster } from '../cluster';
import type { Json } from '../patch';
import { PATCH_TYPES } from '../patch';
import { ApiError } from '../status';
import { clone, isRecord, type KubeObject } from '../types';

export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

export interface ApplyResult {
  code: 200 | 201;
  object: KubeObject;
}

/** The managedFields of `current` with this manager's Apply entry replaced by a fresh one. */
function managedFieldsWith(current: unknown, manager: string, apiVersion: string, time: string): unknown[] {
  const entries = Array.isArray(current) ? current.filter((e) => !(isRecord(e) && e.manager === manager && e.operation === 'Apply')) : [];
  return [...entries, { manager, operation: 'Apply', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {} }];
}

export function serverSideApply(cluster: SimCluster, served: ServedResource, namespace: string | undefined, name: string, body: unknown, query: URLSearchParams, dryRun: boolean): ApplyResult {
  const def: ResourceDef = served.def;
  const manager = query.get('fieldManager');
  if (!manager) {
    throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
  if (!isRecord(body)) throw ApiError.badRequest('the applied configuration must be an object');
  const applied = clone(body) as unknown as KubeObject;
  if (applied.apiVersion !== served.groupVersion || applied.kind !== def.kind) {
    throw ApiError.badRequest(`the applied configuration is for ${String(applied.apiVersion)}, Kind=${String(applied.kind)}, not ${served.groupVersion}, Kind=${def.kind}`);
  }
  if (!isRecord(applied.metadata)) applied.metadata = {};
  if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
    throw ApiError.badRequest(`the name of the object (${String(applied.metadata.name)}) does not match the name on the URL (${name})`);
  }
  const time = cluster.clock.timestamp();
  let existing: KubeObject | undefined;
  try {
    existing = cluster.get(def, namespace, name);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 404) throw err;
  }
  applied.metadata.managedFields = managedFieldsWith(existing?.metadata.managedFields, manager, served.groupVersion, time);
  if (!existing) {
    applied.metadata.name = name;
    return { code: 201, object: cluster.create(def, namespace, applied, { dryRun }) };
  }
  const patched = cluster.patch(def, namespace, name, PATCH_TYPES.strategic, applied as unknown as Json, { dryRun });
  return { code: 200, object: patched };
}
