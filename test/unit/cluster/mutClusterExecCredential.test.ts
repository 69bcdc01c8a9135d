import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { credentialValid, execInfo, parseExecConfig, parseExecOutput, stderrSummary } from '../../../src/core/cluster/execCredential';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

describe('parseExecConfig: the exec block of a kubeconfig user', () => {
  it('reads every field client-go reads', () => {
    assert.deepEqual(
      parseExecConfig({
        apiVersion: V1,
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'prod'],
        env: [{ name: 'AWS_PROFILE', value: 'ops' }],
        installHint: 'Install the AWS CLI',
        provideClusterInfo: true,
        interactiveMode: 'Never',
      }),
      {
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'prod'],
        env: [{ name: 'AWS_PROFILE', value: 'ops' }],
        apiVersion: V1,
        installHint: 'Install the AWS CLI',
        provideClusterInfo: true,
        interactiveMode: 'Never',
      },
    );
  });

  it('fills in what a minimal block leaves out: no args, no env, no hint, IfAvailable', () => {
    assert.deepEqual(parseExecConfig({ apiVersion: V1BETA1, command: 'kubelogin' }), {
      command: 'kubelogin',
      args: [],
      env: [],
      apiVersion: V1BETA1,
      provideClusterInfo: false,
      interactiveMode: 'IfAvailable',
    });
  });

  it('keeps only env entries with a name and a string value', () => {
    const config = parseExecConfig({
      apiVersion: V1,
      command: 'get-token',
      interactiveMode: 'Never',
      env: [
        { name: 'A', value: '1' },
        null,
        'B=2',
        { name: 'NO_VALUE' },
        { name: 'NUMBER', value: 3 },
        { name: '', value: 'nameless' },
        { value: 'nameless too' },
        { name: 'EMPTY', value: '' },
      ],
    });
    assert.deepEqual(config.env, [
      { name: 'A', value: '1' },
      { name: 'EMPTY', value: '' },
    ]);
  });

  it('drops args that are not strings and ignores args or env that are not lists', () => {
    assert.deepEqual(parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Never', args: ['--a', 7, null, '--b'] }).args, ['--a', '--b']);
    const loose = parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Never', args: '--a', env: { A: '1' } });
    assert.deepEqual([loose.args, loose.env], [[], []]);
  });

  it('passes cluster info only when provideClusterInfo is literally true', () => {
    assert.equal(parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Never', provideClusterInfo: 'true' }).provideClusterInfo, false);
  });

  it('reads interactiveMode and refuses a value kubectl refuses', () => {
    assert.equal(parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Always' }).interactiveMode, 'Always');
    assert.equal(parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Never' }).interactiveMode, 'Never');
    assert.equal(parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'IfAvailable' }).interactiveMode, 'IfAvailable');
    // kubectl v1.35: error: invalid interactiveMode for u: "never"
    assert.throws(() => parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'never' }), { message: 'exec plugin: invalid interactiveMode "never" (use Never, IfAvailable or Always)' });
    assert.throws(() => parseExecConfig({ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'c', interactiveMode: 'Sometimes' }), /invalid interactiveMode "Sometimes"/);
  });

  it('requires interactiveMode of a v1 plugin only, as kubectl does', () => {
    // kubectl v1.35: error: interactiveMode must be specified for u to use exec authentication plugin
    assert.throws(() => parseExecConfig({ apiVersion: V1, command: 'c' }), { message: 'exec plugin: interactiveMode must be set for a client.authentication.k8s.io/v1 plugin (Never, IfAvailable or Always)' });
    assert.throws(() => parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: '' }), /interactiveMode must be set/);
    assert.equal(parseExecConfig({ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'c' }).interactiveMode, 'IfAvailable');
  });

  it('ignores an empty installHint', () => {
    assert.equal('installHint' in parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Never', installHint: '' }), false);
  });

  it('refuses a block that is not a map or names no command, saying so', () => {
    for (const raw of [null, 'aws eks get-token', 42, undefined]) {
      assert.throws(() => parseExecConfig(raw), { message: 'the exec block of the user is not a map' });
    }
    assert.throws(() => parseExecConfig({ apiVersion: V1 }), { message: 'the exec block of the user names no command' });
    assert.throws(() => parseExecConfig({ apiVersion: V1, command: '' }), { message: 'the exec block of the user names no command' });
    assert.throws(() => parseExecConfig({ apiVersion: V1, command: ['aws'] }), { message: 'the exec block of the user names no command' });
  });

  it('names the apiVersion it cannot use, including a missing one', () => {
    assert.throws(() => parseExecConfig({ command: 'c' }), {
      message: 'exec plugin: invalid apiVersion "" (use client.authentication.k8s.io/v1 or v1beta1)',
    });
    assert.throws(() => parseExecConfig({ command: 'c', apiVersion: 'client.authentication.k8s.io/v1alpha1' }), {
      message: 'exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1" (use client.authentication.k8s.io/v1 or v1beta1)',
    });
  });
});

describe('execInfo: KUBERNETES_EXEC_INFO', () => {
  const cluster = { server: 'https://k8s.example:6443', certificateAuthorityData: 'LS0tQ0E=', insecureSkipTlsVerify: true };

  it('says the session is not interactive and gives no cluster unless asked to', () => {
    const config = parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Never' });
    assert.deepEqual(JSON.parse(execInfo(config, cluster)), { apiVersion: V1, kind: 'ExecCredential', spec: { interactive: false } });
  });

  it('passes the cluster with provideClusterInfo, in the kubeconfig field names', () => {
    const config = parseExecConfig({ apiVersion: V1BETA1, command: 'c', provideClusterInfo: true });
    assert.deepEqual(JSON.parse(execInfo(config, cluster)), {
      apiVersion: V1BETA1,
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server: 'https://k8s.example:6443', 'certificate-authority-data': 'LS0tQ0E=', 'insecure-skip-tls-verify': true } },
    });
    assert.deepEqual(JSON.parse(execInfo(config, { server: 'https://k8s.example:6443', insecureSkipTlsVerify: false })).spec, {
      interactive: false,
      cluster: { server: 'https://k8s.example:6443' },
    });
    assert.deepEqual(JSON.parse(execInfo(config)).spec, { interactive: false });
  });
});

