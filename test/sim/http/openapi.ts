/**
 * OpenAPI documents generated from what the cluster serves: `/openapi/v3` (an index
 * of group/versions), `/openapi/v3/api/v1` and `/openapi/v3/apis/GROUP/VERSION` (paths
 * and component schemas), and `/openapi/v2` as JSON. Every PATCH operation lists the
 * `fieldValidation` parameter, which tells kubectl the server validates fields
 * itself (so `create -f`/`apply -f`/`edit` send `fieldValidation=Strict`), and every
 * kind carries `x-kubernetes-group-version-kind`, which `kubectl explain` looks for.
 * OpenAPI v2 in protobuf (what client-go asks for) is not offered: such a request
 * gets 406, and kubectl then uses its built-in types.
 */
import { createHash } from 'node:crypto';
import type { ApiCatalog, ServedResource } from '../apiCatalog';
import { ApiError } from '../status';
import { parseAccept } from './negotiate';
import { detailedSchemaOf, reachableSchemas, SCHEMAS, type ObjectSchema, type Prop } from './openapiSchemas';

type Doc = Record<string, unknown>;
type Dialect = 'v2' | 'v3';

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** The schema name a served kind is published under: the detailed one, or an open one. */
export function schemaNameOf(r: ServedResource): string {
  const detailed = detailedSchemaOf(r.group, r.version, r.def.kind);
  if (detailed) return detailed;
  // Built-ins are named like kube-apiserver names them (io.k8s.api.rbac.v1.Role); custom kinds by their reversed group.
  const prefix = r.def.crd ? r.group.split('.').reverse().join('.') : `io.k8s.api.${r.group.split('.')[0] || 'core'}`;
  return `${prefix}.${r.version}.${r.def.kind}`;
}

