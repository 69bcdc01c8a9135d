/**
 * The verbs on resources: list (with label/field selectors, limit/continue and
 * Table output), watch, get, create, update, patch, delete, deletecollection, and
 * the subresources the simulator implements (status, scale, eviction, log).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServedResource } from '../apiCatalog';
import { keyOf, type DeleteOptions, type SimCluster } from '../cluster';
import { evictPod, parseEviction } from '../eviction';
import { applyPatch, type Json } from '../patch';
import { parseFieldSelector, parseLabelSelector, validateFieldSelector } from '../selectors';
import { ApiError, successStatus } from '../status';
import { clone, isRecord, type KubeObject, type Workload } from '../types';
import { decodeBody, mediaType } from './body';
import { atVersion, decodeContinue, encodeContinue, listJson, objectJson, partialListJson, partialMetadata, tableJson, type IncludeObject } from './encode';
import { validateFields } from './fieldValidation';
import { negotiateRepresentation } from './negotiate';
import type { ResourceRequest } from './requestInfo';
import { APPLY_PATCH_TYPE, serverSideApply } from './serverSideApply';
import { serveWatch, type WatchRegistry } from './watch';

export interface ResourceContext {
  cluster: SimCluster;
  watches: WatchRegistry;
  bookmarkIntervalMs: number;
  dropWatch?: { afterEvents?: number; afterMs?: number; mode?: 'close' | 'reset' };
  /** How long this watch may stay open before the server ends it cleanly (kube-apiserver's min-request-timeout). */
  watchLifetimeMs?: number;
  repeatContinue?: boolean;
}

export function sendJson(res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) {
    if (v !== 'All') throw ApiError.badRequest(`Invalid value: "${v}": supported values: "All"`);
  }
  return values.length > 0;
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject') ?? 'Metadata';
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') throw ApiError.badRequest(`unrecognized includeObject value: "${v}"`);
  return v;
}

function servedFor(cluster: SimCluster, info: ResourceRequest): ServedResource {
  const served = cluster.catalog.lookup(info.group, info.version, info.resource);
  if (!served) throw ApiError.pathNotFound();
  const def = served.def;
  if (!def.namespaced && info.namespace !== undefined) throw ApiError.pathNotFound();
  if (def.namespaced && info.namespace === undefined && info.name !== undefined) throw ApiError.pathNotFound();
  if (info.subresource !== undefined && !(def.subresources ?? []).some((s) => s.name === info.subresource)) throw ApiError.pathNotFound();
  const verbAllowed = info.subresource !== undefined || def.verbs.includes(info.verb) || (info.verb === 'watch' && def.verbs.includes('list'));
  if (!verbAllowed) throw ApiError.methodNotAllowed();
  return served;
}

function deleteOptionsFrom(query: URLSearchParams, body: unknown): DeleteOptions {
  const opts: DeleteOptions = {};
  if (isRecord(body)) {
    if (typeof body.gracePeriodSeconds === 'number') opts.gracePeriodSeconds = body.gracePeriodSeconds;
    if (isRecord(body.preconditions)) opts.preconditions = body.preconditions as DeleteOptions['preconditions'];
    if (typeof body.propagationPolicy === 'string') opts.propagationPolicy = body.propagationPolicy;
    if (Array.isArray(body.dryRun) && body.dryRun.includes('All')) opts.dryRun = true;
  }
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = query.get('propagationPolicy');
  if (policy !== null) opts.propagationPolicy = policy;
  if (dryRunOf(query)) opts.dryRun = true;
  return opts;
}

function scaleOf(served: ServedResource, obj: Workload): KubeObject {
  const status = (obj.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: obj.spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: served.def.plural === 'statefulsets' || served.def.plural === 'deployments' || served.def.plural === 'replicasets' ? formatSelectorForScale(obj) : '' },
  };
}

