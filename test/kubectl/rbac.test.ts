/**
 * RBAC as kubectl v1.35.2 meets it: scenario users with a token or a client
 * certificate, the default ClusterRoles, kube-apiserver's 403 wording
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go),
 * and the self reviews behind `kubectl auth can-i` (pkg/cmd/auth/cani.go) and
 * `kubectl auth whoami` (pkg/cmd/auth/whoami.go). "jane" may read everything a
 * drain looks at but may not cordon or evict; the "auditors" group may edit the
 * default namespace only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kubectl, lines, table } from './harness';
import { replicaSet, scenario } from './scenarios';

const RBAC_OBJECTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-reader}
rules:
  - {apiGroups: [""], resources: [nodes], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: jane-view}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: jane-nodes}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: auditors-edit, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: auditors}]
`;

function withUsers(yaml: string): string {
  return yaml.replace('podStartSeconds: 1\n', 'podStartSeconds: 1\n  users:\n    - {name: jane, groups: [ops]}\n    - {name: auditor, groups: [auditors], clientCertificate: true}\n');
}

describe('kubectl against RBAC', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(withUsers(scenario('rbac', [RBAC_OBJECTS, replicaSet('web', [{ name: 'web-1', node: 'worker-1' }])].join('---\n'))));
  });
  after(() => k.stop());
  const as = (user: string, ...args: string[]) => k.run(['--context', `rbac-${user}`, ...args]);

  it('auth whoami names the admin, a token user and a certificate user with their groups', async () => {
    assert.deepEqual(table((await k.run(['auth', 'whoami'])).stdout), [['ATTRIBUTE', 'VALUE'], ['Username', 'kubernetes-admin'], ['Groups', '[kubeadm:cluster-admins system:authenticated]']]);
    assert.deepEqual(table((await as('jane', 'auth', 'whoami')).stdout), [['ATTRIBUTE', 'VALUE'], ['Username', 'jane'], ['Groups', '[ops system:authenticated]']]);
    assert.deepEqual(table((await as('auditor', 'auth', 'whoami')).stdout), [['ATTRIBUTE', 'VALUE'], ['Username', 'auditor'], ['Groups', '[auditors system:authenticated]']]);
  });

  it('the default ClusterRoles are there', async () => {
    const r = await k.run(['get', 'clusterroles', 'cluster-admin', 'admin', 'edit', 'view', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ['clusterrole.rbac.authorization.k8s.io/cluster-admin', 'clusterrole.rbac.authorization.k8s.io/admin', 'clusterrole.rbac.authorization.k8s.io/edit', 'clusterrole.rbac.authorization.k8s.io/view']);
  });

  it('auth can-i answers yes and no (exit 1) from the bindings', async () => {
    const cases: [string, string[], string][] = [
      ['jane', ['list', 'pods', '-A'], 'yes'],
      ['jane', ['get', 'nodes'], 'yes'],
      ['jane', ['patch', 'nodes'], 'no'],
      ['jane', ['create', 'pods/eviction', '-n', 'default'], 'no'],
      ['jane', ['list', 'secrets', '-n', 'default'], 'no'],
      ['auditor', ['create', 'pods/eviction', '-n', 'default'], 'yes'],
      ['auditor', ['create', 'pods/eviction', '-n', 'kube-system'], 'no'],
      ['admin', ['*', '*'], 'yes'],
    ];
    for (const [user, args, answer] of cases) {
      const r = user === 'admin' ? await k.run(['auth', 'can-i', ...args]) : await as(user, 'auth', 'can-i', ...args);
      assert.equal(r.stdout.trim(), answer, `${user} can-i ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(r.code, answer === 'yes' ? 0 : 1);
    }
  });

  it('auth can-i --list shows the rules that apply in a namespace', async () => {
    const r = await as('jane', 'auth', 'can-i', '--list', '-n', 'default');
    assert.equal(r.code, 0, r.stderr);
    const rows = table(r.stdout);
    assert.deepEqual(rows[0], ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
    assert.ok(rows.some((row) => row.join('|') === 'nodes|[]|[]|[get list watch]'), r.stdout);
    assert.ok(rows.some((row) => row.join('|') === 'selfsubjectaccessreviews.authorization.k8s.io|[]|[]|[create]'), r.stdout);
    assert.ok(!rows.some((row) => row[0] === 'secrets'), r.stdout);
  });

  it('a read-only user can list but is refused a cordon with kube-apiserver\'s wording', async () => {
    assert.equal((await as('jane', 'get', 'pods', '-A')).code, 0);
    const secrets = await as('jane', 'get', 'secrets');
    assert.equal(secrets.stderr, 'Error from server (Forbidden): secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default"\n');
    const drain = await as('jane', 'drain', 'worker-1', '--ignore-daemonsets');
    assert.notEqual(drain.code, 0);
    assert.match(drain.stderr, /nodes "worker-1" is forbidden: User "jane" cannot patch resource "nodes" in API group "" at the cluster scope/);
    assert.equal(k.node('worker-1')?.spec?.unschedulable, undefined, 'the node was not cordoned');
  });

  it('a user allowed to evict in one namespace drains its pod, and is refused elsewhere', async () => {
    assert.equal((await k.run(['cordon', 'worker-1'])).code, 0);
    const denied = await as('auditor', 'delete', 'pod', 'web-1', '-n', 'kube-system');
    assert.match(denied.stderr, /pods "web-1" is forbidden: User "auditor" cannot delete resource "pods" in API group "" in the namespace "kube-system"/);
    const deployments = await as('auditor', 'get', 'deployments.apps', '-A');
    assert.equal(deployments.stderr, 'Error from server (Forbidden): deployments.apps is forbidden: User "auditor" cannot list resource "deployments" in API group "apps" at the cluster scope\n');
  });
});
