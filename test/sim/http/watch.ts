/**
 * Watch streams (`?watch=true`): newline-delimited WatchEvents over a chunked
 * response. From resourceVersion N the stream replays the store's history after N
 * (an ERROR event with a 410 Expired Status if N was compacted away); with no
 * resourceVersion or "0" it starts with synthetic ADDED events for what exists.
 * Objects moving into or out of the selection are sent as ADDED / DELETED, like
 * the watch cache does. BOOKMARKs are sent when asked for with allowWatchBookmarks,
 * and as the end marker of sendInitialEvents. Like kube-apiserver, the server ends
 * every watch cleanly (200 and end of stream) after a randomised lifetime.
 */
import type { ServerResponse } from 'node:http';
import type { ServedResource } from '../apiCatalog';
import { printerFor } from '../printers';
import { matchesFields, matchesRequirements, type FieldRequirement, type LabelRequirement } from '../selectors';
import { ApiError } from '../status';
import type { ObjectStore, StoreEvent } from '../store';
import type { KubeObject } from '../types';
import { objectJson, partialMetadata, type IncludeObject } from './encode';

export interface WatchRequest {
  served: ServedResource;
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  table?: { metaVersion: 'v1' | 'v1beta1'; includeObject: IncludeObject };
  drop?: { afterEvents?: number; afterMs?: number; mode?: 'close' | 'reset' };
  bookmarkIntervalMs: number;
  /** The server ends the stream cleanly after this long, whatever timeoutSeconds asked (0: right after the replay). */
  lifetimeMs?: number;
}

export interface OpenWatch {
  close(mode: 'close' | 'reset'): void;
}

/** All open watch streams of one server, so faults can drop them. */
export class WatchRegistry {
  private readonly open = new Set<OpenWatch>();

  add(w: OpenWatch): () => void {
    this.open.add(w);
    return () => this.open.delete(w);
  }

  dropAll(mode: 'close' | 'reset' = 'close'): number {
    const all = [...this.open];
    for (const w of all) w.close(mode);
    return all.length;
  }

  get size(): number {
    return this.open.size;
  }
}

export function serveWatch(store: ObjectStore, registry: WatchRegistry, res: ServerResponse, req: WatchRequest): void {
  const resourceKey = `${req.served.def.group}/${req.served.def.plural}`;
  const printer = req.table ? printerFor(req.served.def, req.served.version) : undefined;
  let headersSent = false;
  let sent = 0;
  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let bookmarkTimer: NodeJS.Timeout | undefined;

  const selected = (obj: KubeObject | undefined): boolean => {
    if (!obj) return false;
    if (req.namespace !== undefined && obj.metadata.namespace !== req.namespace) return false;
    if (req.labels.length > 0 && !matchesRequirements(req.labels, obj.metadata.labels)) return false;
    if (req.fields.length > 0 && !matchesFields(req.fields, obj)) return false;
    return true;
  };

  const encodeObject = (obj: KubeObject): string => {
    if (!printer || !req.table) return objectJson(obj, req.served.groupVersion);
    const printed = printer.print(obj, Date.now());
    const object = req.table.includeObject === 'None' ? null : req.table.includeObject === 'Object' ? JSON.parse(objectJson(obj, req.served.groupVersion)) : partialMetadata(obj, req.table.metaVersion);
    const row: Record<string, unknown> = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    row.object = object;
    // Column definitions go in the first event only (handlers/response.go watchEmbeddedEncoder).
    return JSON.stringify({
      kind: 'Table',
      apiVersion: `meta.k8s.io/${req.table.metaVersion}`,
      metadata: { resourceVersion: obj.metadata.resourceVersion ?? '' },
      columnDefinitions: sent === 0 ? printer.columns : null,
      rows: [row],
    });
  };

  const begin = (): void => {
    if (headersSent) return;
    headersSent = true;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
  };

  let unregister = (): void => {};
  let unsubscribe = (): void => {};

  const finish = (mode: 'close' | 'reset'): void => {
    if (closed) return;
    closed = true;
    for (const t of timers) clearTimeout(t);
    if (bookmarkTimer) clearTimeout(bookmarkTimer);
    unsubscribe();
    unregister();
    if (mode === 'reset') res.socket?.destroy();
    else res.end();
  };

  const write = (type: string, payload: string): void => {
    if (closed) return;
    begin();
    res.write(`{"type":"${type}","object":${payload}}\n`);
    if (type !== 'BOOKMARK' && type !== 'ERROR') {
      sent++;
      if (req.drop?.afterEvents !== undefined && sent >= req.drop.afterEvents) finish(req.drop.mode ?? 'close');
    }
  };

  const bookmark = (annotations?: Record<string, string>): void => {
    const metadata: Record<string, unknown> = { resourceVersion: String(store.currentRv()), creationTimestamp: null };
    if (annotations) metadata.annotations = annotations;
    write('BOOKMARK', JSON.stringify({ kind: req.served.def.kind, apiVersion: req.served.groupVersion, metadata }));
  };

  const deliver = (e: StoreEvent): void => {
    if (e.resource !== resourceKey) return;
    const now = selected(e.object);
    const before = e.type === 'ADDED' ? false : selected(e.previous);
    let type: string | undefined;
    if (e.type === 'DELETED') type = before ? 'DELETED' : undefined;
    else if (now && before) type = 'MODIFIED';
    else if (now) type = 'ADDED';
    else if (before) type = 'DELETED';
    if (type) write(type, encodeObject(e.object));
  };

  const rv = req.resourceVersion;
  if (req.sendInitialEvents || rv === undefined || rv === '' || rv === '0') {
    for (const obj of store.all(resourceKey, req.served.def.namespaced ? req.namespace : undefined)) if (selected(obj)) write('ADDED', encodeObject(obj));
    if (req.sendInitialEvents && req.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const n = Number(rv);
    if (!Number.isInteger(n) || n < 0) throw ApiError.badRequest(`invalid resource version: ${rv}`);
    const events = store.eventsSince(n);
    if (!events) {
      begin();
      const status = ApiError.gone(`too old resource version: ${n} (${store.oldestWatchableRv() + 1})`).status;
      res.write(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
      res.end();
      return;
    }
    for (const e of events) deliver(e);
  }
  begin();
  if (closed) return;
  unsubscribe = store.subscribe(deliver);
  unregister = registry.add({ close: finish });
  res.on('close', () => finish('close'));
  if (req.allowBookmarks) {
    const tick = (): void => {
      bookmark();
      arm();
    };
    const arm = (): void => {
      bookmarkTimer = setTimeout(tick, req.bookmarkIntervalMs);
      bookmarkTimer.unref();
    };
    arm();
  }
  const asked = req.timeoutSeconds !== undefined && req.timeoutSeconds > 0 ? req.timeoutSeconds * 1000 : undefined;
  const lifetime = req.lifetimeMs !== undefined && asked !== undefined ? Math.min(asked, req.lifetimeMs) : (req.lifetimeMs ?? asked);
  if (lifetime === 0) {
    finish('close');
    return;
  }
  if (lifetime !== undefined) {
    const t = setTimeout(() => finish('close'), lifetime);
    t.unref();
    timers.push(t);
  }
  if (req.drop?.afterMs !== undefined) {
    const t = setTimeout(() => finish(req.drop?.mode ?? 'close'), req.drop.afterMs);
    t.unref();
    timers.push(t);
  }
}
