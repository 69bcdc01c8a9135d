// List, then watch from the list's resourceVersion, for as long as someone needs the data — the
// loop client-go's reflector runs. Re-lists after 410 Gone, reconnects with jittered back-off that
// resets only once a watch has stayed up for a while, honours Retry-After, and stops for good on
// failures only the user can fix (401 after a credential refresh, 403, configuration, TLS).
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from '../core/cluster/backoff';
import { isClusterError, isTransient, type ClusterErrorInfo } from '../core/cluster/errors';
import { sleep } from '../util/limiter';
import type { ClusterSession, LogLevel, WatchEventType } from './types';

export interface ListWatchSpec<Raw, Kept> {
  readonly path: string;
  /** For log lines: "nodes", "pods". */
  readonly what: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly pageSize?: number;
  readonly key: (raw: Raw) => string | undefined;
  /** What to hold of each object (undefined: nothing); keeps memory to what a feature uses. */
  readonly keep: (raw: Raw) => Kept | undefined;
}

export type ListWatchStatus =
  | { readonly phase: 'idle' }
  | { readonly phase: 'listing' }
  | { readonly phase: 'live' }
  /** Temporarily down; the items are the last received. */
  | { readonly phase: 'retrying'; readonly error: ClusterErrorInfo; readonly retryAt: number }
  /** Stopped until the user retries: a failure that waiting does not fix. */
  | { readonly phase: 'failed'; readonly error: ClusterErrorInfo };

export interface ListWatchDeps {
  readonly session: () => Promise<ClusterSession>;
  readonly log: (level: LogLevel, line: string) => void;
  readonly backoff?: BackoffPolicy;
  /** A watch that stayed up this long resets the back-off; default 60 s. */
  readonly healthyAfterMs?: number;
  readonly random?: () => number;
  /** Failures are logged at debug level only (another watch of the same cluster reports them). */
  readonly quiet?: boolean;
  /** Runs before each list (e.g. to read /version); its failures count as the list's. */
  readonly beforeList?: (session: ClusterSession, signal: AbortSignal) => Promise<void>;
}

export type ListWatchChange = { readonly kind: 'synced' } | { readonly kind: 'event'; readonly type: WatchEventType; readonly key: string } | { readonly kind: 'status' };

function asInfo(e: unknown, action: string): ClusterErrorInfo {
  if (isClusterError(e)) return e.info;
  return { kind: 'server', action, message: `${action} failed: ${e instanceof Error ? e.message : String(e)}` };
}

