/**
 * Classifies an API path the way the API server's RequestInfoFactory does:
 * discovery documents, or a resource request with its group, version, namespace,
 * resource, name, subresource and verb.
 */

export type ApiRequest =
  | { kind: 'discovery-root'; legacy: boolean }
  | { kind: 'discovery-group'; group: string }
  | { kind: 'discovery-resources'; group: string; version: string }
  | ResourceRequest
  | { kind: 'other'; path: string };

export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function verbFor(method: string, hasName: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

export function parseApiPath(method: string, path: string, query: URLSearchParams): ApiRequest {
  const parts = path.split('/').filter((p) => p.length > 0).map((p) => decodeURIComponent(p));
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'discovery-root', legacy: true };
    if (parts.length === 2) return { kind: 'discovery-resources', group: '', version: parts[1]! };
    return resourceRequest(method, '', parts[1]!, parts.slice(2), query) ?? { kind: 'other', path };
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'discovery-root', legacy: false };
    if (parts.length === 2) return { kind: 'discovery-group', group: parts[1]! };
    if (parts.length === 3) return { kind: 'discovery-resources', group: parts[1]!, version: parts[2]! };
    return resourceRequest(method, parts[1]!, parts[2]!, parts.slice(3), query) ?? { kind: 'other', path };
  }
  return { kind: 'other', path };
}

function resourceRequest(method: string, group: string, version: string, rest: string[], query: URLSearchParams): ResourceRequest | undefined {
  let parts = rest;
  let watch = query.get('watch') === 'true' || query.get('watch') === '1';
  if (parts[0] === 'watch') {
    watch = true;
    parts = parts.slice(1);
  }
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
  }
  if (parts.length === 0) return undefined;
  const resource = parts[0]!;
  let name = parts[1];
  const subresource = parts[2];
  if (resource === 'namespaces' && namespace !== undefined && parts.length <= 3 && parts[1] === namespace) {
    // /api/v1/namespaces/NAME[/status]: the namespace object itself.
    name = namespace;
    namespace = undefined;
  }
  const req: ResourceRequest = { kind: 'resource', group, version, resource, verb: verbFor(method, name !== undefined, watch) };
  if (namespace !== undefined) req.namespace = namespace;
  if (name !== undefined) req.name = name;
  if (subresource !== undefined) req.subresource = subresource;
  return req;
}
