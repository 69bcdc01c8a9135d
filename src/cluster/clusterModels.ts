// The one home of cluster data in the extension: a ClusterModel per context, reference-counted so
// the tree, a drain and a checklist share it, running while anyone holds it. It follows the
// kubeconfig, owns one session per context, and remembers each context's last server version so
// the target version can be known without asking the cluster at start-up.
import * as vscode from 'vscode';
import type { BackoffPolicy } from '../core/cluster/backoff';
import { ClusterError } from '../core/cluster/errors';
import { redactUrl } from '../core/cluster/redact';
import type { ServerVersionHint, ServerVersionInfo } from '../core/cluster/types';
import { SECTION, Settings } from '../settings';
import { ClusterModel } from './clusterModel';
import type { KubeconfigModel } from './kubeconfigModel';
import { findKubectlVersion } from './kubectlVersion';
import { loadKubeModule } from './loader';
import type { ClusterSession, LogLevel } from './types';

export type { ClusterState } from './clusterModel';

/** A held model; dispose() gives the reference back. */
export interface ModelRef extends vscode.Disposable {
  readonly model: ClusterModel;
}

export type { ServerVersionHint } from '../core/cluster/types';

/** The subset of vscode.Memento used, so tests can pass a map. */
export interface VersionMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const MEMORY_KEY = 'kubeMaintenance.serverVersions';

interface Entry {
  readonly model: ClusterModel;
  refs: number;
}

export interface ClusterModelsOptions {
  readonly memory?: VersionMemory;
  readonly backoff?: BackoffPolicy;
}

