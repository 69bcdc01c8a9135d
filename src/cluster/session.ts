// One cluster session per context: one keep-alive connection pool, a bound on requests in flight,
// credentials fetched once and refreshed when they expire, Retry-After honoured, bounded answers.
import * as fs from 'node:fs';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { parseRetryAfter } from '../core/cluster/backoff';
import { ClusterError, classifyFailure, type ClusterErrorInfo, type RawFailure } from '../core/cluster/errors';
import { Redactor, redactUrl } from '../core/cluster/redact';
import type { ServerVersionInfo } from '../core/cluster/types';
import type { ConnectionConfig, Material } from '../core/kubeconfig/connection';
import { Limiter, sleep } from '../util/limiter';
import { ExecCredentialSource } from './credentials';
import type { ClusterSession, ListOptions, ListResult, RequestOptions, SessionOptions, WatchHandle, WatchHandlers, WatchOptions } from './types';

const MiB = 1024 * 1024;
const MAX_RETRY_AFTER_ATTEMPTS = 10;
const MAX_RETRY_AFTER_MS = 60_000;

export function describeRequest(method: string, path: string): string {
  // "/api/v1/namespaces/kube-system/pods" → "list pods in namespace kube-system"; good enough for messages.
  const clean = path.split('?')[0] ?? path;
  if (clean === '/version') return 'read the server version';
  const parts = clean.split('/').filter(Boolean);
  const nsAt = parts.indexOf('namespaces');
  const ns = nsAt >= 0 && parts.length > nsAt + 2 ? parts[nsAt + 1] : undefined;
  const rest = nsAt >= 0 && parts.length > nsAt + 2 ? parts.slice(nsAt + 2) : parts.slice(parts[0] === 'api' ? 2 : 3);
  const [resource, name, sub] = rest;
  const verb = method === 'GET' ? (name ? 'get' : 'list') : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'create' : method.toLowerCase();
  const target = sub ? `${resource ?? ''}/${name ?? ''}/${sub}` : name ? `${resource ?? ''}/${name}` : (resource ?? clean);
  return `${verb} ${target}${ns ? ` in namespace ${ns}` : ''}`;
}

export function failureOf(e: unknown): RawFailure {
  if (typeof e === 'object' && e !== null) {
    const o = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; statusCode?: unknown };
    return {
      ...(typeof o.code === 'string' ? { code: o.code } : {}),
      ...(typeof o.name === 'string' ? { name: o.name } : {}),
      ...(typeof o.message === 'string' ? { message: o.message } : {}),
      ...(typeof o.statusCode === 'number' ? { status: o.statusCode } : {}),
      ...(o.cause !== undefined && o.cause !== e ? { cause: failureOf(o.cause) } : {}),
    };
  }
  return { message: String(e) };
}

