import { HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig, RequestContext, Watch } from '@kubernetes/client-node';
import { ClusterError, classifyFailure, type RawFailure } from '../core/cluster/errors';
import type { ServerVersionInfo } from '../core/cluster/types';
import type { ClusterSession, ListOptions, ListResult, RequestOptions, SessionOptions, WatchHandle, WatchHandlers } from './types';

const http = new IsomorphicFetchHttpLibrary();

function describe(method: string, path: string): string {
  // "/api/v1/namespaces/kube-system/pods" → "list pods in kube-system"; good enough for messages.
  const parts = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  const nsAt = parts.indexOf('namespaces');
  const ns = nsAt >= 0 && parts.length > nsAt + 2 ? parts[nsAt + 1] : undefined;
  const rest = nsAt >= 0 && parts.length > nsAt + 2 ? parts.slice(nsAt + 2) : parts.slice(parts[0] === 'api' ? 2 : 3);
  const [resource, name, sub] = rest;
  const verb = method === 'GET' ? (name ? 'get' : 'list') : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'create' : method.toLowerCase();
  if (path === '/version') return 'read the server version';
  const target = sub ? `${resource ?? ''}/${name ?? ''}/${sub}` : name ? `${resource ?? ''}/${name}` : (resource ?? path);
  return `${verb} ${target}${ns ? ` in namespace ${ns}` : ''}`;
}

function failureOf(e: unknown): RawFailure {
  if (e instanceof ClusterError) return { message: e.message };
  if (typeof e === 'object' && e !== null) {
    const o = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; statusCode?: unknown };
    return {
      ...(typeof o.code === 'string' ? { code: o.code } : {}),
      ...(typeof o.name === 'string' ? { name: o.name } : {}),
      ...(typeof o.message === 'string' ? { message: o.message } : {}),
      ...(typeof o.statusCode === 'number' ? { status: o.statusCode } : {}),
      ...(o.cause !== undefined ? { cause: failureOf(o.cause) } : {}),
    };
  }
  return { message: String(e) };
}

export class KubeSession implements ClusterSession {
  readonly server: string;

  constructor(
    readonly contextName: string,
    private readonly kc: KubeConfig,
    private readonly options: SessionOptions,
  ) {
    this.server = kc.getCurrentCluster()?.server.replace(/\/+$/, '') ?? '';
  }

  private checkExec(action: string): void {
    if (!this.options.allowExec && this.kc.getCurrentUser()?.exec) {
      throw new ClusterError({
        kind: 'config',
        action,
        message: `Context "${this.contextName}" authenticates with an exec plugin, which is not run in an untrusted workspace; trust the workspace to connect`,
      });
    }
  }

  private async request<T>(method: HttpMethod, path: string, o: RequestOptions & { body?: unknown; contentType?: string } = {}): Promise<T> {
    const action = describe(method, path);
    this.checkExec(action);
    const timeout = AbortSignal.timeout(o.timeoutMs ?? this.options.timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    const ctx = new RequestContext(this.server + path, method);
    ctx.setHeaderParam('Accept', 'application/json');
    if (o.body !== undefined) {
      ctx.setHeaderParam('Content-Type', o.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(o.body));
    }
    ctx.setSignal(signal);
    let status: number;
    let text: string;
    try {
      await this.kc.applySecurityAuthentication(ctx);
      const resp = await http.send(ctx).toPromise();
      status = resp.httpStatusCode;
      text = await resp.body.text();
    } catch (e) {
      throw new ClusterError(classifyFailure(failureOf(e), action));
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (status < 200 || status >= 300) throw new ClusterError(classifyFailure({ status, body }, action));
    if (body === undefined) throw new ClusterError({ kind: 'server', action, message: `The cluster sent an answer that is not JSON when asked to ${action}` });
    return body as T;
  }

  async version(o?: RequestOptions): Promise<ServerVersionInfo> {
    const v = await this.request<{ gitVersion?: string; platform?: string }>(HttpMethod.GET, '/version', o);
    return { gitVersion: v.gitVersion ?? 'unknown', ...(v.platform ? { platform: v.platform } : {}) };
  }

  get<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.request<T>(HttpMethod.GET, path, o);
  }

  async list<T>(path: string, o: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    do {
      const q = new URLSearchParams();
      q.set('limit', String(o.pageSize ?? 500));
      if (cont) q.set('continue', cont);
      if (o.labelSelector) q.set('labelSelector', o.labelSelector);
      if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
      const page = await this.request<{ items?: T[]; metadata?: { continue?: string; resourceVersion?: string } }>(HttpMethod.GET, `${path}?${q.toString()}`, o);
      if (page.items) items.push(...page.items);
      cont = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (cont);
    return { items, resourceVersion };
  }

  async watch<T>(path: string, resourceVersion: string, handlers: WatchHandlers<T>, o: { labelSelector?: string; fieldSelector?: string } = {}): Promise<WatchHandle> {
    const action = `watch ${describe('GET', path).replace(/^list /, '')}`;
    this.checkExec(action);
    let stopped = false;
    let gone = false;
    const watch = new Watch(this.kc);
    const controller = await watch.watch(
      path,
      { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector },
      (type: string, obj: unknown) => {
        if (stopped) return;
        if (type === 'ERROR') {
          const code = (obj as { code?: number } | undefined)?.code;
          if (code === 410) gone = true;
          return;
        }
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED' || type === 'BOOKMARK') handlers.onEvent(type, obj as T);
      },
      (err: unknown) => {
        if (stopped) return;
        stopped = true;
        if (gone) return handlers.onClose({ gone: true });
        if (err === null || err === undefined) return handlers.onClose({});
        const f = failureOf(err);
        if (f.status === 410) return handlers.onClose({ gone: true });
        handlers.onClose({ error: classifyFailure(f, action) });
      },
    );
    return {
      stop() {
        stopped = true;
        controller.abort();
      },
    };
  }

  patch<T>(path: string, body: unknown, contentType: string, o?: RequestOptions): Promise<T> {
    return this.request<T>(HttpMethod.PATCH, path, { ...o, body, contentType });
  }

  post<T>(path: string, body: unknown, o?: RequestOptions): Promise<T> {
    return this.request<T>(HttpMethod.POST, path, { ...o, body });
  }

  delete<T>(path: string, body?: unknown, o?: RequestOptions): Promise<T> {
    return this.request<T>(HttpMethod.DELETE, path, { ...o, ...(body !== undefined ? { body } : {}) });
  }
}
