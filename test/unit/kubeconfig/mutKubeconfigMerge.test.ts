import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { expandHome, loadKubeconfig, mergeKubeconfigs, parseKubeconfig, resolveKubeconfigPaths, type ReadFile } from '../../../src/core/kubeconfig';

const reader = (files: Record<string, string>): ReadFile => async (p) => files[p];

describe('mergeKubeconfigs: what is wrong with a context', () => {
  const text = `apiVersion: v1
kind: Config
clusters:
- name: good
  cluster: {server: "https://good:6443"}
- name: serverless
  cluster: {certificate-authority-data: Q0E=}
- name: blank
  cluster: {server: ""}
users:
- name: admin
  user: {token: t}
contexts:
- name: a-ok
  context: {cluster: good, user: admin, namespace: apps}
- name: b-no-cluster
  context: {user: admin}
- name: c-no-server
  context: {cluster: serverless, user: admin}
- name: d-blank-server
  context: {cluster: blank}
- name: e-ghost-user
  context: {cluster: good, user: ghost}
- name: f-no-user
  context: {cluster: good}
`;
  const m = mergeKubeconfigs(['/k'], [parseKubeconfig('/k', text)]);
  const byName = (n: string) => m.contexts.find((c) => c.name === n);

  it('says which context names no cluster, a cluster without server, or an undefined user', () => {
    assert.deepEqual(m.contexts.map((c) => [c.name, c.problem]), [
      ['a-ok', undefined],
      ['b-no-cluster', 'names no cluster'],
      ['c-no-server', 'cluster "serverless" has no server URL'],
      ['d-blank-server', 'cluster "blank" has no server URL'],
      ['e-ghost-user', 'names user "ghost", which no kubeconfig file defines'],
      ['f-no-user', undefined],
    ]);
  });

  it('shows the server only when there is one, and what the context names', () => {
    assert.deepEqual(byName('a-ok'), { name: 'a-ok', isCurrent: false, file: '/k', cluster: 'good', user: 'admin', namespace: 'apps', server: 'https://good:6443' });
    assert.deepEqual(byName('d-blank-server'), { name: 'd-blank-server', isCurrent: false, file: '/k', cluster: 'blank', problem: 'cluster "blank" has no server URL' });
    assert.equal('currentContext' in m, false);
  });
});

describe('loadKubeconfig: several files, as kubectl merges KUBECONFIG', () => {
  const a = `clusters:
- name: shared
  cluster: {server: "https://from-a:6443"}
users:
- name: ops
  user: {token: from-a}
contexts:
- name: work
  context: {cluster: shared, user: ops}
current-context: ""
`;
  const b = `clusters:
- name: shared
  cluster: {server: "https://from-b:6443"}
- name: only-b
  cluster: {server: "https://only-b:6443"}
users:
- name: ops
  user: {token: from-b}
- name: b-user
  user: {token: b}
contexts:
- name: work
  context: {cluster: only-b, user: b-user}
- name: play
  context: {cluster: shared, user: b-user}
current-context: play
`;
  const c = `current-context: work
`;

  it('keeps the first file\'s cluster, user and context of each name and the first non-empty current-context', async () => {
    const r = await loadKubeconfig({ origin: 'env', files: ['/a', '/b', '/c'] }, reader({ '/a': a, '/b': b, '/c': c }));
    assert.equal(r.state, 'ok');
    if (r.state !== 'ok') return;
    assert.equal(r.config.currentContext, 'play');
    assert.deepEqual(r.config.clusters.get('shared'), { file: '/a', value: { server: 'https://from-a:6443' } });
    assert.deepEqual(r.config.clusters.get('only-b'), { file: '/b', value: { server: 'https://only-b:6443' } });
    assert.deepEqual(r.config.users.get('ops'), { file: '/a', value: { token: 'from-a' } });
    assert.deepEqual(r.config.contexts.map((x) => [x.name, x.cluster, x.server, x.file, x.isCurrent]), [
      ['play', 'shared', 'https://from-a:6443', '/b', true],
      ['work', 'shared', 'https://from-a:6443', '/a', false],
    ]);
    assert.deepEqual(r.config.files, ['/a', '/b', '/c']);
  });

  it('lets a later file define the user an earlier file\'s context names', async () => {
    const r = await loadKubeconfig({ origin: 'env', files: ['/c2', '/b'] }, reader({ '/c2': 'contexts:\n- name: late\n  context: {cluster: only-b, user: b-user}\n', '/b': b }));
    assert.equal(r.state, 'ok');
    if (r.state === 'ok') assert.deepEqual(r.config.contexts.find((x) => x.name === 'late'), { name: 'late', isCurrent: false, file: '/c2', cluster: 'only-b', user: 'b-user', server: 'https://only-b:6443' });
  });

  it('refuses the whole load when any file is broken, as kubectl refuses to run', async () => {
    const r = await loadKubeconfig({ origin: 'env', files: ['/a', '/broken'] }, reader({ '/a': a, '/broken': 'users: 3\n' }));
    assert.equal(r.state, 'broken');
    if (r.state === 'broken') assert.equal(r.error.message, '/broken:1: "users" must be a list');
  });

  it('names where a missing explicit file was set', async () => {
    const r = await loadKubeconfig({ origin: 'setting', files: ['/gone'] }, reader({}), 'passed with --kubeconfig');
    assert.equal(r.state === 'broken' ? r.error.message : r.state, '/gone: does not exist (passed with --kubeconfig)');
  });
});

describe('resolveKubeconfigPaths on Windows and odd homes', () => {
  it('builds the default path with backslashes under a Windows home', () => {
    assert.deepEqual(resolveKubeconfigPaths({ home: 'C:\\Users\\op', platform: 'win32' }), { origin: 'default', files: ['C:\\Users\\op\\.kube\\config'] });
  });

  it('expands ~\\ with the Windows separator and ~/ with the home\'s separator', () => {
    assert.deepEqual(resolveKubeconfigPaths({ env: '~\\dev.yaml;~/prod.yaml', home: 'C:\\Users\\op', platform: 'win32' }).files, ['C:\\Users\\op\\dev.yaml', 'C:\\Users\\op\\prod.yaml']);
    assert.equal(expandHome('~', 'C:\\Users\\op'), 'C:\\Users\\op');
    assert.equal(expandHome('~other/config', '/home/op'), '~other/config');
  });

  it('uses / for a home with both separators and does not double a trailing one', () => {
    assert.deepEqual(resolveKubeconfigPaths({ home: '/', platform: 'linux' }).files, ['/.kube/config']);
    assert.deepEqual(resolveKubeconfigPaths({ home: 'C:\\', platform: 'win32' }).files, ['C:\\.kube\\config']);
    assert.deepEqual(resolveKubeconfigPaths({ home: '//server/share\\op', platform: 'win32' }).files, ['//server/share\\op/.kube/config']);
    assert.equal(expandHome('~/k', '/home/op/'), '/home/op/k');
  });

  it('falls back to the default when the setting and KUBECONFIG hold only blanks and separators', () => {
    assert.deepEqual(resolveKubeconfigPaths({ setting: '  ', env: ' : : ', home: '/h', platform: 'linux' }), { origin: 'default', files: ['/h/.kube/config'] });
  });
});
