import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UpgradePlan } from '../../../src/core/upgrade/planTypes';
import { activateExtension, admin, eventually, setSetting, simInfo } from './helpers';

/** Other suites upgrade the simulated control planes, so versions are read, not assumed. */
async function minorOf(context: string): Promise<{ text: string; minor: number }> {
  const version = (await admin(context).info()).version.replace(/^v/, '');
  return { text: version.split(/[-+]/)[0] ?? version, minor: Number(version.split('.')[1]) };
}

async function plan(context: string, to: string): Promise<UpgradePlan | undefined> {
  return vscode.commands.executeCommand<UpgradePlan | undefined>('kubeMaintenance.planUpgrade', context, to);
}

suite('Plan Upgrade… against simulated clusters', () => {
  suiteSetup(async () => {
    await activateExtension();
    await setSetting('kubectlPath', process.env['KM_KUBECTL']);
    await setSetting('kubeconfig', simInfo().kubeconfig);
  });

  suiteTeardown(async () => {
    await setSetting('kubeconfig', undefined);
    await setSetting('kubectlPath', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('plans a context to a target, opens the report and puts the summary on the cluster row', async () => {
    const api = await activateExtension();
    const now = await minorOf('sim-production');
    const next = `1.${now.minor + 1}`;
    const p = await plan('sim-production', next);
    assert.ok(p, 'a plan was made');
    assert.equal(p.from, now.text);
    assert.deepEqual(p.hops.map((h) => h.version), [next]);
    assert.ok(p.checks.some((c) => c.id === 'pdb-disruptions') && p.checks.some((c) => c.id === 'backup'));

    const report = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'kube-maintenance-plan', path: '/sim-production.md' }));
    assert.ok(report.getText().startsWith(`# Upgrade plan: sim-production, ${now.text} → ${next}`), report.getText().slice(0, 200));
    assert.match(report.getText(), new RegExp(`## Hop to ${next.replace('.', '\\.')}`));

    const summary = new RegExp(`next: ${next.replace('.', '\\.')} · (\\d+ blockers?|no blockers)`);
    const row = await eventually(async () => {
      for (const n of (await api.clusters.getChildren()) ?? []) {
        const item = await api.clusters.getTreeItem(n);
        if ((typeof item.label === 'string' ? item.label : item.label?.label) === 'sim-production') return String(item.description ?? '');
      }
      return '';
    }, (d) => summary.test(d), 'the plan summary on the row', 10_000);
    assert.match(row, summary);
  });

  test('a managed cluster gets its platform command; a target below the cluster is refused', async () => {
    const now = await minorOf('sim-managed');
    const next = `1.${now.minor + 1}`;
    // The exec context: an earlier suite expires the static tokens of the simulated clusters.
    const p = await plan('sim-managed-exec', next);
    assert.ok(p);
    assert.equal(p.platform, 'eks');
    assert.equal(p.hops[0].upgradeCommand, `aws eks update-cluster-version --name sim-managed-exec --kubernetes-version ${next}`);
    assert.equal(await plan('sim-managed-exec', `1.${now.minor - 1}`), undefined);
  });
});

suite('Plan Upgrade… follows the cluster', () => {
  suiteSetup(async () => {
    await activateExtension();
    await setSetting('kubectlPath', process.env['KM_KUBECTL']);
    await setSetting('kubeconfig', simInfo().kubeconfig);
  });

  suiteTeardown(async () => {
    await setSetting('kubeconfig', undefined);
    await setSetting('kubectlPath', undefined);
  });

  test('the plan is made again when a blocking kubelet is upgraded', async () => {
    await admin('sim-faulty').clearFaults();
    const now = await minorOf('sim-faulty');
    const report = vscode.Uri.from({ scheme: 'kube-maintenance-plan', path: '/sim-faulty-exec.md' });
    // worker-3 four minors behind the control plane: out of the skew policy.
    await admin('sim-faulty').setKubeletVersion('worker-3', `v1.${now.minor - 4}.0`);
    const before = await eventually(() => plan('sim-faulty-exec', `1.${now.minor + 1}`), (p) => p?.hops[0].skew.some((s) => s.subject === 'node/worker-3') === true, 'worker-3 in the way', 30_000);
    assert.ok(before);
    await admin('sim-faulty').setKubeletVersion('worker-3', `v${now.text}`);
    await eventually(
      async () => (await vscode.workspace.openTextDocument(report)).getText(),
      (text) => /## Hop to /.test(text) && !/node\/worker-3/.test(text),
      'the report without worker-3',
      60_000,
    );
  });
});
