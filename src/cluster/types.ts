// The cluster layer's interface. Features import these types only; the implementation lives in the
// lazily loaded kube bundle (./kube.ts), so importing this file costs nothing at activation.
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

export interface WatchHandlers<T> {
  onEvent(type: WatchEventType, object: T): void;
  /** The watch ended: `gone` means the resourceVersion is too old (410) and a re-list is needed. */
  onClose(info: { error?: import('../core/cluster/errors').ClusterErrorInfo; gone?: boolean }): void;
}

export interface WatchHandle {
  stop(): void;
}

export interface SessionOptions {
  /** Whether kubeconfig exec plugins may run (false in an untrusted workspace). */
  readonly allowExec: boolean;
  readonly timeoutMs: number;
}

export interface ClusterSession {
  readonly contextName: string;
  readonly server: string;
  version(o?: RequestOptions): Promise<ServerVersionInfo>;
  get<T>(path: string, o?: RequestOptions): Promise<T>;
  list<T>(path: string, o?: ListOptions): Promise<ListResult<T>>;
  watch<T>(path: string, resourceVersion: string, handlers: WatchHandlers<T>, o?: { labelSelector?: string; fieldSelector?: string }): Promise<WatchHandle>;
  patch<T>(path: string, body: unknown, contentType: 'application/strategic-merge-patch+json' | 'application/merge-patch+json' | 'application/json-patch+json', o?: RequestOptions): Promise<T>;
  post<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  delete<T>(path: string, body?: unknown, o?: RequestOptions): Promise<T>;
}
