import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ClusterError, classifyFailure, isClusterError, isTransient, type RawFailure } from '../../../src/core/cluster/errors';

const status = (code: number, reason: string, message: string, causes?: { reason?: string; message?: string; field?: string }[]) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  reason,
  message,
  ...(causes ? { details: { causes } } : {}),
});

/** A fetch failure as undici reports it: "fetch failed" with the socket error as its cause. */
const fetchFailed = (code: string, message = `connect ${code}`): RawFailure => ({ name: 'TypeError', message: 'fetch failed', cause: { code, message } });

describe('classifyFailure: answers from the API server', () => {
  it('explains an expired token without an action', () => {
    const info = classifyFailure({ status: 401, body: status(401, 'Unauthorized', 'Unauthorized') });
    assert.deepEqual(info, {
      kind: 'unauthorized',
      message: 'The cluster rejected the credentials (401 Unauthorized); the token or certificate may have expired',
      status: 401,
      reason: 'Unauthorized',
      serverMessage: 'Unauthorized',
    });
  });

  it('quotes the RBAC denial and keeps the action', () => {
    const info = classifyFailure({ status: 403, body: status(403, 'Forbidden', 'nodes "w-1" is forbidden: User "jane" cannot patch resource "nodes"') }, 'cordon node w-1');
    assert.deepEqual(info, {
      kind: 'forbidden',
      message: 'Access denied to cordon node w-1 (403 Forbidden): nodes "w-1" is forbidden: User "jane" cannot patch resource "nodes"',
      action: 'cordon node w-1',
      status: 403,
      reason: 'Forbidden',
      serverMessage: 'nodes "w-1" is forbidden: User "jane" cannot patch resource "nodes"',
    });
  });

  it('says only what it knows when the server sent no Status', () => {
    assert.deepEqual(classifyFailure({ status: 403 }), { kind: 'forbidden', message: 'Access denied (403 Forbidden)', status: 403 });
    assert.equal(classifyFailure({ status: 403, body: null }).message, 'Access denied (403 Forbidden)');
    assert.equal(classifyFailure({ status: 403, body: '<html>Forbidden</html>' }).message, 'Access denied (403 Forbidden)');
  });

  it('does not take a JSON body that is not a Status for the server\'s explanation', () => {
    const info = classifyFailure({ status: 403, body: { kind: 'Node', message: 'not a status', reason: 'Nope' } }, 'list nodes');
    assert.deepEqual(info, { kind: 'forbidden', message: 'Access denied to list nodes (403 Forbidden)', action: 'list nodes', status: 403 });
  });

  it('keeps an empty server message apart from a missing one', () => {
    const info = classifyFailure({ status: 404, body: { kind: 'Status', message: '' } });
    assert.equal(info.message, 'Not found (404)');
    assert.equal(info.serverMessage, '');
  });

  it('names each kind of refusal in the words kubectl users know', () => {
    const cases: [number, string, string, string, string][] = [
      [404, 'not-found', 'NotFound', 'nodes "w-9" not found', 'Not found to get node w-9 (404): nodes "w-9" not found'],
      [409, 'conflict', 'Conflict', 'the object has been modified', 'Conflict to get node w-9 (409): the object has been modified'],
      [422, 'invalid', 'Invalid', 'spec.taints[0].effect: Unsupported value', 'The cluster refused the change to get node w-9 (422 Invalid): spec.taints[0].effect: Unsupported value'],
      [504, 'timeout', 'Timeout', 'the server was unable to return a response', 'The cluster timed out to get node w-9 (504): the server was unable to return a response'],
      [500, 'server', 'InternalError', 'etcdserver: request timed out', 'The cluster answered 500 to get node w-9: etcdserver: request timed out'],
      [503, 'server', 'ServiceUnavailable', 'the server is currently unable to handle the request', 'The cluster answered 503 to get node w-9: the server is currently unable to handle the request'],
    ];
    for (const [code, kind, reason, serverMessage, message] of cases) {
      const info = classifyFailure({ status: code, body: status(code, reason, serverMessage) }, 'get node w-9');
      assert.deepEqual(info, { kind, message, action: 'get node w-9', status: code, reason, serverMessage }, `${code}`);
    }
    assert.equal(classifyFailure({ status: 409 }).message, 'Conflict (409)');
    assert.equal(classifyFailure({ status: 422 }).message, 'The cluster refused the change (422 Invalid)');
    assert.equal(classifyFailure({ status: 504 }).message, 'The cluster timed out (504)');
  });

  it('explains a 410 on a list and a 429 with its server message, without one too', () => {
    assert.equal(classifyFailure({ status: 410, body: status(410, 'Expired', 'too old resource version: 1 (42)') }, 'watch pods').message,
      'The cluster no longer has the data asked for to watch pods (410 Gone: it was compacted); listing again');
    assert.equal(classifyFailure({ status: 429 }, 'list pods').message, 'The cluster asked to retry later to list pods (429)');
    assert.equal(classifyFailure({ status: 429, body: status(429, 'TooManyRequests', 'storage is (re)initializing') }).message,
      'The cluster asked to retry later (429): storage is (re)initializing');
  });

  it('keeps the reasons of the Status causes, as an eviction refused by a terminating namespace has', () => {
    const info = classifyFailure({
      status: 403,
      body: status(403, 'Forbidden', 'pods "web-1" is forbidden: unable to create new content in namespace shop because it is being terminated', [
        { reason: 'NamespaceTerminating', message: 'namespace shop is being terminated', field: 'metadata.namespace' },
        { message: 'a cause without a reason' },
      ]),
    }, 'evict pod shop/web-1');
    assert.deepEqual(info.causes, ['NamespaceTerminating']);
    const noReasons = classifyFailure({ status: 422, body: status(422, 'Invalid', 'bad', [{ message: 'no reason here', field: 'spec' }]) });
    assert.equal('causes' in noReasons, false);
  });
});

