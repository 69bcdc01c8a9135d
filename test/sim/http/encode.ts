/**
 * JSON encoding of objects, lists, Tables and PartialObjectMetadata as the API
 * server returns them. Stored objects are immutable, so each one's JSON is cached:
 * listing thousands of nodes is then mostly string concatenation.
 */
import type { ServedResource } from '../apiCatalog';
import { printerFor, type TableColumnDefinition } from '../printers';
import type { KubeObject } from '../types';

const jsonCache = new WeakMap<KubeObject, string>();

/** Objects serialised because their JSON was not cached yet (observable by tests). */
export const encodeStats = { serialized: 0 };

/** The object as served at a group/version (stored objects keep their storage apiVersion). */
export function atVersion(obj: KubeObject, apiVersion: string): KubeObject {
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

export function objectJson(obj: KubeObject, apiVersion: string): string {
  if (obj.apiVersion !== apiVersion) return JSON.stringify(atVersion(obj, apiVersion));
  let s = jsonCache.get(obj);
  if (s === undefined) {
    encodeStats.serialized++;
    s = JSON.stringify(obj);
    jsonCache.set(obj, s);
  }
  return s;
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

function listMetaJson(meta: ListMeta): string {
  const m: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) m.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) m.remainingItemCount = meta.remainingItemCount;
  return JSON.stringify(m);
}

export function listJson(served: ServedResource, items: readonly KubeObject[], meta: ListMeta): string {
  const parts = items.map((o) => objectJson(o, served.groupVersion));
  return `{"kind":"${served.def.kind}List","apiVersion":"${served.groupVersion}","metadata":${listMetaJson(meta)},"items":[${parts.join(',')}]}`;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function partialMetadata(obj: KubeObject, metaVersion: string): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${metaVersion}`, metadata: obj.metadata };
}

export interface TableOptions {
  metaVersion: 'v1' | 'v1beta1';
  includeObject: IncludeObject;
  noHeaders: boolean;
  now: number;
}

export function tableJson(served: ServedResource, items: readonly KubeObject[], meta: ListMeta, opts: TableOptions): string {
  const printer = printerFor(served.def, served.version);
  const rows = items.map((obj) => {
    const printed = printer.print(obj, opts.now);
    let objectPart: string;
    switch (opts.includeObject) {
      case 'None':
        objectPart = 'null';
        break;
      case 'Object':
        objectPart = objectJson(obj, served.groupVersion);
        break;
      default:
        objectPart = JSON.stringify(partialMetadata(obj, opts.metaVersion));
    }
    const conditions = printed.conditions ? `,"conditions":${JSON.stringify(printed.conditions)}` : '';
    return `{"cells":${JSON.stringify(printed.cells)}${conditions},"object":${objectPart}}`;
  });
  const columns: TableColumnDefinition[] | null = opts.noHeaders ? null : printer.columns;
  return `{"kind":"Table","apiVersion":"meta.k8s.io/${opts.metaVersion}","metadata":${listMetaJson(meta)},"columnDefinitions":${JSON.stringify(columns)},"rows":[${rows.join(',')}]}`;
}

export function partialListJson(items: readonly KubeObject[], meta: ListMeta, metaVersion: string): string {
  return JSON.stringify({ kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${metaVersion}`, metadata: JSON.parse(listMetaJson(meta)) as unknown, items: items.map((o) => partialMetadata(o, metaVersion)) });
}

export function encodeContinue(rv: number, key: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${key}\u0000` })).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; after: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') return undefined;
    const start = parsed.start;
    return { rv: parsed.rv, after: start.endsWith('\u0000') ? start.slice(0, -1) : start };
  } catch {
    return undefined;
  }
}
