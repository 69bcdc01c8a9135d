// Time from opening a 6,000-document manifest in real VS Code to its diagnostics, beside the CLI's
// scan of the same file (process start included), both in the same run. What a user sees is read
// in the window itself: when the file's first line is drawn and when the first squiggle is; the
// extension host reports when it asked for the file, when VS Code handed the document to
// extensions (VS Code's own cost of opening it) and when all diagnostics were present.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { repoRoot } from '../harness/paths';
import { startVscodeServer } from '../harness/vscodeServer';
import { prepareTestHome } from '../integration/testHome';
import { emptyExtensionPath } from './activation';
import { editorCorpus } from './editorCorpus';

const probe = path.join(repoRoot, 'out', 'test', 'bench', 'probe', 'diagnosticsProbe.js');

export interface EditorResult {
  readonly bytes: number;
  readonly findings: number;
  /** From asking for the file to the document handed to extensions: VS Code's own part. */
  readonly openedMs: number;
  /** To the file's first line drawn in the editor. */
  readonly textMs: number;
  /** To the first squiggle drawn in the editor. */
  readonly squiggleMs: number;
  /** To all of the file's diagnostics present in the extension host (VS Code reports it up to 50 ms late). */
  readonly allMs: number;
  /** From the document handed to extensions to all its diagnostics present: the extension's own part. */
  readonly analysisMs: number;
  readonly codeActionsMs: number;
  readonly cliMs: number;
}

interface ProbeResult {
  readonly startedAt: number;
  readonly openedAt: number;
  readonly allAt: number;
  readonly codeActionsMs: number;
  readonly error?: string;
}

interface PageTimes {
  readonly textAt?: number;
  readonly squiggleAt?: number;
}

