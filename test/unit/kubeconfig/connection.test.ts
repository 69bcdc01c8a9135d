import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mergeKubeconfigs, parseKubeconfig } from '../../../src/core/kubeconfig';
import { connectionConfigFor } from '../../../src/core/kubeconfig/connection';

function merged(yaml: string) {
  return mergeKubeconfigs(['/home/op/.kube/config'], [parseKubeconfig('/home/op/.kube/config', yaml)]);
}

const base = (user: string) => `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://ops:pw-in-url@k8s.example:6443/", certificate-authority: certs/ca.pem}
users:
- name: u
  user: ${user}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`;

describe('connectionConfigFor', () => {
  it('resolves file paths against the kubeconfig file and collects the secrets to mask', () => {
    const c = connectionConfigFor(merged(base('{token: abcdefgh}')), 'x');
    assert.equal(c.server, 'https://ops:pw-in-url@k8s.example:6443');
    assert.deepEqual(c.ca, { file: '/home/op/.kube/certs/ca.pem' });
    assert.deepEqual(c.auth, { kind: 'token', token: 'abcdefgh' });
    assert.ok(c.secrets.includes('pw-in-url') && c.secrets.includes('abcdefgh'));
  });

  it('reads exec, tokenFile and basic auth like kubectl', () => {
    const exec = connectionConfigFor(merged(base('{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./bin/get-token, args: [a]}}')), 'x');
    assert.equal(exec.auth.kind, 'exec');
    assert.equal(exec.auth.kind === 'exec' && exec.auth.baseDir, '/home/op/.kube');
    assert.deepEqual(connectionConfigFor(merged(base('{tokenFile: tok}')), 'x').auth, { kind: 'tokenFile', file: '/home/op/.kube/tok' });
    assert.deepEqual(connectionConfigFor(merged(base('{username: admin, password: hunter2}')), 'x').auth, { kind: 'basic', username: 'admin', password: 'hunter2' });
  });

  it('never plans to run an auth provider\'s command', () => {
    const gcp = connectionConfigFor(merged(base('{auth-provider: {name: gcp, config: {cmd-path: /usr/bin/gcloud}}}')), 'x');
    assert.equal(gcp.auth.kind, 'unsupported');
    const other = connectionConfigFor(merged(base('{auth-provider: {name: exec, config: {exec: {command: sh}}}}')), 'x');
    assert.equal(other.auth.kind === 'unsupported' && /no Auth Provider found for name "exec"/.test(other.auth.message), true);
    const oidc = connectionConfigFor(merged(base('{auth-provider: {name: oidc, config: {id-token: eyJ.x.y}}}')), 'x');
    assert.deepEqual(oidc.auth, { kind: 'oidc', idToken: 'eyJ.x.y' });
  });

  it('names what is wrong with a context that cannot be used', () => {
    assert.throws(() => connectionConfigFor(merged(base('{token: t}')), 'nope'), /not in the kubeconfig/);
    assert.throws(() => connectionConfigFor(merged(base('{exec: {command: x}}')), 'x'), /invalid apiVersion/);
  });
});
