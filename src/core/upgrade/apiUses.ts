// Uses of removed APIs from every source (workspace files, Helm releases, the apiserver's metric,
// last-applied annotations), turned into the plan's per-hop `removedApis`.
import type { Finding } from '../deprecations/findings';
import type { RuleSet } from '../deprecations/ruleSet';
import { apiVersionOf } from '../deprecations/ruleTypes';
import { compareMinor, parseMinorVersion, type MinorVersion } from '../versions/kubeVersion';
import type { ApiUse } from './facts';
import type { ApiSource, RemovedApi } from './planTypes';

/** API findings of the scanner that name a removal, each with the source it was found in. */
export function apiUsesFromFindings(findings: readonly Finding[], source: (finding: Finding) => ApiSource): ApiUse[] {
  const uses: ApiUse[] = [];
  for (const f of findings) {
    if (f.subject === 'api' && f.removedIn !== undefined) {
      uses.push({ apiVersion: f.apiVersion, kind: f.objectKind, removedIn: f.removedIn, replacement: f.replacement, source: source(f) });
    }
  }
  return uses;
}

function sourceKey(s: ApiSource): string {
  switch (s.type) {
    case 'workspace': return `w\n${s.file}\n${s.line}`;
    case 'helm': return `h\n${s.namespace}\n${s.release}\n${s.revision}`;
    case 'metric': return `m\n${s.resource}`;
    case 'lastApplied': return `l\n${s.namespace}\n${s.name}`;
  }
}

const SOURCE_ORDER: Record<ApiSource['type'], number> = { workspace: 0, helm: 1, metric: 2, lastApplied: 3 };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By source type, then by file and line (as numbers: line 9 before line 10), else by name. */
function compareSources(a: ApiSource, b: ApiSource): number {
  const byType = SOURCE_ORDER[a.type] - SOURCE_ORDER[b.type];
  if (byType !== 0) return byType;
  if (a.type === 'workspace' && b.type === 'workspace') return compareText(a.file, b.file) || a.line - b.line;
  if (a.type === 'helm' && b.type === 'helm') return compareText(a.namespace, b.namespace) || compareText(a.release, b.release) || a.revision - b.revision;
  return compareText(sourceKey(a), sourceKey(b));
}

/** The removed APIs whose removal is exactly `hop`, grouped by apiVersion and kind, sources de-duplicated. */
export function removedApisAt(uses: readonly ApiUse[], hop: MinorVersion): RemovedApi[] {
  const groups = new Map<string, { apiVersion: string; kind: string; replacement: string | null; sources: Map<string, ApiSource> }>();
  for (const use of uses) {
    const removed = parseMinorVersion(use.removedIn);
    if (!removed || compareMinor(removed, hop) !== 0) continue;
    const key = `${use.apiVersion}\n${use.kind}`;
    let group = groups.get(key);
    if (!group) {
      group = { apiVersion: use.apiVersion, kind: use.kind, replacement: use.replacement ?? null, sources: new Map() };
      groups.set(key, group);
    }
    group.replacement ??= use.replacement ?? null;
    group.sources.set(sourceKey(use.source), use.source);
  }
  return [...groups.values()]
    .sort((a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind))
    .map((g) => ({ apiVersion: g.apiVersion, kind: g.kind, replacement: g.replacement, sources: [...g.sources.values()].sort(compareSources) }));
}

/** Whether a removed API counts as a blocker: every source except a last-applied hint does. */
export function isConfirmedUse(api: RemovedApi): boolean {
  return api.sources.some((s) => s.type !== 'lastApplied');
}

/** "ingresses" for Ingress, "networkpolicies" for NetworkPolicy: the resource names the metric uses. */
export function resourceOf(kind: string): string {
  const lower = kind.toLowerCase();
  // The one core kind whose name is already plural.
  if (lower === 'endpoints') return lower;
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export interface DeprecatedApiMetric {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly removedRelease: string;
  readonly value: number;
}

/** The metric's hits as API uses; the kind comes from the rule data, else the resource name stands in. */
export function apiUsesFromMetric(metrics: readonly DeprecatedApiMetric[], rules: RuleSet): ApiUse[] {
  const uses = new Map<string, ApiUse>();
  for (const m of metrics) {
    if (!m.removedRelease || m.value <= 0) continue;
    const apiVersion = m.group === '' ? m.version : `${m.group}/${m.version}`;
    const rule = rules.apiRules.find((r) => apiVersionOf(r) === apiVersion && r.kinds.some((k) => resourceOf(k) === m.resource));
    const kind = rule?.kinds.find((k) => resourceOf(k) === m.resource) ?? m.resource;
    const key = `${apiVersion}\n${m.resource}`;
    const previous = uses.get(key);
    const count = (previous?.source.type === 'metric' ? previous.source.count : 0) + m.value;
    uses.set(key, {
      apiVersion,
      kind,
      removedIn: m.removedRelease,
      replacement: rule?.replacement?.apiVersion,
      source: { type: 'metric', resource: m.resource, count },
    });
  }
  return [...uses.values()];
}
