import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import packageJson from '../package.json';
import { builtinRuleSet, createRuleSet, type RuleSet } from './core/deprecations/ruleSet';
import { toJsonReport, toSarif, toText } from './core/deprecations/reportFormats';
import { scanText, type FileReport, type ScanProblem } from './core/deprecations/scanReport';
import { parseUserRulesFile } from './core/deprecations/userRules';
import { decodeText } from './core/manifests/decodeText';
import { formatMinor, parseMinorVersion, type MinorVersion } from './core/versions/kubeVersion';
import { runNodeCommand } from './cli/nodes';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<Uint8Array>;
}

type Format = 'text' | 'json' | 'sarif';

interface ScanArgs {
  readonly paths: readonly string[];
  readonly target?: MinorVersion;
  readonly format: Format;
  readonly failOn: 'removed' | 'deprecated';
  readonly rulesFile?: string;
}

const USAGE = `Usage: kube-maintenance scan PATH... [options]

Finds Kubernetes manifests (YAML, JSON, Helm templates) that use API versions, fields,
annotations or labels that are deprecated or removed at a target Kubernetes version.
Folders are searched recursively for .yaml, .yml and .json files, following symbolic
links (.git and node_modules are skipped). Use - to read from standard input.

Options:
  --target-version X.Y    Kubernetes version to check against (default: newest version in the rules)
  --format text|json|sarif  Output format (default: text)
  --fail-on removed|deprecated  Exit 1 on removed APIs (default) or also on deprecated ones
  --rules FILE            Extra rules for custom resources (YAML or JSON)
  -h, --help              Show this help
  --version               Show the version

Exit status: 1 when a finding reaches the --fail-on level, 2 on a usage error or a PATH that
does not exist, 0 otherwise. YAML syntax errors are listed but do not change the exit status.

Also: kube-maintenance plan --help (an upgrade plan of a live cluster), kube-maintenance drain --help
(cordon, uncordon and drain with kubectl's flags)
`;

class UsageError extends Error {}

function parseScanArgs(args: readonly string[]): ScanArgs {
  const paths: string[] = [];
  let target: MinorVersion | undefined;
  let format: Format = 'text';
  let failOn: 'removed' | 'deprecated' = 'removed';
  let rulesFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq !== -1) {
        return arg.slice(eq + 1);
      }
      const next = args[++i];
      if (next === undefined) {
        throw new UsageError(`${name} needs a value`);
      }
      return next;
    };
    switch (name) {
      case '--target-version': {
        const text = value();
        target = parseMinorVersion(text);
        if (!target) {
          throw new UsageError(`--target-version: expected a version like 1.30, got "${text}"`);
        }
        break;
      }
      case '--format': {
        const text = value();
        if (text !== 'text' && text !== 'json' && text !== 'sarif') {
          throw new UsageError(`--format: expected text, json or sarif, got "${text}"`);
        }
        format = text;
        break;
      }
      case '--fail-on': {
        const text = value();
        if (text !== 'removed' && text !== 'deprecated') {
          throw new UsageError(`--fail-on: expected removed or deprecated, got "${text}"`);
        }
        failOn = text;
        break;
      }
      case '--rules':
        rulesFile = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') {
          throw new UsageError(`unknown option ${arg}`);
        }
        paths.push(arg);
    }
  }
  if (paths.length === 0) {
    throw new UsageError('scan needs at least one PATH (or - for standard input)');
  }
  return { paths, target, format, failOn, rulesFile };
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/** Files under a path, sorted. Symbolic links are followed; a directory reached twice (a link loop) is walked once. */
async function collectFiles(path: string, problems: ScanProblem[]): Promise<string[] | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  if (!info.isDirectory()) {
    return [path];
  }
  const files: string[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string, dirInfo: { dev: number; ino: number }): Promise<void> => {
    const id = `${dirInfo.dev}:${dirInfo.ino}`;
    if (visited.has(id)) {
      return;
    }
    visited.add(id);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: dir, line: 0, message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      let target: { isDirectory(): boolean; isFile(): boolean; dev: number; ino: number } | undefined;
      if (entry.isSymbolicLink()) {
        try {
          target = await stat(full);
        } catch {
          problems.push({ file: full, line: 0, message: 'broken symbolic link' });
          continue;
        }
      }
      const isDirectory = target ? target.isDirectory() : entry.isDirectory();
      const isFile = target ? target.isFile() : entry.isFile();
      if (isDirectory) {
        if (!SKIPPED_DIRS.has(entry.name)) {
          await walk(full, target ?? (await stat(full)));
        }
      } else if (isFile && MANIFEST_EXTENSIONS.test(entry.name)) {
        files.push(full);
      }
    }
  };
  await walk(path, info);
  return files;
}

