import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiCatalog } from '../../sim/apiCatalog';
import { unknownFields } from '../../sim/http/fieldValidation';
import { openApiV3Doc, openApiV3Index, serveOpenApi } from '../../sim/http/openapi';
import { decodeProtobufObject } from '../../sim/http/protobufObjects';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { encodeEnvelope, encodeField } from '../../sim/protobuf';
import { ApiError } from '../../sim/status';
import { call, type Target } from './http';

const f = encodeField;
const cat = (...parts: Buffer[]): Buffer => Buffer.concat(parts);

describe('OpenAPI documents', () => {
  const catalog = new ApiCatalog(35);

  it('indexes every served group/version with a hash that follows the document', () => {
    const index = openApiV3Index(catalog) as { paths: Record<string, { serverRelativeURL: string }> };
    assert.match(index.paths['api/v1']!.serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    assert.ok(index.paths['apis/apps/v1']);
    assert.ok(index.paths['apis/policy/v1']);
    assert.equal(index.paths['apis/policy/v1beta1'], undefined, 'policy/v1beta1 is not served by 1.35');
    const old = openApiV3Index(new ApiCatalog(24)) as { paths: Record<string, unknown> };
    assert.ok(old.paths['apis/policy/v1beta1']);
  });

  it('lists fieldValidation on PATCH operations and tags kinds with their group/version/kind', () => {
    const doc = openApiV3Doc(catalog, 'apps/v1') as { paths: Record<string, { patch?: { parameters: { name: string; in: string }[]; 'x-kubernetes-group-version-kind': unknown } }>; components: { schemas: Record<string, Record<string, unknown>> } };
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch;
    assert.deepEqual(patch?.['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(patch?.parameters.some((p) => p.name === 'fieldValidation' && p.in === 'query'));
    const dep = doc.components.schemas['io.k8s.api.apps.v1.Deployment']!;
    assert.deepEqual(dep['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    assert.ok(doc.components.schemas['io.k8s.api.core.v1.PodSpec'], 'referenced schemas come along');
    const cr = doc.components.schemas['io.k8s.api.apps.v1.ControllerRevision']!;
    assert.equal(cr['x-kubernetes-preserve-unknown-fields'], true, 'kinds without a detailed schema are open');
  });

  it('refuses to encode a document for a client that only takes protobuf (406), serves JSON otherwise', () => {
    assert.throws(() => serveOpenApi(catalog, '/openapi/v2', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf'), (e: unknown) => e instanceof ApiError && e.code === 406);
    const v2 = serveOpenApi(catalog, '/openapi/v2', 'application/json');
    assert.equal((JSON.parse(v2!.body) as { swagger: string }).swagger, '2.0');
    assert.throws(() => serveOpenApi(catalog, '/openapi/v3/apis/nope/v1', 'application/json'), (e: unknown) => e instanceof ApiError && e.code === 404);
    assert.equal(serveOpenApi(catalog, '/metrics', undefined), undefined);
  });
});

describe('strict field validation', () => {
  it('names unknown fields by path, through references and list items, ignoring patch directives', () => {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labelz: {} },
      spec: { replicas: 1, $retainKeys: [], template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagee: 'x' }], affinity: { anything: { goes: 1 } } } } },
      status: { whatever: true },
    };
    assert.deepEqual(unknownFields('io.k8s.api.apps.v1.Deployment', body), ['metadata.labelz', 'spec.template.spec.containers[1].imagee']);
  });
});

describe('protobuf object bodies', () => {
  it('decodes a Deployment as kubectl create deployment sends it, dropping Go zero values', () => {
    const kv = (k: string, v: string): Buffer => cat(f(1, k), f(2, v));
    // ObjectMeta with the empty strings and zero generation Go always writes
    const meta = cat(f(1, 'api'), f(2, ''), f(3, ''), f(6, ''), f(7, 0n), f(8, Buffer.alloc(0)), f(11, kv('app', 'api')));
    const container = cat(f(1, 'nginx'), f(2, 'nginx:1.27'), f(5, ''), f(6, cat(f(1, ''), f(2, 0n), f(3, 8080n), f(4, ''))), f(8, Buffer.alloc(0)), f(16, 0n));
    const podSpec = cat(f(2, container), f(3, ''), f(6, ''), f(11, 0n));
    const template = cat(f(1, cat(f(1, ''), f(11, kv('app', 'api')))), f(2, podSpec));
    const spec = cat(f(1, 3n), f(2, f(1, kv('app', 'api'))), f(3, template), f(4, f(1, '')), f(5, 0n), f(7, 0n));
    const body = encodeEnvelope('apps/v1', 'Deployment', cat(f(1, meta), f(2, spec), f(3, Buffer.alloc(0))));
    assert.deepEqual(decodeProtobufObject(body), {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'api', labels: { app: 'api' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }], resources: {} }] } },
        strategy: {},
      },
      status: {},
    });
  });

  it('decodes ConfigMap data and Secret bytes; other kinds are left to the older decoder', () => {
    const cm = encodeEnvelope('v1', 'ConfigMap', cat(f(1, f(1, 'cfg')), f(2, cat(f(1, 'mode'), f(2, 'fast')))));
    assert.deepEqual(decodeProtobufObject(cm), { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cfg' }, data: { mode: 'fast' } });
    const secret = encodeEnvelope('v1', 'Secret', cat(f(1, f(1, 's')), f(2, cat(f(1, 'k'), f(2, Buffer.from([0, 255])))), f(3, 'Opaque')));
    assert.deepEqual(decodeProtobufObject(secret), { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { k: 'AP8=' }, type: 'Opaque' });
    assert.equal(decodeProtobufObject(encodeEnvelope('v1', 'Pod', Buffer.alloc(0))), undefined);
  });
});