function formatSelectorForScale(obj: Workload): string {
  return Object.entries(obj.spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}

function asObjectBody(body: unknown): KubeObject {
  if (!isRecord(body)) throw ApiError.badRequest('the request body must be an object');
  return body as KubeObject;
}

export function handleResource(ctx: ResourceContext, req: IncomingMessage, res: ServerResponse, info: ResourceRequest, query: URLSearchParams, rawBody: Buffer): void {
  const { cluster } = ctx;
  const served = servedFor(cluster, info);
  const def = served.def;
  const gv = served.groupVersion;
  const ns = info.namespace;
  const rep = negotiateRepresentation(req.headers.accept);
  const now = Date.now();

  const sendObject = (code: number, obj: KubeObject): void => {
    if (rep.as === 'Table') {
      sendJson(res, code, tableJson(served, [obj], { resourceVersion: obj.metadata.resourceVersion ?? '' }, { metaVersion: rep.version, includeObject: includeObjectOf(query), noHeaders: false, now }));
    } else if (rep.as === 'PartialObjectMetadata' && !rep.list) {
      sendJson(res, code, JSON.stringify(partialMetadata(obj, rep.version)));
    } else {
      sendJson(res, code, objectJson(obj, gv));
    }
  };

  switch (info.verb) {
    case 'list': {
      const labels = parseLabelSelector(query.get('labelSelector'));
      const fields = parseFieldSelector(query.get('fieldSelector'));
      if (fields.length > 0) validateFieldSelector(fields, { apiVersion: gv, kind: def.kind, metadata: {} }, def.plural);
      const limit = Number(query.get('limit') ?? '0') || 0;
      const token = query.get('continue');
      let after: string | undefined;
      let listRv: number | undefined;
      if (token) {
        const decoded = decodeContinue(token);
        if (!decoded) throw ApiError.badRequest('continue key is not valid: illegal base64 data');
        if (decoded.rv < cluster.store.oldestWatchableRv()) {
          throw ApiError.gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.');
        }
        after = decoded.after;
        listRv = decoded.rv;
      }
      const result = cluster.store.list(keyOf(def), {
        ...(def.namespaced && ns !== undefined ? { namespace: ns } : {}),
        labels,
        fields,
        ...(limit > 0 ? { limit } : {}),
        ...(after !== undefined ? { after } : {}),
      });
      const rv = listRv ?? result.rv;
      const meta = {
        resourceVersion: String(rv),
        ...(ctx.repeatContinue ? { continue: token ?? encodeContinue(rv, '') } : result.nextKey !== undefined ? { continue: encodeContinue(rv, result.nextKey) } : {}),
        ...(result.remaining !== undefined ? { remainingItemCount: result.remaining } : {}),
      };
      if (rep.as === 'Table') {
        sendJson(res, 200, tableJson(served, result.items, meta, { metaVersion: rep.version, includeObject: includeObjectOf(query), noHeaders: false, now }));
      } else if (rep.as === 'PartialObjectMetadata') {
        sendJson(res, 200, partialListJson(result.items, meta, rep.version));
      } else {
        sendJson(res, 200, listJson(served, result.items, meta));
      }
      return;
    }
    case 'watch': {
      const labels = parseLabelSelector(query.get('labelSelector'));
      const fields = parseFieldSelector(query.get('fieldSelector'));
      if (info.name !== undefined) fields.push({ field: 'metadata.name', op: 'eq', value: info.name });
      const timeout = query.get('timeoutSeconds');
      const rv = query.get('resourceVersion');
      serveWatch(cluster.store, ctx.watches, res, {
        served,
        ...(def.namespaced && ns !== undefined ? { namespace: ns } : {}),
        labels,
        fields,
        ...(rv !== null ? { resourceVersion: rv } : {}),
        allowBookmarks: query.get('allowWatchBookmarks') === 'true',
        sendInitialEvents: query.get('sendInitialEvents') === 'true',
        ...(timeout !== null ? { timeoutSeconds: Number(timeout) } : {}),
        ...(rep.as === 'Table' ? { table: { metaVersion: rep.version, includeObject: includeObjectOf(query) } } : {}),
        ...(ctx.dropWatch ? { drop: ctx.dropWatch } : {}),
        ...(ctx.watchLifetimeMs !== undefined ? { lifetimeMs: ctx.watchLifetimeMs } : {}),
        bookmarkIntervalMs: ctx.bookmarkIntervalMs,
      });
      return;
    }
    case 'get': {
      const obj = cluster.get(def, ns, info.name!);
      if (info.subresource === 'scale') return sendJson(res, 200, JSON.stringify(scaleOf(served, obj as Workload)));
      if (info.subresource === 'log') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('');
        return;
      }
      if (info.subresource !== undefined && info.subresource !== 'status') throw ApiError.methodNotAllowed();
      sendObject(200, obj);
      return;
    }
    case 'create': {
      const body = decodeBody(req, rawBody);
      if (info.subresource === 'eviction') {
        if (!ns || !info.name) throw ApiError.pathNotFound();
        const status = evictPod(cluster, ns, info.name, parseEviction(body, cluster), dryRunOf(query));
        return sendJson(res, 201, JSON.stringify(status));
      }
      if (info.subresource !== undefined) throw ApiError.methodNotAllowed();
      const obj = asObjectBody(body);
      if (obj.apiVersion !== undefined && obj.apiVersion !== gv) {
        throw ApiError.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`);
      }
      validateFields(served, obj, query, res);
      const created = cluster.create(def, ns, clone(obj), { dryRun: dryRunOf(query) });
      sendObject(201, atVersion(created, created.apiVersion));
      return;
    }
    case 'update': {
      const body = asObjectBody(decodeBody(req, rawBody));
      if (info.subresource === undefined) validateFields(served, body, query, res);
      if (info.subresource === 'scale') {
        const replicas = (body.spec as { replicas?: number } | undefined)?.replicas;
        const current = clone(cluster.get(def, ns, info.name!)) as Workload;
        current.spec.replicas = replicas ?? current.spec.replicas;
        const updated = cluster.update(def, ns, info.name!, current, { dryRun: dryRunOf(query) });
        return sendJson(res, 200, JSON.stringify(scaleOf(served, updated as Workload)));
      }
      const opts: { dryRun: boolean; subresource?: string } = { dryRun: dryRunOf(query) };
      if (info.subresource !== undefined) opts.subresource = info.subresource;
      sendObject(200, cluster.update(def, ns, info.name!, body, opts));
      return;
    }
    case 'patch': {
      const body = decodeBody(req, rawBody);
      if (body === undefined) throw ApiError.badRequest('the body of the patch request is empty');
      const opts: { dryRun: boolean; subresource?: string } = { dryRun: dryRunOf(query) };
      if (info.subresource === 'scale') {
        const current = cluster.get(def, ns, info.name!) as Workload;
        const scale = scaleOf(served, current);
        const patched = applyPatch(mediaType(req), scale as unknown as Json, body as Json) as unknown as { spec?: { replicas?: number } };
        const next = clone(current);
        next.spec.replicas = patched.spec?.replicas ?? next.spec.replicas;
        const updated = cluster.update(def, ns, info.name!, next, opts);
        return sendJson(res, 200, JSON.stringify(scaleOf(served, updated as Workload)));
      }
      if (info.subresource !== undefined) opts.subresource = info.subresource;
      else validateFields(served, body, query, res);
      if (info.subresource === undefined && mediaType(req) === APPLY_PATCH_TYPE) {
        const applied = serverSideApply(cluster, served, ns, info.name!, body, query, opts.dryRun);
        sendObject(applied.code, applied.object);
        return;
      }
      sendObject(200, cluster.patch(def, ns, info.name!, mediaType(req), body as Json, opts));
      return;
    }
    case 'delete': {
      if (info.subresource !== undefined) throw ApiError.methodNotAllowed();
      const opts = deleteOptionsFrom(query, decodeBody(req, rawBody));
      const result = cluster.delete(def, ns, info.name!, opts);
      if (def.group === '' && (def.plural === 'pods' || def.plural === 'namespaces' || def.plural === 'services')) {
        sendObject(200, result);
      } else {
        const details: Record<string, string> = { name: info.name!, kind: def.plural };
        if (def.group) details.group = def.group;
        if (result.metadata.uid) details.uid = result.metadata.uid;
        sendJson(res, 200, JSON.stringify(successStatus(details)));
      }
      return;
    }
    case 'deletecollection': {
      const opts = deleteOptionsFrom(query, decodeBody(req, rawBody));
      const labels = parseLabelSelector(query.get('labelSelector'));
      const fields = parseFieldSelector(query.get('fieldSelector'));
      const items = cluster.store.list(keyOf(def), { ...(def.namespaced && ns !== undefined ? { namespace: ns } : {}), labels, fields }).items;
      const deleted = items.map((o) => cluster.delete(def, o.metadata.namespace, o.metadata.name ?? '', opts));
      sendJson(res, 200, listJson(served, deleted, { resourceVersion: String(cluster.store.currentRv()) }));
      return;
    }
    default:
      throw ApiError.methodNotAllowed();
  }
}
