// Runs an upgrade step's command (the operator's `kubeMaintenance.upgrade.*Command`, placeholders
// filled in) and shows it in a VS Code terminal of its own: the command line, the output as it comes,
// then how it ended. The terminal never takes the focus unless asked; the result (exit status, the
// output's tail) goes back to the checklist, which fails the step on a non-zero exit.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runProcess, type ProcessRunResult } from './processRun';
import { terminalFooter, terminalHeader, toTerminalText } from './terminalText';

export interface RunCommandOptions {
  readonly command: string;
  readonly cwd?: string;
  /** Variables added to the extension host's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The kubeconfig files the extension uses; the command gets them as KUBECONFIG. */
  readonly kubeconfig?: readonly string[];
  /** Names the terminal: "Kubernetes Maintenance: <title>". */
  readonly title: string;
  readonly signal?: AbortSignal;
  readonly onOutput?: (text: string) => void;
  /** Show the terminal panel (the focus stays where it is); default true. */
  readonly reveal?: boolean;
  /** Also move the keyboard focus to the terminal; default false. */
  readonly focus?: boolean;
}

export type RunCommandResult = ProcessRunResult;

/** Output written before VS Code opens the terminal is held back, up to this much. */
const MAX_PENDING = 1024 * 1024;

/** A read-only terminal that shows one run. Closing it does not stop the command (Cancel does). */
class RunTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.written.event;
  private opened = false;
  private closed = false;
  private pending: string[] = [];
  private pendingSize = 0;

  open(): void {
    this.opened = true;
    for (const p of this.pending) this.written.fire(p);
    this.pending = [];
  }

  close(): void {
    this.closed = true;
    this.written.dispose();
  }

  write(text: string): void {
    if (this.closed || text === '') return;
    if (this.opened) return this.written.fire(text);
    if (this.pendingSize + text.length > MAX_PENDING) return;
    this.pending.push(text);
    this.pendingSize += text.length;
  }
}

function environment(o: RunCommandOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  if (o.kubeconfig && o.kubeconfig.length > 0) env['KUBECONFIG'] = o.kubeconfig.join(path.delimiter);
  return env;
}

/**
 * Runs the command in the platform's shell, shown in a terminal. Never rejects: a non-zero exit, a
 * cancel and a shell that cannot start are all results.
 */
export async function runCommand(o: RunCommandOptions): Promise<RunCommandResult> {
  const pty = new RunTerminal();
  const terminal = vscode.window.createTerminal({ name: `Kubernetes Maintenance: ${o.title}`, pty, isTransient: true, iconPath: new vscode.ThemeIcon('tools') });
  if (o.reveal !== false || o.focus) terminal.show(!o.focus);
  pty.write(terminalHeader(o.command, o.cwd));
  let last = '';
  const result = await runProcess({
    command: o.command,
    ...(o.cwd ? { cwd: o.cwd } : {}),
    env: environment(o),
    ...(o.signal ? { signal: o.signal } : {}),
    onOutput: (text) => {
      last = text;
      pty.write(toTerminalText(text));
      o.onOutput?.(text);
    },
  });
  // A shell that did not start printed nothing: its reason is the output.
  if (result.exitCode === null && !result.signal && !result.cancelled) {
    pty.write(toTerminalText(result.output));
    last = result.output;
  }
  pty.write(terminalFooter(result, last));
  return result;
}
