// The cluster layer's interface. Features import these types only; the implementation lives in the
// lazily loaded kube bundle (./kube.ts), so importing this file costs nothing at activation.
import type { ClusterErrorInfo } from '../core/cluster/errors';
import type { ServerVersionInfo } from '../core/cluster/types';

export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Per-request limit; defaults to the session's timeout. */
  readonly timeoutMs?: number;
}

export interface ListOptions extends RequestOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Items per page (the `limit` parameter); pages are followed with `continue`. */
  readonly pageSize?: number;
}

export interface ListResult<T> {
  readonly items: T[];
  readonly resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface WatchHandlers<T> {
  onEvent(type: WatchEventType, object: T): void;
  /** The server accepted the watch (200 and headers). */
  onOpen?(): void;
  /**
   * The watch ended. Neither field: the server closed it cleanly (its request timeout); `gone`: the
   * resourceVersion is too old (410) and a re-list is needed; `error`: what failed.
   */
  onClose(info: { readonly error?: ClusterErrorInfo; readonly gone?: boolean }): void;
}

export interface WatchHandle {
  stop(): void;
}

export type LogLevel = 'info' | 'warn' | 'error' | 'debug';

export interface SessionOptions {
  /** Whether kubeconfig exec plugins may run (false in an untrusted workspace). */
  readonly allowExec: boolean;
  readonly timeoutMs: number;
  /** Requests in flight at once per cluster (watches not counted); default 6. */
  readonly maxConcurrent?: number;
  /** Largest answer read into memory; default 128 MiB. */
  readonly maxResponseBytes?: number;
  /** A watch that sends no event or bookmark for this long is treated as dead; default 150 s (kube-apiserver bookmarks each minute). */
  readonly watchInactivityMs?: number;
  /** Time limit of an exec credential plugin; default 60 s. */
  readonly execTimeoutMs?: number;
  /** Pages one list may take before it is stopped as runaway; default 10,000. */
  readonly maxPages?: number;
  readonly log?: (level: LogLevel, line: string) => void;
}

export interface ClusterSession {
  readonly contextName: string;
  /** The server URL with secrets masked: safe to show. */
  readonly server: string;
  /** True when connecting runs a program (an exec credential plugin). */
  readonly runsProgram: boolean;
  version(o?: RequestOptions): Promise<ServerVersionInfo>;
  get<T>(path: string, o?: RequestOptions): Promise<T>;
  /** A non-JSON endpoint (/metrics, /readyz?verbose): the body as text. */
  getText?(path: string, o?: RequestOptions): Promise<string>;
  list<T>(path: string, o?: ListOptions): Promise<ListResult<T>>;
  /** Lists page by page, handing each page over as it arrives, so callers keep only what they need. */
  listPages<T>(path: string, o: ListOptions, onPage: (items: T[]) => void): Promise<{ readonly resourceVersion: string }>;
  watch<T>(path: string, resourceVersion: string, handlers: WatchHandlers<T>, o?: WatchOptions): WatchHandle;
  patch<T>(path: string, body: unknown, contentType: 'application/strategic-merge-patch+json' | 'application/merge-patch+json' | 'application/json-patch+json', o?: RequestOptions): Promise<T>;
  post<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  delete<T>(path: string, body?: unknown, o?: RequestOptions): Promise<T>;
  /** Forgets credentials that can be fetched again (an exec plugin's); true when there were such. */
  refreshCredentials(): boolean;
  /** Closes connections and stops any credential plugin still running. */
  dispose(): void;
}
