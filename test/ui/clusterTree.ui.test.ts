import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';
import { clusterRows, openClustersView, openWorkbench, type Workbench } from './workbench';

describe('Cluster tree on the demo clusters, as an operator sees it', () => {
  let wb: Workbench;
  const sims: RunningSimulator[] = [];
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-ui-sim-'));
    const scenarios = path.join(repoRoot, 'test', 'fixtures', 'scenarios');
    sims.push(await startSimulator({ scenario: path.join(scenarios, 'production.yaml'), contextName: 'production', kubeconfigPath: path.join(dir, 'p') }));
    sims.push(await startSimulator({ scenario: path.join(scenarios, 'staging.yaml'), contextName: 'staging', kubeconfigPath: path.join(dir, 's') }));
    const kubeconfig = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), sims, 'production');
    wb = await openWorkbench({ kubeconfig: () => kubeconfig });
  });

  after(async () => {
    await wb?.close();
    await Promise.all(sims.map((s) => s.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('expands production to its control plane and kubelet versions, with the skew problems marked', async () => {
    const { page } = wb;
    await openClustersView(page);
    const rows = clusterRows(page);
    const production = rows.filter({ has: page.locator('.label-name', { hasText: /^production$/ }) });
    await production.waitFor();
    await production.click();
    await rows.filter({ hasText: 'Control plane v1.33.4' }).waitFor({ timeout: 30_000 });
    const groups = rows.filter({ hasText: /^v1\.\d+\.\d+ · \d+ nodes?/ });
    await groups.first().waitFor();
    const names = await rows.locator('.label-name').allInnerTexts();
    assert.ok(names.includes('v1.29.15 · 1 node') || names.some((n) => n.startsWith('v1.29.15')), `a v1.29 group in ${names.join(' | ')}`);
    const old = rows.filter({ hasText: /^v1\.29\.15/ });
    assert.match(await old.locator('.label-description').innerText(), /skew violation/);
    const summary = await production.locator('.label-description').innerText();
    assert.match(summary, /^current · v1\.33\.4 · \d+ nodes · .*skew error/);
    // The node tooltip explains the violation in words.
    const oldNode = rows.filter({ hasText: 'worker-3' });
    await oldNode.hover();
    await page.locator('.monaco-hover, .custom-hover').filter({ hasText: 'minor versions older than kube-apiserver' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('cluster-tree-production');
  });
});
