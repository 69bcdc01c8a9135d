/**
 * The three patch types the API server accepts for built-in types:
 * JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch.
 * Strategic merge uses the patchMergeKey of the list fields the simulator's
 * clients touch (containers by name, conditions by type, ...); other lists are
 * replaced, as they are for fields without a patch strategy.
 */
import { ApiError } from './status';
import { isRecord } from './types';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

function isJsonObject(v: unknown): v is { [key: string]: Json } {
  return isRecord(v);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isJsonObject(patch)) return patch;
  const result: { [key: string]: Json } = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k] ?? null, v);
  }
  return result;
}

/** List fields merged by key under strategic merge patch, by field name. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  conditions: 'type',
  ownerReferences: 'uid',
  addresses: 'type',
  imagePullSecrets: 'name',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
};

/** Lists of scalars merged as sets. */
const MERGE_SCALAR_LISTS = new Set(['finalizers']);

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isJsonObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return null;
  const result: { [key: string]: Json } = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) {
      delete result[k];
      continue;
    }
    const current = result[k];
    if (Array.isArray(v)) {
      result[k] = mergeList(Array.isArray(current) ? current : [], v, k);
    } else if (isJsonObject(v)) {
      const merged = strategicMergePatch(current ?? null, v);
      if (merged === null) delete result[k];
      else result[k] = merged;
    } else {
      result[k] = v;
    }
  }
  return result;
}

function mergeList(current: Json[], patch: Json[], field: string): Json[] {
  const key = MERGE_KEYS[field];
  if (MERGE_SCALAR_LISTS.has(field)) {
    const out = [...current];
    for (const item of patch) if (!out.includes(item)) out.push(item);
    return out;
  }
  if (!key) return patch.filter((x) => !(isJsonObject(x) && x.$patch !== undefined));
  const out = [...current];
  for (const item of patch) {
    if (!isJsonObject(item)) continue;
    const idx = out.findIndex((x) => isJsonObject(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMergePatch(out[idx]!, item);
    else out.push(strategicMergePatch(null, item));
  }
  return out;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: Json;
  from?: string;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw ApiError.badRequest(`the server rejected our request due to an error in our request: invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, tokens: string[]): { parent: Json; last: string } {
  let node: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(t)] ?? null;
    else if (isJsonObject(node)) node = node[t] ?? null;
    else node = null;
    if (node === null) throw new ApiError(422, 'Invalid', `doc is missing path: "/${tokens.join('/')}": missing value`);
  }
  return { parent: node, last: tokens[tokens.length - 1]! };
}

function getAt(doc: Json, tokens: string[]): Json | undefined {
  let node: Json | undefined = doc;
  for (const t of tokens) {
    if (Array.isArray(node)) node = node[Number(t)];
    else if (isJsonObject(node)) node = node[t];
    else return undefined;
  }
  return node;
}

function applyOp(doc: Json, op: JsonPatchOp): Json {
  const tokens = parsePointer(op.path);
  const missing = (): ApiError => new ApiError(422, 'Invalid', `doc is missing path: "${op.path}": missing value`);
  if (op.op === 'test') {
    if (JSON.stringify(getAt(doc, tokens)) !== JSON.stringify(op.value)) {
      throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${op.path} failed`);
    }
    return doc;
  }
  if (op.op === 'move' || op.op === 'copy') {
    const value = getAt(doc, parsePointer(op.from ?? ''));
    if (value === undefined) throw missing();
    const afterRemove = op.op === 'move' ? applyOp(doc, { op: 'remove', path: op.from ?? '' }) : doc;
    return applyOp(afterRemove, { op: 'add', path: op.path, value: JSON.parse(JSON.stringify(value)) as Json });
  }
  if (tokens.length === 0) {
    if (op.op === 'remove') return null;
    return op.value ?? null;
  }
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) {
    const idx = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(idx) || idx < 0 || idx > parent.length) throw missing();
    if (op.op === 'add') parent.splice(idx, 0, op.value ?? null);
    else if (op.op === 'remove') {
      if (idx >= parent.length) throw missing();
      parent.splice(idx, 1);
    } else {
      if (idx >= parent.length) throw missing();
      parent[idx] = op.value ?? null;
    }
  } else if (isJsonObject(parent)) {
    if (op.op === 'add') parent[last] = op.value ?? null;
    else {
      if (!(last in parent)) throw missing();
      if (op.op === 'remove') delete parent[last];
      else parent[last] = op.value ?? null;
    }
  } else {
    throw missing();
  }
  return doc;
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw ApiError.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = JSON.parse(JSON.stringify(target)) as Json;
  for (const raw of ops) {
    if (!isJsonObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw ApiError.badRequest('the server rejected our request due to an error in our request');
    }
    const op: JsonPatchOp = { op: raw.op as JsonPatchOp['op'], path: raw.path };
    if ('value' in raw) op.value = raw.value!;
    if (typeof raw.from === 'string') op.from = raw.from;
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) {
      throw ApiError.badRequest(`Unexpected kind: ${op.op}`);
    }
    doc = applyOp(doc, op);
  }
  return doc;
}

/** Applies a patch body given its Content-Type. */
export function applyPatch(contentType: string, target: Json, patch: Json): Json {
  const type = contentType.split(';')[0]!.trim();
  switch (type) {
    case PATCH_TYPES.json:
      return jsonPatch(target, patch);
    case PATCH_TYPES.merge:
      return mergePatch(target, patch);
    case PATCH_TYPES.strategic:
      return strategicMergePatch(target, patch);
    default:
      throw ApiError.unsupportedMediaType(type);
  }
}