export class ClusterModels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly sessions = new Map<string, ClusterSession>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the context name whenever that context's model changes. */
  readonly onDidChange = this.changed.event;
  private readonly versionChanged = new vscode.EventEmitter<void>();
  /** Fires when a server version was learnt (so "auto" targets can be re-resolved). */
  readonly onDidLearnVersion = this.versionChanged.event;
  private paused = false;
  private kubectl: Promise<string | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private probed = new Set<string>();

  constructor(
    private readonly kubeconfig: KubeconfigModel,
    private readonly log: vscode.LogOutputChannel,
    private readonly options: ClusterModelsOptions = {},
  ) {
    this.disposables.push(
      this.changed,
      this.versionChanged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${Settings.requestTimeoutSeconds}`)) this.resetSessions();
        if (e.affectsConfiguration(`${SECTION}.${Settings.kubectlPath}`)) this.kubectl = undefined;
      }),
      kubeconfig.onDidChange(() => this.kubeconfigChanged()),
    );
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The context's model without holding it (it may be idle). */
  get(contextName: string): ClusterModel {
    return this.entry(contextName).model;
  }

  /** Holds the context's model: it runs (unless paused) until every reference is disposed. */
  acquire(contextName: string): ModelRef {
    const entry = this.entry(contextName);
    entry.refs++;
    if (!this.paused) entry.model.start();
    let released = false;
    return {
      model: entry.model,
      dispose: () => {
        if (released) return;
        released = true;
        entry.refs--;
        if (entry.refs === 0) entry.model.stop();
      },
    };
  }

  holders(contextName: string): number {
    return this.entries.get(contextName)?.refs ?? 0;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    for (const e of this.entries.values()) {
      if (paused) e.model.stop();
      else if (e.refs > 0) e.model.start();
    }
  }

  /** Retries a context: a fresh session (credentials read again) and a new list. */
  retry(contextName: string): void {
    this.dropSession(contextName);
    const e = this.entry(contextName);
    e.model.refresh();
    if (e.refs === 0 || this.paused) e.model.stop();
  }

  private entry(contextName: string): Entry {
    let e = this.entries.get(contextName);
    if (!e) {
      const logAt = (level: LogLevel, line: string): void => this.log[level](line);
      const model = new ClusterModel({
        contextName,
        session: () => this.session(contextName),
        log: logAt,
        kubectlVersion: () => this.kubectlVersion(),
        onVersion: (v) => void this.remember(contextName, v),
        ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      });
      model.onDidChange(() => this.changed.fire(contextName));
      e = { model, refs: 0 };
      this.entries.set(contextName, e);
    }
    return e;
  }

  private kubeconfigChanged(): void {
    this.resetSessions();
    this.probed.clear();
    void this.kubeconfig.load().then((load) => {
      const names = new Set(load.state === 'ok' ? load.config.contexts.map((c) => c.name) : []);
      for (const [name, e] of this.entries) {
        if (!names.has(name)) {
          if (e.refs === 0) {
            e.model.dispose();
            this.entries.delete(name);
          } else e.model.stop();
        } else if (e.refs > 0 && !this.paused) {
          e.model.refresh();
        }
      }
    });
  }

  private dropSession(contextName: string): void {
    this.sessions.get(contextName)?.dispose();
    this.sessions.delete(contextName);
  }

  private resetSessions(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.kubectl = undefined;
  }

  /** One session per context, so credentials and connections are reused. */
  async session(contextName: string): Promise<ClusterSession> {
    const cached = this.sessions.get(contextName);
    if (cached) return cached;
    const load = await this.kubeconfig.load();
    if (load.state !== 'ok') throw new ClusterError({ kind: 'config', message: 'The kubeconfig cannot be used' });
    if (!load.config.contexts.some((c) => c.name === contextName)) {
      throw new ClusterError({ kind: 'config', message: `Context "${contextName}" is no longer in the kubeconfig` });
    }
    const again = this.sessions.get(contextName);
    if (again) return again;
    const timeoutMs = vscode.workspace.getConfiguration(SECTION).get<number>(Settings.requestTimeoutSeconds, 15) * 1000;
    const session = loadKubeModule().createSession(load.config, contextName, {
      allowExec: vscode.workspace.isTrusted,
      timeoutMs,
      execTimeoutMs: Math.max(timeoutMs, 60_000),
      log: (level, line) => this.log[level](line),
    });
    this.sessions.set(contextName, session);
    return session;
  }

  private async memoryKey(contextName: string): Promise<string> {
    const load = await this.kubeconfig.load();
    const server = load.state === 'ok' ? load.config.contexts.find((c) => c.name === contextName)?.server : undefined;
    return `${contextName} ${server ? redactUrl(server) : ''}`;
  }

  private async remember(contextName: string, v: ServerVersionInfo): Promise<void> {
    const memory = this.options.memory;
    if (!memory || v.gitVersion === 'unknown') return;
    const key = await this.memoryKey(contextName);
    const all = { ...(memory.get<Record<string, { gitVersion: string; at: number }>>(MEMORY_KEY) ?? {}) };
    const before = all[key]?.gitVersion;
    all[key] = { gitVersion: v.gitVersion, at: Date.now() };
    await memory.update(MEMORY_KEY, all);
    if (before !== v.gitVersion) this.versionChanged.fire();
  }

  /**
   * The current context's server version without touching the network: from a live model, else
   * the version remembered from an earlier connection; undefined when neither is known.
   */
  async currentContextVersion(): Promise<ServerVersionHint | undefined> {
    const load = await this.kubeconfig.load();
    const contextName = load.state === 'ok' ? load.config.currentContext : undefined;
    if (!contextName) return undefined;
    const state = this.entries.get(contextName)?.model.current;
    if (state?.phase === 'ready' && state.snapshot.serverVersion.gitVersion !== 'unknown') {
      return { contextName, gitVersion: state.snapshot.serverVersion.gitVersion, source: 'connected', observedAt: Date.now() };
    }
    const memory = this.options.memory;
    if (!memory) return undefined;
    const stored = memory.get<Record<string, { gitVersion: string; at: number }>>(MEMORY_KEY)?.[await this.memoryKey(contextName)];
    return stored ? { contextName, gitVersion: stored.gitVersion, source: 'remembered', observedAt: stored.at } : undefined;
  }

  /**
   * Asks the current context's server for its version, once per kubeconfig load, and only in a
   * trusted workspace (asking may run an exec plugin). Called when a Kubernetes manifest is opened.
   */
  async probeCurrentContext(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    const load = await this.kubeconfig.load();
    const contextName = load.state === 'ok' ? load.config.currentContext : undefined;
    if (!contextName || this.probed.has(contextName)) return;
    this.probed.add(contextName);
    if (this.entries.get(contextName)?.model.current.phase === 'ready') return;
    try {
      const session = await this.session(contextName);
      const v = await session.version({ timeoutMs: 5000 });
      this.log.info(`[${contextName}] server version ${v.gitVersion} (asked for the target version)`);
      await this.remember(contextName, v);
      this.versionChanged.fire();
    } catch (e) {
      this.log.info(`[${contextName}] server version not read for the target version: ${(e as Error).message}`);
    }
  }

  private kubectlVersion(): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) return Promise.resolve(undefined);
    const path = vscode.workspace.getConfiguration(SECTION).get<string>(Settings.kubectlPath) || 'kubectl';
    this.kubectl ??= findKubectlVersion(path, this.log);
    return this.kubectl;
  }

  dispose(): void {
    for (const e of this.entries.values()) e.model.dispose();
    this.entries.clear();
    this.resetSessions();
    for (const d of this.disposables) d.dispose();
  }
}
