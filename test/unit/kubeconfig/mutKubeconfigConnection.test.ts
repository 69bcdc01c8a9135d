import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mergeKubeconfigs, parseKubeconfig, type MergedKubeconfig } from '../../../src/core/kubeconfig';
import { connectionConfigFor, runsProgram } from '../../../src/core/kubeconfig/connection';

const FILE = '/home/op/.kube/config';

function merged(yaml: string): MergedKubeconfig {
  return mergeKubeconfigs([FILE], [parseKubeconfig(FILE, yaml)]);
}

/** One context "x" joining cluster "c" and user "u", with the given flow mappings. */
const one = (cluster: string, user: string): MergedKubeconfig =>
  merged(`apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: ${cluster}
users:
- name: u
  user: ${user}
contexts:
- name: x
  context: {cluster: c, user: u}
`);

const SERVER = '{server: "https://k8s.example:6443"}';

describe('connectionConfigFor: auth providers as kubectl v1.35 has them', () => {
  it('tells the operator what replaced the removed gcp and azure providers', () => {
    assert.deepEqual(connectionConfigFor(one(SERVER, '{auth-provider: {name: gcp}}'), 'x').auth, {
      kind: 'unsupported',
      message: 'The gcp auth provider was removed from kubectl in 1.26 and is not run; switch this user to the gke-gcloud-auth-plugin exec plugin',
    });
    assert.deepEqual(connectionConfigFor(one(SERVER, '{auth-provider: {name: azure, config: {apiserver-id: abc}}}'), 'x').auth, {
      kind: 'unsupported',
      message: 'The azure auth provider was removed from kubectl in 1.26 and is not run; switch this user to the kubelogin exec plugin',
    });
  });

  it('quotes an empty provider name as kubectl does', () => {
    const expected = { kind: 'unsupported', message: 'No auth provider named "" is known (kubectl: no Auth Provider found for name "")' };
    assert.deepEqual(connectionConfigFor(one(SERVER, '{auth-provider: {config: {}}}'), 'x').auth, expected);
    assert.deepEqual(connectionConfigFor(one(SERVER, '{auth-provider: {name: 7}}'), 'x').auth, expected);
  });

  it('uses an oidc provider\'s id-token and masks it, and has no token to use without one', () => {
    const withToken = connectionConfigFor(one(SERVER, '{auth-provider: {name: oidc, config: {id-token: eyJhbGciOi.payload.sig, client-id: k8s}}}'), 'x');
    assert.deepEqual(withToken.auth, { kind: 'oidc', idToken: 'eyJhbGciOi.payload.sig' });
    assert.deepEqual(withToken.secrets, ['eyJhbGciOi.payload.sig']);
    const without = connectionConfigFor(one(SERVER, '{auth-provider: {name: oidc, config: {client-id: k8s, id-token: ""}}}'), 'x');
    assert.deepEqual(without.auth, { kind: 'oidc' });
    assert.deepEqual(without.secrets, []);
    assert.deepEqual(connectionConfigFor(one(SERVER, '{auth-provider: {name: oidc}}'), 'x').auth, { kind: 'oidc' });
  });

  it('never runs an exec plugin named inside an auth provider, but does run a user\'s exec block', () => {
    const provider = connectionConfigFor(one(SERVER, '{auth-provider: {name: exec, config: {command: sh}}}'), 'x');
    assert.equal(runsProgram(provider), false);
    const exec = connectionConfigFor(one(SERVER, '{exec: {apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, command: kubelogin}}'), 'x');
    assert.equal(runsProgram(exec), true);
    assert.equal(runsProgram(connectionConfigFor(one(SERVER, '{token: abcdefgh}'), 'x')), false);
    assert.equal(runsProgram(connectionConfigFor(one(SERVER, '{}'), 'x')), false);
  });
});

