/** A minimal HTTPS client for exercising the simulator in unit tests. */
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';

export interface Target {
  url: string;
  caPem: string;
  token: string;
}

export interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  rawBody?: Buffer;
  contentType?: string;
  accept?: string;
  token?: string | null;
}

export function call(t: Target, path: string, o: RequestOptions = {}): Promise<Reply> {
  const payload = o.rawBody ?? (o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body)));
  const headers: Record<string, string | number> = {};
  const token = o.token === undefined ? t.token : o.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (o.accept) headers.Accept = o.accept;
  if (payload) {
    headers['Content-Type'] = o.contentType ?? 'application/json';
    headers['Content-Length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, t.url), { method: o.method ?? 'GET', ca: t.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export interface WatchEvent {
  type: string;
  object: Record<string, unknown> & { metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

/** Opens a watch and collects its events until closed. */
export function openWatch(t: Target, path: string, accept?: string): { events: WatchEvent[]; ended: Promise<void>; close(): void; next(n: number, timeoutMs?: number): Promise<WatchEvent[]> } {
  const events: WatchEvent[] = [];
  let buffer = '';
  let request: ReturnType<typeof https.request> | undefined;
  const ended = new Promise<void>((resolve) => {
    request = https.request(new URL(path, t.url), { ca: t.caPem, headers: { Authorization: `Bearer ${t.token}`, ...(accept ? { Accept: accept } : {}) } }, (res) => {
      res.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        let i: number;
        while ((i = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          if (line.trim()) events.push(JSON.parse(line) as WatchEvent);
        }
      });
      res.on('end', () => resolve());
      res.on('error', () => resolve());
      res.on('close', () => resolve());
    });
    request.on('error', () => resolve());
    request.end();
  });
  return {
    events,
    ended,
    close: () => request?.destroy(),
    async next(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} watch events, got ${events.length}: ${JSON.stringify(events.map((e) => e.type))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events.slice(0, n);
    },
  };
}
