import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeMaintenanceApi } from '../../../src/extension';
import type { ChecklistController, ChecklistUi } from '../../../src/features/checklist/checklistController';
import type { Prompter } from '../../../src/features/nodes/prompter';
import type { Step } from '../../../src/core/checklist/types';
import { activateExtension, admin, eventually, setSetting, simInfo } from './helpers';

const CONTEXT = 'sim-upgrade';

interface Asked {
  confirms: string[];
  inputs: string[];
}

/** Answers the checklist's questions as an operator would, and remembers what was asked. */
function operator(asked: Asked, answers: { choose?: string } = {}): ChecklistUi {
  return {
    async confirm(message) {
      asked.confirms.push(message);
      return true;
    },
    async input(prompt) {
      asked.inputs.push(prompt);
      return 'checked by the integration test operator';
    },
    async choose(message, _detail, options) {
      asked.confirms.push(message);
      return (options.find((o) => o === answers.choose) ?? options[0]) as typeof options[number];
    },
    async typeToConfirm(_p, expected) {
      return expected.length > 0;
    },
    info() {},
  };
}

const drainPrompter: Prompter = {
  async confirm() { return true; },
  async typeToConfirm() { return true; },
  async reason() { return 'upgrade'; },
  // As a person reading the preview and ticking each option it says would unblock a pod.
  async preview(request) {
    let options = request.options;
    for (let i = 0; i < 4; i++) {
      const preview = await request.compute(options, new AbortController().signal);
      const unblock = Object.fromEntries(preview.pods.flatMap((p) => (p.action === 'block' && p.unblockedBy ? [[p.unblockedBy, true]] : [])));
      if (Object.keys(unblock).length === 0) break;
      options = { ...options, ...unblock };
    }
    return options;
  },
};

function steps(c: ChecklistController): Step[] {
  return c.state.hops.flatMap((h) => h.steps);
}

function step(c: ChecklistController, kind: Step['kind'], node?: string): Step {
  const s = steps(c).find((x) => x.kind === kind && x.node === node);
  assert.ok(s, `a ${kind} step${node ? ` for ${node}` : ''}`);
  return s;
}

async function settled(c: ChecklistController, kind: Step['kind'], node?: string, timeoutMs = 60_000): Promise<Step> {
  return eventually(() => step(c, kind, node), (s) => s.status.kind !== 'pending' && s.status.kind !== 'running', `${kind}${node ? ` of ${node}` : ''} to finish`, timeoutMs);
}

/** The simulator's admin CLI as the operator's own upgrade tooling, run by the checklist in a terminal. */
function adminCommand(verb: string): string {
  const kubeconfig = simInfo().clusters[CONTEXT]?.kubeconfigPath ?? '';
  return `node --import tsx test/sim/main.ts admin --kubeconfig '${kubeconfig}' ${verb}`;
}

