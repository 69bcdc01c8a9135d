// What a new user sees after `npm run demo`, in a fresh browser profile at a common laptop size.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { resultsDir } from '../harness/paths';
import { DEMO_MANIFEST, startDemo, type Demo } from './demo';

interface Observed {
  themes: string[];
}

/** Opens the demo in a new browser profile, recording every theme class the workbench ever had. */
async function openDemo(browser: Browser, url: string, colorScheme: 'dark' | 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  // A string, not a function: tsx would compile a function with helpers the page does not have.
  await page.addInitScript(`
    const observed = { themes: [] };
    globalThis.__observed = observed;
    const record = () => {
      const wb = document.querySelector('.monaco-workbench');
      const theme = wb && ['vs-dark', 'vs', 'hc-black', 'hc-light'].find((c) => wb.classList.contains(c));
      if (theme && observed.themes[observed.themes.length - 1] !== theme) observed.themes.push(theme);
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  `);
  await page.goto(url);
  return page;
}

const sideBarTitle = '.part.sidebar .composite.title .title-label h2';

describe('npm run demo', { timeout: 300_000 }, () => {
  let demo: Demo;
  let browser: Browser;
  before(async () => {
    demo = await startDemo({ log: () => undefined });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  for (const scheme of ['dark', 'light'] as const) {
    it(`opens on a tidy workbench in one ${scheme} theme: our view readable, a manifest with a finding, nothing unrelated`, async () => {
      const page = await openDemo(browser, demo.url, scheme);
      const title = page.locator(sideBarTitle);
      await title.filter({ hasText: /Kubernetes Maintenance/i }).waitFor({ timeout: 120_000 });
      const tab = page.locator('.tabs-container .tab', { hasText: path.basename(DEMO_MANIFEST) });
      await tab.waitFor({ timeout: 60_000 });
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
      await page.locator('.part.sidebar .monaco-list-row', { hasText: 'production' }).first().waitFor({ timeout: 60_000 });
      fs.mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: path.join(resultsDir, `demo-${scheme}.png`) });

      const themes = (await page.evaluate('globalThis.__observed')) as Observed;
      assert.deepEqual(themes.themes, [scheme === 'dark' ? 'vs-dark' : 'vs'], 'the first frame already has the theme the workbench keeps');
      const cut = await title.evaluate((el) => el.scrollWidth > el.clientWidth);
      assert.equal(cut, false, `the view title "${await title.innerText()}" fits the default side bar`);
      assert.equal(await page.locator('.part.auxiliarybar').isVisible(), false, 'no Chat or other secondary side bar');
      assert.equal(await page.locator('.part.panel').isVisible(), false, 'no bottom panel');
      assert.equal(await page.locator('.tabs-container .tab').count(), 1, 'only the sample manifest is open');
      await page.context().close();
    });
  }
});
