import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UpgradePlan } from '../../../src/core/upgrade/planTypes';
import { activateExtension, admin, eventually, setSetting, simInfo } from './helpers';

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
    const plan = await vscode.commands.executeCommand<UpgradePlan | undefined>('kubeMaintenance.planUpgrade', 'sim-production', '1.34');
    assert.ok(plan, 'a plan was made');
    assert.equal(plan.from, '1.33.4');
    assert.deepEqual(plan.hops.map((h) => h.version), ['1.34']);
    // worker-3's kubelet v1.29 is four minors behind already; postgres' PDB allows no disruption.
    assert.ok(plan.hops[0].skew.some((s) => s.subject.startsWith('node/') && s.verdict === 'violation'));
    assert.equal(plan.checks.find((c) => c.id === 'pdb-disruptions')?.status, 'fail');
    assert.equal(plan.blocked, true);

    const report = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'kube-maintenance-plan', path: '/sim-production.md' }));
    assert.match(report.getText(), /^# Upgrade plan: sim-production, 1\.33\.4 → 1\.34/);
    assert.match(report.getText(), /## Hop to 1\.34 \(1\.34\.9\)/);

    const row = await eventually(async () => {
      const nodes = (await api.clusters.getChildren()) ?? [];
      for (const n of nodes) {
        const item = await api.clusters.getTreeItem(n);
        if ((typeof item.label === 'string' ? item.label : item.label?.label) === 'sim-production') return String(item.description ?? '');
      }
      return '';
    }, (d) => /next: 1\.34 · \d+ blockers/.test(d), 'the plan summary on the row', 10_000);
    assert.match(row, /next: 1\.34 · \d+ blockers/);
  });

  test('a managed cluster gets its platform command; a target below the cluster is refused', async () => {
    const plan = await vscode.commands.executeCommand<UpgradePlan | undefined>('kubeMaintenance.planUpgrade', 'sim-managed', '1.33');
    assert.ok(plan);
    assert.equal(plan.platform, 'eks');
    assert.match(plan.hops[0].upgradeCommand ?? '', /^aws eks update-cluster-version --name sim-managed --kubernetes-version 1\.33$/);
    const refused = await vscode.commands.executeCommand<UpgradePlan | undefined>('kubeMaintenance.planUpgrade', 'sim-managed', '1.30');
    assert.equal(refused, undefined);
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
    const before = await vscode.commands.executeCommand<UpgradePlan | undefined>('kubeMaintenance.planUpgrade', 'sim-faulty', '1.34');
    assert.ok(before?.hops[0].skew.some((s) => s.subject === 'node/worker-3'), 'worker-3 (kubelet v1.29) is in the way');
    await admin('sim-faulty').setKubeletVersion('worker-3', 'v1.33.4');
    const report = vscode.Uri.from({ scheme: 'kube-maintenance-plan', path: '/sim-faulty.md' });
    await eventually(
      async () => (await vscode.workspace.openTextDocument(report)).getText(),
      (text) => /## Hop to 1\.34/.test(text) && !/node\/worker-3/.test(text),
      'the report without worker-3',
      60_000,
    );
  });
});
