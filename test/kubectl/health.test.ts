/**
 * kubectl v1.35.2 reading the API server's health checks and metrics with
 * `kubectl get --raw`, as monitoring and the live deprecated-API check do:
 * /readyz and /livez with `?verbose` list their checks (apiserver/pkg/server/healthz),
 * /healthz/etcd is one check, and /metrics is Prometheus text whose
 * apiserver_requested_deprecated_apis gauge appears once a client uses a deprecated
 * version (apiserver/pkg/endpoints/filters, deprecation).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kubectl, lines } from './harness';
import { scenario } from './scenarios';

describe('kubectl get --raw on health and metrics endpoints', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(scenario('health', '', { version: 'v1.31.6', nodes: [{ name: 'worker-1', version: 'v1.31.6', ip: '10.0.0.11' }] }));
  });
  after(() => k.stop());

  it('/readyz?verbose lists each check and ends with "readyz check passed"', async () => {
    const r = await k.run(['get', '--raw', '/readyz?verbose']);
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    assert.deepEqual(out.slice(0, 5), ['[+]ping ok', '[+]log ok', '[+]etcd ok', '[+]etcd-readiness ok', '[+]informer-sync ok']);
    assert.ok(out.includes('[+]poststarthook/rbac/bootstrap-roles ok'));
    assert.deepEqual(out.slice(-2), ['[+]shutdown ok', 'readyz check passed']);
  });

  it('/livez?verbose has no readiness-only checks; excluded checks say so', async () => {
    const r = await k.run(['get', '--raw', '/livez?verbose&exclude=etcd']);
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    assert.deepEqual(out.slice(0, 3), ['[+]ping ok', '[+]log ok', '[+]etcd excluded: ok']);
    assert.ok(!out.includes('[+]shutdown ok'));
    assert.equal(out.at(-1), 'livez check passed');
  });

  it('/healthz/etcd is "ok", a plain /readyz too, and an unknown check is not found', async () => {
    assert.equal((await k.run(['get', '--raw', '/healthz/etcd'])).stdout, 'ok');
    assert.equal((await k.run(['get', '--raw', '/readyz'])).stdout, 'ok');
    const missing = await k.run(['get', '--raw', '/readyz/nonsense']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NotFound|not found/);
  });

  it('/metrics counts requests and shows a deprecated API once a client has used it', async () => {
    const deprecatedLine = 'apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="",version="v1beta3"} 1';
    const before = await k.run(['get', '--raw', '/metrics']);
    assert.equal(before.code, 0, before.stderr);
    assert.ok(lines(before.stdout).includes('# TYPE apiserver_requested_deprecated_apis gauge'));
    assert.ok(!before.stdout.includes(deprecatedLine));
    const get = await k.run(['get', 'flowschemas.v1beta3.flowcontrol.apiserver.k8s.io']);
    assert.equal(get.code, 0, get.stderr);
    const afterUse = await k.run(['get', '--raw', '/metrics']);
    assert.ok(lines(afterUse.stdout).includes(deprecatedLine), afterUse.stdout);
    assert.ok(!afterUse.stdout.includes('resource="flowschemas",subresource="",version="v1"}'), 'v1 is not deprecated');
    assert.match(afterUse.stdout, /^apiserver_request_total\{code="200",component="apiserver",dry_run="",group="flowcontrol\.apiserver\.k8s\.io",resource="flowschemas",scope="cluster",subresource="",verb="LIST",version="v1beta3"\} 1$/m);
  });
});
