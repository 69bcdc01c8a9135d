// Time from opening a 6,000-document manifest in real VS Code to its diagnostics, beside the CLI's
// scan of the same file (process start included), both in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser } from '../harness/browser';
import { repoRoot } from '../harness/paths';
import { startVscodeServer } from '../harness/vscodeServer';
import { prepareTestHome } from '../integration/testHome';
import { editorCorpus } from './editorCorpus';

const probe = path.join(repoRoot, 'out', 'test', 'bench', 'probe', 'diagnosticsProbe.js');

export interface EditorResult {
  readonly bytes: number;
  readonly findings: number;
  readonly firstMs: number;
  readonly allMs: number;
  readonly codeActionsMs: number;
  readonly cliMs: number;
}

function cliScan(file: string): { ms: number; findings: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'scan', file, '--target-version', '1.33', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (r.status !== 1) throw new Error(`CLI exited with ${r.status}: ${r.stderr.slice(-500)}`);
  return { ms, findings: (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length };
}

export async function measureEditorDiagnostics(): Promise<EditorResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-editor-bench-'));
  const workspace = path.join(dataDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const file = path.join(workspace, 'all-apps.yaml');
  const text = editorCorpus();
  fs.writeFileSync(file, text);
  const cli = cliScan(file);
  const home = prepareTestHome(dataDir);
  const results = path.join(dataDir, 'editor.json');
  const server = await startVscodeServer({
    dataDir,
    env: { HOME: home.home, KUBECONFIG: home.kubeconfigEnv, KM_BENCH_RESULTS: results, KM_BENCH_FILE: file, KM_BENCH_EXPECTED: String(cli.findings) },
    userSettings: { 'security.workspace.trust.enabled': false, 'kubeMaintenance.targetVersion': '1.33' },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(server.url(workspace, [
      ['extensionDevelopmentPath', server.remote(repoRoot)],
      ['extensionTestsPath', server.remote(probe)],
    ]));
    const until = Date.now() + 240_000;
    while (!fs.existsSync(results)) {
      if (Date.now() > until) throw new Error('the diagnostics probe did not report');
      await new Promise((r) => setTimeout(r, 200));
    }
    const r = JSON.parse(fs.readFileSync(results, 'utf8')) as Partial<EditorResult> & { error?: string };
    if (r.error !== undefined || r.firstMs === undefined || r.allMs === undefined) throw new Error(r.error ?? 'no figure');
    return { bytes: text.length, findings: cli.findings, firstMs: r.firstMs, allMs: r.allMs, codeActionsMs: r.codeActionsMs ?? NaN, cliMs: cli.ms };
  } finally {
    await browser.close();
    await server.stop();
    if (process.env['KM_KEEP'] === '1') console.log(`kept ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void measureEditorDiagnostics().then((r) => console.log(JSON.stringify(r)));
}
