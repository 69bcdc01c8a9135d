import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';
import type { Pod } from '../sim/types';
import { clusterRows, openClustersView, openWorkbench, type Workbench } from './workbench';

// worker-2 of the demo "production" cluster runs a web replica, a CoreDNS replica, cache-warmer
// (an emptyDir pod no controller owns) and the two DaemonSets' pods.
const NODE = 'worker-2';

function nodeRow(page: Page, name: string): Locator {
  return clusterRows(page).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });
}

async function description(row: Locator): Promise<string> {
  return row.locator('.label-description').innerText();
}

function podCount(desc: string): number {
  const m = /(\d+)\/\d+ pods/.exec(desc);
  if (!m) throw new Error(`no pod count in "${desc}"`);
  return Number(m[1]);
}

/** Polls the UI until `probe` holds, failing with the last value seen. */
async function eventually<T>(what: string, read: () => Promise<T>, probe: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (probe(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: last seen ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function contextMenu(page: Page, row: Locator): Promise<Locator> {
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor();
  // A menu ignores clicks in the first moments after it opens; a person's next click comes later too.
  await page.waitForTimeout(500);
  return menu;
}

describe('Draining a demo node from the Clusters view, as an operator does it', () => {
  let wb: Workbench;
  let sim: RunningSimulator;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-ui-drain-'));
    sim = await startSimulator({ scenario: path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'production.yaml'), contextName: 'production', kubeconfigPath: path.join(dir, 'p') });
    const kubeconfig = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), [sim], 'production');
    wb = await openWorkbench({ kubeconfig: () => kubeconfig });
  });

  after(async () => {
    await wb?.close();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const podsOn = (node: string): Pod[] => (sim.cluster.store.podsOnNode(node) as Pod[]).filter((p) => !p.metadata.deletionTimestamp);
  const others = ['worker-1', 'worker-4'];
  let before2 = 0;
  let beforeOthers = 0;

  it('offers Drain Node… on a schedulable node and previews what the drain would do', async () => {
    const { page } = wb;
    await openClustersView(page, 640);
    const production = clusterRows(page).filter({ has: page.locator('.label-name', { hasText: /^production$/ }) });
    await production.waitFor();
    await production.click();
    const row = nodeRow(page, NODE);
    await row.waitFor({ timeout: 30_000 });
    // Wait until every pod of the scenario runs and the tree has counted them.
    const desc = await eventually('pods counted on worker-2', () => description(row), (d) => /\b5\/110 pods/.test(d));
    assert.doesNotMatch(desc, /SchedulingDisabled/);
    before2 = podCount(desc);
    beforeOthers = 0;
    for (const o of others) beforeOthers += podCount(await description(nodeRow(page, o)));

    const menu = await contextMenu(page, row);
    const entries = await menu.locator('.action-label').allInnerTexts();
    assert.ok(entries.includes('Drain Node…') && entries.includes('Cordon Node…'), `menu: ${entries.join(', ')}`);
    assert.ok(!entries.includes('Uncordon Node…'), `a schedulable node offers no uncordon: ${entries.join(', ')}`);
    await wb.screenshot('drain-node-menu');
    await menu.locator('.action-label', { hasText: 'Drain Node…' }).click();

    const picker = page.locator('.quick-input-widget');
    await picker.locator('.quick-input-title', { hasText: `Drain preview: node ${NODE} of production` }).waitFor();
    const items = picker.locator('.monaco-list-row');
    // With the default options the emptyDir pod blocks: the first item says so, and which flag allows it.
    await items.first().filter({ hasText: `Drain ${NODE} anyway` }).waitFor({ timeout: 30_000 });
    const blocked = items.filter({ hasText: 'shop/cache-warmer' });
    assert.match(await blocked.innerText(), /needs --delete-emptydir-data/);
    assert.match(await items.first().innerText(), /1 pod blocks it: the node is cordoned, nothing is evicted/);
    assert.match(await picker.innerText(), /shop\/web-[a-z0-9]+-[a-z0-9]+/);
    await wb.screenshot('drain-preview-blocked');

    // Toggling the option recomputes the preview. cache-warmer has no controller either, so it then
    // needs --force (kubectl's filters in order); with both, everything but the DaemonSet pods goes.
    const toggle = (flag: string): Promise<void> => items.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${flag}$`) }) }).click();
    await toggle('--delete-emptydir-data');
    await blocked.filter({ hasText: 'needs --force' }).waitFor({ timeout: 30_000 });
    assert.match(await blocked.innerText(), /no controller/);
    await toggle('--force');
    const first = items.first();
    await first.filter({ hasText: new RegExp(`Drain ${NODE}\\s*3 pods to evict · the other nodes have room for those recreated`) }).waitFor({ timeout: 30_000 });
    const text = await picker.innerText();
    assert.doesNotMatch(text, /Blocking the drain/);
    assert.match(text, /Evicted \(3\)/);
    assert.match(text, /Staying on the node \(2\)/);
    assert.match(text, /shop\/cache-warmer\s*not recreated: gone for good/);
    assert.match(text, /shop\/web\s*1 pod to evict · no wait/);
    assert.match(text, /maxUnavailable 1: allows 1 disruption now/);
    await wb.screenshot('drain-preview');
    await first.click();
  });

  it('asks for confirmation and a reason, shows progress, and leaves the node cordoned and empty', async () => {
    const { page } = wb;
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: `Drain node ${NODE} of context production?` }).waitFor();
    await wb.screenshot('drain-confirm');
    await dialog.locator('.monaco-button', { hasText: /^Drain$/ }).click();

    const picker = page.locator('.quick-input-widget');
    await picker.locator('.quick-input-title', { hasText: 'Reason' }).waitFor();
    assert.match(await picker.innerText(), new RegExp(`Why are you draining ${NODE}\\? Optional: it is recorded on the node with your name and the time\\.`));
    await page.keyboard.type('kernel patch');
    await wb.screenshot('drain-reason');
    await page.keyboard.press('Enter');

    // The server runs with the smoke-test driver, which keeps notifications out of toasts: the
    // notification center (the status bar's bell) shows the same progress and messages.
    await page.locator('[id="status.notifications"]').click();
    const center = page.locator('.notifications-center');
    await center.filter({ hasText: `Draining ${NODE}` }).filter({ hasText: /\d\/3 evicted/ }).waitFor({ timeout: 30_000 });
    await wb.screenshot('drain-progress');
    await center.filter({ hasText: `node/${NODE} drained: 3 pods evicted.` }).waitFor({ timeout: 90_000 });
    assert.doesNotMatch(await center.innerText(), new RegExp(`Draining ${NODE}`));
    const row = nodeRow(page, NODE);
    const desc = await eventually('worker-2 cordoned with only its DaemonSet pods', () => description(row), (d) => /SchedulingDisabled/.test(d) && podCount(d) === 2);
    assert.ok(podCount(desc) < before2);
    assert.match(desc, /cordoned .*: kernel patch/);
    // The controllers made the web and CoreDNS replicas again on the other nodes (cache-warmer has no controller).
    await eventually('replacements counted on the other nodes', async () => {
      let n = 0;
      for (const o of others) n += podCount(await description(nodeRow(page, o)));
      return n;
    }, (n) => n === beforeOthers + 2);
    const left = podsOn(NODE).map((p) => p.metadata.ownerReferences?.[0]?.kind);
    assert.deepEqual(left, ['DaemonSet', 'DaemonSet']);
    for (const app of ['web', 'kube-dns']) {
      const pods = sim.cluster.store.all('/pods').filter((p) => (p as Pod).metadata.labels?.['app'] === app || (p as Pod).metadata.labels?.['k8s-app'] === app) as Pod[];
      assert.ok(pods.length > 0 && pods.every((p) => p.spec.nodeName !== NODE), `${app} pods on ${pods.map((p) => p.spec.nodeName).join(', ')}`);
    }
    assert.equal(sim.cluster.store.get('/pods', 'shop', 'cache-warmer'), undefined);
    await page.mouse.move(5, 5);
    await wb.screenshot('drain-done');
    await page.keyboard.press('Escape');
  });

  it('uncordons the node from its right-click menu', async () => {
    const { page } = wb;
    const row = nodeRow(page, NODE);
    const menu = await contextMenu(page, row);
    const entries = await menu.locator('.action-label').allInnerTexts();
    assert.ok(entries.includes('Uncordon Node…') && !entries.includes('Cordon Node…'), `menu: ${entries.join(', ')}`);
    await menu.locator('.action-label', { hasText: 'Uncordon Node…' }).click();
    const desc = await eventually('worker-2 schedulable again', () => description(row), (d) => !/SchedulingDisabled/.test(d));
    assert.doesNotMatch(desc, /cordoned/);
    const node = sim.cluster.store.get('/nodes', undefined, NODE) as { spec?: { unschedulable?: boolean } };
    assert.notEqual(node.spec?.unschedulable, true);
    await page.mouse.move(5, 5);
    await wb.screenshot('drain-uncordoned');
  });
});
