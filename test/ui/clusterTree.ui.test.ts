import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';
import { clusterRows, hoverUntil, openClustersView, openWorkbench, type Workbench } from './workbench';

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
    await hoverUntil(page, rows.filter({ hasText: 'worker-3' }), 'minor versions older than kube-apiserver');
    await wb.screenshot('cluster-tree-production');
  });

  it('lists the pods of a node from its right-click menu', async () => {
    const { page } = wb;
    const rows = clusterRows(page);
    const worker = rows.filter({ has: page.locator('.label-name', { hasText: /^worker-1$/ }) });
    await worker.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const entries = await menu.locator('.action-label').allInnerTexts();
    for (const expected of ['Show Node YAML', 'List Pods on Node', 'Copy Node Name']) assert.ok(entries.includes(expected), `menu has ${expected}: ${entries.join(', ')}`);
    // A menu ignores clicks in the first moments after it opens (so the right-click's own release does
    // not pick an entry); a person's next click comes later too.
    await page.waitForTimeout(500);
    await menu.locator('.action-label', { hasText: 'List Pods on Node' }).click();
    const picker = page.locator('.quick-input-widget');
    await picker.locator('.quick-input-title', { hasText: 'Pods on worker-1 (production)' }).waitFor();
    const pods = picker.locator('.monaco-list-row');
    await pods.first().waitFor();
    const labels = await pods.locator('.label-name').allInnerTexts();
    assert.ok(labels.length > 0 && labels.every((l) => /^[a-z0-9-]+\/[a-z0-9.-]+$/.test(l)), labels.join(', '));
    assert.ok(labels.some((l) => l.startsWith('kube-system/kube-proxy-')), `kube-proxy runs on every node: ${labels.join(', ')}`);
    await wb.screenshot('node-pods-quick-pick');
    await page.keyboard.press('Escape');
  });
});
