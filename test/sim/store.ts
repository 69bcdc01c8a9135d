/**
 * The object store: every object of the simulated cluster, keyed by resource
 * ("apps/deployments", "/pods") and namespace/name. Each write takes the next
 * integer resourceVersion, as etcd's revision does, and is recorded in a bounded
 * event history that watches replay from. Pods are indexed by node and namespace
 * so drain-style queries (`spec.nodeName=...`) do not scan the cluster.
 *
 * Stored objects are never mutated in place: writers store a new object, so
 * readers may keep references (and the HTTP layer may cache their JSON).
 */
import { matchesFields, matchesRequirements, type FieldRequirement, type LabelRequirement } from './selectors';
import { objectKey, type KubeObject } from './types';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  /** "group/plural"; "/pods" for core. */
  resource: string;
  object: KubeObject;
  /** The object before a MODIFIED or DELETED event. */
  previous?: KubeObject;
  rv: number;
}

export interface ListQuery {
  namespace?: string;
  labels?: readonly LabelRequirement[];
  fields?: readonly FieldRequirement[];
  limit?: number;
  /** Start after this key (namespace/name), from a continue token. */
  after?: string;
}

export interface ListResult {
  items: KubeObject[];
  /** Key of the last item when more remain. */
  nextKey?: string;
  remaining?: number;
  rv: number;
}

export function resourceKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

class ResourceTable {
  readonly objects = new Map<string, KubeObject>();
  readonly byNamespace = new Map<string, Set<string>>();
  readonly byNode = new Map<string, Set<string>>();
  private sorted: string[] | null = null;

  constructor(readonly indexNodes: boolean) {}

  sortedKeys(): string[] {
    if (!this.sorted) this.sorted = [...this.objects.keys()].sort();
    return this.sorted;
  }

  put(key: string, obj: KubeObject): void {
    const prev = this.objects.get(key);
    if (prev) this.unindex(key, prev);
    else this.sorted = null;
    this.objects.set(key, obj);
    this.index(key, obj);
  }

  delete(key: string): KubeObject | undefined {
    const prev = this.objects.get(key);
    if (!prev) return undefined;
    this.unindex(key, prev);
    this.objects.delete(key);
    this.sorted = null;
    return prev;
  }

  private nodeOf(obj: KubeObject): string {
    const spec = obj.spec as { nodeName?: string } | undefined;
    return spec?.nodeName ?? '';
  }

  private index(key: string, obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    addTo(this.byNamespace, ns, key);
    if (this.indexNodes) addTo(this.byNode, this.nodeOf(obj), key);
  }

  private unindex(key: string, obj: KubeObject): void {
    removeFrom(this.byNamespace, obj.metadata.namespace ?? '', key);
    if (this.indexNodes) removeFrom(this.byNode, this.nodeOf(obj), key);
  }
}

function addTo(map: Map<string, Set<string>>, k: string, v: string): void {
  let s = map.get(k);
  if (!s) map.set(k, (s = new Set()));
  s.add(v);
}

function removeFrom(map: Map<string, Set<string>>, k: string, v: string): void {
  const s = map.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) map.delete(k);
}

export type StoreListener = (event: StoreEvent) => void;

export class ObjectStore {
  private rv = 1;
  private readonly tables = new Map<string, ResourceTable>();
  private history: StoreEvent[] = [];
  private historyStart = 0;
  /** Events at or below this revision are no longer in the history. */
  private compactedRv = 0;
  private readonly listeners = new Set<StoreListener>();
  /** How many objects the last list() looked at: shows when an index was used. */
  lastScanned = 0;

  constructor(private readonly historyLimit = 10_000) {}

  currentRv(): number {
    return this.rv;
  }

  private table(resource: string): ResourceTable {
    let t = this.tables.get(resource);
    if (!t) this.tables.set(resource, (t = new ResourceTable(resource === '/pods')));
    return t;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.tables.get(resource)?.objects.get(objectKey(namespace, name));
  }

  count(resource: string): number {
    return this.tables.get(resource)?.objects.size ?? 0;
  }

  /** All objects of a resource, in key order, without copying. */
  all(resource: string, namespace?: string): KubeObject[] {
    return this.list(resource, namespace === undefined ? {} : { namespace }).items;
  }

