/**
 * Accept-header negotiation for the alternative representations the API server
 * offers: Table (`as=Table;g=meta.k8s.io;v=v1`), PartialObjectMetadata, and
 * aggregated discovery (`as=APIGroupDiscoveryList;g=apidiscovery.k8s.io;v=v2`).
 * Everything else is answered as JSON (clients that prefer protobuf also accept it).
 */

export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const i = kv.indexOf('=');
      if (i > 0) p[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params: p };
  });
}

function isJsonLike(m: MediaRange): boolean {
  return m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*';
}

export type Representation =
  | { as: 'object' }
  | { as: 'Table'; version: 'v1' | 'v1beta1' }
  | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1'; list: boolean };

/** The first acceptable representation, in the client's order of preference. */
export function negotiateRepresentation(accept: string | undefined): Representation {
  for (const m of parseAccept(accept)) {
    if (m.type !== 'application/json') {
      if (isJsonLike(m) || m.type === 'application/vnd.kubernetes.protobuf' || m.type === 'application/yaml') return { as: 'object' };
      continue;
    }
    const as = m.params.as;
    const group = m.params.g;
    const version = m.params.v === 'v1beta1' ? 'v1beta1' : m.params.v === 'v1' ? 'v1' : undefined;
    if (!as) return { as: 'object' };
    if (group !== 'meta.k8s.io' || !version) continue;
    if (as === 'Table') return { as: 'Table', version };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'PartialObjectMetadata', version, list: as === 'PartialObjectMetadataList' };
  }
  return { as: 'object' };
}

/** Aggregated discovery version the client asked for and the cluster can serve, if any. */
export function negotiateDiscovery(accept: string | undefined, servable: readonly string[]): string | undefined {
  for (const m of parseAccept(accept)) {
    if (m.type === 'application/json' && m.params.as === 'APIGroupDiscoveryList' && m.params.g === 'apidiscovery.k8s.io') {
      const v = m.params.v ?? '';
      if (servable.includes(v)) return v;
      continue;
    }
    if (isJsonLike(m) && !m.params.as) return undefined;
  }
  return undefined;
}
