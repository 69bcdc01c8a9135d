import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';

export type Path = readonly (string | number)[];

/** A Kubernetes object inside a parsed YAML document: a top-level manifest or a `kind: List` item. */
export interface ManifestObject {
  readonly node: YAMLMap;
  /** Path from the document root to this object. */
  readonly path: Path;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  /** The node holding the apiVersion value; an alias node when the value is an alias. */
  readonly apiVersionNode: Node;
}

export function mapGet(map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) {
    const k = pair.key;
    if (isScalar(k) && k.value === key) {
      return (pair.value ?? undefined) as Node | undefined;
    }
  }
  return undefined;
}

export function stringValue(node: Node | undefined, doc: Document): string | undefined {
  let target: unknown = node;
  if (isAlias(target)) {
    target = target.resolve(doc);
  }
  if (isScalar(target) && typeof (target as Scalar).value === 'string') {
    return (target as Scalar<string>).value;
  }
  return undefined;
}

function asObject(node: unknown, path: Path, doc: Document): ManifestObject | undefined {
  if (!isMap(node)) {
    return undefined;
  }
  const apiVersionNode = mapGet(node, 'apiVersion');
  const apiVersion = stringValue(apiVersionNode, doc);
  const kind = stringValue(mapGet(node, 'kind'), doc);
  if (apiVersion === undefined || kind === undefined || apiVersionNode === undefined) {
    return undefined;
  }
  const metadata = mapGet(node, 'metadata');
  const name = isMap(metadata) ? stringValue(mapGet(metadata, 'name'), doc) : undefined;
  return { node, path, apiVersion, kind, name, apiVersionNode };
}

/**
 * The Kubernetes objects of a document. A document counts only when its root is a map with
 * string apiVersion and kind, which keeps Chart.yaml, kustomization.yaml, kubeconfigs,
 * compose files and CI workflows out.
 */
export function manifestObjects(doc: Document): ManifestObject[] {
  const root = asObject(doc.contents, [], doc);
  if (!root) {
    return [];
  }
  const objects = [root];
  if (root.kind === 'List' || root.kind.endsWith('List')) {
    const items = mapGet(root.node, 'items');
    if (isSeq(items)) {
      items.items.forEach((item, index) => {
        const object = asObject(item, ['items', index], doc);
        if (object) {
          objects.push(object);
        }
      });
    }
  }
  return objects;
}

/** Finds the node at a path below a start node without following aliases. */
export function nodeAt(start: unknown, path: Path): Node | undefined {
  let current: unknown = start;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!isSeq(current)) {
        return undefined;
      }
      current = current.items[step];
    } else {
      if (!isMap(current)) {
        return undefined;
      }
      current = mapGet(current, step);
    }
  }
  return (current ?? undefined) as Node | undefined;
}