suite('Upgrade checklist: 1.33 → 1.34 on the simulated production cluster', function () {
  this.timeout(600_000);
  let api: KubeMaintenanceApi;
  let logFile: string;
  const asked: Asked = { confirms: [], inputs: [] };

  suiteSetup(async () => {
    api = await activateExtension();
    logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'km-log-')), 'maintenance-log.md');
    await setSetting('kubeconfig', simInfo().kubeconfig);
    await setSetting('kubectlPath', process.env['KM_KUBECTL']);
    await setSetting('maintenanceLog.file', logFile);
    await setSetting('upgrade.workingDirectory', process.env['KM_REPO']);
    await setSetting('upgrade.controlPlaneCommand', adminCommand('upgrade control-plane v${patch}'));
    await setSetting('upgrade.nodeCommand', adminCommand('upgrade kubelet ${node} v${patch}'));
    await setSetting('upgrade.waitTimeoutMinutes', 3);
    api.checklists.ui = operator(asked);
    api.nodeActions.prompter = drainPrompter;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('kubeMaintenance.discardChecklist', CONTEXT).then(undefined, () => undefined);
    for (const k of ['kubeconfig', 'kubectlPath', 'maintenanceLog.file', 'upgrade.workingDirectory', 'upgrade.controlPlaneCommand', 'upgrade.nodeCommand', 'upgrade.waitTimeoutMinutes']) await setSetting(k, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('walks the hop: a failing control-plane command fails its step with its output, then the control plane, every node and the verification', async () => {
    const c = await vscode.commands.executeCommand<ChecklistController>('kubeMaintenance.openUpgradeChecklist', CONTEXT, '1.34');
    assert.ok(c, 'the checklist opened');
    assert.deepEqual(c.state.hops.map((h) => `${h.from}→${h.to}`), ['1.33→1.34']);
    assert.ok(c.isDriving, 'this window drives it');
    const order = [...new Set(steps(c).filter((s) => s.section === 'nodes').map((s) => s.node))];
    assert.equal(order[0], 'cp-1', 'kubeadm: the control-plane node comes first');
    assert.equal(order[1], 'worker-3', 'then the node already cordoned');

    for (const kind of ['review-plan', 'backup', 'staging'] as const) {
      await c.handle({ type: 'start-step', stepId: step(c, kind).id });
      assert.equal((await settled(c, kind)).status.kind, 'done', `${kind} is done`);
    }

    // kubeadm refuses: two kubelets are five minors behind 1.34.
    await c.handle({ type: 'start-step', stepId: step(c, 'control-plane-upgrade').id });
    const refused = await settled(c, 'control-plane-upgrade');
    assert.equal(refused.status.kind, 'failed');
    const out = refused.evidence.find((e) => e.kind === 'output');
    assert.ok(out && out.kind === 'output', 'the command output is kept');
    assert.notEqual(out.exitCode, 0);
    assert.match(out.text, /kubelet/i, out.text);
    assert.ok(out.command?.includes('upgrade control-plane v1.34.'), out.command);

    // The operator upgrades the two old kubelets first, then runs the step again (asked to confirm).
    await admin(CONTEXT).setKubeletVersion('worker-3', 'v1.33.4');
    await admin(CONTEXT).setKubeletVersion('worker-4', 'v1.33.4');
    await eventually(() => [...c.cluster.nodes.values()], (nodes) => nodes.every((n) => !n.status?.nodeInfo?.kubeletVersion?.startsWith('v1.29') && n.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'True'), 'the old kubelets to be upgraded', 60_000);
    const before = asked.confirms.length;
    await c.handle({ type: 'start-step', stepId: step(c, 'control-plane-upgrade').id });
    assert.ok(asked.confirms.slice(before).some((m) => /again/.test(m)), `asked before running it again: ${asked.confirms.slice(before).join(' | ')}`);
    assert.equal((await settled(c, 'control-plane-upgrade', undefined, 180_000)).status.kind, 'done');
    await c.handle({ type: 'start-step', stepId: step(c, 'control-plane-wait').id });
    const waited = await settled(c, 'control-plane-wait', undefined, 180_000);
    assert.equal(waited.status.kind, 'done', JSON.stringify(waited.status));

    // "All remaining" stops on the first node whose drain would not finish (postgres's budget allows no
    // disruption; a cache pod uses emptyDir): the operator deals with it, resumes and drains that node by
    // hand through the preview (allowing emptyDir data to go), then lets the run go on.
    const sim = admin(CONTEXT);
    for (let round = 0; round < 6; round++) {
      await c.handle({ type: 'run-all-remaining' });
      await eventually(() => c.state, (s) => s.auto === 'manual' && !steps(c).some((x) => x.status.kind === 'running'), 'the node run to stop', 400_000);
      const failedDrain = steps(c).find((s) => s.status.kind === 'failed');
      if (!failedDrain) break;
      assert.equal(failedDrain.kind, 'drain', `${failedDrain.title} ${failedDrain.node}: ${JSON.stringify(failedDrain.status)}`);
      assert.match(JSON.stringify(failedDrain.status), /would not finish/);
      assert.match(c.state.paused?.reason ?? '', /first failure: Drain/, 'stopping on the first failure pauses the checklist');
      if (/postgres/.test(JSON.stringify(failedDrain.status))) {
        await sim.applyObject({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'postgres', namespace: 'data' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'postgres' } } } });
      }
      await c.handle({ type: 'resume' });
      await c.handle({ type: 'start-step', stepId: failedDrain.id });
      assert.equal((await settled(c, 'drain', failedDrain.node, 180_000)).status.kind, 'done', `the drain of ${failedDrain.node} by hand`);
    }
    const nodeSteps = steps(c).filter((s) => s.section === 'nodes');
    assert.deepEqual(nodeSteps.filter((s) => s.status.kind !== 'done').map((s) => `${s.node} ${s.kind} ${JSON.stringify(s.status)}`), []);
    const w3 = step(c, 'uncordon', 'worker-3');
    assert.match(JSON.stringify(w3.evidence), /was cordoned before/, 'worker-3 stays cordoned as it was');

    await c.handle({ type: 'start-step', stepId: step(c, 'kubectl-skew').id });
    assert.equal((await settled(c, 'kubectl-skew')).status.kind, 'done', 'kubectl v1.35 is within one minor of 1.34');
    const verify = await eventually(async () => {
      const s = step(c, 'verify-cluster');
      if (s.status.kind === 'pending' || s.status.kind === 'failed') await c.handle({ type: 'start-step', stepId: s.id });
      return settled(c, 'verify-cluster');
    }, (s) => s.status.kind === 'done', 'the cluster to verify', 120_000);
    assert.match(JSON.stringify(verify.evidence), /on 1\.34/);

    const info = await admin(CONTEXT).info();
    assert.match(info.version, /^v1\.34\./, 'the API server runs 1.34');

    const log = fs.readFileSync(logFile, 'utf8');
    assert.match(log, /^# Maintenance log/);
    assert.match(log, /## Maintenance window .*sim-upgrade/);
    assert.match(log, /\*\*failed\*\* · Upgrade the control plane to 1\.34[^\n]*\n\s+command `[^`]*upgrade control-plane v1\.34\.[^`]*` · exit status [1-9]/);
    assert.match(log, /\*\*done\*\* · Upgrade the control plane to 1\.34[^\n]*\n\s+command `[^`]*` · exit status 0/);
    for (const n of order) assert.match(log, new RegExp(`\\*\\*done\\*\\* · Drain · node \`${n}\``), `drain of ${n} logged`);
    const patch = /upgrade control-plane v(1\.34\.\d+)/.exec(log)?.[1];
    assert.ok(patch, 'the control plane was upgraded to a 1.34 patch');
    for (const n of order) assert.match(log, new RegExp(`upgrade kubelet ${n} v${patch.replace(/\./g, '\\.')}\``), `${n}'s kubelet gets the control plane's patch`);

    const exported = path.join(path.dirname(logFile), 'export.md');
    await vscode.commands.executeCommand('kubeMaintenance.exportChecklist', CONTEXT, exported);
    const md = fs.readFileSync(exported, 'utf8');
    assert.match(md, /1\.33 → 1\.34/);
    assert.match(md, /\[x\] Upgrade the control plane to 1\.34/);
  });

  test('a window reload while a node is being patched: reopened, the step is interrupted, never run again without asking', async () => {
    await setSetting('upgrade.patchCommand', `sleep 30; ${adminCommand('patch-os ${node} --kernel 6.8.0-1031-aws')}`);
    api.checklists.ui = operator(asked, { choose: 'Start New' });
    // The upgrade is finished: its panel is closed, which ends this window's part of it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually(() => api.checklists.controller(CONTEXT), (x) => x === undefined, 'the upgrade checklist to close');
    let c = await vscode.commands.executeCommand<ChecklistController>('kubeMaintenance.rollingNodeMaintenance', CONTEXT);
    assert.ok(c);
    assert.equal(c.state.mode, 'rolling');
    const first = c.state.hops[0]?.nodes[0]?.name;
    assert.ok(first);
    await c.handle({ type: 'start-step', stepId: step(c, 'drain', first).id });
    assert.equal((await settled(c, 'drain', first, 120_000)).status.kind, 'done');
    const patching = c.handle({ type: 'start-step', stepId: step(c, 'node-patch', first).id });
    await eventually(() => step(c, 'node-patch', first).status.kind, (k) => k === 'running', 'the patch to run', 30_000);

    // What a window reload does to the extension: everything is disposed while the step runs.
    api.checklists.dispose();
    await patching;
    api.checklists.ui = operator(asked, { choose: 'Open It' });
    c = await vscode.commands.executeCommand<ChecklistController>('kubeMaintenance.rollingNodeMaintenance', CONTEXT);
    assert.ok(c);
    const interrupted = step(c, 'node-patch', first);
    assert.equal(interrupted.status.kind, 'interrupted', JSON.stringify(interrupted.status));
    assert.match(JSON.stringify(interrupted.status), /may have run in part/);
    assert.ok(c.notes.some((n) => n.includes(first)), `the reload notes name ${first}: ${c.notes.join(' | ')}`);

    // Nothing runs by itself, and starting it again asks first.
    const before = asked.confirms.length;
    api.checklists.ui = { ...operator(asked), confirm: async (m) => { asked.confirms.push(m); return false; } };
    await c.handle({ type: 'start-step', stepId: interrupted.id });
    assert.ok(asked.confirms.slice(before).some((m) => /again/.test(m)));
    assert.equal(step(c, 'node-patch', first).status.kind, 'interrupted', 'declined: still interrupted');
    api.checklists.ui = operator(asked, { choose: 'It did not finish' });
    await c.handle({ type: 'resolve-interrupted', stepId: interrupted.id });
    assert.equal(step(c, 'node-patch', first).status.kind, 'failed');
    const log = fs.readFileSync(logFile, 'utf8');
    assert.match(log, /\*\*interrupted\*\* · Patch OS \/ kernel · node `[^`]+`/);
    assert.match(log, /\*\*checked\*\* · Patch OS \/ kernel[^\n]*\n\s+marked failed: checked by the integration test operator/);
    await setSetting('upgrade.patchCommand', undefined);
    await c.handle({ type: 'skip-node', node: first });
    assert.equal(step(c, 'uncordon', first).status.kind, 'skipped');
  });
});

