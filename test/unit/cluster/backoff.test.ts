import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Backoff, parseRetryAfter } from '../../../src/core/cluster/backoff';
import { Redactor, redactUrl, urlSecrets } from '../../../src/core/cluster/redact';
import { credentialValid, parseExecConfig, parseExecOutput } from '../../../src/core/cluster/execCredential';

describe('Backoff', () => {
  it('doubles up to the maximum, with jitter inside [d/2, d], and resets', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 }, () => 1);
    assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000]);
    const low = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 }, () => 0);
    assert.deepEqual([low.next(), low.next()], [50, 100]);
    b.reset();
    assert.equal(b.next(), 100);
  });

  it('never waits less than the server asked with Retry-After', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    assert.equal(b.next(3000), 3000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    assert.equal(parseRetryAfter('5', 0), 5000);
    assert.equal(parseRetryAfter(['2'], 0), 2000);
    const now = Date.parse('2026-12-01T10:00:00Z');
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});

describe('redaction', () => {
  it('masks user info and secret-looking query values of a URL', () => {
    assert.equal(redactUrl('https://alice:s3cret@k8s.example:6443'), 'https://***@k8s.example:6443');
    assert.equal(redactUrl('https://k8s.example/?token=abc&region=eu'), 'https://k8s.example/?token=***&region=eu');
    assert.equal(redactUrl('https://k8s.example:6443'), 'https://k8s.example:6443');
  });

  it('masks known secrets and user info wherever they appear in text', () => {
    const r = new Redactor(urlSecrets('https://alice:s3cr%2Ft@h:1'));
    r.add('tok-123456');
    assert.equal(r.redact('connect https://alice:s3cr%2Ft@h:1 failed, s3cr/t, Bearer tok-123456'), 'connect https://***@h:1 failed, ***, Bearer ***');
  });
});

describe('exec credentials', () => {
  const config = parseExecConfig({ apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', command: 'aws', args: ['eks', 'get-token'] });

  it('accepts a token or a certificate pair and reads the expiry', () => {
    const out = parseExecOutput(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 't', expirationTimestamp: '2026-12-01T10:00:00Z' } }), config);
    assert.equal(out.token, 't');
    assert.equal(credentialValid(out, Date.parse('2026-12-01T09:59:00Z')), true);
    assert.equal(credentialValid(out, Date.parse('2026-12-01T09:59:55Z')), false, 'expires within the margin');
  });

  it('refuses output that is not a usable ExecCredential, in words', () => {
    assert.throws(() => parseExecOutput('Please log in', config), /not an ExecCredential \(not JSON\)/);
    assert.throws(() => parseExecOutput(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 't' } }), config), /asks for "client.authentication.k8s.io\/v1"/);
    assert.throws(() => parseExecOutput(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {} }), config), /neither a token nor/);
    assert.throws(() => parseExecConfig({ apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' }), /invalid apiVersion/);
  });
});
