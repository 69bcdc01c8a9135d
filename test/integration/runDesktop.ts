// The same integration suite under desktop VS Code through @vscode/test-electron, for machines with
// internet (it downloads VS Code). Here, test/integration/run.ts runs it in VS Code Server instead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../harness/paths';
import { prepareTestHome } from './testHome';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-desktop-'));
  const home = prepareTestHome(dataDir);
  const settingsDir = path.join(dataDir, 'user-data', 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false }));
  await runTests({
    version: process.env['KM_VSCODE_VERSION'] ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'suite', 'index.js'),
    launchArgs: [home.workspace, '--disable-extensions', '--user-data-dir', path.join(dataDir, 'user-data')],
    extensionTestsEnv: { HOME: home.home, KUBECONFIG: home.kubeconfigEnv, KM_FIXTURES: home.fixtures, KM_TEST_RESULTS: path.join(dataDir, 'results.json') },
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