describe('field validation and server-side apply over HTTP', () => {
  let sim: RunningSimulator;
  let t: Target;
  before(async () => {
    sim = await startSimulator({ scenario: 'apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: unit-openapi}\nspec:\n  kubernetesVersion: v1.35.0\n  timeScale: 0.01\n' });
    t = { url: sim.url, caPem: sim.caPem, token: sim.token };
  });
  after(() => sim.stop());

  it('Warn accepts the body with a Warning header per unknown field; Strict refuses it', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' }, dataa: {} };
    const warned = await call(t, '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', { method: 'POST', body });
    assert.equal(warned.status, 201);
    assert.equal(warned.headers.warning, '299 - "unknown field \\"dataa\\""');
    const strict = await call(t, '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { method: 'POST', body: { ...body, metadata: { name: 's' } } });
    assert.equal(strict.status, 400);
    assert.equal(strict.json().message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dataa"');
  });

  it('an apply patch needs a field manager, creates a missing object and merges into an existing one', async () => {
    const path = '/api/v1/namespaces/default/configmaps/applied';
    const cfg = (data: Record<string, string>): { apiVersion: string; kind: string; metadata: { name: string }; data: Record<string, string> } => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data });
    const noManager = await call(t, path, { method: 'PATCH', body: cfg({ a: '1' }), contentType: 'application/apply-patch+yaml' });
    assert.equal(noManager.status, 422);
    const created = await call(t, `${path}?fieldManager=ops`, { method: 'PATCH', body: cfg({ a: '1' }), contentType: 'application/apply-patch+yaml' });
    assert.equal(created.status, 201);
    const merged = await call(t, `${path}?fieldManager=ops`, { method: 'PATCH', body: cfg({ b: '2' }), contentType: 'application/apply-patch+yaml' });
    assert.equal(merged.status, 200);
    assert.deepEqual(merged.json<{ data: unknown }>().data, { a: '1', b: '2' }, 'fields dropped from the configuration are kept (no ownership tracking)');
    const wrongKind = await call(t, `${path}?fieldManager=ops`, { method: 'PATCH', body: { ...cfg({}), kind: 'Secret' }, contentType: 'application/apply-patch+yaml' });
    assert.equal(wrongKind.status, 400);
  });
});
