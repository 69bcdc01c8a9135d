import * as vscode from 'vscode';
import { ClusterError } from '../../core/cluster/errors';
import { loadKubeModule } from '../../cluster/loader';
import type { ClusterSession } from '../../cluster/types';
import { SECTION, Settings } from '../../settings';
import { ClusterConnection } from './clusterConnection';
import type { KubeconfigModel } from './kubeconfigModel';
import { findKubectlVersion } from './kubectlVersion';

/** One ClusterConnection per context, created when its tree node is first expanded. */
export class ClusterRegistry implements vscode.Disposable {
  private readonly connections = new Map<string, ClusterConnection>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private paused = false;
  private kubectl: Promise<string | undefined> | undefined;
  /** One session per context, so exec credentials and TLS agents are reused across calls. */
  private readonly sessions = new Map<string, ClusterSession>();
  private readonly configListener: vscode.Disposable;

  constructor(
    private readonly kubeconfig: KubeconfigModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${Settings.requestTimeoutSeconds}`)) this.sessions.clear();
      if (e.affectsConfiguration(`${SECTION}.${Settings.kubectlPath}`)) this.kubectl = undefined;
    });
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get(contextName: string): ClusterConnection {
    let c = this.connections.get(contextName);
    if (!c) {
      c = new ClusterConnection({
        contextName,
        log: this.log,
        session: () => this.session(contextName),
        kubectlVersion: () => this.kubectlVersion(),
        onChange: () => this.changed.fire(contextName),
        invalidateSession: () => this.sessions.delete(contextName),
      });
      this.connections.set(contextName, c);
    }
    return c;
  }

  /** Starts a context's connection unless watching is paused. */
  open(contextName: string): ClusterConnection {
    const c = this.get(contextName);
    if (!this.paused) c.start();
    return c;
  }

  /** Starts a connection that never ran; one that failed waits for a retry or an expand. */
  openIfIdle(contextName: string): ClusterConnection {
    const c = this.get(contextName);
    if (!this.paused && c.current.phase === 'idle' && !c.running) c.start();
    return c;
  }

  close(contextName: string): void {
    this.connections.get(contextName)?.stop();
  }

  setPaused(paused: boolean, expanded: Iterable<string>): void {
    this.paused = paused;
    if (paused) for (const c of this.connections.values()) c.stop();
    else for (const name of expanded) this.get(name).start();
  }

  /** Forgets every connection, e.g. when the kubeconfig changed. */
  reset(): void {
    for (const c of this.connections.values()) c.dispose();
    this.connections.clear();
    this.sessions.clear();
    this.kubectl = undefined;
  }

  async session(contextName: string): Promise<ClusterSession> {
    const load = await this.kubeconfig.load();
    if (load.state !== 'ok') throw new ClusterError({ kind: 'config', message: 'The kubeconfig cannot be used' });
    const cached = this.sessions.get(contextName);
    if (cached) return cached;
    const timeoutMs = vscode.workspace.getConfiguration(SECTION).get<number>(Settings.requestTimeoutSeconds, 15) * 1000;
    try {
      const session = loadKubeModule().createSession(load.config, contextName, { allowExec: vscode.workspace.isTrusted, timeoutMs });
      this.sessions.set(contextName, session);
      return session;
    } catch (e) {
      throw new ClusterError({ kind: 'config', message: (e as Error).message });
    }
  }

  /** The current context's server version, or undefined when there is none or it cannot be reached. */
  async currentContextVersion(): Promise<string | undefined> {
    const load = await this.kubeconfig.load();
    if (load.state !== 'ok' || !load.config.currentContext) return undefined;
    const ready = this.connections.get(load.config.currentContext)?.current;
    if (ready?.phase === 'ready') return ready.snapshot.serverVersion.gitVersion;
    try {
      const session = await this.session(load.config.currentContext);
      return (await session.version({ timeoutMs: 5000 })).gitVersion;
    } catch (e) {
      this.log.info(`Server version of the current context is unknown: ${(e as Error).message}`);
      return undefined;
    }
  }

  private kubectlVersion(): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) return Promise.resolve(undefined);
    const path = vscode.workspace.getConfiguration(SECTION).get<string>(Settings.kubectlPath) || 'kubectl';
    this.kubectl ??= findKubectlVersion(path, this.log);
    return this.kubectl;
  }

  dispose(): void {
    this.reset();
    this.configListener.dispose();
    this.changed.dispose();
  }
}
