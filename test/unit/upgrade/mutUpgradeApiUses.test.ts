import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText } from '../../../src/core/deprecations/scanReport';
import { apiUsesFromFindings, apiUsesFromMetric, isConfirmedUse, removedApisAt, resourceOf, type DeprecatedApiMetric } from '../../../src/core/upgrade/apiUses';
import type { ApiUse } from '../../../src/core/upgrade/facts';
import { parseDeprecatedApiMetrics } from '../../../src/core/upgrade/metricsText';
import type { ApiSource } from '../../../src/core/upgrade/planTypes';

const m = (minor: number) => ({ major: 1, minor });
const use = (apiVersion: string, kind: string, source: ApiSource, replacement?: string, removedIn = '1.32'): ApiUse => ({ apiVersion, kind, removedIn, replacement, source });
const file = (path: string, line: number): ApiSource => ({ type: 'workspace', file: path, line });

describe('removed APIs of a hop', () => {
  it('groups by apiVersion and kind, sorted by apiVersion then kind', () => {
    const apis = removedApisAt([
      use('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', file('/w/a.yaml', 1)),
      use('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', file('/w/a.yaml', 5)),
      use('example.io/v1beta1', 'Widget', file('/w/b.yaml', 2)),
      use('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', file('/w/c.yaml', 3)),
      use('batch/v1beta1', 'CronJob', file('/w/d.yaml', 1), 'batch/v1', '1.25'),
    ], m(32));
    assert.deepEqual(apis.map((a) => [a.apiVersion, a.kind, a.sources.length]), [
      ['example.io/v1beta1', 'Widget', 1],
      ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 2],
      ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', 1],
    ]);
  });

  it('lists the sources workspace first, then Helm, the metric and last-applied hints; files by name and line as numbers', () => {
    const sources: ApiSource[] = [
      { type: 'lastApplied', namespace: 'shop', name: 'cart' },
      { type: 'metric', resource: 'flowschemas', count: 3 },
      file('/w/b.yaml', 2),
      { type: 'helm', release: 'web', namespace: 'shop', revision: 10 },
      file('/w/a.yaml', 10),
      { type: 'helm', release: 'api', namespace: 'shop', revision: 2 },
      file('/w/a.yaml', 9),
      { type: 'helm', release: 'web', namespace: 'shop', revision: 9 },
      { type: 'lastApplied', namespace: 'admin', name: 'zeta' },
      file('/w/a.yaml', 9),
      { type: 'helm', release: 'zz', namespace: 'apps', revision: 1 },
      { type: 'metric', resource: 'another', count: 1 },
    ];
    const [api] = removedApisAt(sources.map((s) => use('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', s)), m(32));
    assert.deepEqual(api.sources, [
      file('/w/a.yaml', 9),
      file('/w/a.yaml', 10),
      file('/w/b.yaml', 2),
      { type: 'helm', release: 'zz', namespace: 'apps', revision: 1 },
      { type: 'helm', release: 'api', namespace: 'shop', revision: 2 },
      { type: 'helm', release: 'web', namespace: 'shop', revision: 9 },
      { type: 'helm', release: 'web', namespace: 'shop', revision: 10 },
      { type: 'metric', resource: 'another', count: 1 },
      { type: 'metric', resource: 'flowschemas', count: 3 },
      { type: 'lastApplied', namespace: 'admin', name: 'zeta' },
      { type: 'lastApplied', namespace: 'shop', name: 'cart' },
    ]);
  });

  it('keeps distinct sources of one kind apart and folds only the same place', () => {
    const sources: ApiSource[] = [
      file('/w/a.yaml', 9), file('/w/a.yaml', 19), file('/w/b.yaml', 9),
      { type: 'helm', release: 'web', namespace: 'shop', revision: 1 }, { type: 'helm', release: 'web', namespace: 'ops', revision: 1 },
      { type: 'metric', resource: 'flowschemas', count: 1 }, { type: 'metric', resource: 'prioritylevelconfigurations', count: 1 },
      { type: 'lastApplied', namespace: 'a', name: 'x' }, { type: 'lastApplied', namespace: 'b', name: 'x' },
      { type: 'lastApplied', namespace: 'b', name: 'x' },
    ];
    const [api] = removedApisAt(sources.map((s) => use('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', s)), m(32));
    assert.equal(api.sources.length, 9);
  });

  it('takes the replacement from the first use that names one', () => {
    const none = use('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', file('/w/a.yaml', 1));
    const named = use('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', file('/w/b.yaml', 1), 'flowcontrol.apiserver.k8s.io/v1');
    const other = use('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', file('/w/c.yaml', 1), 'other/v1');
    assert.equal(removedApisAt([none, named, other], m(32))[0].replacement, 'flowcontrol.apiserver.k8s.io/v1');
    assert.equal(removedApisAt([named, none], m(32))[0].replacement, 'flowcontrol.apiserver.k8s.io/v1');
    assert.equal(removedApisAt([none], m(32))[0].replacement, null);
  });

  it('a removed API is a blocker when any source besides a last-applied hint shows it', () => {
    const hint: ApiSource = { type: 'lastApplied', namespace: 'shop', name: 'cart' };
    const [both] = removedApisAt([use('a/v1', 'A', hint), use('a/v1', 'A', { type: 'metric', resource: 'as', count: 1 })], m(32));
    assert.equal(isConfirmedUse(both), true);
    const [only] = removedApisAt([use('a/v1', 'A', hint)], m(32));
    assert.equal(isConfirmedUse(only), false);
  });
});

