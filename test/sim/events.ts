/**
 * Events as client-go's event recorder writes them (core/v1 Event): named
 * `<object>.<hex nanoseconds>`, in the involved object's namespace ("default" for
 * cluster-scoped objects), with the reporting component and host. A repeat of the
 * same reason and message about the same object within ten minutes bumps `count`
 * and `lastTimestamp` instead of adding an event, as the EventCorrelator does.
 */
import type { SimCluster } from './cluster';
import type { KubeObject } from './types';

export interface EventSource {
  component: string;
  host?: string;
}

export interface InvolvedObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion?: string;
  fieldPath?: string;
}

const REPEAT_WINDOW_MS = 10 * 60 * 1000;

export function involvedObjectOf(obj: KubeObject, fieldPath?: string): InvolvedObject {
  const ref: InvolvedObject = { kind: obj.kind, apiVersion: obj.apiVersion, name: obj.metadata.name ?? '', uid: obj.metadata.uid ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

export class EventRecorder {
  private sequence = 0;
  private readonly recent = new Map<string, { namespace: string; name: string; at: number }>();

  constructor(private readonly cluster: SimCluster) {}

  record(involved: InvolvedObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource): void {
    const namespace = involved.namespace ?? 'default';
    if (!this.cluster.store.get('/namespaces', undefined, namespace)) return;
    const key = `${involved.uid}|${involved.fieldPath ?? ''}|${reason}|${message}|${source.component}`;
    const nowMs = Date.now();
    const now = this.cluster.clock.timestamp();
    const seen = this.recent.get(key);
    if (seen && nowMs - seen.at < REPEAT_WINDOW_MS) {
      const existing = this.cluster.store.get('/events', seen.namespace, seen.name);
      if (existing) {
        seen.at = nowMs;
        this.cluster.put('/events', { ...existing, count: ((existing.count as number | undefined) ?? 1) + 1, lastTimestamp: now });
        return;
      }
    }
    const stamp = (BigInt(nowMs) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(16);
    const name = `${involved.name}.${stamp}`;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    const def = this.cluster.catalog.lookup('', 'v1', 'events')!.def;
    this.cluster.create(def, namespace, event);
    this.recent.set(key, { namespace, name, at: nowMs });
    if (this.recent.size > 10_000) {
      for (const [k, v] of this.recent) if (nowMs - v.at >= REPEAT_WINDOW_MS) this.recent.delete(k);
    }
  }
}
