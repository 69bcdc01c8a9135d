// What the command's terminal shows, as text for a pseudoterminal: the command line first, then the
// output with \r\n line ends (a pseudoterminal moves down on \n without returning to the start), then
// how the command ended.
import { describeExit, type ProcessRunResult } from './processRun';

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

/** Output as the terminal needs it; \r\n already there is kept, a lone \n becomes \r\n. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function terminalHeader(command: string, cwd?: string): string {
  const where = cwd ? `${DIM}in ${cwd}${RESET}\r\n` : '';
  return `${where}${BOLD}$ ${toTerminalText(command)}${RESET}\r\n`;
}

/** The closing line; `lastOutput` is the end of what was printed, so the line starts on a line of its own. */
export function terminalFooter(r: Pick<ProcessRunResult, 'exitCode' | 'signal' | 'cancelled' | 'durationMs'>, lastOutput: string): string {
  const seconds = r.durationMs < 10_000 ? (r.durationMs / 1000).toFixed(1) : String(Math.round(r.durationMs / 1000));
  const ok = r.exitCode === 0 && !r.cancelled;
  const gap = lastOutput === '' || lastOutput.endsWith('\n') ? '' : '\r\n';
  return `${gap}\r\n${ok ? BOLD : `${BOLD}${RED}`}${describeExit(r)}${RESET}${DIM} after ${seconds} s${RESET}\r\n`;
}
