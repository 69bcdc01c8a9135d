// Reads `apiserver_requested_deprecated_apis` from the apiserver's /metrics (Prometheus text format).
// The gauge is 1 for every deprecated group/version/resource requested since the apiserver started;
// `removed_release` names the minor that stops serving it.
import type { DeprecatedApiMetric } from './apiUses';

const METRIC = 'apiserver_requested_deprecated_apis';
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

export function parseDeprecatedApiMetrics(text: string): DeprecatedApiMetric[] {
  const out: DeprecatedApiMetric[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${METRIC}{`) && !line.startsWith(`${METRIC} `)) continue;
    const close = line.lastIndexOf('}');
    const labelsText = close === -1 ? '' : line.slice(line.indexOf('{') + 1, close);
    const value = Number(line.slice(close + 1).trim().split(/\s+/)[0]);
    const labels: Record<string, string> = {};
    for (const m of labelsText.matchAll(LABEL)) labels[m[1]] = unescape(m[2]);
    if (!Number.isFinite(value) || labels.resource === undefined || labels.version === undefined) continue;
    out.push({
      group: labels.group ?? '',
      version: labels.version,
      resource: labels.resource,
      subresource: labels.subresource ?? '',
      removedRelease: labels.removed_release ?? '',
      value,
    });
  }
  return out;
}
