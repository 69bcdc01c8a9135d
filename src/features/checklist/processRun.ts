// Runs one operator command in the platform's shell and reports how it ended. No VS Code here: the
// terminal that shows the output is ./commandRunner.ts. On POSIX the shell leads its own process group,
// so cancelling stops everything it started (kubeadm, ssh, a script's children), not just the shell.
import { spawn, type ChildProcess } from 'node:child_process';

/** The tail of the output that is kept; a failing command's last lines are what explain it. */
export const MAX_OUTPUT_BYTES = 64 * 1024;
/** Time between SIGTERM and SIGKILL on cancel. */
export const KILL_GRACE_MS = 5000;

export interface ProcessRunOptions {
  readonly command: string;
  readonly cwd?: string;
  /** The whole environment of the command (the caller merges process.env in). */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Output as it arrives, stdout and stderr interleaved, decoded as UTF-8. */
  readonly onOutput?: (text: string) => void;
  readonly platform?: NodeJS.Platform;
  readonly killGraceMs?: number;
  readonly maxOutputBytes?: number;
}

export interface ProcessRunResult {
  /** Null when the command did not start or was ended by a signal. */
  readonly exitCode: number | null;
  /** The signal that ended it ("SIGTERM", "SIGKILL"), when one did. */
  readonly signal?: string;
  /** The output's last `maxOutputBytes` bytes; for a command that did not start, the reason. */
  readonly output: string;
  readonly durationMs: number;
  /** The signal given to runProcess was aborted and the command stopped. */
  readonly cancelled?: boolean;
}

/** The shell and its arguments for a command line. */
export function shellFor(command: string, platform: NodeJS.Platform, comSpec = process.env.ComSpec): { file: string; args: string[]; verbatim: boolean } {
  if (platform === 'win32') return { file: comSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', `"${command}"`], verbatim: true };
  return { file: '/bin/sh', args: ['-c', command], verbatim: false };
}

/** Keeps the last `max` bytes of what it is given. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.size - this.max;
      this.dropped = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    let buf = Buffer.concat(this.chunks, this.size);
    // A cut may land inside a UTF-8 sequence: start at the next character.
    if (this.dropped) {
      let i = 0;
      while (i < buf.length && i < 4 && (buf[i]! & 0xc0) === 0x80) i++;
      buf = buf.subarray(i);
    }
    return buf.toString('utf8');
  }
}

/** Whether any process of the POSIX process group `pgid` is still there. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killTree(child: ChildProcess, signal: NodeJS.Signals, platform: NodeJS.Platform): void {
  if (child.pid === undefined) return;
  try {
    if (platform === 'win32') {
      // taskkill /T ends the whole tree; /F because console programs ignore a polite close.
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => undefined);
    } else {
      process.kill(-child.pid, signal);
    }
  } catch {
    // Already gone.
  }
}

/**
 * Runs `command` with stdin closed (a prompt gets end of file instead of waiting forever) and resolves
 * once it has ended. Never rejects: a non-zero exit is a result, and so is a shell that cannot start.
 */
export function runProcess(o: ProcessRunOptions): Promise<ProcessRunResult> {
  const platform = o.platform ?? process.platform;
  const started = Date.now();
  const tail = new Tail(o.maxOutputBytes ?? MAX_OUTPUT_BYTES);
  const shell = shellFor(o.command, platform);
  return new Promise((resolve) => {
    let settled = false;
    let cancelled = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    let killedAt: number | undefined;
    const finish = (r: Omit<ProcessRunResult, 'durationMs' | 'output'> & { output?: string }): void => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      killTimer = undefined;
      o.signal?.removeEventListener('abort', onAbort);
      resolve({ ...r, output: r.output ?? tail.text(), durationMs: Date.now() - started, ...(cancelled ? { cancelled: true } : {}) });
    };
    if (o.signal?.aborted) {
      cancelled = true;
      finish({ exitCode: null, output: 'Cancelled before it started' });
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(shell.file, shell.args, {
        cwd: o.cwd,
        env: o.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: platform !== 'win32',
        windowsHide: true,
        windowsVerbatimArguments: shell.verbatim,
      });
    } catch (e) {
      finish({ exitCode: null, output: `Could not start ${shell.file}: ${(e as Error).message}` });
      return;
    }
    const decoder = new TextDecoder('utf-8');
    const onData = (chunk: Buffer): void => {
      tail.push(chunk);
      if (o.onOutput) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) o.onOutput(text);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    function onAbort(): void {
      if (settled || cancelled) return;
      cancelled = true;
      killTree(child, 'SIGTERM', platform);
      killTimer = setTimeout(() => {
        killedAt = Date.now();
        killTree(child, 'SIGKILL', platform);
      }, o.killGraceMs ?? KILL_GRACE_MS);
    }
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' && o.cwd ? `${shell.file} or the folder ${o.cwd} does not exist` : e.message;
      finish({ exitCode: null, output: `Could not start ${shell.file}: ${why}` });
    });
    child.on('exit', (code, signal) => {
      const done = (): void => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        // A character cut at the very end of the output still reaches the listener (as U+FFFD).
        const rest = decoder.decode();
        if (rest && !settled) o.onOutput?.(rest);
        finish({ exitCode: code, ...(signal ? { signal } : {}) });
      };
      if (cancelled && platform !== 'win32' && child.pid !== undefined) {
        // The shell is gone; what it started must not outlive it: the group gets SIGTERM again and
        // SIGKILL when the grace period ends, and the result waits until the group is empty.
        const group = child.pid;
        killTree(child, 'SIGTERM', platform);
        const poll = setInterval(() => {
          // A killed process nobody reaps yet (a zombie) still counts as in the group: a second after SIGKILL it is done.
          if (groupAlive(group) && (killedAt === undefined || Date.now() - killedAt < 1000)) return;
          clearInterval(poll);
          done();
        }, 50);
        return;
      }
      // Output still buffered in the pipes arrives before 'close'; a background process that keeps
      // them open must not hold the result back for long.
      const late = setTimeout(done, 1000);
      child.on('close', () => {
        clearTimeout(late);
        done();
      });
    });
  });
}

/** The closing line of a run, as the terminal and the maintenance log show it. */
export function describeExit(r: Pick<ProcessRunResult, 'exitCode' | 'signal' | 'cancelled'>): string {
  if (r.cancelled) return r.signal ? `cancelled (${r.signal})` : 'cancelled';
  if (r.exitCode !== null) return `exit status ${r.exitCode}`;
  if (r.signal) return `ended by ${r.signal}`;
  return 'did not start';
}