describe('API uses from scanned files', () => {
  it('takes API findings with a removal only: not removed fields, not deprecations without a removal', () => {
    const text = [
      'apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:', '  topologyKeys: ["kubernetes.io/hostname"]', '  ports: [{port: 80}]',
      '---', 'apiVersion: extensions/v1beta1', 'kind: Ingress', 'metadata: {name: i}',
      '---', 'apiVersion: v1', 'kind: Endpoints', 'metadata: {name: e}',
    ].join('\n');
    const report = scanText('/w/a.yaml', text, builtinRuleSet(), { target: m(33), includeUpcoming: true });
    const uses = apiUsesFromFindings(report.findings, (f) => file('/w/a.yaml', f.range.start.line + 1));
    assert.deepEqual(uses, [{ apiVersion: 'extensions/v1beta1', kind: 'Ingress', removedIn: '1.22', replacement: 'networking.k8s.io/v1', source: file('/w/a.yaml', 8) }]);
  });
});

describe('API uses from apiserver_requested_deprecated_apis', () => {
  const metric = (group: string, version: string, resource: string, removedRelease: string, value = 1): DeprecatedApiMetric => ({ group, version, resource, subresource: '', removedRelease, value });
  const rules = builtinRuleSet();

  it('names the kind and replacement from the rule of that apiVersion and resource', () => {
    const uses = apiUsesFromMetric([
      metric('extensions', 'v1beta1', 'ingresses', '1.22'),
      metric('extensions', 'v1beta1', 'replicasets', '1.16'),
      metric('flowcontrol.apiserver.k8s.io', 'v1beta3', 'prioritylevelconfigurations', '1.32'),
      metric('policy', 'v1beta1', 'podsecuritypolicies', '1.25'),
    ], rules);
    assert.deepEqual(uses.map((u) => [u.apiVersion, u.kind, u.removedIn, u.replacement]), [
      ['extensions/v1beta1', 'Ingress', '1.22', 'networking.k8s.io/v1'],
      ['extensions/v1beta1', 'ReplicaSet', '1.16', 'apps/v1'],
      ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '1.32', 'flowcontrol.apiserver.k8s.io/v1'],
      ['policy/v1beta1', 'PodSecurityPolicy', '1.25', undefined],
    ]);
  });

  it('falls back to the resource name for an API the rules do not know, and writes the core group without a slash', () => {
    const uses = apiUsesFromMetric([metric('example.io', 'v1alpha1', 'widgets', '1.40'), metric('', 'v1beta1', 'gizmos', '1.40')], rules);
    assert.deepEqual(uses, [
      { apiVersion: 'example.io/v1alpha1', kind: 'widgets', removedIn: '1.40', replacement: undefined, source: { type: 'metric', resource: 'widgets', count: 1 } },
      { apiVersion: 'v1beta1', kind: 'gizmos', removedIn: '1.40', replacement: undefined, source: { type: 'metric', resource: 'gizmos', count: 1 } },
    ]);
  });

  it('skips a gauge at 0 and keeps resources of one apiVersion apart', () => {
    const uses = apiUsesFromMetric([
      metric('flowcontrol.apiserver.k8s.io', 'v1beta3', 'flowschemas', '1.32', 0),
      metric('flowcontrol.apiserver.k8s.io', 'v1beta3', 'prioritylevelconfigurations', '1.32'),
    ], rules);
    assert.deepEqual(uses.map((u) => u.kind), ['PriorityLevelConfiguration']);
  });
});