describe('classifyFailure: failures before an answer', () => {
  it('names every kind of unreachable server', () => {
    const cases: [string, string][] = [
      ['ECONNREFUSED', 'connection refused (is the API server running and the address right?)'],
      ['ECONNRESET', 'the connection was closed'],
      ['UND_ERR_SOCKET', 'the connection was closed'],
      ['UND_ERR_CLOSED', 'the connection was closed'],
      ['ENOTFOUND', 'the server name does not resolve'],
      ['EAI_AGAIN', 'the server name does not resolve'],
      ['EHOSTUNREACH', 'no route to the server'],
      ['ENETUNREACH', 'no route to the server'],
      ['EPIPE', 'EPIPE'],
    ];
    for (const [code, why] of cases) {
      assert.deepEqual(classifyFailure(fetchFailed(code), 'list nodes'), {
        kind: 'unreachable',
        message: `Cannot reach the cluster to list nodes: ${why}`,
        action: 'list nodes',
        reason: code,
      }, code);
    }
    assert.equal(classifyFailure(fetchFailed('ECONNREFUSED')).message, 'Cannot reach the cluster: connection refused (is the API server running and the address right?)');
  });

  it('treats connect, header and body timeouts as no answer in time', () => {
    for (const code of ['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']) {
      assert.deepEqual(classifyFailure(fetchFailed(code), 'list pods'), {
        kind: 'timeout',
        message: 'No answer from the cluster to list pods in time',
        action: 'list pods',
        reason: code,
      }, code);
    }
    assert.deepEqual(classifyFailure({ name: 'TimeoutError', message: 'The operation was aborted due to timeout' }), { kind: 'timeout', message: 'No answer from the cluster in time' });
  });

  it('calls an AbortSignal.timeout a timeout even though it also aborts', () => {
    const info = classifyFailure({ name: 'AbortError', message: 'aborted', cause: { name: 'TimeoutError', message: 'timed out' } }, 'drain node w-1');
    assert.equal(info.kind, 'timeout');
    assert.deepEqual(classifyFailure({ name: 'AbortError', message: 'aborted' }, 'drain node w-1'), { kind: 'cancelled', message: 'Cancelled to drain node w-1', action: 'drain node w-1' });
  });

  it('prefers the socket error to an unrelated outer code', () => {
    const info = classifyFailure({ code: 'ERR_SOMETHING', message: 'fetch failed', cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } });
    assert.equal(info.kind, 'unreachable');
    assert.equal(info.reason, 'ECONNREFUSED');
  });

  it('finds the socket error several wrappers deep and stops at a cause that points back to itself', () => {
    const deep: RawFailure = { message: 'list failed', cause: { message: 'request failed', cause: { message: 'fetch failed', cause: { message: 'socket', cause: { code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH' } } } } };
    assert.equal(classifyFailure(deep).kind, 'unreachable');
    const loop: { message: string; code: string; cause?: RawFailure } = { message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' };
    loop.cause = loop;
    assert.equal(classifyFailure(loop).kind, 'unreachable');
    const wordy: { message: string; cause?: RawFailure } = { message: 'it broke' };
    wordy.cause = wordy;
    assert.match(classifyFailure(wordy).message, /^The request failed: it broke(: it broke)*$/);
  });

  it('explains a certificate that is not valid yet by the clock, and other TLS failures by their code', () => {
    assert.deepEqual(classifyFailure({ message: 'fetch failed', cause: { code: 'CERT_NOT_YET_VALID', message: 'certificate is not yet valid' } }, 'list nodes'), {
      kind: 'tls',
      message: "The cluster's certificate is not valid yet (x509: certificate has expired or is not yet valid); check this machine's clock (list nodes)",
      action: 'list nodes',
      reason: 'CERT_NOT_YET_VALID',
      detail: 'certificate is not yet valid',
    });
    assert.deepEqual(classifyFailure({ cause: { code: 'ERR_SSL_WRONG_VERSION_NUMBER' } }), {
      kind: 'tls',
      message: 'The TLS handshake with the cluster failed (ERR_SSL_WRONG_VERSION_NUMBER)',
      reason: 'ERR_SSL_WRONG_VERSION_NUMBER',
      detail: 'ERR_SSL_WRONG_VERSION_NUMBER',
    });
  });

  it('puts each certificate error into the x509 words kubectl prints', () => {
    const unknownAuthority = "The cluster's certificate is not signed by a certificate authority this kubeconfig trusts (x509: certificate signed by unknown authority); check the cluster's certificate-authority-data";
    const wrongName = "The cluster's certificate is not valid for this server name (x509: certificate is valid for other names); check the server address or tls-server-name";
    const cases: [string, string][] = [
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', unknownAuthority],
      ['UNABLE_TO_GET_ISSUER_CERT', unknownAuthority],
      ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', unknownAuthority],
      ['SELF_SIGNED_CERT_IN_CHAIN', unknownAuthority],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', unknownAuthority],
      ['CERT_HAS_EXPIRED', "The cluster's certificate has expired (x509: certificate has expired or is not yet valid)"],
      ['ERR_TLS_CERT_ALTNAME_INVALID', wrongName],
      ['HOSTNAME_MISMATCH', wrongName],
    ];
    for (const [code, message] of cases) {
      const info = classifyFailure({ name: 'TypeError', message: 'fetch failed', cause: { code, message: `tls: ${code}` } });
      assert.deepEqual(info, { kind: 'tls', message, reason: code, detail: `tls: ${code}` }, code);
    }
  });

  it('keeps every message of the chain when nothing is recognised, and the code it saw', () => {
    assert.deepEqual(classifyFailure({ message: 'fetch failed', cause: { code: 'ERR_INVALID_URL', message: 'Invalid URL' } }, 'list nodes'), {
      kind: 'server',
      message: 'The request to list nodes failed: fetch failed: Invalid URL',
      action: 'list nodes',
      reason: 'ERR_INVALID_URL',
    });
    assert.deepEqual(classifyFailure({}), { kind: 'server', message: 'The request failed: unknown error' });
  });

  it('puts the plugin\'s own words into the detail of an exec failure', () => {
    const info = classifyFailure({ message: 'getting credentials', cause: { message: 'spawn gke-gcloud-auth-plugin ENOENT' } });
    assert.deepEqual(info, {
      kind: 'exec-plugin',
      message: "The kubeconfig's exec credential plugin failed",
      detail: 'getting credentials: spawn gke-gcloud-auth-plugin ENOENT',
    });
  });
});

describe('isTransient', () => {
  it('retries by itself only what may pass by itself', () => {
    assert.equal(isTransient(classifyFailure(fetchFailed('ECONNRESET'))), true);
    assert.equal(isTransient(classifyFailure(fetchFailed('ETIMEDOUT'))), true);
    assert.equal(isTransient(classifyFailure({ status: 429 })), true);
    assert.equal(isTransient(classifyFailure({ status: 504 })), true);
    assert.equal(isTransient(classifyFailure({ message: 'something odd' })), true);
    assert.equal(isTransient(classifyFailure({ status: 499 })), false);
    assert.equal(isTransient(classifyFailure({ status: 401 })), false);
    assert.equal(isTransient(classifyFailure({ status: 409 })), false);
    assert.equal(isTransient(classifyFailure({ status: 422 })), false);
    assert.equal(isTransient(classifyFailure({ cause: { code: 'CERT_HAS_EXPIRED' } })), false);
    assert.equal(isTransient(classifyFailure({ name: 'AbortError' })), false);
  });
});

describe('isClusterError', () => {
  const info = classifyFailure({ status: 403 }, 'list nodes');

  it('knows its own errors and carries the message', () => {
    const e = new ClusterError(info);
    assert.equal(isClusterError(e), true);
    assert.equal(e.message, 'Access denied to list nodes (403 Forbidden)');
    assert.equal(e.name, 'ClusterError');
  });

  it('knows a ClusterError made by the other bundle\'s copy of the class', () => {
    const other = Object.assign(new Error(info.message), { name: 'ClusterError', info });
    assert.equal(isClusterError(other), true);
  });

  it('refuses look-alikes', () => {
    assert.equal(isClusterError(Object.assign(new Error('x'), { name: 'ClusterError' })), false);
    assert.equal(isClusterError(Object.assign(new Error('x'), { name: 'ClusterError', info: 'forbidden' })), false);
    assert.equal(isClusterError(Object.assign(new Error('x'), { name: 'TypeError', info })), false);
    assert.equal(isClusterError({ name: 'ClusterError', message: 'x', info }), false);
    assert.equal(isClusterError(undefined), false);
  });
});
