/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when
 * a ClusterRoleBinding, or a RoleBinding in the request's namespace, names the
 * user, one of its groups or its service account, and the bound role has a rule
 * matching the verb, API group, resource (or "resource/subresource"), name, or the
 * non-resource path. Aggregated ClusterRoles take the rules of the roles their
 * selectors match, as the aggregation controller keeps them. system:masters is
 * allowed everything without looking. Denials carry kube-apiserver's wording.
 */
import type { ObjectStore } from './store';
import { labelSelectorMatcher } from './selectors';
import { ApiError } from './status';
import type { BindingObject, PolicyRule, RoleObject, Subject } from './rbacDefaults';

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
}

export type AuthorizationAttributes =
  | { kind: 'resource'; verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string }
  | { kind: 'nonResource'; verb: string; path: string };

const ROLES = 'rbac.authorization.k8s.io/roles';
const CLUSTER_ROLES = 'rbac.authorization.k8s.io/clusterroles';
const ROLE_BINDINGS = 'rbac.authorization.k8s.io/rolebindings';
const CLUSTER_ROLE_BINDINGS = 'rbac.authorization.k8s.io/clusterrolebindings';

function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount':
      return user.name === `system:serviceaccount:${s.namespace ?? bindingNamespace ?? ''}:${s.name}`;
    default:
      return false;
  }
}

function has(list: readonly string[] | undefined, value: string): boolean {
  return (list ?? []).some((v) => v === '*' || v === value);
}

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (subresource !== undefined && r === `*/${subresource}`));
}

function pathMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

export function ruleAllows(rule: PolicyRule, a: AuthorizationAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.kind === 'nonResource') return pathMatches(rule, a.path);
  if (rule.nonResourceURLs && !rule.resources) return false;
  if (!has(rule.apiGroups, a.group) || !resourceMatches(rule, a.resource, a.subresource)) return false;
  return !rule.resourceNames || rule.resourceNames.length === 0 || (a.name !== undefined && rule.resourceNames.includes(a.name));
}

export class RbacAuthorizer {
  constructor(private readonly store: ObjectStore) {}

  /** The rules of a ClusterRole, with those of the roles it aggregates. */
  clusterRoleRules(name: string, seen = new Set<string>()): PolicyRule[] {
    if (seen.has(name)) return [];
    seen.add(name);
    const role = this.store.get(CLUSTER_ROLES, undefined, name) as RoleObject | undefined;
    if (!role) return [];
    const rules = [...(role.rules ?? [])];
    for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
      const matches = labelSelectorMatcher(selector);
      for (const other of this.store.all(CLUSTER_ROLES) as RoleObject[]) {
        if (other.metadata.name !== name && matches(other.metadata.labels)) rules.push(...this.clusterRoleRules(other.metadata.name ?? '', seen));
      }
    }
    return rules;
  }

  private bindingRules(b: BindingObject, namespace: string | undefined): PolicyRule[] {
    if (b.roleRef.kind === 'ClusterRole') return this.clusterRoleRules(b.roleRef.name);
    const role = this.store.get(ROLES, namespace, b.roleRef.name) as RoleObject | undefined;
    return role?.rules ?? [];
  }

  /** Every rule that applies to the user in a namespace (cluster-wide rules included). */
  rulesFor(user: UserInfo, namespace: string | undefined): PolicyRule[] {
    const rules: PolicyRule[] = [];
    for (const b of this.store.all(CLUSTER_ROLE_BINDINGS) as BindingObject[]) {
      if ((b.subjects ?? []).some((s) => subjectMatches(s, user, undefined))) rules.push(...this.bindingRules(b, undefined));
    }
    if (namespace !== undefined && namespace !== '') {
      for (const b of this.store.all(ROLE_BINDINGS, namespace) as BindingObject[]) {
        if ((b.subjects ?? []).some((s) => subjectMatches(s, user, namespace))) rules.push(...this.bindingRules(b, namespace));
      }
    }
    return rules;
  }

  allowed(user: UserInfo, a: AuthorizationAttributes): boolean {
    if (user.groups.includes('system:masters')) return true;
    return this.rulesFor(user, a.kind === 'resource' ? a.namespace : undefined).some((r) => ruleAllows(r, a));
  }

  /** Throws kube-apiserver's 403 when the request is not allowed. */
  authorize(user: UserInfo, a: AuthorizationAttributes): void {
    if (!this.allowed(user, a)) throw forbidden(user, a);
  }
}

/** kube-apiserver's message for a denied request (endpoints/handlers/responsewriters/errors.go). */
export function forbidden(user: UserInfo, a: AuthorizationAttributes): ApiError {
  if (a.kind === 'nonResource') return new ApiError(403, 'Forbidden', `forbidden: User "${user.name}" cannot ${a.verb} path "${a.path}"`);
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return ApiError.forbidden({ group: a.group, resource: a.resource }, a.name ?? '', `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`);
}