describe('resource names of kinds', () => {
  it('turns a consonant + y into -ies only at the end', () => {
    assert.equal(resourceOf('ValidatingAdmissionPolicyBinding'), 'validatingadmissionpolicybindings');
    assert.equal(resourceOf('Gateway'), 'gateways');
    assert.equal(resourceOf('Proxy'), 'proxies');
  });

  it('keeps Endpoints as the API server names it, and adds -es after s, x, ch and sh', () => {
    assert.equal(resourceOf('Endpoints'), 'endpoints');
    assert.equal(resourceOf('EndpointSlice'), 'endpointslices');
    assert.deepEqual(['Status', 'Box', 'Batch', 'Mesh'].map(resourceOf), ['statuses', 'boxes', 'batches', 'meshes']);
  });
});

describe('the apiserver metric text', () => {
  it('reads the core group, missing labels and escaped values', () => {
    const text = [
      'apiserver_requested_deprecated_apis{removed_release="1.40",resource="gizmos",version="v1beta1"} 1',
      'apiserver_requested_deprecated_apis{group="example.io",resource="wid\\"gets\\\\x\\ny",version="v1alpha1"} 2',
    ].join('\n');
    assert.deepEqual(parseDeprecatedApiMetrics(text), [
      { group: '', version: 'v1beta1', resource: 'gizmos', subresource: '', removedRelease: '1.40', value: 1 },
      { group: 'example.io', version: 'v1alpha1', resource: 'wid"gets\\x\ny', subresource: '', removedRelease: '', value: 2 },
    ]);
  });
});

describe('the apiserver metric text: which lines count', () => {
  it('takes the gauge with and without labels, with a timestamp, and nothing that only starts like it', () => {
    const text = [
      'apiserver_requested_deprecated_apis{group="batch",removed_release="1.25",resource="cronjobs",subresource="status",version="v1beta1"}   1 1733000000000',
      'apiserver_requested_deprecated_apis 1',
      'apiserver_requested_deprecated_apis_total{group="x",resource="y",version="v1"} 1',
      'xapiserver_requested_deprecated_apis{group="x",resource="y",version="v1"} 1',
      'apiserver_requested_deprecated_apis{group="x",resource="y",version="v1"} NaN',
      'apiserver_requested_deprecated_apis{group="x",version="v1"} 1',
      'apiserver_requested_deprecated_apis{group="x",resource="y"} 1',
      '# apiserver_requested_deprecated_apis{group="x",resource="y",version="v1"} 1',
    ].join('\n');
    assert.deepEqual(parseDeprecatedApiMetrics(text), [
      { group: 'batch', version: 'v1beta1', resource: 'cronjobs', subresource: 'status', removedRelease: '1.25', value: 1 },
    ]);
  });
});

describe('Helm release Secrets: missing fields', () => {
  it('takes the name, namespace and revision of the Secret when the release JSON lacks them', async () => {
    const { gzipSync } = await import('node:zlib');
    const { decodeHelmRelease } = await import('../../../src/core/upgrade/helmRelease');
    const data = Buffer.from(gzipSync(Buffer.from(JSON.stringify({ name: 7, version: '3', manifest: 'kind: x' }))).toString('base64')).toString('base64');
    assert.deepEqual(decodeHelmRelease(data, { namespace: 'shop', name: 'web', revision: 4 }), { ok: true, release: { name: 'web', namespace: 'shop', revision: 4, manifest: 'kind: x' } });
    const broken = decodeHelmRelease(Buffer.from(gzipSync(Buffer.from('{"name":'))).toString('base64'), { namespace: 'shop', name: 'web', revision: 4 });
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.reason, /^does not decode as base64 \+ gzip \+ JSON \([^\n]{5,}\)$/);
  });
});

describe('/readyz?verbose', () => {
  it('reads each check line, indented or not, and a bare "ok" as one passing check', async () => {
    const { parseReadyz } = await import('../../../src/core/upgrade/readyz');
    assert.deepEqual(parseReadyz('  [+]ping ok\n[-]etcd failed: reason withheld\n x [+]not-a-check\nreadyz check failed'), [{ name: 'ping', ok: true }, { name: 'etcd', ok: false }]);
    assert.deepEqual(parseReadyz(' ok \n'), [{ name: 'readyz', ok: true }]);
    assert.deepEqual(parseReadyz('[+]ping ok\nok'), [{ name: 'ping', ok: true }]);
    assert.deepEqual(parseReadyz('not ok'), []);
  });
});