function rvOf(raw: unknown): string | undefined {
  const rv = (raw as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

export class ListWatch<Raw, Kept> {
  private map = new Map<string, Kept>();
  private state: ListWatchStatus = { phase: 'idle' };
  private generation = 0;
  private abort: AbortController | undefined;
  private synced = false;
  /** Counters, for tests and the log. */
  readonly stats = { lists: 0, watches: 0 };

  constructor(
    private readonly spec: ListWatchSpec<Raw, Kept>,
    private readonly deps: ListWatchDeps,
    private readonly onChange: (change: ListWatchChange) => void,
  ) {}

  get items(): ReadonlyMap<string, Kept> {
    return this.map;
  }

  get status(): ListWatchStatus {
    return this.state;
  }

  /** True once a list has arrived (the items may be stale while retrying). */
  get hasSynced(): boolean {
    return this.synced;
  }

  get running(): boolean {
    return this.abort !== undefined;
  }

  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    if (!this.synced) this.setStatus({ phase: 'listing' });
    const gen = ++this.generation;
    void this.run(gen, this.abort.signal);
  }

  /** Stops listing and watching; the items stay as they were. */
  stop(): void {
    this.generation++;
    this.abort?.abort();
    this.abort = undefined;
    if (this.state.phase !== 'failed') this.setStatus({ phase: 'idle' });
  }

  private setStatus(s: ListWatchStatus): void {
    this.state = s;
    this.onChange({ kind: 'status' });
  }

  private log(level: LogLevel, line: string): void {
    this.deps.log(level, `${this.spec.what}: ${line}`);
  }

  private async run(gen: number, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.deps.backoff ?? DEFAULT_BACKOFF, this.deps.random);
    const healthyAfterMs = this.deps.healthyAfterMs ?? 60_000;
    const alive = (): boolean => gen === this.generation && !signal.aborted;
    let rv: string | undefined;
    let credentialsRefreshed = false;
    const wait = async (ms: number): Promise<boolean> => {
      try {
        await sleep(ms, signal);
        return alive();
      } catch {
        return false;
      }
    };
    /** Decides what a failure means; false when the loop must end. */
    const onFailure = async (info: ClusterErrorInfo, session: ClusterSession | undefined): Promise<boolean> => {
      if (signal.aborted) return false;
      if (info.kind === 'cancelled') {
        // Not ours: the session was closed under us (kubeconfig reloaded, retry); go on with a new one.
        return wait(backoff.next());
      }
      if (info.kind === 'unauthorized' && !credentialsRefreshed && session?.refreshCredentials()) {
        credentialsRefreshed = true;
        this.log('info', `${info.message}; fetching fresh credentials`);
        rv = undefined;
        return true;
      }
      const detail = info.detail ? ` [${info.detail}]` : '';
      if (!isTransient(info)) {
        this.log(this.deps.quiet && info.kind !== 'forbidden' ? 'debug' : 'error', `${info.message}${detail}`);
        this.setStatus({ phase: 'failed', error: info });
        this.abort = undefined;
        return false;
      }
      const delay = backoff.next(info.retryAfterMs);
      this.log(this.deps.quiet ? 'debug' : 'warn', `${info.message}; retrying in ${(delay / 1000).toFixed(1)} s${detail}`);
      this.setStatus({ phase: 'retrying', error: info, retryAt: Date.now() + delay });
      return wait(delay);
    };

    while (alive()) {
      let session: ClusterSession | undefined;
      try {
        session = await this.deps.session();
      } catch (e) {
        if (!(await onFailure(asInfo(e, 'connect'), undefined))) return;
        continue;
      }
      if (!alive()) return;
      if (rv === undefined) {
        try {
          if (!this.synced) this.setStatus({ phase: 'listing' });
          if (this.deps.beforeList) await this.deps.beforeList(session, signal);
          const next = new Map<string, Kept>();
          const started = Date.now();
          this.stats.lists++;
          const result = await session.listPages<Raw>(
            this.spec.path,
            {
              signal,
              ...(this.spec.pageSize ? { pageSize: this.spec.pageSize } : {}),
              ...(this.spec.labelSelector ? { labelSelector: this.spec.labelSelector } : {}),
              ...(this.spec.fieldSelector ? { fieldSelector: this.spec.fieldSelector } : {}),
            },
            (page) => {
              for (const raw of page) {
                const k = this.spec.key(raw);
                const kept = k === undefined ? undefined : this.spec.keep(raw);
                if (k !== undefined && kept !== undefined) next.set(k, kept);
              }
            },
          );
          if (!alive()) return;
          this.map = next;
          rv = result.resourceVersion;
          this.synced = true;
          credentialsRefreshed = false;
          this.log('debug', `listed ${next.size} in ${Date.now() - started} ms at resourceVersion ${rv}`);
          this.onChange({ kind: 'synced' });
          this.setStatus({ phase: 'live' });
        } catch (e) {
          if (!alive()) return;
          if (!(await onFailure(asInfo(e, `list ${this.spec.what}`), session))) return;
          continue;
        }
      }

      const opened = Date.now();
      this.stats.watches++;
      const outcome = await new Promise<{ error?: ClusterErrorInfo; gone?: boolean; stopped?: boolean }>((resolve) => {
        const handle = session.watch<Raw>(
          this.spec.path,
          rv ?? '',
          {
            onOpen: () => {
              if (alive() && this.state.phase !== 'live') this.setStatus({ phase: 'live' });
            },
            onEvent: (type, raw) => {
              if (!alive()) return;
              rv = rvOf(raw) ?? rv;
              if (type === 'BOOKMARK') return;
              const k = this.spec.key(raw);
              if (k === undefined) return;
              if (type === 'DELETED') this.map.delete(k);
              else {
                const kept = this.spec.keep(raw);
                if (kept === undefined) this.map.delete(k);
                else this.map.set(k, kept);
              }
              this.onChange({ kind: 'event', type, key: k });
            },
            onClose: (info) => {
              signal.removeEventListener('abort', stop);
              resolve(info);
            },
          },
          {
            ...(this.spec.labelSelector ? { labelSelector: this.spec.labelSelector } : {}),
            ...(this.spec.fieldSelector ? { fieldSelector: this.spec.fieldSelector } : {}),
          },
        );
        const stop = (): void => {
          handle.stop();
          resolve({ stopped: true });
        };
        signal.addEventListener('abort', stop, { once: true });
      });
      if (!alive() || outcome.stopped) return;
      const lived = Date.now() - opened;
      if (lived >= healthyAfterMs) backoff.reset();
      if (outcome.gone) {
        this.log('info', 'watch expired (410 Gone); listing again');
        rv = undefined;
        // A 410 right after a list means the server keeps expiring us: slow down.
        if (lived < healthyAfterMs && !(await wait(backoff.next()))) return;
        continue;
      }
      if (!outcome.error) {
        const delay = backoff.next();
        this.log('debug', `watch ended by the server after ${Math.round(lived / 1000)} s; watching again in ${(delay / 1000).toFixed(1)} s`);
        if (!(await wait(delay))) return;
        continue;
      }
      if (!(await onFailure(outcome.error, session))) return;
    }
  }
}
