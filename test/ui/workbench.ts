import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newWorkbenchPage } from '../harness/browser';
import { repoRoot, resultsDir } from '../harness/paths';
import { startVscodeServer, type RunningServer } from '../harness/vscodeServer';
import { prepareTestHome, type TestHome } from '../integration/testHome';

export const VSIX = path.join(repoRoot, 'kubernetes-maintenance.vsix');

export interface Workbench {
  readonly page: Page;
  readonly home: TestHome;
  readonly server: RunningServer;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** KUBECONFIG for the extension host, given the private fixture copy; defaults to main.yaml:extra.yaml. */
  readonly kubeconfig?: (home: TestHome) => string;
  readonly settings?: Record<string, unknown>;
  readonly trusted?: boolean;
  /** Runs after the private fixture copy is made, before VS Code starts. */
  readonly prepare?: (home: TestHome) => void;
}

/** Real VS Code in Chromium with the packaged extension installed from the .vsix, as a user has it. */
export async function openWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first (npm run test:ui does).`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-ui-'));
  const home = prepareTestHome(dataDir);
  opts.prepare?.(home);
  const server = await startVscodeServer({
    dataDir,
    env: { HOME: home.home, KUBECONFIG: opts.kubeconfig ? opts.kubeconfig(home) : home.kubeconfigEnv },
    userSettings: { 'security.workspace.trust.enabled': !(opts.trusted ?? true), 'workbench.colorTheme': 'Default Dark Modern', 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true, 'chat.commandCenter.enabled': false, ...opts.settings },
    installVsix: [VSIX],
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await newWorkbenchPage(browser, server.url(home.workspace));
    const b = browser;
    return {
      page,
      home,
      server,
      async screenshot(name) {
        fs.mkdirSync(resultsDir, { recursive: true });
        const file = path.join(resultsDir, `${name}.png`);
        await page.screenshot({ path: file });
        // README pictures come from here: KM_UPDATE_SCREENSHOTS=1 npm run test:ui refreshes them.
        if (process.env['KM_UPDATE_SCREENSHOTS'] === '1') {
          const dir = path.join(repoRoot, 'media', 'screenshots');
          fs.mkdirSync(dir, { recursive: true });
          fs.copyFileSync(file, path.join(dir, `${name}.png`));
        }
        return file;
      },
      async close() {
        await b.close();
        await server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
}

/** Opens our activity-bar container, wide enough to read the rows' descriptions. */
export async function openClustersView(page: Page, width = 560): Promise<void> {
  await page.locator('.activitybar .action-label[aria-label^="Kubernetes Maintenance"]').click();
  await page.locator('.pane-header[aria-label^="Clusters"]').waitFor({ state: 'attached' });
  const box = await page.locator('.part.sidebar').boundingBox();
  if (box && box.width < width) {
    // Drag the sash on the side bar's right edge, as a user widens it.
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width + 1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + width, y, { steps: 5 });
    await page.mouse.up();
  }
}

export function clusterRows(page: Page) {
  return page.locator('.pane-body .monaco-list-row');
}

/** Hovers a row until its tooltip shows the expected text (a tree refresh can dismiss a hover). */
export async function hoverUntil(page: Page, target: ReturnType<Page['locator']>, text: string | RegExp, attempts = 4): Promise<void> {
  const tooltip = page.locator('.monaco-hover, .custom-hover').filter({ hasText: text }).first();
  for (let i = 1; ; i++) {
    await page.mouse.move(5, 5);
    await target.hover();
    try {
      await tooltip.waitFor({ timeout: 8_000 });
      return;
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}
