import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { hoverUntil, openWorkbench, type Workbench } from './workbench';

describe('Deprecated APIs in the editor, as a user sees them', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it('underlines a removed Ingress apiVersion and explains it on hover', async () => {
    const { page } = wb;
    // Quick Open, as a user opens a file.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('legacy-ingress.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'legacy-ingress.yaml' }).first().click();
    await page.locator('.tab', { hasText: 'legacy-ingress.yaml' }).waitFor();
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ timeout: 30_000 });
    // The status bar names the target version the file is checked against.
    await page.locator('.statusbar-item', { hasText: /1\.33/ }).first().waitFor();
    await hoverUntil(page, page.locator('.monaco-editor .view-line', { hasText: 'extensions/v1beta1' }).locator('span', { hasText: 'extensions/v1beta1' }).last(), 'networking.k8s.io/v1');
    const hover = page.locator('.monaco-hover').filter({ hasText: 'networking.k8s.io/v1' }).first();
    const text = await hover.innerText();
    assert.match(text, /extensions\/v1beta1/);
    assert.match(text, /1\.22/);
    await wb.screenshot('diagnostics-hover-ingress');
    // The Problems panel lists it too.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'extensions/v1beta1' }).first().waitFor();
  });
});
