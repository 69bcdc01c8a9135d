/**
 * /healthz, /livez and /readyz as kube-apiserver serves them
 * (staging/src/k8s.io/apiserver/pkg/server/healthz): "ok" for the plain path,
 * one "[+]name ok" line per check with `?verbose`, `?exclude=name` to leave a check
 * out, and each check on its own path (/readyz/etcd, /healthz/etcd). Checks a
 * simulator cannot fail report ok; unknown check paths are 404.
 */
import type { ServerResponse } from 'node:http';

const POST_START_HOOKS = [
  'start-apiserver-admission-initializer',
  'generic-apiserver-start-informers',
  'priority-and-fairness-config-consumer',
  'priority-and-fairness-filter',
  'storage-object-count-tracker-hook',
  'start-apiextensions-informers',
  'start-apiextensions-controllers',
  'crd-informer-synced',
  'start-system-namespaces-controller',
  'bootstrap-controller',
  'start-kube-apiserver-identity-lease-controller',
  'start-kube-apiserver-identity-lease-garbage-collector',
  'start-legacy-token-tracking-controller',
  'start-service-ip-repair-controllers',
  'rbac/bootstrap-roles',
  'scheduling/bootstrap-system-priority-classes',
  'priority-and-fairness-config-producer',
  'start-cluster-authentication-info-controller',
  'aggregator-reload-proxy-client-cert',
  'start-kube-aggregator-informers',
  'apiservice-registration-controller',
  'apiservice-status-available-controller',
  'apiservice-discovery-controller',
  'kube-apiserver-autoregistration',
  'autoregister-completion',
  'apiservice-openapi-controller',
  'apiservice-openapiv3-controller',
].map((h) => `poststarthook/${h}`);

const CHECKS: Record<'healthz' | 'livez' | 'readyz', string[]> = {
  healthz: ['ping', 'log', 'etcd', ...POST_START_HOOKS],
  livez: ['ping', 'log', 'etcd', ...POST_START_HOOKS],
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...POST_START_HOOKS, 'shutdown'],
};

export type HealthEndpoint = keyof typeof CHECKS;

/** Whether `path` is a health endpoint or one of its checks. */
export function healthEndpointOf(path: string): { endpoint: HealthEndpoint; check?: string } | undefined {
  const m = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(path);
  if (!m) return undefined;
  const endpoint = m[1] as HealthEndpoint;
  return m[2] === undefined ? { endpoint } : { endpoint, check: m[2] };
}

function send(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function serveHealth(res: ServerResponse, target: { endpoint: HealthEndpoint; check?: string }, query: URLSearchParams): void {
  const checks = CHECKS[target.endpoint];
  if (target.check !== undefined) {
    if (!checks.includes(target.check)) {
      send(res, 404, '404 page not found\n');
      return;
    }
    send(res, 200, 'ok');
    return;
  }
  if (!query.has('verbose')) {
    send(res, 200, 'ok');
    return;
  }
  const excluded = new Set(query.getAll('exclude'));
  const out = checks.map((c) => (excluded.has(c) ? `[+]${c} excluded: ok` : `[+]${c} ok`));
  send(res, 200, `${out.join('\n')}\n${target.endpoint} check passed\n`);
}
