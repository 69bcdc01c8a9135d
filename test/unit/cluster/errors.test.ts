import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { classifyFailure, isTransient } from '../../../src/core/cluster/errors';

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

describe('classifyFailure', () => {
  it('names the verb and resource that RBAC denied', () => {
    const info = classifyFailure({ status: 403, body: status(403, 'Forbidden', 'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope') }, 'list nodes');
    assert.equal(info.kind, 'forbidden');
    assert.equal(info.message, 'Access denied to list nodes (403 Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope');
  });

  it('explains 401 as rejected or expired credentials', () => {
    const info = classifyFailure({ status: 401, body: status(401, 'Unauthorized', 'Unauthorized') }, 'read the server version');
    assert.equal(info.kind, 'unauthorized');
    assert.match(info.message, /rejected the credentials \(401 Unauthorized\) to read the server version; the token or certificate may have expired/);
  });

  it('finds the socket error behind fetch\'s "fetch failed"', () => {
    const info = classifyFailure({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' } }, 'list nodes');
    assert.equal(info.kind, 'unreachable');
    assert.equal(info.message, 'Cannot reach the cluster to list nodes: connection refused (is the API server running and the address right?)');
  });

  it('recognises TLS verification failures', () => {
    const info = classifyFailure({ message: 'fetch failed', cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' } });
    assert.equal(info.kind, 'tls');
    assert.match(info.message, /x509: certificate signed by unknown authority/);
    assert.equal(info.detail, 'unable to verify the first certificate');
  });

  it('names an expired or misnamed server certificate in kubectl\'s words', () => {
    assert.match(classifyFailure({ cause: { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' } }).message, /certificate has expired/);
    assert.match(classifyFailure({ cause: { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" } }).message, /not valid for this server name/);
  });

  it('calls a 410 on a list "gone" and transient, a 403 not transient', () => {
    const gone = classifyFailure({ status: 410 }, 'list pods');
    assert.equal(gone.kind, 'gone');
    assert.equal(isTransient(gone), true);
    assert.equal(isTransient(classifyFailure({ status: 403 })), false);
    assert.equal(isTransient(classifyFailure({ status: 500 })), true);
    assert.equal(isTransient(classifyFailure({ status: 400 })), false);
  });

  it('tells a timeout from a cancellation', () => {
    assert.equal(classifyFailure({ name: 'TimeoutError', message: 'The operation was aborted due to timeout' }).kind, 'timeout');
    assert.equal(classifyFailure({ name: 'AbortError', message: 'This operation was aborted' }).kind, 'cancelled');
  });

  it('recognises a failing exec credential plugin', () => {
    const info = classifyFailure({ message: 'Failed to refresh token: exec: executable aws-iam-authenticator not found' }, 'list nodes');
    assert.equal(info.kind, 'exec-plugin');
  });

  it('keeps the server message of other statuses', () => {
    const info = classifyFailure({ status: 429, body: status(429, 'TooManyRequests', 'Cannot evict pod as it would violate the pod\'s disruption budget.') }, 'create pods/web-1/eviction');
    assert.equal(info.kind, 'too-many-requests');
    assert.match(info.message, /would violate the pod's disruption budget/);
    assert.equal(classifyFailure({ status: 500, body: 'oops' }).kind, 'server');
  });
});

describe('classifyFailure: configuration problems', () => {
  it('explains a server URL on a port that fetch refuses', () => {
    const info = classifyFailure({ name: 'TypeError', message: 'fetch failed', cause: { message: 'bad port' } }, 'list nodes');
    assert.equal(info.kind, 'config');
    assert.match(info.message, /^Cannot connect to list nodes: the server URL uses a port that HTTP clients refuse/);
  });
});
