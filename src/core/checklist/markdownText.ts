// Text from the cluster or a command, made safe to put in Markdown: it can neither start a heading or
// a list, nor open a link, HTML, emphasis or a code block that swallows what follows.

// ANSI escape sequences (colours, cursor moves) and other C0/C1 control characters except tab and newline.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes terminal escapes and control characters; CRLF and lone CR become LF. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ANSI, '').replace(CONTROL, '');
}

/**
 * One line of plain Markdown text: newlines become spaces and every character with a meaning is escaped,
 * including a leading list marker, ordered-list number or setext underline ("- x", "1. x", "---", "===").
 */
export function inlineText(text: string): string {
  return cleanText(text).replace(/\s*\n\s*/g, ' ').replace(/[\\`*_{}[\]()#!|<>~&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+=]|\d+\.(?=\s|$))/, (_, space: string, mark: string) => `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}`);
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** A code span that holds any text: its fence is longer than any run of backticks inside. */
export function codeSpan(text: string): string {
  const body = cleanText(text).replace(/\n/g, ' ');
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body.startsWith(' ') || body.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A fenced code block that holds any text (no line inside can close it), each line indented by
 * `indent` so it stays inside a list item. Long text keeps its last `maxLines` lines.
 */
export function codeBlock(text: string, indent = '', maxLines = 200): string {
  let lines = cleanText(text).replace(/\n+$/, '').split('\n');
  if (lines.length > maxLines) lines = [`… ${lines.length - maxLines} earlier lines left out`, ...lines.slice(-maxLines)];
  const fence = '`'.repeat(Math.max(3, longestRun(lines.join('\n'), '`') + 1));
  return [`${fence}text`, ...lines, fence].map((l) => (l ? `${indent}${l}` : '')).join('\n');
}

/** "2026-12-01 09:01:05 UTC" */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