async function loadRules(rulesFile: string | undefined): Promise<RuleSet> {
  if (rulesFile === undefined) {
    return builtinRuleSet();
  }
  let text: string;
  try {
    text = await readFile(rulesFile, 'utf8');
  } catch {
    throw new UsageError(`--rules: cannot read ${rulesFile}`);
  }
  const builtin = builtinRuleSet();
  const reserved = new Set([...builtin.apiRules, ...builtin.fieldRules].map((r) => r.id));
  const result = parseUserRulesFile(text, rulesFile, reserved);
  if (result.errors.length > 0) {
    throw new UsageError(`invalid rules:\n  ${result.errors.join('\n  ')}`);
  }
  return createRuleSet(result.rules);
}

async function scan(args: ScanArgs, io: CliIo): Promise<number> {
  const rules = await loadRules(args.rulesFile);
  const target = args.target ?? parseMinorVersion(rules.newestMinor);
  if (!target) {
    throw new UsageError('no target version');
  }
  const problems: ScanProblem[] = [];
  const reports: FileReport[] = [];
  const missing: string[] = [];
  const options = { target };
  for (const path of args.paths) {
    const files = path === '-' ? ['-'] : await collectFiles(path, problems);
    if (files === undefined) {
      missing.push(path);
      problems.push({ file: path, line: 0, message: 'no such file or directory' });
      continue;
    }
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = file === '-' ? await io.readStdin() : await readFile(file);
      } catch (error) {
        problems.push({ file, line: 0, message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      const decoded = decodeText(bytes);
      if (!decoded.ok) {
        problems.push({ file, line: 0, message: decoded.reason });
        continue;
      }
      reports.push(scanText(file, decoded.text, rules, options));
    }
  }
  const targetText = formatMinor(target);
  const report = toJsonReport(targetText, reports, problems);
  switch (args.format) {
    case 'json':
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      break;
    case 'sarif':
      io.stdout(`${JSON.stringify(toSarif(report, rules, packageJson.version), null, 2)}\n`);
      break;
    default:
      io.stdout(toText(report));
  }
  if (missing.length > 0) {
    // a mistyped path must not let a CI job pass: report what was found, then fail as a usage error
    for (const path of missing) {
      io.stderr(`kube-maintenance: ${path}: no such file or directory\n`);
    }
    return 2;
  }
  const failing = report.findings.some((f) => f.status === 'removed' || args.failOn === 'deprecated');
  return failing ? 1 : 0;
}

/** Runs the command line; returns the exit status instead of exiting, so tests can call it. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.stdout(`${packageJson.version}\n`);
    return 0;
  }
  if (command === 'cordon' || command === 'uncordon' || command === 'drain') {
    return runNodeCommand(command, rest, { stdout: io.stdout, stderr: io.stderr, env: process.env });
  }
  if (command === 'plan') {
    return (await import('./cli/plan')).planCommand(rest, io);
  }
  if (command !== 'scan') {
    io.stderr(`kube-maintenance: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    return await scan(parseScanArgs(rest), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kube-maintenance: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

if (typeof module !== 'undefined' && require.main === module) {
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readAll(process.stdin),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`kube-maintenance: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
