// One way to register a command: a component tag in the log, one error message for a cluster error
// (never an unhandled rejection), and long work under a cancellable progress that hands an
// AbortSignal down to the cluster calls.
import * as vscode from 'vscode';
import { isClusterError } from '../../core/cluster/errors';

export interface CommandContext {
  readonly log: vscode.LogOutputChannel;
}

export function errorText(e: unknown): string {
  if (isClusterError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export function registerCommand(
  context: vscode.ExtensionContext,
  ctx: CommandContext,
  id: string,
  component: string,
  handler: (...args: unknown[]) => Promise<unknown> | unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        const message = errorText(e);
        ctx.log.error(`[${component}] ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}

export interface ProgressReport {
  (message: string, increment?: number): void;
}

/** Runs work under a cancellable notification; cancelling aborts the signal given to the work. */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: ProgressReport) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    return work(abort.signal, (message, increment) => progress.report({ message, ...(increment !== undefined ? { increment } : {}) })).finally(() => sub.dispose());
  });
}
