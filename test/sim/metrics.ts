/**
 * The API server's own metrics, as `/metrics` serves them in the Prometheus text
 * format: `apiserver_requested_deprecated_apis` (a gauge set to 1 for each
 * deprecated group/version/resource a client has used, labelled with the release
 * that removes it, as staging/src/k8s.io/apiserver/pkg/endpoints/deprecation does)
 * and `apiserver_request_total` (requests by verb, resource and code).
 */
import type { ServedResource } from './apiCatalog';

export interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: 'cluster' | 'namespace' | 'resource' | '';
  code: number;
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Record<string, string>): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escape(labels[k]!)}"`)
    .join(',')}}`;
}

/** The metrics verb of a request (LIST and WATCH are told apart from GET, APPLY from PATCH). */
export function metricsVerb(verb: string, contentType: string | undefined): string {
  switch (verb) {
    case 'list':
      return 'LIST';
    case 'watch':
      return 'WATCH';
    case 'get':
      return 'GET';
    case 'create':
      return 'POST';
    case 'update':
      return 'PUT';
    case 'patch':
      return contentType?.startsWith('application/apply-patch') ? 'APPLY' : 'PATCH';
    case 'delete':
    case 'deletecollection':
      return 'DELETE';
    default:
      return verb.toUpperCase();
  }
}

export class ApiMetrics {
  private readonly deprecated = new Map<string, Record<string, string>>();
  private readonly requests = new Map<string, { labels: Record<string, string>; count: number }>();

  /** Notes a request to a served resource; deprecated versions are those with a removal release. */
  recordServed(served: ServedResource, subresource: string | undefined): void {
    const window = served.def.versions.find((w) => w.version === served.version);
    if (window?.until === undefined) return;
    const labels = { group: served.group, version: served.version, resource: served.def.plural, subresource: subresource ?? '', removed_release: `1.${window.until}` };
    this.deprecated.set(labelText(labels), labels);
  }

  recordRequest(r: RequestLabels): void {
    const labels = { code: String(r.code), component: 'apiserver', dry_run: '', group: r.group, resource: r.resource, scope: r.scope, subresource: r.subresource, verb: r.verb, version: r.version };
    const key = labelText(labels);
    const entry = this.requests.get(key);
    if (entry) entry.count++;
    else this.requests.set(key, { labels, count: 1 });
  }

  /** The exposition text (text/plain; version=0.0.4). */
  render(): string {
    const out: string[] = [];
    out.push('# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.');
    out.push('# TYPE apiserver_request_total counter');
    for (const [key, { count }] of [...this.requests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push(`apiserver_request_total${key} ${count}`);
    out.push('# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested, broken out by API group, version, resource, subresource, and removed_release.');
    out.push('# TYPE apiserver_requested_deprecated_apis gauge');
    for (const key of [...this.deprecated.keys()].sort()) out.push(`apiserver_requested_deprecated_apis${key} 1`);
    return `${out.join('\n')}\n`;
  }
}