describe('connectionConfigFor: the other ways to authenticate', () => {
  it('uses the token rather than the token file when both are given, as client-go does', () => {
    assert.deepEqual(connectionConfigFor(one(SERVER, '{token: abcdefgh, tokenFile: /var/run/token}'), 'x').auth, { kind: 'token', token: 'abcdefgh' });
  });

  it('sends basic auth with an empty password when only the user name is set, masking nothing', () => {
    const c = connectionConfigFor(one(SERVER, '{username: admin}'), 'x');
    assert.deepEqual(c.auth, { kind: 'basic', username: 'admin', password: '' });
    assert.deepEqual(c.secrets, []);
  });

  it('connects without credentials when the user is empty or not defined', () => {
    assert.deepEqual(connectionConfigFor(one(SERVER, '{}'), 'x').auth, { kind: 'none' });
    const noUser = merged(`clusters:
- name: c
  cluster: {server: "https://k8s.example:6443", certificate-authority: ca.pem}
contexts:
- name: x
  context: {cluster: c}
`);
    const c = connectionConfigFor(noUser, 'x');
    assert.deepEqual(c.auth, { kind: 'none' });
    assert.deepEqual(c.ca, { file: '/home/op/.kube/ca.pem' });
  });
});

describe('connectionConfigFor: TLS and proxy settings', () => {
  it('resolves files against the kubeconfig and keeps inline data as it is', () => {
    const c = connectionConfigFor(
      one(
        '{server: "https://k8s.example:6443", certificate-authority-data: Q0E=, tls-server-name: api.internal, proxy-url: "http://proxy:3128"}',
        '{client-certificate: certs/op.crt, client-key-data: S0VZ}',
      ),
      'x',
    );
    assert.deepEqual(c, {
      contextName: 'x',
      server: 'https://k8s.example:6443',
      ca: { data: 'Q0E=' },
      clientCert: { file: '/home/op/.kube/certs/op.crt' },
      clientKey: { data: 'S0VZ' },
      insecureSkipTlsVerify: false,
      tlsServerName: 'api.internal',
      proxyUrl: 'http://proxy:3128',
      auth: { kind: 'none' },
      secrets: [],
    });
  });

  // kubectl v1.35 refuses each of these before it sends a request ("certificate-authority-data and
  // certificate-authority are both specified for c", "client-key-data and client-key are both specified for u")
  it('refuses a CA, certificate or key given both inline and as a file, as kubectl does', () => {
    const cases: [string, string, string][] = [
      ['{server: "https://k8s.example:6443", certificate-authority-data: Q0E=, certificate-authority: ca.pem}', '{token: t}', 'The cluster "c" sets both certificate-authority and certificate-authority-data; kubectl refuses it (remove one of them)'],
      [SERVER, '{client-certificate: op.crt, client-certificate-data: Q0VSVA==, client-key-data: S0VZ}', 'The user "u" sets both client-certificate and client-certificate-data; kubectl refuses it (remove one of them)'],
      [SERVER, '{client-certificate-data: Q0VSVA==, client-key: op.key, client-key-data: S0VZ}', 'The user "u" sets both client-key and client-key-data; kubectl refuses it (remove one of them)'],
    ];
    for (const [cluster, user, message] of cases) {
      assert.throws(() => connectionConfigFor(one(cluster, user), 'x'), { message });
    }
  });

  it('refuses a user with two ways to log in, as kubectl does, and takes exec with a token', () => {
    // kubectl v1.35: "authProvider cannot be provided in combination with an exec plugin for u",
    // "more than one authentication method found for u; found [token basicAuth]", and for a token
    // file "username/password or bearer token may be set, but not both"
    const cases: [string, string][] = [
      ['{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin}, auth-provider: {name: oidc}}', 'User "u" has both an exec plugin and an auth provider; kubectl refuses such a user (use one of them)'],
      ['{token: abcdefgh, username: op, password: pw}', 'User "u" has both a bearer token and a username/password; kubectl refuses such a user (use one of them)'],
      ['{tokenFile: token.txt, username: op}', 'User "u" has both a bearer token and a username/password; kubectl refuses such a user (use one of them)'],
      ['{token: abcdefgh, password: pw}', 'User "u" has both a bearer token and a username/password; kubectl refuses such a user (use one of them)'],
    ];
    for (const [user, message] of cases) {
      assert.throws(() => connectionConfigFor(one(SERVER, user), 'x'), { message });
    }
    assert.equal(connectionConfigFor(one(SERVER, '{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin}, token: abcdefgh}'), 'x').auth.kind, 'exec');
  });

  it('leaves out what the kubeconfig does not set', () => {
    const c = connectionConfigFor(one(SERVER, '{token: abcdefgh}'), 'x');
    assert.deepEqual(Object.keys(c).sort(), ['auth', 'contextName', 'insecureSkipTlsVerify', 'secrets', 'server']);
  });

  it('skips TLS verification only for a literal true', () => {
    assert.equal(connectionConfigFor(one('{server: "https://k8s.example:6443", insecure-skip-tls-verify: true}', '{}'), 'x').insecureSkipTlsVerify, true);
    assert.equal(connectionConfigFor(one('{server: "https://k8s.example:6443", insecure-skip-tls-verify: "true"}', '{}'), 'x').insecureSkipTlsVerify, false);
  });

  it('masks the proxy\'s user info and the user\'s password, not the user name', () => {
    const c = connectionConfigFor(one('{server: "https://k8s.example:6443", proxy-url: "http://squid:pr0xy-pw@proxy:3128"}', '{username: admin, password: hunter22}'), 'x');
    assert.deepEqual([...c.secrets].sort(), ['hunter22', 'pr0xy-pw', 'squid']);
  });

  it('drops trailing slashes of the server address', () => {
    assert.equal(connectionConfigFor(one('{server: "https://k8s.example:6443/k8s//"}', '{}'), 'x').server, 'https://k8s.example:6443/k8s');
  });
});

