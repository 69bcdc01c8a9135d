import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';
import { clusterRows, openClustersView, openWorkbench, type Workbench } from './workbench';

describe('Restricted Mode (untrusted workspace)', () => {
  let wb: Workbench;
  let sim: RunningSimulator;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-ui-trust-'));
    sim = await startSimulator({ scenario: path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'staging.yaml'), contextName: 'staging', kubeconfigPath: path.join(dir, 's') });
    const kubeconfig = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), [sim], 'staging');
    wb = await openWorkbench({
      trusted: false,
      kubeconfig: () => kubeconfig,
      prepare: (home) => {
        // A cloned repository tries to point the extension at its own kubeconfig.
        const settings = path.join(home.workspace, '.vscode', 'settings.json');
        const current = JSON.parse(fs.readFileSync(settings, 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(settings, JSON.stringify({ ...current, 'kubeMaintenance.kubeconfig': path.join(home.fixtures, 'kubeconfig', 'extra.yaml') }, null, 2));
      },
    });
  });

  after(async () => {
    await wb?.close();
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ignores the workspace kubeconfig setting, says why, and does not run exec plugins', async () => {
    const { page } = wb;
    await openClustersView(page);
    await page.locator('.pane-body .message', { hasText: 'Restricted Mode' }).waitFor();
    const rows = clusterRows(page);
    await rows.filter({ hasText: 'staging-exec' }).waitFor();
    // The contexts are those of KUBECONFIG, not of the workspace's extra.yaml ("dev").
    assert.deepEqual(await rows.locator('.label-name').allInnerTexts(), ['staging', 'staging-exec']);
    await rows.filter({ hasText: 'staging-exec' }).click();
    const error = rows.filter({ has: page.locator('.label-name', { hasText: /^Cannot connect$/ }) });
    await error.waitFor({ timeout: 30_000 });
    assert.match(await error.locator('.label-description').innerText(), /exec plugin, which is not run in an untrusted workspace/);
    // The context row names the failure in a few words too.
    assert.match(await rows.filter({ hasText: 'staging-exec' }).first().locator('.label-description').innerText(), /cannot connect/);
    await wb.screenshot('clusters-restricted-mode');
  });
});
