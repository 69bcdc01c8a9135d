import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { KubeconfigError, loadKubeconfig, parseKubeconfig } from '../../../src/core/kubeconfig';

/** The error parseKubeconfig throws for `text`, for its file, line and reason. */
function refusal(text: string, file = '/k'): KubeconfigError {
  try {
    parseKubeconfig(file, text);
  } catch (e) {
    if (e instanceof KubeconfigError) return e;
    throw e;
  }
  throw new Error('expected the kubeconfig to be refused');
}

describe('parseKubeconfig: files with nothing in them', () => {
  it('reads a file of comments or a YAML null as an empty config, as kubectl does', async () => {
    for (const text of ['# managed by ansible\n# nothing yet\n', '~\n', 'null\n', '---\n']) {
      assert.deepEqual(parseKubeconfig('/k', text), { file: '/k', clusters: [], users: [], contexts: [] }, JSON.stringify(text));
    }
    const r = await loadKubeconfig({ origin: 'default', files: ['/k'] }, async () => '# nothing yet\n');
    assert.equal(r.state, 'ok');
    if (r.state !== 'ok') return;
    assert.deepEqual([r.config.contexts, r.config.clusters.size, r.config.users.size, r.config.loadedFiles], [[], 0, 0, ['/k']]);
  });

  it('treats null lists and a null current-context as absent', () => {
    assert.deepEqual(parseKubeconfig('/k', 'apiVersion: v1\nkind: Config\nclusters: null\nusers:\ncontexts: ~\ncurrent-context:\n'), { file: '/k', clusters: [], users: [], contexts: [] });
    assert.equal('currentContext' in parseKubeconfig('/k', 'current-context: ""\n'), false);
  });

  it('reads a cluster entry without its cluster mapping as an empty cluster', () => {
    assert.deepEqual(parseKubeconfig('/k', 'clusters:\n- name: a\n  cluster:\n').clusters, [{ name: 'a', value: {} }]);
  });
});

describe('parseKubeconfig: broken input is refused with the file, the line and why', () => {
  it('names an entry that is not a mapping, counting from one', () => {
    const e = refusal('clusters:\n- name: a\n  cluster: {server: "https://a:6443"}\n- https://b:6443\n');
    assert.deepEqual([e.file, e.line, e.reason], ['/k', 4, 'entry 2 of "clusters" must be a mapping with "name" and "cluster"']);
    assert.equal(e.message, '/k:4: entry 2 of "clusters" must be a mapping with "name" and "cluster"');
    assert.equal(refusal('users:\n- [admin, token]\n').reason, 'entry 1 of "users" must be a mapping with "name" and "user"');
    assert.equal(refusal('contexts:\n-\n').reason, 'entry 1 of "contexts" must be a mapping with "name" and "context"');
  });

  it('names an entry whose name is missing, empty or not text', () => {
    assert.equal(refusal('users:\n- name: ""\n  user: {token: t}\n').reason, 'entry 1 of "users" has no name');
    const e = refusal('clusters:\n- name: a\n  cluster: {}\n- name: 5\n  cluster: {}\n');
    assert.deepEqual([e.reason, e.line], ['entry 2 of "clusters" has no name', 4]);
  });

  it('names the cluster, user or context whose body is not a mapping', () => {
    const e = refusal('apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: "https://a:6443"}\n- name: b\n  cluster: https://b:6443\n');
    assert.deepEqual([e.reason, e.line], ['"cluster" of cluster "b" must be a mapping', 5]);
    assert.equal(refusal('users:\n- name: u\n  user: [token]\n').reason, '"user" of user "u" must be a mapping');
    assert.equal(refusal('contexts:\n- name: dev\n  context: dev-cluster\n').reason, '"context" of context "dev" must be a mapping');
  });

  it('names the context field that is not text', () => {
    const e = refusal('apiVersion: v1\ncontexts:\n- name: x\n  context: {cluster: [a]}\n');
    assert.deepEqual([e.reason, e.line], ['"cluster" of context "x" must be a string', 2]);
    assert.equal(refusal('contexts:\n- name: x\n  context: {cluster: a, user: {name: u}}\n').reason, '"user" of context "x" must be a string');
    assert.equal(refusal('contexts:\n- name: x\n  context: {cluster: a, namespace: 5}\n').reason, '"namespace" of context "x" must be a string');
  });

  it('names a list that is not a list, at its line', () => {
    const e = refusal('apiVersion: v1\nkind: Config\nusers:\n  admin: {token: t}\n');
    assert.deepEqual([e.reason, e.line], ['"users" must be a list', 3]);
  });

  it('gives the YAML error in one line, without the parser\'s position suffix', () => {
    const e = refusal('apiVersion: v1\nclusters:\n\t- name: a\n');
    assert.equal(e.line, 3);
    assert.match(e.reason, /^not valid YAML: \S/);
    assert.doesNotMatch(e.reason, /\n| at line \d+, column \d+/);
  });

  it('refuses a file nested too deeply to read with a message, not a crash', () => {
    for (const text of ['['.repeat(5000), `clusters: ${'{a: '.repeat(5000)}`]) {
      assert.match(refusal(text).reason, /^not valid YAML: /);
    }
  });

  it('reads a context without cluster, user or namespace as empty', () => {
    assert.deepEqual(parseKubeconfig('/k', 'contexts:\n- name: x\n  context: {cluster: null}\n- name: y\n').contexts, [
      { name: 'x', value: {} },
      { name: 'y', value: {} },
    ]);
  });
});

describe('parseKubeconfig: names repeated within one file', () => {
  it('refuses a list that names the same cluster, user or context twice, as kubectl does', () => {
    const e = refusal('apiVersion: v1\nclusters:\n- name: prod\n  cluster: {server: "https://old:6443"}\n- name: prod\n  cluster: {server: "https://new:6443"}\n');
    assert.deepEqual([e.reason, e.line], ['"clusters" names "prod" twice (kubectl refuses such a file: duplicate name "prod" in list)', 5]);
    assert.match(refusal('users:\n- name: u\n  user: {}\n- name: u\n  user: {token: t}\n').reason, /^"users" names "u" twice/);
    assert.match(refusal('contexts:\n- name: x\n  context: {}\n- name: x\n  context: {}\n').reason, /^"contexts" names "x" twice/);
  });

  it('still lets a cluster, a user and a context share a name', () => {
    const p = parseKubeconfig('/k', 'clusters:\n- name: kind\n  cluster: {server: "https://127.0.0.1:6443"}\nusers:\n- name: kind\n  user: {}\ncontexts:\n- name: kind\n  context: {cluster: kind, user: kind}\n');
    assert.deepEqual([p.clusters.length, p.users.length, p.contexts.length], [1, 1, 1]);
  });
});