function refTo(name: string, dialect: Dialect): string {
  return dialect === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}`;
}

function renderProp(p: Prop, dialect: Dialect): Doc {
  const desc = p.description ? { description: p.description } : {};
  switch (p.type) {
    case 'map':
      return { type: 'object', additionalProperties: { type: 'string' }, ...desc };
    case 'open':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...desc };
    case 'int-or-string':
      return dialect === 'v3' ? { allOf: [{ $ref: refTo(INT_OR_STRING, dialect) }], ...desc } : { $ref: refTo(INT_OR_STRING, dialect), ...desc };
    case 'ref':
      return dialect === 'v3' ? { allOf: [{ $ref: refTo(p.ref, dialect) }], default: {}, ...desc } : { $ref: refTo(p.ref, dialect), ...desc };
    case 'array':
      return { type: 'array', items: renderProp(p.items, dialect), ...desc };
    default:
      return { type: p.type, ...(p.format ? { format: p.format } : {}), ...(p.enum ? { enum: p.enum } : {}), ...desc };
  }
}

function renderSchema(s: ObjectSchema, dialect: Dialect): Doc {
  const properties: Doc = {};
  for (const [k, p] of Object.entries(s.properties)) properties[k] = renderProp(p, dialect);
  return {
    description: s.description,
    type: 'object',
    ...(s.required ? { required: s.required } : {}),
    properties,
    ...(s.gvk ? { 'x-kubernetes-group-version-kind': [s.gvk] } : {}),
  };
}

function openKindSchema(r: ServedResource): Doc {
  return {
    description: `${r.def.kind} (${r.groupVersion}); the simulator does not describe its fields.`,
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: r.def.kind }],
  };
}

/** Component schemas for the kinds of one group/version (and what they refer to). */
function schemasFor(resources: readonly ServedResource[], dialect: Dialect): Doc {
  const out: Doc = {};
  for (const r of resources) {
    const name = schemaNameOf(r);
    if (!SCHEMAS[name]) {
      out[name] = openKindSchema(r);
      continue;
    }
    for (const n of reachableSchemas(name)) out[n] = renderSchema(SCHEMAS[n]!, dialect);
  }
  if (Object.keys(out).length > 0) out[INT_OR_STRING] = { type: 'string', format: 'int-or-string', description: 'A value that is either a whole number or a string such as "25%".' };
  return out;
}

function queryParam(name: string, description: string, dialect: Dialect): Doc {
  return dialect === 'v3' ? { name, in: 'query', description, schema: { type: 'string', uniqueItems: true } } : { name, in: 'query', description, type: 'string', uniqueItems: true };
}

function writeParams(dialect: Dialect, withForce: boolean): Doc[] {
  const params = [
    queryParam('dryRun', 'When "All", the request is checked but nothing is stored.', dialect),
    queryParam('fieldManager', 'Name of the actor making the change, recorded in managedFields.', dialect),
    queryParam('fieldValidation', 'Ignore, Warn or Strict: what the server does with unknown or duplicate fields in the body.', dialect),
  ];
  if (withForce) params.push(dialect === 'v3' ? { name: 'force', in: 'query', description: 'Take over conflicting fields on apply.', schema: { type: 'boolean', uniqueItems: true } } : { name: 'force', in: 'query', description: 'Take over conflicting fields on apply.', type: 'boolean', uniqueItems: true });
  return params;
}

function operation(r: ServedResource, action: string, verbDesc: string, dialect: Dialect, extra: Doc = {}): Doc {
  const schema = { $ref: refTo(schemaNameOf(r), dialect) };
  const responses = dialect === 'v3' ? { '200': { description: 'OK', content: { 'application/json': { schema } } } } : { '200': { description: 'OK', schema } };
  return {
    description: `${verbDesc} ${r.def.kind}`,
    operationId: `${action}${r.def.kind}`,
    responses,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.def.kind },
    ...extra,
  };
}

function pathsFor(resources: readonly ServedResource[], dialect: Dialect): Doc {
  const paths: Doc = {};
  for (const r of resources) {
    const prefix = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
    const base = r.def.namespaced ? `${prefix}/namespaces/{namespace}/${r.def.plural}` : `${prefix}/${r.def.plural}`;
    const verbs = new Set(r.def.verbs);
    const schema = { $ref: refTo(schemaNameOf(r), dialect) };
    const body = (types: string[]): Doc =>
      dialect === 'v3' ? { requestBody: { content: Object.fromEntries(types.map((t) => [t, { schema }])), required: true } } : { parameters: [{ name: 'body', in: 'body', required: true, schema }] };
    const collection: Doc = {};
    if (verbs.has('list')) collection.get = operation(r, 'list', 'list objects of kind', dialect);
    if (verbs.has('create')) {
      const b = body(['*/*']);
      collection.post = operation(r, 'post', 'create a', dialect, { ...b, parameters: [...((b.parameters as Doc[] | undefined) ?? []), ...writeParams(dialect, false)] });
    }
    if (Object.keys(collection).length > 0) paths[base] = collection;
    const item: Doc = {};
    if (verbs.has('get')) item.get = operation(r, 'get', 'read the specified', dialect);
    if (verbs.has('update')) {
      const b = body(['*/*']);
      item.put = operation(r, 'put', 'replace the specified', dialect, { ...b, parameters: [...((b.parameters as Doc[] | undefined) ?? []), ...writeParams(dialect, false)] });
    }
    if (verbs.has('patch')) {
      // No strategic-merge-patch body is listed: kubectl then computes its patches from its built-in types.
      const b = body(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
      item.patch = operation(r, 'patch', 'partially update the specified', dialect, { ...b, parameters: [...((b.parameters as Doc[] | undefined) ?? []), ...writeParams(dialect, true)] });
    }
    if (verbs.has('delete')) item.delete = operation(r, 'delete', 'delete a', dialect);
    if (Object.keys(item).length > 0) paths[`${base}/{name}`] = item;
  }
  return paths;
}

/** The OpenAPI v3 document of one group/version ("v1" or "apps/v1"). */
export function openApiV3Doc(catalog: ApiCatalog, groupVersion: string): Doc | undefined {
  const resources = catalog.resourcesAt(groupVersion);
  if (!resources) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `v1.${catalog.minor}.0` },
    paths: pathsFor(resources, 'v3'),
    components: { schemas: schemasFor(resources, 'v3') },
  };
}

function allGroupVersions(catalog: ApiCatalog): string[] {
  const out = ['v1'];
  for (const g of catalog.groups) for (const v of g.versions) out.push(`${g.name}/${v}`);
  return out.filter((gv) => catalog.resourcesAt(gv) !== undefined);
}

const v3Path = (gv: string): string => (gv.includes('/') ? `apis/${gv}` : `api/${gv}`);

function hashOf(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase();
}

/** The `/openapi/v3` index: one entry per group/version with a hash that changes with its document. */
export function openApiV3Index(catalog: ApiCatalog): Doc {
  const paths: Doc = {};
  for (const gv of allGroupVersions(catalog)) {
    const text = JSON.stringify(openApiV3Doc(catalog, gv));
    paths[v3Path(gv)] = { serverRelativeURL: `/openapi/v3/${v3Path(gv)}?hash=${hashOf(text)}` };
  }
  return { paths };
}

/** The whole API in one OpenAPI v2 (Swagger) document. */
export function openApiV2Doc(catalog: ApiCatalog): Doc {
  const resources = allGroupVersions(catalog).flatMap((gv) => catalog.resourcesAt(gv) ?? []);
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: `v1.${catalog.minor}.0` },
    paths: pathsFor(resources, 'v2'),
    definitions: schemasFor(resources, 'v2'),
  };
}

/** Whether the client accepts JSON at all (kubectl's OpenAPI v2 client asks for protobuf only). */
function acceptsJson(accept: string | undefined): boolean {
  const ranges = parseAccept(accept);
  return ranges.length === 0 || ranges.some((m) => m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*');
}

export type OpenApiAnswer = { code: number; body: string; headers: Record<string, string> };

/** Answers `/openapi/...` paths; undefined for paths that are not OpenAPI documents. */
export function serveOpenApi(catalog: ApiCatalog, path: string, accept: string | undefined): OpenApiAnswer | undefined {
  if (path !== '/openapi/v2' && path !== '/openapi/v3' && !path.startsWith('/openapi/v3/')) return undefined;
  if (!acceptsJson(accept)) {
    throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json; the simulator does not encode OpenAPI documents as ${accept ?? ''}`);
  }
  const json = (doc: Doc): OpenApiAnswer => ({ code: 200, body: JSON.stringify(doc), headers: { 'Content-Type': 'application/json' } });
  if (path === '/openapi/v2') return json(openApiV2Doc(catalog));
  if (path === '/openapi/v3') return json(openApiV3Index(catalog));
  const rest = path.slice('/openapi/v3/'.length);
  const gv = rest.startsWith('api/') ? rest.slice('api/'.length) : rest.startsWith('apis/') ? rest.slice('apis/'.length) : undefined;
  if (gv === undefined || (rest.startsWith('api/') && gv !== 'v1')) throw ApiError.pathNotFound();
  const doc = openApiV3Doc(catalog, gv);
  if (!doc) throw ApiError.pathNotFound();
  return json(doc);
}