function readMaterial(m: Material | undefined, what: string): string | Buffer | undefined {
  if (!m) return undefined;
  if ('data' in m) return Buffer.from(m.data, 'base64');
  try {
    return fs.readFileSync(m.file);
  } catch (e) {
    throw new ClusterError({ kind: 'config', message: `Cannot read the ${what} file ${m.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
}

interface Sent {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

interface TlsMaterial {
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

export class KubeSession implements ClusterSession {
  readonly contextName: string;
  readonly server: string;
  readonly runsProgram: boolean;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly redactor: Redactor;
  private readonly limiter: Limiter;
  private readonly exec: ExecCredentialSource | undefined;
  private readonly staticTls: TlsMaterial;
  private dispatcher: Dispatcher | undefined;
  /** The client certificate the pool was built with, so a rotated exec certificate gets a new pool. */
  private dispatcherCert: string | undefined;
  private disposed = false;
  private readonly lifetime = new AbortController();

  constructor(
    private readonly config: ConnectionConfig,
    private readonly options: SessionOptions,
  ) {
    this.contextName = config.contextName;
    this.redactor = new Redactor(config.secrets);
    this.server = redactUrl(config.server);
    this.runsProgram = config.auth.kind === 'exec';
    let url: URL;
    try {
      url = new URL(config.server);
    } catch {
      throw new ClusterError({ kind: 'config', message: `The server address of context "${config.contextName}" is not a URL: ${this.redactor.redact(config.server)}` });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ClusterError({ kind: 'config', message: `The server address of context "${config.contextName}" must start with https:// (it is ${this.server})` });
    }
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.limiter = new Limiter(options.maxConcurrent ?? 6);
    this.staticTls = {
      ...(config.ca ? { ca: readMaterial(config.ca, 'certificate-authority') } : {}),
      ...(config.clientCert ? { cert: readMaterial(config.clientCert, 'client-certificate') } : {}),
      ...(config.clientKey ? { key: readMaterial(config.clientKey, 'client-key') } : {}),
    };
    if (config.auth.kind === 'exec') {
      const caData = config.ca && 'data' in config.ca ? config.ca.data : undefined;
      this.exec = new ExecCredentialSource(config.auth.exec, config.auth.baseDir, {
        contextName: config.contextName,
        timeoutMs: options.execTimeoutMs ?? 60_000,
        redactor: this.redactor,
        cluster: { server: config.server, ...(caData ? { certificateAuthorityData: caData } : {}), ...(config.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}) },
        log: (line) => options.log?.('info', line),
      });
    }
  }

  refreshCredentials(): boolean {
    if (!this.exec) return false;
    this.exec.invalidate();
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    this.exec?.dispose();
    void this.dispatcher?.destroy().catch(() => undefined);
    this.dispatcher = undefined;
  }

  private error(info: ClusterErrorInfo): ClusterError {
    return new ClusterError({
      ...info,
      message: this.redactor.redact(info.message),
      ...(info.detail !== undefined ? { detail: this.redactor.redact(info.detail) } : {}),
    });
  }

  /** Headers and the pool for one request; runs the exec plugin when its credential is missing or expired. */
  private async prepare(action: string, signal: AbortSignal): Promise<{ headers: Record<string, string>; dispatcher: Dispatcher }> {
    const { auth } = this.config;
    const headers: Record<string, string> = { 'User-Agent': 'kubernetes-maintenance' };
    let cert: string | Buffer | undefined = this.staticTls.cert;
    let key: string | Buffer | undefined = this.staticTls.key;
    switch (auth.kind) {
      case 'token':
        headers['Authorization'] = `Bearer ${auth.token}`;
        break;
      case 'tokenFile': {
        let token: string;
        try {
          token = fs.readFileSync(auth.file, 'utf8').trim();
        } catch (e) {
          throw this.error({ kind: 'config', action, message: `Cannot read the token file ${auth.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        }
        headers['Authorization'] = `Bearer ${token}`;
        this.redactor.add(token);
        break;
      }
      case 'basic':
        headers['Authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
        break;
      case 'oidc': {
        if (!auth.idToken) throw this.error({ kind: 'config', action, message: `The oidc user of context "${this.contextName}" has no id-token; log in with your OIDC tool first` });
        const exp = jwtExpiry(auth.idToken);
        if (exp !== undefined && exp <= Date.now()) {
          throw this.error({ kind: 'unauthorized', action, message: `The OIDC id-token of context "${this.contextName}" expired ${new Date(exp).toISOString()}; refresh it with your login tool (it is not refreshed here)` });
        }
        headers['Authorization'] = `Bearer ${auth.idToken}`;
        break;
      }
      case 'unsupported':
        throw this.error({ kind: 'config', action, message: auth.message });
      case 'exec': {
        if (!this.options.allowExec) {
          throw this.error({
            kind: 'config',
            action,
            message: `Context "${this.contextName}" authenticates with an exec plugin, which is not run in an untrusted workspace; trust the workspace to connect`,
          });
        }
        const credential = await this.exec!.get(signal);
        if (credential.token) {
          headers['Authorization'] = `Bearer ${credential.token}`;
          this.redactor.add(credential.token);
        }
        if (credential.clientCertificateData && credential.clientKeyData) {
          cert = credential.clientCertificateData;
          key = credential.clientKeyData;
        }
        break;
      }
      case 'none':
        break;
    }
    return { headers, dispatcher: this.pool(cert, key) };
  }

  private pool(cert: string | Buffer | undefined, key: string | Buffer | undefined): Dispatcher {
    const certId = cert === undefined ? '' : typeof cert === 'string' ? cert : cert.toString('base64');
    if (this.dispatcher && this.dispatcherCert === certId) return this.dispatcher;
    const old = this.dispatcher;
    const tls = {
      ...(this.staticTls.ca !== undefined ? { ca: this.staticTls.ca } : {}),
      ...(cert !== undefined ? { cert } : {}),
      ...(key !== undefined ? { key } : {}),
      ...(this.config.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
      ...(this.config.tlsServerName ? { servername: this.config.tlsServerName } : {}),
    };
    if (this.config.proxyUrl?.startsWith('socks')) {
      throw this.error({ kind: 'config', message: `The cluster of context "${this.contextName}" uses a SOCKS proxy (proxy-url), which is not supported yet` });
    }
    const common = { keepAliveTimeout: 30_000, connect: { ...tls, keepAlive: true, keepAliveInitialDelay: 30_000 } };
    this.dispatcher = this.config.proxyUrl ? new ProxyAgent({ uri: this.config.proxyUrl, requestTls: tls, ...common }) : new Agent(common);
    this.dispatcherCert = certId;
    if (old) void old.close().catch(() => undefined);
    return this.dispatcher;
  }

  /** Reads a body up to the size limit; past it, stops reading and fails with a sentence. */
  private async readBody(body: AsyncIterable<Buffer> & { destroy(e?: Error): void }, action: string, limit: number): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > limit) {
        body.destroy();
        throw this.error({
          kind: 'too-large',
          action,
          message: `The cluster's answer to ${action} is larger than ${Math.round(limit / MiB)} MiB; it was not read (the server may ignore page limits)`,
        });
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }

  private async sendOnce(method: Dispatcher.HttpMethod, path: string, o: RequestOptions & { body?: string; contentType?: string }, action: string): Promise<Sent> {
    if (this.disposed) throw this.error({ kind: 'cancelled', action, message: `Cancelled ${action}: the session was closed` });
    const timeoutMs = o.timeoutMs ?? this.options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([timeout, this.lifetime.signal, ...(o.signal ? [o.signal] : [])]);
    return this.limiter.run(async () => {
      try {
        const { headers, dispatcher } = await this.prepare(action, signal);
        headers['Accept'] = 'application/json';
        if (o.body !== undefined) headers['Content-Type'] = o.contentType ?? 'application/json';
        const res = await dispatcher.request({
          origin: this.origin,
          path: this.basePath + path,
          method,
          headers,
          ...(o.body !== undefined ? { body: o.body } : {}),
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const text = await this.readBody(res.body, action, this.options.maxResponseBytes ?? 128 * MiB);
        return { status: res.statusCode, headers: res.headers, text };
      } catch (e) {
        if (e instanceof ClusterError && e.info.kind !== 'exec-plugin') throw e;
        if (timeout.aborted && !o.signal?.aborted) {
          throw this.error({ kind: 'timeout', action, message: `No answer from the cluster to ${action} within ${Math.round(timeoutMs / 1000)} s`, detail: (e as Error).message });
        }
        if (o.signal?.aborted || this.lifetime.signal.aborted) throw this.error({ kind: 'cancelled', action, message: `Cancelled ${action}` });
        if (e instanceof ClusterError) throw this.error(e.info);
        const info = classifyFailure(failureOf(e), action);
        throw this.error({ ...info, detail: info.detail ?? chainText(e) });
      }
    }, signal);
  }

  private async request<T>(method: Dispatcher.HttpMethod, path: string, o: RequestOptions & { body?: unknown; contentType?: string } = {}): Promise<T> {
    const action = describeRequest(method, path);
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const send = { ...(o.signal ? { signal: o.signal } : {}), ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}), ...(o.contentType ? { contentType: o.contentType } : {}), ...(body !== undefined ? { body } : {}) };
    for (let attempt = 1; ; attempt++) {
      const sent = await this.sendOnce(method, path, send, action);
      let parsed: unknown;
      try {
        parsed = sent.text === '' ? undefined : JSON.parse(sent.text);
      } catch {
        parsed = undefined;
      }
      if (sent.status >= 200 && sent.status < 300) {
        if (parsed === undefined) throw this.error({ kind: 'server', action, message: `The cluster sent an answer that is not JSON when asked to ${action}` });
        return parsed as T;
      }
      const retryAfterMs = parseRetryAfter(sent.headers['retry-after'], Date.now());
      const info = classifyFailure({ status: sent.status, body: parsed }, action);
      // Like client-go: a 429 or 5xx that carries Retry-After was not processed, so it is sent again.
      if (retryAfterMs !== undefined && (sent.status === 429 || sent.status >= 500) && attempt < MAX_RETRY_AFTER_ATTEMPTS) {
        const wait = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
        this.options.log?.('info', `[${this.contextName}] ${sent.status} to ${action}; the server asked to retry after ${Math.round(retryAfterMs / 1000)} s (attempt ${attempt})`);
        try {
          await sleep(wait, AbortSignal.any([this.lifetime.signal, ...(o.signal ? [o.signal] : [])]));
        } catch {
          throw this.error({ kind: 'cancelled', action, message: `Cancelled ${action}` });
        }
        continue;
      }
      if (info.kind === 'unauthorized' && this.exec && attempt === 1) {
        // An exec credential the server no longer accepts: fetch a fresh one once, as kubectl does.
        this.exec.invalidate();
        continue;
      }
      throw this.error({ ...info, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
  }

  async version(o?: RequestOptions): Promise<ServerVersionInfo> {
    const v = await this.request<{ gitVersion?: string; platform?: string }>('GET', '/version', o);
    return { gitVersion: v.gitVersion ?? 'unknown', ...(v.platform ? { platform: v.platform } : {}) };
  }

  get<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, o);
  }

  async getText(path: string, o: RequestOptions = {}): Promise<string> {
    const action = `get ${path.split('?')[0]}`;
    const sent = await this.sendOnce('GET', path, { ...(o.signal ? { signal: o.signal } : {}), ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) }, action);
    if (sent.status >= 200 && sent.status < 300) return sent.text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(sent.text);
    } catch {
      parsed = undefined;
    }
    throw this.error(classifyFailure({ status: sent.status, body: parsed }, action));
  }

  async listPages<T>(path: string, o: ListOptions, onPage: (items: T[]) => void): Promise<{ resourceVersion: string }> {
    const action = describeRequest('GET', path);
    const seen = new Set<string>();
    const maxPages = this.options.maxPages ?? 10_000;
    let cont: string | undefined;
    let resourceVersion = '';
    for (let page = 1; ; page++) {
      const q = new URLSearchParams();
      q.set('limit', String(o.pageSize ?? 500));
      if (cont) q.set('continue', cont);
      if (o.labelSelector) q.set('labelSelector', o.labelSelector);
      if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
      const body = await this.request<{ items?: T[]; metadata?: { continue?: string; resourceVersion?: string } }>('GET', `${path}?${q.toString()}`, o);
      if (Array.isArray(body.items)) onPage(body.items);
      resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
      cont = body.metadata?.continue || undefined;
      if (!cont) return { resourceVersion };
      if (seen.has(cont)) {
        throw this.error({ kind: 'server', action, message: `The cluster sent the same page token twice while asked to ${action} (after ${page} pages); the list was stopped` });
      }
      if (page >= maxPages) {
        throw this.error({ kind: 'too-large', action, message: `The cluster's answer to ${action} went past ${maxPages} pages; the list was stopped` });
      }
      seen.add(cont);
    }
  }

  async list<T>(path: string, o: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    const { resourceVersion } = await this.listPages<T>(path, o, (page) => {
      for (const item of page) items.push(item);
    });
    return { items, resourceVersion };
  }

  watch<T>(path: string, resourceVersion: string, handlers: WatchHandlers<T>, o: WatchOptions = {}): WatchHandle {
    const action = `watch ${describeRequest('GET', path).replace(/^list /, '')}`;
    const controller = new AbortController();
    let stopped = false;
    let closed = false;
    const close = (info: Parameters<WatchHandlers<T>['onClose']>[0]): void => {
      if (closed || stopped) return;
      closed = true;
      handlers.onClose(info);
    };
    const inactivityMs = this.options.watchInactivityMs ?? 150_000;
    const timeoutMs = this.options.timeoutMs;
    void (async () => {
      let idle: ReturnType<typeof setTimeout> | undefined;
      let inactive = false;
      const touch = (): void => {
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => {
          inactive = true;
          controller.abort();
        }, inactivityMs);
      };
      const signal = AbortSignal.any([controller.signal, this.lifetime.signal]);
      try {
        if (this.disposed) return;
        const q = new URLSearchParams({ watch: 'true', allowWatchBookmarks: 'true', resourceVersion });
        // Like client-go's reflector: the server ends the watch after 5-10 min, spreading reconnects.
        q.set('timeoutSeconds', String(300 + Math.floor(Math.random() * 300)));
        if (o.labelSelector) q.set('labelSelector', o.labelSelector);
        if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
        const { headers, dispatcher } = await this.prepare(action, signal);
        headers['Accept'] = 'application/json';
        const connectTimeout = AbortSignal.timeout(timeoutMs);
        const res = await dispatcher.request({
          origin: this.origin,
          path: `${this.basePath}${path}?${q.toString()}`,
          method: 'GET',
          headers,
          signal: AbortSignal.any([signal, connectTimeout]),
          headersTimeout: timeoutMs,
          bodyTimeout: 0,
        }).catch((e: unknown) => {
          if (connectTimeout.aborted && !controller.signal.aborted) {
            throw this.error({ kind: 'timeout', action, message: `No answer from the cluster to ${action} within ${Math.round(timeoutMs / 1000)} s` });
          }
          throw e;
        });
        if (res.statusCode !== 200) {
          const text = await this.readBody(res.body, action, MiB).catch(() => '');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          if (res.statusCode === 401) this.exec?.invalidate();
          const retryAfterMs = parseRetryAfter(res.headers['retry-after'], Date.now());
          const info = classifyFailure({ status: res.statusCode, body: parsed }, action);
          if (res.statusCode === 410) return close({ gone: true });
          return close({ error: { ...this.error(info).info, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) } });
        }
        handlers.onOpen?.();
        touch();
        const maxLine = this.options.maxResponseBytes ?? 128 * MiB;
        let pending = '';
        const decoder = new TextDecoder();
        for await (const chunk of res.body) {
          touch();
          pending += decoder.decode(chunk as Buffer, { stream: true });
          if (pending.length > maxLine) throw this.error({ kind: 'too-large', action, message: `One event of ${action} is larger than ${Math.round(maxLine / MiB)} MiB; the watch was stopped` });
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line === '' || stopped) continue;
            let event: { type?: string; object?: unknown };
            try {
              event = JSON.parse(line) as { type?: string; object?: unknown };
            } catch {
              throw this.error({ kind: 'server', action, message: `The cluster sent a watch event that is not JSON while asked to ${action}` });
            }
            if (event.type === 'ERROR') {
              const code = (event.object as { code?: number } | undefined)?.code;
              controller.abort();
              if (code === 410) return close({ gone: true });
              return close({ error: this.error(classifyFailure({ status: code ?? 500, body: event.object }, action)).info });
            }
            if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED' || event.type === 'BOOKMARK') {
              handlers.onEvent(event.type, event.object as T);
            }
          }
        }
        close({});
      } catch (e) {
        if (stopped || this.disposed) return;
        if (inactive) {
          return close({ error: { kind: 'timeout', action, message: `The cluster sent nothing for ${Math.round(inactivityMs / 1000)} s while asked to ${action} (not even a bookmark); reconnecting` } });
        }
        if (e instanceof ClusterError) return close({ error: e.info });
        const info = classifyFailure(failureOf(e), action);
        close({ error: this.error({ ...info, detail: info.detail ?? chainText(e) }).info });
      } finally {
        if (idle) clearTimeout(idle);
      }
    })();
    return {
      stop() {
        stopped = true;
        controller.abort();
      },
    };
  }

  patch<T>(path: string, body: unknown, contentType: string, o?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, { ...o, body, contentType });
  }

  post<T>(path: string, body: unknown, o?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, { ...o, body });
  }

  delete<T>(path: string, body?: unknown, o?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, { ...o, ...(body !== undefined ? { body } : {}) });
  }
}

function chainText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; cur && i < 5; i++) {
    const m = (cur as { message?: unknown }).message;
    if (typeof m === 'string' && m !== '' && !parts.includes(m)) parts.push(m);
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join(': ');
}

/** The `exp` of a JWT in epoch milliseconds, without verifying it (the server does). */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
