import { chromium, type Browser, type Page } from 'playwright-core';
import { assertPrerequisites } from './prerequisites';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with everything that would reach the internet turned off. */
export async function launchBrowser(): Promise<Browser> {
  assertPrerequisites('the tests in real VS Code', [{ command: CHROMIUM, debianPackage: 'chromium', why: `they drive VS Code in headless Chromium (looked for ${CHROMIUM}; CHROMIUM_PATH overrides it)` }]);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function newWorkbenchPage(browser: Browser, url: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}
