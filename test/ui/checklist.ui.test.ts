import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { ensureKubectl } from '../kubectl/getKubectl';
import { startSimulator, writeCombinedKubeconfig, type RunningSimulator } from '../sim/index';
import { clusterRows, openClustersView, openWorkbench, type Workbench } from './workbench';

// One hop of the demo production cluster (1.33 → 1.34) clicked through in the checklist panel: the
// control plane by the operator's command (here the simulator's admin CLI), then cp-1 and worker-3.

const ANSWER = 'checked by the UI test operator';

/** The checklist panel's frame, once it shows a checklist. */
async function checklistFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      if (await f.locator('main.checklist h1').count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(300);
  }
  throw new Error('no checklist panel appeared');
}

/**
 * Answers VS Code's own questions as an operator would until `done` holds: a modal dialog gets its
 * first (affirmative) button, a quick pick its first item, an input box a short note.
 */
async function answerUntil(page: Page, what: string, done: () => Promise<boolean>, timeoutMs = 240_000): Promise<string[]> {
  const seen: string[] = [];
  const end = Date.now() + timeoutMs;
  const dialog = page.locator('.monaco-dialog-box');
  const quick = page.locator('.quick-input-widget');
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`${what}: still waiting; asked: ${seen.join(' | ')}`);
    if (await dialog.isVisible().catch(() => false)) {
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      seen.push(text);
      await page.waitForTimeout(300);
      const buttons = dialog.locator('.dialog-buttons .monaco-button');
      const labels = await buttons.allInnerTexts();
      const i = labels.findIndex((l) => !/^cancel$/i.test(l.trim()));
      await buttons.nth(Math.max(0, i)).click();
    } else if (await quick.isVisible().catch(() => false)) {
      const title = (await quick.innerText()).replace(/\s+/g, ' ').slice(0, 200);
      seen.push(title);
      await page.waitForTimeout(300);
      const rows = quick.locator('.monaco-list-row');
      if ((await rows.count()) === 0) await page.keyboard.type(ANSWER);
      await page.keyboard.press('Enter');
    }
    await page.waitForTimeout(400);
  }
  return seen;
}

function stepStatus(frame: Frame, id: string) {
  return frame.locator(`[data-step="${id}"] > .step-head .step-status`);
}

async function statusOf(frame: Frame, id: string): Promise<string> {
  return (await stepStatus(frame, id).innerText().catch(() => '')).trim();
}

/** Clicks a step's button in the panel and answers what VS Code asks until the step is done. */
async function runStep(page: Page, frame: Frame, id: string, key = `start:${id}`): Promise<string[]> {
  await frame.locator(`[data-key="${key}"]`).click();
  const asked = await answerUntil(page, id, async () => {
    const s = await statusOf(frame, id);
    if (/^Failed/.test(s)) throw new Error(`${id} ${s}`);
    return /^(Done|Skipped)/.test(s);
  });
  return asked;
}