describe('connectionConfigFor: contexts that cannot be used', () => {
  it('names a context whose cluster is missing or not defined', () => {
    const m = merged(`clusters:
- name: c
  cluster: {server: "https://k8s.example:6443"}
contexts:
- name: orphan
  context: {cluster: gone}
- name: bare
  context: {user: u}
`);
    assert.throws(() => connectionConfigFor(m, 'orphan'), { message: 'Context "orphan" names no known cluster' });
    assert.throws(() => connectionConfigFor(m, 'bare'), { message: 'Context "bare" names no known cluster' });
    assert.throws(() => connectionConfigFor(m, 'c'), { message: 'Context "c" is not in the kubeconfig' });
  });

  it('names a context whose cluster has no server address', () => {
    for (const cluster of ['{certificate-authority-data: Q0E=}', '{server: ""}', '{server: 6443}', '{server: "/"}']) {
      assert.throws(() => connectionConfigFor(one(cluster, '{}'), 'x'), { message: 'The cluster of context "x" has no server address' }, cluster);
    }
  });

  it('passes on why an exec block cannot be used', () => {
    assert.throws(() => connectionConfigFor(one(SERVER, '{exec: "aws eks get-token"}'), 'x'), { message: 'the exec block of the user is not a map' });
  });
});

describe('connectionConfigFor across several kubeconfig files', () => {
  const clusterFile = '/etc/kube/clusters.yaml';
  const userFile = '/home/op/creds/users.yaml';
  const load = (): MergedKubeconfig =>
    mergeKubeconfigs(
      [clusterFile, userFile],
      [
        parseKubeconfig(clusterFile, `clusters:
- name: prod
  cluster: {server: "https://prod.example:6443", certificate-authority: pki/ca.crt}
contexts:
- name: prod
  context: {cluster: prod, user: ops}
`),
        parseKubeconfig(userFile, `users:
- name: ops
  user:
    client-certificate: ops.crt
    client-key: /abs/ops.key
    exec: {apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, command: ./bin/get-token}
- name: reader
  user: {tokenFile: tokens/reader}
contexts:
- name: read
  context: {cluster: prod, user: reader}
`),
      ],
    );

  it('resolves each relative path against the file that names it, as kubectl does', () => {
    const c = connectionConfigFor(load(), 'prod');
    assert.deepEqual(c.ca, { file: '/etc/kube/pki/ca.crt' });
    assert.deepEqual(c.clientCert, { file: '/home/op/creds/ops.crt' });
    assert.deepEqual(c.clientKey, { file: '/abs/ops.key' });
    assert.equal(c.auth.kind === 'exec' ? c.auth.baseDir : undefined, '/home/op/creds');
    assert.deepEqual(connectionConfigFor(load(), 'read').auth, { kind: 'tokenFile', file: '/home/op/creds/tokens/reader' });
  });
});
