/**
 * Discovery documents: the legacy ones (/api, /apis, /apis/GROUP, per
 * group/version APIResourceList) and aggregated discovery (APIGroupDiscoveryList,
 * apidiscovery.k8s.io v2 from 1.30, v2beta1 from 1.27), which kubectl 1.35 asks
 * for first.
 */
import { createHash } from 'node:crypto';
import type { ApiCatalog, ServedResource } from '../apiCatalog';

function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

export function apiVersionsDoc(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupVersionEntry(group: string, version: string): { groupVersion: string; version: string } {
  return { groupVersion: `${group}/${version}`, version };
}

export function apiGroupDoc(catalog: ApiCatalog, group: string): object | undefined {
  const g = catalog.groups.find((x) => x.name === group);
  if (!g) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: g.name,
    versions: g.versions.map((v) => groupVersionEntry(g.name, v)),
    preferredVersion: groupVersionEntry(g.name, g.versions[0]!),
  };
}

export function apiGroupListDoc(catalog: ApiCatalog): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: catalog.groups.map((g) => ({
      name: g.name,
      versions: g.versions.map((v) => groupVersionEntry(g.name, v)),
      preferredVersion: groupVersionEntry(g.name, g.versions[0]!),
    })),
  };
}

export function apiResourceListDoc(catalog: ApiCatalog, groupVersion: string): object | undefined {
  const resources = catalog.resourcesAt(groupVersion);
  if (!resources) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of resources) {
    const d = r.def;
    const entry: Record<string, unknown> = { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs };
    if (d.shortNames) entry.shortNames = d.shortNames;
    if (d.categories) entry.categories = d.categories;
    if (!d.crd) entry.storageVersionHash = storageVersionHash(r.group, catalog.preferredVersion(r.group) ?? r.version, d.kind);
    list.push(entry);
    for (const s of d.subresources ?? []) {
      const sub: Record<string, unknown> = { name: `${d.plural}/${s.name}`, singularName: '', namespaced: d.namespaced };
      if (s.group !== undefined) sub.group = s.group;
      if (s.version !== undefined) sub.version = s.version;
      sub.kind = s.kind;
      sub.verbs = s.verbs;
      list.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: list };
}

function discoveryResource(r: ServedResource): Record<string, unknown> {
  const d = r.def;
  const out: Record<string, unknown> = {
    resource: d.plural,
    responseKind: { group: r.group, version: r.version, kind: d.kind },
    scope: d.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: d.singular,
    verbs: d.verbs,
  };
  if (d.shortNames) out.shortNames = d.shortNames;
  if (d.categories) out.categories = d.categories;
  if (d.subresources?.length) {
    out.subresources = d.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return out;
}

/** Aggregated discovery versions a control plane of this minor serves. */
export function aggregatedVersionsFor(minor: number): string[] {
  const out: string[] = [];
  if (minor >= 30) out.push('v2');
  if (minor >= 27 && minor < 33) out.push('v2beta1');
  return out;
}

export function aggregatedDoc(catalog: ApiCatalog, legacy: boolean, version: string): object {
  const versionDoc = (group: string, v: string): object => ({
    version: v,
    resources: (catalog.resourcesAt(group ? `${group}/${v}` : v) ?? []).map(discoveryResource),
    freshness: 'Current',
  });
  const items = legacy
    ? [{ metadata: { creationTimestamp: null }, versions: [versionDoc('', 'v1')] }]
    : catalog.groups.map((g) => ({ metadata: { name: g.name, creationTimestamp: null }, versions: g.versions.map((v) => versionDoc(g.name, v)) }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
