import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { clusterRows, hoverUntil, openClustersView, openWorkbench, type Workbench } from './workbench';

describe('Clusters view, as a user sees it', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the contexts of the kubeconfig when the activity-bar icon is clicked', async () => {
    const { page } = wb;
    await openClustersView(page);
    const rows = clusterRows(page);
    await rows.filter({ hasText: 'production' }).waitFor();
    assert.deepEqual(await rows.locator('.label-name').allInnerTexts(), ['dev', 'production', 'staging']);
    assert.deepEqual(await rows.locator('.label-description').allInnerTexts(), ['current', 'ns: apps']);
    await hoverUntil(page, rows.filter({ hasText: 'production' }), 'Server');
    await wb.screenshot('clusters-view');
  });
});

describe('Clusters view with a broken kubeconfig', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ kubeconfig: (home) => path.join(home.fixtures, 'kubeconfig', 'broken.yaml') });
  });
  after(async () => {
    await wb?.close();
  });

  it('says which file is broken and why, and offers to open it', async () => {
    const { page } = wb;
    await openClustersView(page);
    const message = page.locator('.pane-body .message', { hasText: 'Cannot use the kubeconfig' });
    await message.waitFor();
    assert.match(await message.innerText(), /^Cannot use the kubeconfig .*broken\.yaml \(line 7\): not valid YAML: .+/);
    const rows = clusterRows(page);
    await rows.first().waitFor();
    assert.deepEqual(await rows.locator('.label-name').allInnerTexts(), ['Open broken.yaml at line 7', 'Choose another kubeconfig file…', 'Reload']);
    await wb.screenshot('clusters-broken-kubeconfig');
    await rows.first().click();
    await page.locator('.tab', { hasText: 'broken.yaml' }).waitFor();
    // The editor opens at the line that breaks the file.
    await page.locator('.statusbar-item', { hasText: /Ln 7, Col 1/ }).waitFor();
  });
});

describe('Clusters view without any kubeconfig', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ kubeconfig: (home) => path.join(home.home, 'no-such-config') });
  });
  after(async () => {
    await wb?.close();
  });

  it('explains where it looked and offers to choose a file', async () => {
    const { page } = wb;
    await openClustersView(page);
    await page.locator('.pane-body .welcome-view-content', { hasText: 'none of the files listed in KUBECONFIG exist' }).waitFor();
    await page.locator('.pane-body .welcome-view-content .monaco-button, .pane-body .welcome-view-content a', { hasText: 'Choose a kubeconfig file' }).first().waitFor();
    await wb.screenshot('clusters-no-kubeconfig');
  });
});
