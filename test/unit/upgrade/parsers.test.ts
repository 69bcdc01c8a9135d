import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { apiUsesFromMetric, resourceOf } from '../../../src/core/upgrade/apiUses';
import { decodeHelmRelease, encodeHelmRelease } from '../../../src/core/upgrade/helmRelease';
import { parseDeprecatedApiMetrics } from '../../../src/core/upgrade/metricsText';
import { parseReadyz } from '../../../src/core/upgrade/readyz';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

const fallback = { namespace: 'ns', name: 'rel', revision: 1 };

describe('Helm release Secrets', () => {
  it('decodes base64 + base64 + gzip + JSON as Helm stores it', () => {
    const data = encodeHelmRelease({ name: 'web', namespace: 'shop', version: 7, manifest: 'apiVersion: v1\nkind: ConfigMap\n' });
    const r = decodeHelmRelease(data, fallback);
    assert.ok(r.ok);
    assert.deepEqual(r.ok && r.release, { name: 'web', namespace: 'shop', revision: 7, manifest: 'apiVersion: v1\nkind: ConfigMap\n' });
  });
  it('also accepts a single base64 layer', () => {
    const single = gzipSync(Buffer.from(JSON.stringify({ name: 'a', version: 2, manifest: 'x: 1' }))).toString('base64');
    const r = decodeHelmRelease(single, fallback);
    assert.equal(r.ok && r.release.revision, 2);
    assert.equal(r.ok && r.release.namespace, 'ns');
  });
  it('reports what does not decode instead of throwing', () => {
    const r = decodeHelmRelease(Buffer.from('not gzip at all').toString('base64'), fallback);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /does not decode/);
    const noManifest = decodeHelmRelease(Buffer.from(gzipSync(Buffer.from('{"name":"x"}')).toString('base64')).toString('base64'), fallback);
    assert.match(noManifest.ok ? '' : noManifest.reason, /no manifest/);
  });
});

describe('apiserver_requested_deprecated_apis', () => {
  const text = [
    '# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested, broken out by API group, version, resource, subresource, and removed_release.',
    '# TYPE apiserver_requested_deprecated_apis gauge',
    'apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="",version="v1beta3"} 1',
    'apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="status",version="v1beta3"} 1',
    'apiserver_requested_deprecated_apis{group="example.io",removed_release="",resource="widgets",subresource="",version="v1alpha1"} 1',
    'apiserver_request_total{code="200"} 5',
  ].join('\n');

  it('parses every line of the gauge and maps it to the rule data', () => {
    const metrics = parseDeprecatedApiMetrics(text);
    assert.equal(metrics.length, 3);
    assert.deepEqual(metrics[0], { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', resource: 'flowschemas', subresource: '', removedRelease: '1.32', value: 1 });
    const uses = apiUsesFromMetric(metrics, builtinRuleSet());
    assert.equal(uses.length, 1, 'deprecations without a removal release and subresources of the same resource fold together');
    assert.equal(uses[0].kind, 'FlowSchema');
    assert.equal(uses[0].removedIn, '1.32');
    assert.deepEqual(uses[0].source, { type: 'metric', resource: 'flowschemas', count: 2 });
  });
  it('plural resource names', () => {
    assert.equal(resourceOf('Ingress'), 'ingresses');
    assert.equal(resourceOf('NetworkPolicy'), 'networkpolicies');
    assert.equal(resourceOf('CronJob'), 'cronjobs');
  });
});

describe('/readyz?verbose', () => {
  it('reads each check', () => {
    const checks = parseReadyz('[+]ping ok\n[+]etcd ok\n[-]poststarthook/start-apiextensions-controllers failed: reason withheld\nreadyz check failed\n');
    assert.deepEqual(checks, [{ name: 'ping', ok: true }, { name: 'etcd', ok: true }, { name: 'poststarthook/start-apiextensions-controllers', ok: false }]);
    assert.deepEqual(parseReadyz('ok'), [{ name: 'readyz', ok: true }]);
  });
});
