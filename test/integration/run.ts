// Runs the integration suite inside the extension host of real VS Code (VS Code Server opened in
// headless Chromium), then reports "N passed, N failed" and exits non-zero on any failure,
// on a failed activation, or when the suite does not report in time.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser } from '../harness/browser';
import { repoRoot, resultsDir } from '../harness/paths';
import { extensionHostLogs, startVscodeServer } from '../harness/vscodeServer';
import { prepareTestHome } from './testHome';
import { startSimClusters } from './simClusters';
import { ensureKubectl } from '../kubectl/getKubectl';
import type { SuiteResults } from './suite/index';

const TIME_LIMIT_MS = Number(process.env['KM_TEST_TIMEOUT_MS'] ?? 8 * 60_000);

async function waitForFile(file: string, limitMs: number, alive: () => boolean): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (fs.existsSync(file)) return true;
    if (!alive()) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main(): Promise<number> {
  const build = spawnSync(process.execPath, ['esbuild.js', '--tests'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) return 1;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-integration-'));
  const home = prepareTestHome(dataDir);
  const resultsFile = path.join(dataDir, 'results.json');
  const sims = await startSimClusters(dataDir);
  const server = await startVscodeServer({
    dataDir,
    env: { HOME: home.home, KUBECONFIG: home.kubeconfigEnv, KM_TEST_RESULTS: resultsFile, KM_FIXTURES: home.fixtures, KM_SIM_INFO: sims.infoFile, KM_KUBECTL: await ensureKubectl(), KM_REPO: repoRoot, ...(process.env['KM_TEST_GREP'] ? { KM_TEST_GREP: process.env['KM_TEST_GREP'] } : {}) },
    userSettings: { 'security.workspace.trust.enabled': false },
    verbose: process.env['KM_VERBOSE'] === '1',
  });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = await browser.newPage();
    const url = server.url(home.workspace, [
      ['extensionDevelopmentPath', server.remote(repoRoot)],
      ['extensionTestsPath', server.remote(path.join(repoRoot, 'out', 'test', 'integration', 'suite', 'index.js'))],
    ]);
    await page.goto(url);
    const reported = await waitForFile(resultsFile, TIME_LIMIT_MS, () => server.process.exitCode === null);
    if (!reported) {
      console.error(`The integration suite did not report within ${TIME_LIMIT_MS / 1000} s (or VS Code Server stopped).`);
      for (const log of extensionHostLogs(dataDir)) console.error(`--- ${log}\n${fs.readFileSync(log, 'utf8').slice(-8000)}`);
      console.log('0 passed, 1 failed');
      return 1;
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
    for (const t of results.passed) console.log(`  ✔ ${t}`);
    for (const t of results.failed) console.log(`  ✘ ${t.title}\n${t.error.replace(/^/gm, '      ')}`);
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'integration.json'), JSON.stringify(results, null, 2));
    console.log(`${results.passed.length} passed, ${results.failed.length} failed`);
    code = results.failed.length === 0 && results.passed.length > 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
    await sims.stop();
    if (code === 0 && process.env['KM_KEEP'] !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
    else console.log(`Logs kept in ${dataDir}`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
