import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProtobufBody, encodeEnvelope, encodeField } from '../../sim/protobuf';
import { ApiError } from '../../sim/status';

describe('protobuf request bodies', () => {
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
