import { parseDocument, isMap, isSeq, isScalar, LineCounter, type Node as YamlNode, type Document } from 'yaml';

/** The parts of a kubeconfig we use, kept as plain data so they can be handed to a client later. */
export interface NamedEntry<T> {
  readonly name: string;
  readonly value: T;
}

export interface ContextFields {
  readonly cluster?: string;
  readonly user?: string;
  readonly namespace?: string;
}

export type PlainObject = Readonly<Record<string, unknown>>;

export interface ParsedKubeconfig {
  readonly file: string;
  readonly currentContext?: string;
  readonly clusters: readonly NamedEntry<PlainObject>[];
  readonly users: readonly NamedEntry<PlainObject>[];
  readonly contexts: readonly NamedEntry<ContextFields>[];
}

export class KubeconfigError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
    this.name = 'KubeconfigError';
  }
}

const MAX_ALIASES = 100;

/** Parses one kubeconfig file's text; throws KubeconfigError naming the file, the line and why. */
export function parseKubeconfig(file: string, text: string): ParsedKubeconfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    // kubectl treats an empty file as an empty config.
    return { file, clusters: [], users: [], contexts: [] };
  }
  let parsed: Document.Parsed;
  const lines = new LineCounter();
  try {
    parsed = parseDocument(body, { prettyErrors: true, uniqueKeys: false, lineCounter: lines });
  } catch (e) {
    throw new KubeconfigError(file, `not valid YAML (${(e as Error).message})`);
  }
  const doc: Located = { doc: parsed, lines };
  const firstError = parsed.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0].line;
    const reason = (firstError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new KubeconfigError(file, `not valid YAML: ${reason}`, line);
  }
  let root: unknown;
  try {
    root = parsed.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    throw new KubeconfigError(file, `cannot be read: ${(e as Error).message}`);
  }
  if (root === null || root === undefined) return { file, clusters: [], users: [], contexts: [] };
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw new KubeconfigError(file, 'is not a kubeconfig: the top level must be a mapping (apiVersion, clusters, contexts, users)', 1);
  }
  const obj = root as Record<string, unknown>;
  const kind = obj['kind'];
  if (kind !== undefined && kind !== 'Config') {
    throw new KubeconfigError(file, `is not a kubeconfig: kind is "${String(kind)}", expected "Config"`, lineOfKey(doc, 'kind'));
  }
  const current = obj['current-context'];
  const contexts = namedList(doc, file, obj, 'contexts', 'context').map((e) => ({
    name: e.name,
    value: contextFields(file, e, doc),
  }));
  return {
    file,
    ...(typeof current === 'string' && current !== '' ? { currentContext: current } : {}),
    clusters: namedList(doc, file, obj, 'clusters', 'cluster'),
    users: namedList(doc, file, obj, 'users', 'user'),
    contexts,
  };
}

function namedList(doc: Located, file: string, obj: Record<string, unknown>, key: string, inner: string): NamedEntry<PlainObject>[] {
  const list = obj[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw new KubeconfigError(file, `"${key}" must be a list`, lineOfKey(doc, key));
  }
  const out: NamedEntry<PlainObject>[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, i: number) => {
    const line = lineOfItem(doc, key, i);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new KubeconfigError(file, `entry ${i + 1} of "${key}" must be a mapping with "name" and "${inner}"`, line);
    }
    const rec = item as Record<string, unknown>;
    const name = rec['name'];
    if (typeof name !== 'string' || name === '') {
      throw new KubeconfigError(file, `entry ${i + 1} of "${key}" has no name`, line);
    }
    // client-go's conversion of the list to a map fails on a repeated name, so kubectl refuses the file.
    if (seen.has(name)) {
      throw new KubeconfigError(file, `"${key}" names "${name}" twice (kubectl refuses such a file: duplicate name "${name}" in list)`, line);
    }
    seen.add(name);
    const value = rec[inner] ?? {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new KubeconfigError(file, `"${inner}" of ${key.slice(0, -1)} "${name}" must be a mapping`, line);
    }
    out.push({ name, value: value as PlainObject });
  });
  return out;
}

function contextFields(file: string, e: NamedEntry<PlainObject>, doc: Located): ContextFields {
  const pick = (k: string): string | undefined => {
    const v = e.value[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new KubeconfigError(file, `"${k}" of context "${e.name}" must be a string`, lineOfKey(doc, 'contexts'));
    return v;
  };
  const cluster = pick('cluster');
  const user = pick('user');
  const namespace = pick('namespace');
  return {
    ...(cluster !== undefined ? { cluster } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

interface Located {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

function lineOfNode(at: Located, node: YamlNode | null | undefined): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : at.lines.linePos(offset).line;
}

function lineOfKey(at: Located, key: string): number | undefined {
  const contents = at.doc.contents;
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  return lineOfNode(at, pair?.key as YamlNode | undefined);
}

function lineOfItem(at: Located, key: string, index: number): number | undefined {
  const seq = at.doc.get(key, true);
  if (!isSeq(seq)) return lineOfKey(at, key);
  return lineOfNode(at, seq.items[index] as YamlNode | undefined) ?? lineOfKey(at, key);
}
