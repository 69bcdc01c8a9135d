import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProtobufBody, encodeEnvelope, encodeField } from '../../sim/protobuf';
import { ApiError } from '../../sim/status';

describe('protobuf request bodies', () => {
  it('decodes the self reviews behind kubectl auth can-i and can-i --list', () => {
    // k8s.io/api authorization/v1 generated.proto: spec=2; resourceAttributes=1 {namespace=1, verb=2, group=3, version=4, resource=5, subresource=6, name=7}
    const attrs = Buffer.concat([encodeField(1, 'default'), encodeField(2, 'create'), encodeField(5, 'pods'), encodeField(6, 'eviction'), encodeField(7, 'web-1')]);
    const ssar = encodeEnvelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', Buffer.concat([encodeField(1, Buffer.alloc(0)), encodeField(2, encodeField(1, attrs))]));
    assert.deepEqual(decodeProtobufBody(ssar), {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods', subresource: 'eviction', name: 'web-1' } },
    });
    const nonResource = encodeEnvelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', encodeField(2, encodeField(2, Buffer.concat([encodeField(1, '/metrics'), encodeField(2, 'get')]))));
    assert.deepEqual((decodeProtobufBody(nonResource) as { spec: unknown }).spec, { nonResourceAttributes: { path: '/metrics', verb: 'get' } });
    const ssrr = encodeEnvelope('authorization.k8s.io/v1', 'SelfSubjectRulesReview', encodeField(2, encodeField(1, 'kube-system')));
    assert.deepEqual(decodeProtobufBody(ssrr), { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', spec: { namespace: 'kube-system' } });
  });

  it('decodes DeleteOptions as client-go sends them for pod deletes', () => {
    // k8s.io/apimachinery pkg/apis/meta/v1/generated.proto: gracePeriodSeconds=1, preconditions=2, propagationPolicy=4, dryRun=5
    const preconditions = Buffer.concat([encodeField(1, 'uid-1'), encodeField(2, '42')]);
    const raw = Buffer.concat([encodeField(1, 15n), encodeField(2, preconditions), encodeField(4, 'Background'), encodeField(5, 'All')]);
    const body = encodeEnvelope('v1', 'DeleteOptions', raw);
    assert.deepEqual(decodeProtobufBody(body), {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: 15,
      preconditions: { uid: 'uid-1', resourceVersion: '42' },
      propagationPolicy: 'Background',
      dryRun: ['All'],
    });
  });

  it('decodes a zero grace period and an Eviction', () => {
    const del = encodeField(1, 0n);
    const meta = Buffer.concat([encodeField(1, 'web-0'), encodeField(3, 'data')]);
    const body = encodeEnvelope('policy/v1', 'Eviction', Buffer.concat([encodeField(1, meta), encodeField(2, del)]));
    assert.deepEqual(decodeProtobufBody(body), { kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: 'web-0', namespace: 'data' }, deleteOptions: { gracePeriodSeconds: 0 } });
  });

  it('refuses other kinds with 415 and bodies without the magic prefix with 400', () => {
    assert.throws(() => decodeProtobufBody(encodeEnvelope('v1', 'Pod', Buffer.alloc(0))), (e: unknown) => e instanceof ApiError && e.code === 415);
    assert.throws(() => decodeProtobufBody(Buffer.from('{}')), (e: unknown) => e instanceof ApiError && e.code === 400);
  });
});
