import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forbidden, RbacAuthorizer, ruleAllows, type AuthorizationAttributes } from '../../sim/rbac';
import { defaultRbacObjects } from '../../sim/rbacDefaults';
import { ObjectStore } from '../../sim/store';
import type { KubeObject } from '../../sim/types';

const pods = (verb: string, extra: Partial<Extract<AuthorizationAttributes, { kind: 'resource' }>> = {}): AuthorizationAttributes => ({ kind: 'resource', verb, group: '', resource: 'pods', namespace: 'shop', ...extra });

function storeWith(objects: KubeObject[]): ObjectStore {
  const store = new ObjectStore();
  for (const o of objects) {
    const plural = o.kind === 'ClusterRole' ? 'clusterroles' : o.kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : o.kind === 'Role' ? 'roles' : 'rolebindings';
    store.create(`rbac.authorization.k8s.io/${plural}`, o);
  }
  return store;
}

describe('RBAC rules', () => {
  it('match verbs, groups, resource/subresource, wildcards and resource names', () => {
    assert.ok(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, pods('get')));
    assert.ok(!ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, pods('create', { subresource: 'eviction' })));
    assert.ok(ruleAllows({ verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'] }, pods('create', { subresource: 'eviction' })));
    assert.ok(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['*/status'] }, pods('get', { subresource: 'status' })));
    assert.ok(!ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, pods('get')));
    assert.ok(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, pods('delete', { name: 'x' })));
    assert.ok(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['web-1'] }, pods('get', { name: 'web-1' })));
    assert.ok(!ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['web-1'] }, pods('list')));
  });

  it('match non-resource paths exactly or by a trailing *', () => {
    const rule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    assert.ok(ruleAllows(rule, { kind: 'nonResource', verb: 'get', path: '/apis/apps/v1' }));
    assert.ok(ruleAllows(rule, { kind: 'nonResource', verb: 'get', path: '/healthz' }));
    assert.ok(!ruleAllows(rule, { kind: 'nonResource', verb: 'get', path: '/healthz/etcd' }));
    assert.ok(!ruleAllows(rule, pods('get')), 'a non-resource rule grants no resources');
  });
});

describe('RBAC authorizer', () => {
  const store = storeWith([
    ...defaultRbacObjects(),
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'extra-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [{ verbs: ['get'], apiGroups: ['velero.io'], resources: ['backups'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'jane-view', namespace: 'shop' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'jane' }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'evictor', namespace: 'shop' }, rules: [{ verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'ci-evict', namespace: 'shop' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'evictor' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] },
  ]);
  const rbac = new RbacAuthorizer(store);
  const jane = { name: 'jane', groups: ['system:authenticated'] };

  it('a RoleBinding to an aggregated ClusterRole grants its parts in that namespace only', () => {
    assert.ok(rbac.allowed(jane, pods('list')));
    assert.ok(rbac.allowed(jane, { kind: 'resource', verb: 'get', group: 'velero.io', resource: 'backups', namespace: 'shop' }), 'a role labelled aggregate-to-view joins view');
    assert.ok(!rbac.allowed(jane, pods('list', { namespace: 'data' })));
    assert.ok(!rbac.allowed(jane, pods('create', { subresource: 'eviction' })));
  });

  it('every authenticated user may review itself and read discovery; system:masters may do anything', () => {
    assert.ok(rbac.allowed(jane, { kind: 'resource', verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }));
    assert.ok(rbac.allowed(jane, { kind: 'nonResource', verb: 'get', path: '/apis/apps/v1' }));
    assert.ok(!rbac.allowed(jane, { kind: 'nonResource', verb: 'get', path: '/metrics' }));
    assert.ok(rbac.allowed({ name: 'root', groups: ['system:masters'] }, { kind: 'nonResource', verb: 'get', path: '/metrics' }));
  });

  it('a ServiceAccount subject is the user system:serviceaccount:NS:NAME', () => {
    assert.ok(rbac.allowed({ name: 'system:serviceaccount:shop:ci', groups: [] }, pods('create', { subresource: 'eviction', name: 'web-1' })));
    assert.ok(!rbac.allowed({ name: 'system:serviceaccount:data:ci', groups: [] }, pods('create', { subresource: 'eviction', name: 'web-1' })));
  });

  it('denials are worded like kube-apiserver\'s', () => {
    assert.equal(forbidden(jane, pods('create', { subresource: 'eviction', name: 'web-1' })).message, 'pods "web-1" is forbidden: User "jane" cannot create resource "pods/eviction" in API group "" in the namespace "shop"');
    assert.equal(forbidden(jane, { kind: 'resource', verb: 'list', group: 'apps', resource: 'deployments' }).message, 'deployments.apps is forbidden: User "jane" cannot list resource "deployments" in API group "apps" at the cluster scope');
    assert.equal(forbidden(jane, { kind: 'nonResource', verb: 'get', path: '/metrics' }).message, 'forbidden: User "jane" cannot get path "/metrics"');
  });
});
