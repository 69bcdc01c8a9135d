import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';
import { clusterRows, openClustersView, openWorkbench, type Workbench } from './workbench';

/** The frame of the Markdown preview whose text matches, once it has rendered. */
async function previewFrame(frames: () => Frame[], text: RegExp, timeoutMs = 60_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of frames()) {
      const body = await f.locator('body').innerText({ timeout: 500 }).catch(() => '');
      if (text.test(body)) return f;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no preview shows ${text}`);
}

describe('Plan Upgrade… from a cluster row, as an operator uses it', () => {
  let wb: Workbench;
  const sims: RunningSimulator[] = [];
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-ui-plan-'));
    const scenarios = path.join(repoRoot, 'test', 'fixtures', 'scenarios');
    sims.push(await startSimulator({ scenario: path.join(scenarios, 'production.yaml'), contextName: 'production', kubeconfigPath: path.join(dir, 'p') }));
    sims.push(await startSimulator({ scenario: path.join(scenarios, 'staging.yaml'), contextName: 'staging', kubeconfigPath: path.join(dir, 's') }));
    const kubeconfig = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), sims, 'production');
    wb = await openWorkbench({ kubeconfig: () => kubeconfig, settings: { 'kubeMaintenance.stagingContexts': { production: 'staging' } } });
  });

  after(async () => {
    await wb?.close();
    await Promise.all(sims.map((s) => s.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('picks the target, opens the report and shows the summary on the row', async () => {
    const { page } = wb;
    await openClustersView(page);
    const rows = clusterRows(page);
    const production = rows.filter({ has: page.locator('.label-name', { hasText: /^production$/ }) });
    await production.waitFor();
    await production.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    await page.waitForTimeout(500);
    await menu.locator('.action-label', { hasText: 'Plan Upgrade…' }).click();
    const picker = page.locator('.quick-input-widget');
    await picker.locator('.quick-input-title', { hasText: /Plan Upgrade: target for production/ }).waitFor({ timeout: 30_000 });
    const first = picker.locator('.monaco-list-row').first();
    assert.match(await first.innerText(), /1\.34/);
    await first.click();
    const frame = await previewFrame(() => page.frames(), /Upgrade plan: production, 1\.33\.4 → 1\.34/);
    const text = await frame.locator('body').innerText();
    assert.match(text, /Hop to 1\.34/);
    assert.match(text, /PodDisruptionBudgets allow evictions/);
    await production.locator('.label-description', { hasText: /next: 1\.34 · \d+ blockers/ }).waitFor({ timeout: 30_000 });
    await wb.screenshot('plan-report');
  });
});
