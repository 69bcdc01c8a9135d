// The operator's upgrade commands (`kubeMaintenance.upgrade.controlPlaneCommand` / `nodeCommand`)
// with `${version}`, `${patch}`, `${context}`, `${node}` and `${kubeconfig}` filled in. Every value is
// quoted for the shell that runs the line, so a context named `prod; rm -rf ~` or `$(curl …)` stays one
// argument. The template itself is the operator's own text and is left as written.

export type ShellPlatform = 'posix' | 'win32';

export interface CommandValues {
  /** The hop's minor, "1.34". */
  readonly version: string;
  /** The recommended patch release for the hop, "1.34.1", when release data has it. */
  readonly patch?: string;
  readonly context: string;
  /** Set for a node's command only; the control-plane command runs once for the cluster. */
  readonly node?: string;
  /** The kubeconfig file(s) the extension uses, as KUBECONFIG lists them. */
  readonly kubeconfig?: string;
}

export type ExpandResult = { readonly ok: true; readonly command: string } | { readonly ok: false; readonly reason: string };

export const PLACEHOLDERS = ['version', 'patch', 'context', 'node', 'kubeconfig'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_RE = /\$\{([^}]*)\}/g;
/** Values made only of these need no quotes in either shell. */
const PLAIN_RE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const PLAIN_WIN_RE = /^[A-Za-z0-9_@+=:,./\\-]+$/;

const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/** A value as one word of a POSIX shell command line. */
export function quotePosix(value: string): string {
  if (PLAIN_RE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A value inside a double-quoted POSIX string the operator wrote: only $ ` \ " are special there. */
function escapeInPosixDoubleQuotes(value: string): string {
  return value.replace(/[$`\\"]/g, (c) => `\\${c}`);
}

/**
 * Characters cmd.exe expands or ends a string on even inside double quotes (`%VAR%`, `!VAR!` with
 * delayed expansion, a quote, a line break): there is no way to quote them safely, so they are refused.
 */
const CMD_UNSAFE_RE = /["%!\r\n\0]/;

/** A value as one argument of a cmd.exe command line (and of the program's MSVCRT argument parser). */
function quoteWin(value: string, inQuotes: boolean): string {
  if (!inQuotes && PLAIN_WIN_RE.test(value)) return value;
  // Backslashes before the closing quote would escape it for the program's argument parser.
  const body = value.replace(/(\\+)$/, '$1$1');
  return inQuotes ? body : `"${body}"`;
}

interface Scan {
  /** Where each placeholder occurs and in which quoting the operator put it. */
  readonly uses: readonly { readonly start: number; readonly end: number; readonly name: string; readonly quote: 'none' | 'single' | 'double' }[];
}

/** Finds the placeholders and the shell quoting around each (the operator may write "${context}"). */
function scan(template: string, platform: ShellPlatform): Scan {
  const uses: Scan['uses'][number][] = [];
  let quote: 'none' | 'single' | 'double' = 'none';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '$' && template[i + 1] === '{') {
      PLACEHOLDER_RE.lastIndex = i;
      const m = PLACEHOLDER_RE.exec(template);
      if (m && m.index === i) {
        uses.push({ start: i, end: i + m[0].length, name: m[1] ?? '', quote });
        i += m[0].length - 1;
        continue;
      }
    }
    if (platform === 'posix') {
      if (c === '\\' && quote !== 'single') i++;
      else if (c === "'" && quote !== 'double') quote = quote === 'single' ? 'none' : 'single';
      else if (c === '"' && quote !== 'single') quote = quote === 'double' ? 'none' : 'double';
    } else if (c === '"') {
      quote = quote === 'double' ? 'none' : 'double';
    }
  }
  return { uses };
}

function valueOf(name: Placeholder, values: CommandValues): string | undefined {
  return values[name];
}

const MISSING: Readonly<Record<Placeholder, string>> = {
  version: 'no version for this hop',
  patch: 'no recommended patch release is known for this hop (release data not loaded); use ${version}',
  context: 'no context',
  node: 'only node commands have a node: the control-plane command runs once for the cluster',
  kubeconfig: 'the kubeconfig in use is not a file',
};

/**
 * The command line for `template` with each placeholder replaced by its value, quoted for `platform`,
 * or the reason it cannot be built: unknown placeholders (all named), a value this step does not have
 * (`${node}` in the control-plane command), or a value cmd.exe cannot quote.
 */
export function expandCommand(template: string, values: CommandValues, platform: ShellPlatform): ExpandResult {
  if (template.trim() === '') return { ok: false, reason: 'the command is empty' };
  const { uses } = scan(template, platform);
  const unknown = [...new Set(uses.map((u) => u.name).filter((n) => !isPlaceholder(n)))];
  if (unknown.length > 0) {
    const known = PLACEHOLDERS.map((p) => `\${${p}}`).join(', ');
    const list = unknown.map((n) => `\${${n}}`).join(', ');
    return { ok: false, reason: `unknown placeholder${unknown.length > 1 ? 's' : ''} ${list} (known: ${known}; write $NAME for a shell variable)` };
  }
  let out = '';
  let at = 0;
  for (const use of uses) {
    const name = use.name as Placeholder;
    const value = valueOf(name, values);
    if (value === undefined) return { ok: false, reason: `\${${name}}: ${MISSING[name]}` };
    let text: string;
    if (platform === 'posix') {
      if (use.quote === 'single') return { ok: false, reason: `\${${name}} is inside single quotes, where the shell cannot receive it quoted: write it without quotes (its value is quoted for you)` };
      text = use.quote === 'double' ? escapeInPosixDoubleQuotes(value) : quotePosix(value);
    } else {
      const bad = CMD_UNSAFE_RE.exec(value);
      if (bad) return { ok: false, reason: `\${${name}} contains ${describeChar(bad[0])}, which cmd.exe cannot receive safely quoted` };
      text = quoteWin(value, use.quote === 'double');
    }
    out += template.slice(at, use.start) + text;
    at = use.end;
  }
  return { ok: true, command: out + template.slice(at) };
}

function describeChar(c: string): string {
  switch (c) {
    case '\r':
    case '\n':
      return 'a line break';
    case '\0':
      return 'a NUL character';
    default:
      return `"${c}"`;
  }
}
