// Runs a kubeconfig's exec credential plugin: without a shell, asynchronously, with a time limit,
// and killed on timeout, when every caller has given up, or when its session is disposed.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ClusterError } from '../core/cluster/errors';
import { credentialValid, execInfo, parseExecOutput, stderrSummary, type ExecConfig, type ExecCredentialResult } from '../core/cluster/execCredential';
import type { Redactor } from '../core/cluster/redact';

export interface ExecRunOptions {
  readonly contextName: string;
  readonly timeoutMs: number;
  readonly redactor: Redactor;
  readonly cluster?: { server: string; certificateAuthorityData?: string; insecureSkipTlsVerify?: boolean };
  readonly log?: (line: string) => void;
  /** The environment the plugin inherits (VS Code's own). */
  readonly env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 1024 * 1024;

export class ExecCredentialSource {
  private cached: ExecCredentialResult | undefined;
  private running: { promise: Promise<ExecCredentialResult>; waiters: number; child?: ChildProcess; kill: () => void } | undefined;
  private disposed = false;

  constructor(
    private readonly config: ExecConfig,
    private readonly baseDir: string,
    private readonly options: ExecRunOptions,
  ) {}

  /** The plugin's program: a relative path with a directory part is relative to the kubeconfig file, as in kubectl. */
  get command(): string {
    const c = this.config.command;
    return c.includes('/') && !path.isAbsolute(c) ? path.resolve(this.baseDir, c) : c;
  }

  /** Drops the cached credential, so the next call runs the plugin again (after a 401). */
  invalidate(): void {
    this.cached = undefined;
  }

  async get(signal?: AbortSignal): Promise<ExecCredentialResult> {
    if (this.cached && credentialValid(this.cached, Date.now())) return this.cached;
    this.running ??= this.start();
    const run = this.running;
    run.waiters++;
    try {
      return await abortable(run.promise, signal);
    } finally {
      run.waiters--;
      // Nobody waits any more: the plugin is stopped rather than left running.
      if (run.waiters === 0 && signal?.aborted && this.running === run) {
        run.kill();
        this.running = undefined;
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.running?.kill();
    this.running = undefined;
  }

  private start(): NonNullable<ExecCredentialSource['running']> {
    const { contextName, timeoutMs, redactor } = this.options;
    const name = this.config.command;
    const fail = (message: string, detail?: string): ClusterError =>
      new ClusterError({ kind: 'exec-plugin', message: redactor.redact(message), ...(detail ? { detail: redactor.redact(detail) } : {}) });
    let child: ChildProcess | undefined;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const kill = (): void => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const c = child;
      killTimer = setTimeout(() => c.kill('SIGKILL'), 2000);
      killTimer.unref?.();
    };
    const promise = new Promise<ExecCredentialResult>((resolve, reject) => {
      if (this.disposed) return reject(fail(`The credential plugin "${name}" was not run: the session was closed`));
      const env: NodeJS.ProcessEnv = { ...(this.options.env ?? process.env) };
      for (const e of this.config.env) env[e.name] = e.value;
      env['KUBERNETES_EXEC_INFO'] = execInfo(this.config, this.options.cluster);
      this.options.log?.(`[${contextName}] running credential plugin ${name}`);
      const started = Date.now();
      try {
        child = spawn(this.command, [...this.config.args], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, shell: false });
      } catch (e) {
        return reject(fail(`The credential plugin "${name}" could not be started: ${(e as Error).message}`));
      }
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        if (stdout.length < MAX_OUTPUT) stdout += d;
      });
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        if (stderr.length < MAX_OUTPUT) stderr += d;
      });
      let spawnError: NodeJS.ErrnoException | undefined;
      child.on('error', (e: NodeJS.ErrnoException) => {
        spawnError = e;
      });
      child.on('close', (code, sig) => {
        clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        this.options.log?.(`[${contextName}] credential plugin ${name} ended (${code ?? sig}) after ${Date.now() - started} ms`);
        if (spawnError?.code === 'ENOENT') {
          const hint = this.config.installHint ? ` ${this.config.installHint.trim()}` : '';
          if (name.includes('/')) return reject(fail(`The credential plugin "${name}" of context "${contextName}" does not exist (${this.command}).${hint}`));
          return reject(fail(`The credential plugin "${name}" of context "${contextName}" was not found on the PATH VS Code was started with.${hint}`, `PATH=${env['PATH'] ?? ''}`));
        }
        if (spawnError) return reject(fail(`The credential plugin "${name}" could not be started (${spawnError.code ?? spawnError.message})`, spawnError.message));
        if (timedOut) return reject(fail(`The credential plugin "${name}" did not answer within ${Math.round(timeoutMs / 1000)} s and was stopped`, stderr));
        if (this.disposed) return reject(fail(`The credential plugin "${name}" was stopped: the session was closed`));
        if (code !== 0) {
          const said = stderrSummary(stderr);
          return reject(fail(`The credential plugin "${name}" failed (exit code ${code ?? sig})${said ? `: ${said}` : ''}`, stderr));
        }
        try {
          const credential = parseExecOutput(stdout, this.config);
          this.cached = credential;
          resolve(credential);
        } catch (e) {
          reject(fail(`The credential plugin "${name}" answered, but ${(e as Error).message}`, stderr));
        }
      });
    });
    const run = { promise, waiters: 0, kill };
    void promise.then(
      () => {
        if (this.running === run) this.running = undefined;
      },
      () => {
        if (this.running === run) this.running = undefined;
      },
    );
    return run;
  }
}

function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
