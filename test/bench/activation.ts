import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser } from '../harness/browser';
import { repoRoot } from '../harness/paths';
import { startVscodeServer } from '../harness/vscodeServer';
import { prepareTestHome } from '../integration/testHome';

const probe = path.join(repoRoot, 'out', 'test', 'bench', 'probe', 'index.js');

/** Time for VS Code to load and activate an extension under development, in ms (one fresh host). */
export async function measureActivation(extensionPath: string, extensionId: string): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-bench-'));
  const home = prepareTestHome(dataDir);
  const results = path.join(dataDir, 'activation.json');
  const server = await startVscodeServer({
    dataDir,
    env: { HOME: home.home, KUBECONFIG: home.kubeconfigEnv, KM_BENCH_EXTENSION: extensionId, KM_BENCH_RESULTS: results },
    userSettings: { 'security.workspace.trust.enabled': false },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // An empty folder: nothing in it may trigger an activation event before the probe measures.
    const empty = path.join(dataDir, 'empty-workspace');
    fs.mkdirSync(empty, { recursive: true });
    await page.goto(server.url(empty, [
      ['extensionDevelopmentPath', server.remote(extensionPath)],
      ['extensionTestsPath', server.remote(probe)],
    ]));
    const until = Date.now() + 120_000;
    while (!fs.existsSync(results)) {
      if (Date.now() > until) throw new Error(`activation probe for ${extensionId} did not report (was it activated before the probe ran?)`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const r = JSON.parse(fs.readFileSync(results, 'utf8')) as { ms?: number; error?: string };
    if (r.error !== undefined || r.ms === undefined) throw new Error(r.error ?? 'no figure');
    return r.ms;
  } finally {
    await browser.close();
    await server.stop();
    if (process.env['KM_KEEP'] === '1') console.log(`kept ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const emptyExtensionPath = path.join(__dirname, 'empty-extension');
