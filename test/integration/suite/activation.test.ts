import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, admin, eventually, fixtures, setSetting, simInfo, EXTENSION_ID } from './helpers';
import type { KubeMaintenanceApi } from '../../../src/extension';

async function contextRows(api: KubeMaintenanceApi): Promise<{ label: string; description: string; context: string }[]> {
  const nodes = (await api.clusters.getChildren()) ?? [];
  return Promise.all(
    nodes.map(async (n) => {
      const item = await api.clusters.getTreeItem(n);
      return { label: String(item.label), description: String(item.description ?? ''), context: item.contextValue ?? '' };
    }),
  );
}

suite('Foundation: activation and the Clusters view', () => {
  let api: KubeMaintenanceApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });

  teardown(async () => {
    await setSetting('kubeconfig', undefined);
  });

  test('activates without loading the Kubernetes client', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(api.isKubernetesClientLoaded(), false);
  });

  test('registers its commands, each with a category', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string; category?: string }[] } };
    assert.ok(pkg.contributes.commands.length >= 4);
    for (const c of pkg.contributes.commands) {
      assert.ok(all.has(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'Kubernetes Maintenance', `${c.command} has the category`);
    }
  });

  test('lists the contexts of KUBECONFIG merged like kubectl, the current one marked', async () => {
    const rows = await contextRows(api);
    assert.deepEqual(rows.map((r) => r.label), ['dev', 'production', 'staging']);
    const prod = rows.find((r) => r.label === 'production');
    assert.equal(prod?.context, 'context:current:idle');
    assert.match(prod?.description ?? '', /^current/);
    // main.yaml comes first in KUBECONFIG, so its staging context (namespace apps) wins over extra.yaml's.
    assert.equal(rows.find((r) => r.label === 'staging')?.description, 'ns: apps');
    assert.equal(rows.find((r) => r.label === 'dev')?.context, 'context:idle');
    assert.equal(api.clustersView.message, undefined);
  });

  test('the kubeMaintenance.kubeconfig setting overrides KUBECONFIG', async () => {
    await setSetting('kubeconfig', fixtures('kubeconfig', 'extra.yaml'));
    const rows = await eventually(() => contextRows(api), (r) => r.length === 2 && r[0]?.label === 'dev', 'contexts of extra.yaml');
    assert.equal(rows[0]?.context, 'context:current:idle');
  });

  test('a broken kubeconfig replaces the contexts with a message naming the file, the line and why, and ways out', async () => {
    const file = fixtures('kubeconfig', 'broken.yaml');
    await setSetting('kubeconfig', file);
    const rows = await eventually(() => contextRows(api), (r) => r[0]?.context === 'action', 'the broken-file rows');
    assert.deepEqual(rows.map((r) => r.label), ['Open broken.yaml at line 7', 'Choose another kubeconfig file…', 'Reload']);
    const message = api.clustersView.message ?? '';
    assert.ok(message.includes(file), `message names the file: ${message}`);
    assert.match(message, /\(line \d+\): not valid YAML/);
  });

  test('a missing kubeconfig file named by the setting is reported, naming it', async () => {
    const file = fixtures('kubeconfig', 'nope.yaml');
    await setSetting('kubeconfig', file);
    await eventually(() => contextRows(api), (r) => r[0]?.label === 'Open nope.yaml', 'the broken-file rows');
    assert.equal(api.clustersView.message, `Cannot use the kubeconfig ${file}: does not exist (set by kubeMaintenance.kubeconfig)`);
  });

  test('an edit to the kubeconfig file shows up in the tree without a refresh', async () => {
    const file = fixtures('kubeconfig', 'live.yaml');
    fs.copyFileSync(fixtures('kubeconfig', 'extra.yaml'), file);
    await setSetting('kubeconfig', file);
    await eventually(() => contextRows(api), (r) => r.length === 2, 'contexts of live.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('- name: staging\n  context:', '- name: added-later\n  context:'));
    const rows = await eventually(() => contextRows(api), (r) => r.some((x) => x.label === 'added-later'), 'the renamed context', 15_000);
    assert.deepEqual(rows.map((r) => r.label), ['added-later', 'dev']);
  });

  test('with the target version on auto, nothing reaches a cluster until a Kubernetes manifest is opened', async () => {
    const config = vscode.workspace.getConfiguration('kubeMaintenance');
    const sim = admin('sim-production');
    const before = (await sim.info()).apiRequests;
    // The simulated kubeconfig's current context is sim-production; the workspace pins 1.33, so auto is set there.
    await setSetting('kubeconfig', simInfo().kubeconfig);
    await config.update('targetVersion', 'auto', vscode.ConfigurationTarget.Workspace);
    try {
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(api.isKubernetesClientLoaded(), false, 'the Kubernetes client is not even loaded');
      assert.equal((await sim.info()).apiRequests, before, 'no request reached the current context');
      const notManifest = await vscode.workspace.openTextDocument(fixtures('workspace', 'docker-compose.yaml'));
      await vscode.window.showTextDocument(notManifest);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal((await sim.info()).apiRequests, before, 'a YAML file that is no manifest asks nothing');
      const manifest = await vscode.workspace.openTextDocument(fixtures('workspace', 'deploy', 'storefront.yaml'));
      await vscode.window.showTextDocument(manifest);
      await eventually(async () => (await sim.info()).apiRequests, (n) => n > before, 'the server version to be asked once a manifest is open');
      assert.equal(api.isKubernetesClientLoaded(), true);
    } finally {
      await config.update('targetVersion', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
