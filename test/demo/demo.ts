// The demo as a function: two simulated clusters and real VS Code with the extension and a sample
// workspace, on a tidy workbench (see tidy-workbench/). Used by run.ts (npm run demo) and its test.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { TIDY_WORKBENCH, startVscodeServer, type RunningServer } from '../harness/vscodeServer';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';

/** The sample manifest the demo opens: a removed extensions/v1beta1 Ingress, with its finding. */
export const DEMO_MANIFEST = 'deploy/legacy-ingress.yaml';

export interface Demo {
  readonly url: string;
  readonly server: RunningServer;
  readonly simulators: readonly RunningSimulator[];
  readonly kubeconfig: string;
  readonly workspace: string;
  stop(): Promise<void>;
}

/** Packages the small extension that arranges the workbench, so it can be installed beside ours. */
function packageTidyWorkbench(dir: string): string {
  const out = path.join(dir, 'demo-tidy-workbench.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: path.join(__dirname, 'tidy-workbench'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`Packaging the demo's workbench-arranging extension failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

/**
 * The upgrade checklist's commands for the demo's clusters: the simulator's admin CLI plays the
 * distribution's tooling (kubeadm upgrade, the node's package upgrade), per context's own kubeconfig.
 */
export function checklistCommands(dir: string): Record<string, unknown> {
  const admin = `node --import tsx test/sim/main.ts admin --kubeconfig ${path.join(dir, '')}\${context}.kubeconfig`;
  return {
    'kubeMaintenance.upgrade.controlPlaneCommand': `${admin} upgrade control-plane v\${patch}`,
    'kubeMaintenance.upgrade.nodeCommand': `${admin} upgrade kubelet \${node} v\${patch}`,
    'kubeMaintenance.upgrade.patchCommand': `${admin} patch-os \${node} --kernel 6.8.0-1031-aws`,
    'kubeMaintenance.upgrade.workingDirectory': repoRoot,
    'kubeMaintenance.stagingContexts': { production: 'staging' },
  };
}

export async function startDemo(opts: { readonly port?: number; readonly log?: (line: string) => void } = {}): Promise<Demo> {
  const log = opts.log ?? ((line: string): void => console.log(line));
  log('Building the extension…');
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`Build failed:\n${build.stdout}\n${build.stderr}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-maintenance-demo-'));
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  // Machine-specific settings: a remote window (VS Code Server) takes them from the workspace, not the browser's user settings.
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const current = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(settingsFile, `${JSON.stringify({ ...current, ...checklistCommands(dir) }, null, 2)}\n`);
  const scenarios = path.join(repoRoot, 'test', 'fixtures', 'scenarios');
  const simulators: RunningSimulator[] = [];
  const stopSimulators = async (): Promise<void> => {
    await Promise.allSettled(simulators.map((s) => s.stop()));
  };
  let server: RunningServer | undefined;
  try {
    log('Starting two simulated clusters…');
    simulators.push(await startSimulator({ scenario: path.join(scenarios, 'production.yaml'), contextName: 'production', kubeconfigPath: path.join(dir, 'production.kubeconfig') }));
    simulators.push(await startSimulator({ scenario: path.join(scenarios, 'staging.yaml'), contextName: 'staging', kubeconfigPath: path.join(dir, 'staging.kubeconfig') }));
    const kubeconfig = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), simulators, 'production');
    const tidyVsix = packageTidyWorkbench(dir);
    log('Starting VS Code Server…');
    server = await startVscodeServer({
      dataDir: path.join(dir, 'vscode'),
      ...(opts.port ? { port: opts.port } : {}),
      env: { KUBECONFIG: kubeconfig, KM_DEMO_OPEN: DEMO_MANIFEST },
      userSettings: { ...TIDY_WORKBENCH, 'security.workspace.trust.enabled': false },
      installVsix: [tidyVsix],
    });
    const running = server;
    return {
      url: server.url(workspace, [['extensionDevelopmentPath', server.remote(repoRoot)]]),
      server,
      simulators,
      kubeconfig,
      workspace,
      async stop() {
        await running.stop();
        await stopSimulators();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.stop();
    await stopSimulators();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
