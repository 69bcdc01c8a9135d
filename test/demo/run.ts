// npm run demo: two simulated clusters and real VS Code in the browser with the extension and a sample
// workspace. Everything listens on 127.0.0.1; Ctrl+C stops it all.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { startVscodeServer } from '../harness/vscodeServer';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';

async function main(): Promise<void> {
  const port = Number(process.env['KM_DEMO_PORT'] ?? 0) || undefined;
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-maintenance-demo-'));
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const scenarios = path.join(repoRoot, 'test', 'fixtures', 'scenarios');
  const sims: RunningSimulator[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(sims.map((s) => s.stop()));
  };
  try {
    sims.push(await startSimulator({ scenario: path.join(scenarios, 'production.yaml'), contextName: 'production', kubeconfigPath: path.join(dir, 'production.kubeconfig') }));
    sims.push(await startSimulator({ scenario: path.join(scenarios, 'staging.yaml'), contextName: 'staging', kubeconfigPath: path.join(dir, 'staging.kubeconfig') }));
  } catch (e) {
    await stopAll();
    throw e;
  }
  const kubeconfig = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), sims, 'production');
  const server = await startVscodeServer({
    dataDir: path.join(dir, 'vscode'),
    ...(port ? { port } : {}),
    env: { KUBECONFIG: kubeconfig },
    userSettings: { 'security.workspace.trust.enabled': false, 'workbench.colorTheme': 'Default Dark Modern' },
  });
  const url = server.url(workspace, [['extensionDevelopmentPath', server.remote(repoRoot)]]);
  for (const s of sims) console.log(`cluster ${s.contextName}: ${s.url}   (upgrade it: npm run sim -- admin --kubeconfig ${s.kubeconfigPath} upgrade control-plane VERSION)`);
  console.log(`kubeconfig: ${kubeconfig}   (try: KUBECONFIG=${kubeconfig} kubectl get nodes)`);
  console.log(`workspace:  ${workspace}`);
  console.log(`\nOpen VS Code: ${url}\n\nPress Ctrl+C to stop.`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await server.stop();
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  server.process.once('exit', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