function cliScan(file: string): { ms: number; findings: number; report: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'scan', file, '--target-version', '1.33', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (r.status !== 1) throw new Error(`CLI exited with ${r.status}: ${r.stderr.slice(-500)}`);
  return { ms, findings: (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length, report: r.stdout };
}

/**
 * Runs in the window from its first script on: notes when the first line and the first squiggle
 * appear. A string, not a function: tsx would compile a function with helpers the page lacks.
 */
function watchEditor(firstLine: string, markProfile: boolean): string {
  return `
    const firstLine = ${JSON.stringify(firstLine)};
    // with a renderer profile: a named frame at each moment, to find them in the samples
    const spin = (ms) => { const until = performance.now() + ms; while (performance.now() < until); };
    function kmTextDrawn() { if (${markProfile}) spin(3); }
    function kmSquiggleDrawn() { if (${markProfile}) spin(3); }
    const times = {};
    globalThis.kmTimes = times;
    const look = () => {
      const at = performance.timeOrigin + performance.now();
      if (times.textAt === undefined) {
        for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
          if ((line.textContent || '').replace(/\u00a0/g, ' ').includes(firstLine)) { times.textAt = at; kmTextDrawn(); break; }
        }
      }
      if (times.squiggleAt === undefined && document.querySelector('.monaco-editor [class*="squiggly-"]')) { times.squiggleAt = at; kmSquiggleDrawn(); }
      if (times.textAt !== undefined && times.squiggleAt !== undefined) observer.disconnect();
    };
    const observer = new MutationObserver(look);
    observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
  `;
}

async function pageTimes(page: Page): Promise<PageTimes> {
  return ((await page.evaluate('globalThis.kmTimes')) as PageTimes | undefined) ?? {};
}

/**
 * What runs in the fresh VS Code. `ours`: this extension analyses the file. `preset`: an empty
 * extension, and the probe sets the CLI's findings as diagnostics the moment the file opens: what
 * VS Code itself needs to open the file and draw the same diagnostics, with no analysis at all.
 * `preset-ours`: the same with this extension installed but its diagnostics turned off (what its
 * mere presence costs). KM_MODES=ours,preset,… runs single modes and prints each run.
 */
type Mode = 'ours' | 'preset' | 'preset-ours';

async function measureOnce(mode: Mode): Promise<EditorResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-editor-bench-'));
  const workspace = path.join(dataDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const file = path.join(workspace, 'all-apps.yaml');
  const text = editorCorpus();
  fs.writeFileSync(file, text);
  const cli = cliScan(file);
  const home = prepareTestHome(dataDir);
  const results = path.join(dataDir, 'editor.json');
  const preset = path.join(dataDir, 'preset.json');
  fs.writeFileSync(preset, cli.report);
  const extension = mode !== 'preset' ? { path: repoRoot, id: 'kubernetes-maintenance.kubernetes-maintenance' } : { path: emptyExtensionPath, id: 'kubernetes-maintenance.empty-extension' };
  const server = await startVscodeServer({
    dataDir,
    env: { HOME: home.home, KUBECONFIG: home.kubeconfigEnv, KM_BENCH_RESULTS: results, KM_BENCH_FILE: file, KM_BENCH_EXPECTED: String(cli.findings), KM_BENCH_EXTENSION: extension.id, KM_BENCH_PRESET: mode !== 'ours' ? preset : undefined, KM_BENCH_PROFILE: process.env['KM_BENCH_PROFILE'] },
    userSettings: { 'security.workspace.trust.enabled': false, 'kubeMaintenance.targetVersion': '1.33', ...(mode === 'preset-ours' ? { 'kubeMaintenance.deprecations.enabled': false } : {}) },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.addInitScript(watchEditor(text.slice(0, text.indexOf('\n')), process.env['KM_BENCH_RENDERER_PROFILE'] !== undefined));
    await page.goto(server.url(workspace, [
      ['extensionDevelopmentPath', server.remote(extension.path)],
      ['extensionTestsPath', server.remote(probe)],
    ]));
    const rendererProfile = process.env['KM_BENCH_RENDERER_PROFILE'];
    const cdp = rendererProfile ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const until = Date.now() + 240_000;
    while (!fs.existsSync(results)) {
      if (Date.now() > until) throw new Error('the diagnostics probe did not report');
      await new Promise((r) => setTimeout(r, 200));
    }
    const r = JSON.parse(fs.readFileSync(results, 'utf8')) as ProbeResult;
    if (r.error !== undefined) throw new Error(r.error);
    // the squiggle is drawn after the diagnostics reach the window: wait for it
    let seen = await pageTimes(page);
    for (let i = 0; i < 50 && (seen.squiggleAt === undefined || seen.textAt === undefined); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await pageTimes(page);
    }
    if (cdp && rendererProfile) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(`${rendererProfile}-${mode}.cpuprofile`, JSON.stringify(profile));
    }
    fs.writeFileSync(`${results}.read`, '');
    if (process.env['KM_SHOT']) await page.screenshot({ path: process.env['KM_SHOT'] });
    if (seen.squiggleAt === undefined || seen.textAt === undefined) throw new Error(`no squiggle or no text seen in the editor (${JSON.stringify(seen)}; ${String(await page.evaluate("Array.from(document.querySelectorAll('.monaco-editor .view-line')).slice(0, 3).map((l) => l.textContent).join(' | ') + ' squiggles: ' + document.querySelectorAll('.monaco-editor [class*=squiggly-]').length"))})`);
    // the machine may be busy: the CLI's figure is the median of a scan before and two after
    await browser.close();
    await server.stop();
    const cliMs = median([cli.ms, cliScan(file).ms, cliScan(file).ms]);
    return {
      bytes: text.length,
      findings: cli.findings,
      openedMs: r.openedAt - r.startedAt,
      textMs: seen.textAt - r.startedAt,
      squiggleMs: seen.squiggleAt - r.startedAt,
      allMs: r.allAt - r.startedAt,
      analysisMs: r.allAt - r.openedAt,
      codeActionsMs: r.codeActionsMs,
      cliMs,
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    if (process.env['KM_KEEP'] === '1') console.log(`kept ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export interface EditorFigures {
  readonly ours: EditorResult;
  /** VS Code alone, given the same diagnostics without analysing anything. */
  readonly preset: EditorResult;
}

/** Medians of several runs of each mode, alternating, the CLI baseline taken in the same runs. */
export async function measureEditorDiagnostics(runs = 3): Promise<EditorFigures> {
  const ours: EditorResult[] = [];
  const preset: EditorResult[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await measureOnce('ours'));
    preset.push(await measureOnce('preset'));
  }
  return { ours: medians(ours), preset: medians(preset) };
}

function medians(all: readonly EditorResult[]): EditorResult {
  const first = all[0];
  if (!first) throw new Error('no run');
  const pick = (key: keyof EditorResult): number => median(all.map((r) => r[key]));
  return {
    bytes: first.bytes,
    findings: first.findings,
    openedMs: pick('openedMs'),
    textMs: pick('textMs'),
    squiggleMs: pick('squiggleMs'),
    allMs: pick('allMs'),
    analysisMs: pick('analysisMs'),
    codeActionsMs: pick('codeActionsMs'),
    cliMs: pick('cliMs'),
  };
}

if (require.main === module && process.env['KM_MODES']) {
  void (async () => {
    for (const mode of (process.env['KM_MODES'] ?? '').split(',') as Mode[]) console.log(mode, JSON.stringify(await measureOnce(mode)));
  })();
} else if (require.main === module) {
  void measureEditorDiagnostics(Number(process.env['KM_RUNS'] ?? '1')).then((r) => console.log(JSON.stringify(r)));
}
