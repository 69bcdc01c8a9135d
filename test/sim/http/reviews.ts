/**
 * The self reviews a client asks about itself: SelfSubjectAccessReview (`kubectl
 * auth can-i`), SelfSubjectRulesReview (`kubectl auth can-i --list`) and
 * SelfSubjectReview (`kubectl auth whoami`). They are answered from the RBAC
 * authorizer and never stored, as in kube-apiserver (pkg/registry/authorization,
 * pkg/registry/authentication/selfsubjectreview).
 */
import type { ServerResponse } from 'node:http';
import type { RbacAuthorizer, UserInfo } from '../rbac';
import { ApiError } from '../status';
import { isRecord } from '../types';
import type { ResourceRequest } from './requestInfo';
import { sendJson } from './resources';

export function isSelfReview(info: ResourceRequest): boolean {
  if (info.verb !== 'create' || info.subresource !== undefined) return false;
  if (info.group === 'authorization.k8s.io') return info.resource === 'selfsubjectaccessreviews' || info.resource === 'selfsubjectrulesreviews';
  return info.group === 'authentication.k8s.io' && info.resource === 'selfsubjectreviews';
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function handleSelfReview(authorizer: RbacAuthorizer, user: UserInfo, info: ResourceRequest, body: unknown, res: ServerResponse): void {
  const apiVersion = `${info.group}/${info.version}`;
  const input = isRecord(body) ? body : {};
  const spec = isRecord(input.spec) ? input.spec : {};
  const metadata = { creationTimestamp: null };
  if (info.resource === 'selfsubjectreviews') {
    const userInfo: Record<string, unknown> = { username: user.name, groups: user.groups };
    if (user.uid) userInfo.uid = user.uid;
    sendJson(res, 201, JSON.stringify({ kind: 'SelfSubjectReview', apiVersion, metadata, status: { userInfo } }));
    return;
  }
  if (info.resource === 'selfsubjectrulesreviews') {
    const namespace = text(spec.namespace);
    const rules = authorizer.rulesFor(user, namespace || undefined);
    const resourceRules = rules.filter((r) => r.resources !== undefined).map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) }));
    const nonResourceRules = rules.filter((r) => r.nonResourceURLs !== undefined).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs ?? [] }));
    sendJson(res, 201, JSON.stringify({ kind: 'SelfSubjectRulesReview', apiVersion, metadata, spec: { namespace }, status: { resourceRules, nonResourceRules, incomplete: false } }));
    return;
  }
  const resAttrs = isRecord(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nonResAttrs = isRecord(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  let allowed: boolean;
  if (resAttrs) {
    const ns = text(resAttrs.namespace);
    const name = text(resAttrs.name);
    const sub = text(resAttrs.subresource);
    allowed = authorizer.allowed(user, { kind: 'resource', verb: text(resAttrs.verb), group: text(resAttrs.group), resource: text(resAttrs.resource), ...(sub ? { subresource: sub } : {}), ...(ns ? { namespace: ns } : {}), ...(name ? { name } : {}) });
  } else if (nonResAttrs) {
    allowed = authorizer.allowed(user, { kind: 'nonResource', verb: text(nonResAttrs.verb), path: text(nonResAttrs.path) });
  } else {
    throw new ApiError(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  sendJson(res, 201, JSON.stringify({ kind: 'SelfSubjectAccessReview', apiVersion, metadata, spec, status: allowed ? { allowed: true, reason: `RBAC: allowed for User "${user.name}"` } : { allowed: false } }));
}
