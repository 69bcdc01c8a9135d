import { isMap, isSeq, type Document } from 'yaml';
import { manifestObjects, mapGet, stringValue, type ManifestObject, type Path } from '../manifests/manifestObjects';

/** Lists inside Lists deeper than this are not opened; kubectl output never nests at all. */
const MAX_LIST_DEPTH = 8;

function isListKind(kind: string): boolean {
  return kind === 'List' || kind.endsWith('List');
}

function itemsOf(list: ManifestObject, doc: Document): ManifestObject[] {
  const items = mapGet(list.node, 'items');
  if (!isSeq(items)) {
    return [];
  }
  const out: ManifestObject[] = [];
  items.items.forEach((item, index) => {
    if (!isMap(item)) {
      return;
    }
    const apiVersionNode = mapGet(item, 'apiVersion');
    const apiVersion = stringValue(apiVersionNode, doc);
    const kind = stringValue(mapGet(item, 'kind'), doc);
    if (apiVersion === undefined || kind === undefined || apiVersionNode === undefined) {
      return;
    }
    const metadata = mapGet(item, 'metadata');
    const name = isMap(metadata) ? stringValue(mapGet(metadata, 'name'), doc) : undefined;
    const path: Path = [...list.path, 'items', index];
    out.push({ node: item, path, apiVersion, kind, name, apiVersionNode });
  });
  return out;
}

/**
 * The objects of a document, with the items of Lists nested in List items too: kubectl flattens
 * nested Lists when it applies them, so their objects reach the API server like any other.
 */
export function objectsWithNestedLists(doc: Document): ManifestObject[] {
  const objects = manifestObjects(doc);
  const out: ManifestObject[] = [];
  const visit = (object: ManifestObject, depth: number): void => {
    out.push(object);
    // the root List's own items are already in manifestObjects' answer
    if (object.path.length > 0 && isListKind(object.kind) && depth < MAX_LIST_DEPTH) {
      for (const item of itemsOf(object, doc)) {
        visit(item, depth + 1);
      }
    }
  };
  for (const object of objects) {
    visit(object, object.path.length === 0 ? 0 : 1);
  }
  return out;
}

/** The innermost object holding the node at `path`. */
export function objectAt(doc: Document, path: Path): ManifestObject | undefined {
  let best: ManifestObject | undefined;
  for (const object of objectsWithNestedLists(doc)) {
    const prefix = object.path.length <= path.length && object.path.every((step, i) => step === path[i]);
    if (prefix && (!best || object.path.length > best.path.length)) {
      best = object;
    }
  }
  return best;
}