describe('The upgrade checklist panel, clicked through one hop of the demo production cluster', () => {
  let wb: Workbench;
  let sim: RunningSimulator;
  let dir: string;
  let logFile: string;
  let frame: Frame;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-ui-checklist-'));
    logFile = path.join(dir, 'maintenance-log.md');
    sim = await startSimulator({ scenario: path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'production.yaml'), contextName: 'production', kubeconfigPath: path.join(dir, 'production.kubeconfig') });
    // kubeadm refuses 1.34 while kubelets are more than three minors behind: the operator has fixed those.
    await sim.admin.setKubeletVersion('worker-3', 'v1.33.4');
    await sim.admin.setKubeletVersion('worker-4', 'v1.33.4');
    const kubeconfig = writeCombinedKubeconfig(path.join(dir, 'kubeconfig'), [sim], 'production');
    // The simulator's admin CLI behind a script in the test's directory, so the terminal in the
    // screenshots shows that directory and not where the repository happens to be checked out.
    const script = path.join(dir, 'sim-admin');
    fs.writeFileSync(script, `#!/bin/sh\ncd '${repoRoot}' && exec '${process.execPath}' --import tsx test/sim/main.ts admin --kubeconfig '${path.join(dir, 'production.kubeconfig')}' "$@"\n`, { mode: 0o755 });
    const admin = './sim-admin';
    const commands = {
      'kubeMaintenance.upgrade.controlPlaneCommand': `${admin} upgrade control-plane v\${patch}`,
      'kubeMaintenance.upgrade.nodeCommand': `${admin} upgrade kubelet \${node} v\${patch}`,
      'kubeMaintenance.upgrade.workingDirectory': dir,
      'kubeMaintenance.maintenanceLog.file': logFile,
    };
    const kubectl = await ensureKubectl();
    wb = await openWorkbench({
      kubeconfig: () => kubeconfig,
      settings: { ...commands, 'kubeMaintenance.upgrade.waitTimeoutMinutes': 3, 'kubeMaintenance.kubectlPath': kubectl },
      // Machine-overridable settings: in this remote window the workspace's settings carry them.
      prepare: (home) => {
        const file = path.join(home.workspace, '.vscode', 'settings.json');
        const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(file, JSON.stringify({ ...current, ...commands }, null, 2));
      },
    });
  });

  after(async () => {
    await wb?.close();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens from the cluster row and shows the hop, the next step and the node rows', async () => {
    const { page } = wb;
    await openClustersView(page);
    const production = clusterRows(page).filter({ has: page.locator('.label-name', { hasText: /^production$/ }) });
    await production.waitFor();
    await production.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    await page.waitForTimeout(500);
    await menu.locator('.action-label', { hasText: 'Open Upgrade Checklist…' }).click();
    let found: Frame | undefined;
    await answerUntil(page, 'the panel', async () => {
      found = await checklistFrame(page, 1_000).catch(() => undefined);
      return found !== undefined;
    }, 60_000);
    frame = found as Frame;
    assert.equal(await frame.locator('h1').innerText(), 'Upgrade 1.33 → 1.34');
    assert.match(await frame.locator('.cluster').innerText(), /Context production/);
    assert.match(await frame.locator('.drive').innerText(), /This window drives the checklist/);
    await frame.locator('[data-key="start:h0/plan/review-plan"]').waitFor();
    const nodes = await frame.locator('.node-name').allInnerTexts();
    assert.deepEqual(nodes.slice(0, 2), ['cp-1', 'worker-3'], 'kubeadm: the control-plane node first, then the cordoned one');
    await wb.screenshot('checklist-open');
  });

  it('plan, backup and staging, then the control plane by the configured command', async () => {
    const { page } = wb;
    for (const id of ['h0/plan/review-plan', 'h0/backup/backup', 'h0/staging/staging']) await runStep(page, frame, id);
    assert.match(await frame.locator('.section-control-plane pre.command').innerText(), /upgrade control-plane v1\.34\.\d+/);
    const asked = await runStep(page, frame, 'h0/control-plane/control-plane-upgrade');
    assert.ok(asked.some((a) => /Upgrade the control plane of production to 1\.34/.test(a)), `asked first: ${asked.join(' | ')}`);
    // Its evidence opened by itself while it ran.
    assert.equal(await frame.locator('[data-step="h0/control-plane/control-plane-upgrade"] button.disclosure').getAttribute('aria-expanded'), 'true');
    assert.match(await frame.locator('[data-step="h0/control-plane/control-plane-upgrade"] .evidence-list').innerText(), /exit status 0/);
    await runStep(page, frame, 'h0/control-plane/control-plane-wait');
    await wb.screenshot('checklist-control-plane');
  });

  it('cp-1 by its buttons: drain, upgrade, uncordon, verify', async () => {
    const { page } = wb;
    const n = 'h0/nodes/cp-1';
    await runStep(page, frame, `${n}/drain`);
    await frame.locator(`[data-key="start:${n}/node-upgrade"]`).click();
    // While it runs the panel shows the spinner and the cluster's health beside the step.
    await answerUntil(page, 'the upgrade to start', async () => (await frame.locator(`[data-step="${n}/node-upgrade"] .live`).count()) > 0, 60_000);
    assert.match(await frame.locator(`[data-step="${n}/node-upgrade"] .live`).innerText(), /Not ready pods \(\d+\)[\s\S]*Warning events \(\d+\)/);
    await wb.screenshot('checklist-node-running');
    await answerUntil(page, 'the upgrade of cp-1', async () => /^Done/.test(await statusOf(frame, `${n}/node-upgrade`)));
    await runStep(page, frame, `${n}/uncordon`);
    await runStep(page, frame, `${n}/node-verify`);
  });

  it('worker-3 by “Do the next node”, then the maintenance log tells what was done', async () => {
    const { page } = wb;
    await frame.locator('[data-key="nodes:next"]').click();
    await answerUntil(page, 'worker-3 to be verified', async () => {
      const s = await statusOf(frame, 'h0/nodes/worker-3/node-verify');
      if (/^Failed/.test(s)) throw new Error(s);
      const failed = await frame.locator('[data-step^="h0/nodes/worker-3/"] .step-status', { hasText: /^Failed/ }).allInnerTexts();
      if (failed.length > 0) throw new Error(failed.join('; '));
      return /^Done/.test(s);
    }, 400_000);
    assert.deepEqual(await frame.locator('[data-key="nodes:next"]').count(), 1, 'the next node can be started again');
    await frame.locator('[data-key="goto-step"]').click();
    await wb.screenshot('checklist-nodes');
    await frame.locator('[data-key="show-log"]').click();
    const editor = page.locator('.editor-instance .view-lines');
    await editor.filter({ hasText: /production/ }).first().waitFor({ timeout: 30_000 });
    await wb.screenshot('checklist-log');
    const log = fs.readFileSync(logFile, 'utf8');
    assert.match(log, /upgrade control-plane v1\.34/);
    assert.match(log, /cp-1/);
    assert.match(log, /worker-3/);
  });
});