  /** Pods bound to a node, through the node index. */
  podsOnNode(nodeName: string): KubeObject[] {
    const t = this.tables.get('/pods');
    const keys = t?.byNode.get(nodeName);
    if (!t || !keys) return [];
    return [...keys].sort().map((k) => t.objects.get(k)!);
  }

  list(resource: string, q: ListQuery): ListResult {
    const t = this.tables.get(resource);
    this.lastScanned = 0;
    if (!t) return { items: [], rv: this.rv };
    let keys = this.candidateKeys(t, q);
    if (q.after !== undefined) {
      const after = q.after;
      const start = lowerBound(keys, after);
      keys = keys.slice(keys[start] === after ? start + 1 : start);
    }
    const items: KubeObject[] = [];
    const limit = q.limit && q.limit > 0 ? q.limit : Infinity;
    let i = 0;
    for (; i < keys.length && items.length < limit; i++) {
      const obj = t.objects.get(keys[i]!)!;
      if (q.labels && q.labels.length > 0 && !matchesRequirements(q.labels, obj.metadata.labels)) continue;
      if (q.fields && q.fields.length > 0 && !matchesFields(q.fields, obj)) continue;
      items.push(obj);
    }
    this.lastScanned = i;
    const result: ListResult = { items, rv: this.rv };
    if (items.length >= limit && i < keys.length) {
      // Like etcd, `remaining` counts keys, not matches, when a selector filters.
      result.nextKey = keys[i - 1];
      const hasFilter = (q.labels?.length ?? 0) > 0 || (q.fields?.length ?? 0) > 0;
      if (!hasFilter) result.remaining = keys.length - i;
    }
    return result;
  }

  private candidateKeys(t: ResourceTable, q: ListQuery): string[] {
    const nodeReq = q.fields?.find((f) => f.field === 'spec.nodeName' && f.op === 'eq');
    let set: Set<string> | undefined;
    if (nodeReq && t.indexNodes) set = t.byNode.get(nodeReq.value) ?? new Set();
    if (q.namespace) {
      const nsSet = t.byNamespace.get(q.namespace) ?? new Set<string>();
      set = set ? new Set([...set].filter((k) => nsSet.has(k))) : nsSet;
    }
    return set ? [...set].sort() : t.sortedKeys();
  }

  create(resource: string, obj: KubeObject): KubeObject {
    return this.write(resource, obj, 'ADDED');
  }

  update(resource: string, obj: KubeObject): KubeObject {
    return this.write(resource, obj, 'MODIFIED');
  }

  private write(resource: string, obj: KubeObject, type: EventType): KubeObject {
    const t = this.table(resource);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    const previous = t.objects.get(key);
    const rv = ++this.rv;
    const stored: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
    t.put(key, stored);
    this.emit(previous ? { type, resource, object: stored, previous, rv } : { type, resource, object: stored, rv });
    return stored;
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const t = this.tables.get(resource);
    const previous = t?.delete(objectKey(namespace, name));
    if (!previous) return undefined;
    const rv = ++this.rv;
    // The DELETED event carries the object at the revision of the deletion.
    const object: KubeObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.emit({ type: 'DELETED', resource, object, previous, rv });
    return object;
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyStart > this.historyLimit) {
      this.compactedRv = this.history[this.historyStart]!.rv;
      this.historyStart++;
      if (this.historyStart > this.historyLimit) {
        this.history = this.history.slice(this.historyStart);
        this.historyStart = 0;
      }
    }
    for (const l of this.listeners) l(event);
  }

  /** Forget all history (e.g. after loading a scenario): older revisions become "too old". */
  compact(): void {
    this.compactedRv = this.rv;
    this.history = [];
    this.historyStart = 0;
  }

  /** Oldest revision a watch may start from. */
  oldestWatchableRv(): number {
    return this.compactedRv;
  }

  /** Events after `rv`, or undefined when that revision has been compacted away. */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const out: StoreEvent[] = [];
    for (let i = this.historyStart; i < this.history.length; i++) {
      const e = this.history[i]!;
      if (e.rv > rv) out.push(e);
    }
    return out;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  resources(): string[] {
    return [...this.tables.keys()];
  }
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