describe('parseExecOutput: what the plugin printed', () => {
  const config = parseExecConfig({ apiVersion: V1, command: 'c', interactiveMode: 'Never' });
  const out = (status: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status, ...extra });

  it('says when the plugin printed nothing at all', () => {
    assert.throws(() => parseExecOutput('', config), { message: 'it printed something that is not an ExecCredential (nothing)' });
    assert.throws(() => parseExecOutput(' \n', config), { message: 'it printed something that is not an ExecCredential (nothing)' });
    assert.throws(() => parseExecOutput('Open https://login.example to sign in', config), { message: 'it printed something that is not an ExecCredential (not JSON)' });
  });

  it('refuses JSON that is not an ExecCredential', () => {
    for (const text of ['null', '42', '"token"', JSON.stringify({ apiVersion: V1, kind: 'Status', status: { token: 't' } })]) {
      assert.throws(() => parseExecOutput(text, config), { message: 'it printed JSON that is not an ExecCredential' });
    }
  });

  it('names both apiVersions when they differ, also when the plugin gave none', () => {
    assert.throws(() => parseExecOutput(JSON.stringify({ kind: 'ExecCredential', status: { token: 't' } }), config), {
      message: 'it answered with apiVersion "undefined", but the kubeconfig asks for "client.authentication.k8s.io/v1"',
    });
  });

  it('needs a token or a certificate with its key, as client-go does', () => {
    const none = { message: 'its ExecCredential has neither a token nor a client certificate and key' };
    assert.throws(() => parseExecOutput(JSON.stringify({ apiVersion: V1, kind: 'ExecCredential' }), config), none);
    assert.throws(() => parseExecOutput(out(null), config), none);
    assert.throws(() => parseExecOutput(out({ token: '' }), config), none);
    assert.throws(() => parseExecOutput(out({ token: 42 }), config), none);
    const half = { message: 'its ExecCredential has a client certificate without its key, or a key without its certificate' };
    assert.throws(() => parseExecOutput(out({ token: 't', clientCertificateData: 'CERT' }), config), half);
    assert.throws(() => parseExecOutput(out({ token: 't', clientKeyData: 'KEY' }), config), half);
  });

  it('says a certificate came without its key even when there is no token, as client-go does', () => {
    const half = { message: 'its ExecCredential has a client certificate without its key, or a key without its certificate' };
    assert.throws(() => parseExecOutput(out({ clientCertificateData: 'CERT' }), config), half);
    assert.throws(() => parseExecOutput(out({ clientKeyData: 'KEY', clientCertificateData: '' }), config), half);
  });

  it('returns the certificate pair, the token and the expiry it was given, nothing else', () => {
    assert.deepEqual(parseExecOutput(out({ clientCertificateData: 'CERT', clientKeyData: 'KEY' }), config), { clientCertificateData: 'CERT', clientKeyData: 'KEY' });
    assert.deepEqual(parseExecOutput(out({ token: 'tok', expirationTimestamp: '2026-12-01T10:00:00Z' }), config), {
      token: 'tok',
      expiresAt: Date.parse('2026-12-01T10:00:00Z'),
    });
    assert.deepEqual(parseExecOutput(out({ token: 'tok', expirationTimestamp: '' }), config), { token: 'tok' });
  });

  it('refuses an expiry that is not a time, quoting it', () => {
    assert.throws(() => parseExecOutput(out({ token: 't', expirationTimestamp: 'in an hour' }), config), { message: 'its expirationTimestamp "in an hour" is not a time' });
  });
});

describe('credentialValid', () => {
  const at = Date.parse('2026-12-01T10:00:00Z');

  it('keeps a credential without expiry forever', () => {
    assert.equal(credentialValid({ token: 't' }, Number.MAX_SAFE_INTEGER), true);
  });

  it('drops a credential from the margin before its expiry on', () => {
    assert.equal(credentialValid({ token: 't', expiresAt: at }, at - 10_001), true);
    assert.equal(credentialValid({ token: 't', expiresAt: at }, at - 10_000), false);
    assert.equal(credentialValid({ token: 't', expiresAt: at }, at - 1, 0), true);
    assert.equal(credentialValid({ token: 't', expiresAt: at }, at, 0), false);
  });
});

describe('stderrSummary', () => {
  it('gives the first line with text, trimmed', () => {
    assert.equal(stderrSummary('\n   \n  error: You must be logged in to the server  \nmore detail\n'), 'error: You must be logged in to the server');
    assert.equal(stderrSummary('\r\n\tToken expired\r\nrun aws sso login'), 'Token expired');
  });

  it('is empty when the plugin wrote nothing but blanks', () => {
    assert.equal(stderrSummary(''), '');
    assert.equal(stderrSummary(' \n\t\r\n'), '');
  });

  it('cuts a very long line at 300 characters', () => {
    const exact = 'x'.repeat(300);
    assert.equal(stderrSummary(exact), exact);
    assert.equal(stderrSummary(`${'y'.repeat(299)}z${'w'.repeat(50)}`), `${'y'.repeat(299)}z…`);
  });
});
