import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KubeMaintenanceApi } from '../../../src/extension';
import type { ClusterNode } from '../../../src/features/clusters/treeItems';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URL_SECRET } from '../simClusters';
import { activateExtension, admin, eventually, setSetting, simInfo } from './helpers';

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

interface Row {
  readonly node: ClusterNode;
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
  readonly tooltip: string;
}


async function rows(api: KubeMaintenanceApi, parent?: ClusterNode): Promise<Row[]> {
  const nodes = (await api.clusters.getChildren(parent)) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await api.clusters.getTreeItem(node);
      // Markdown escapes are dropped so assertions read like the rendered tooltip.
      const tooltip = (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '')).replace(/\\(.)/g, '$1');
      return { node, label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), description: String(item.description ?? ''), contextValue: item.contextValue ?? '', tooltip };
    }),
  );
}

async function contextRow(api: KubeMaintenanceApi, name: string): Promise<Row> {
  const row = (await rows(api)).find((r) => r.label === name);
  if (!row) throw new Error(`context ${name} is not in the tree`);
  return row;
}

/** The children of a context once its cluster has answered (or failed). */
async function loaded(api: KubeMaintenanceApi, name: string, accept: (r: Row[]) => boolean = () => true): Promise<Row[]> {
  const ctx = await contextRow(api, name);
  return eventually(() => rows(api, ctx.node), (r) => r.length > 0 && !r.some((x) => x.label === 'Loading…') && accept(r), `${name} to load`, 20_000);
}

async function allNodeRows(api: KubeMaintenanceApi, name: string): Promise<Row[]> {
  const top = await loaded(api, name);
  const out: Row[] = [];
  for (const r of top) {
    if (r.node.kind === 'node') out.push(r);
    if (r.node.kind === 'versionGroup') out.push(...(await rows(api, r.node)));
  }
  return out;
}

suite('Cluster tree against simulated clusters', () => {
  let api: KubeMaintenanceApi;

  suiteSetup(async () => {
    api = await activateExtension();
    // The real kubectl v1.35.2, so the local-kubectl skew check does not depend on this machine.
    await setSetting('kubectlPath', process.env['KM_KUBECTL']);
    await setSetting('kubeconfig', simInfo().kubeconfig);
    await eventually(() => rows(api), (r) => r.some((x) => x.label === 'sim-production'), 'the simulated contexts');
  });

  suiteTeardown(async () => {
    await setSetting('kubeconfig', undefined);
    await setSetting('groupNodesBy', undefined);
    await setSetting('kubectlPath', undefined);
  });

  test('a context expands to its control plane with component versions, then nodes grouped by kubelet version', async () => {
    const top = await loaded(api, 'sim-production');
    const cp = top.find((r) => r.node.kind === 'controlPlane');
    assert.equal(cp?.label, 'Control plane v1.33.4');
    assert.match(cp?.description ?? '', /4 components/);
    const components = await rows(api, cp?.node);
    assert.deepEqual(
      components.map((c) => `${c.label} ${c.description.split(' · ')[0]}`).sort(),
      ['etcd 3.5.21-0', 'kube-apiserver v1.33.4', 'kube-controller-manager v1.33.4', 'kube-scheduler v1.33.4'],
    );
    const groups = top.filter((r) => r.node.kind === 'versionGroup').map((r) => r.label);
    assert.deepEqual(groups.map((g) => g.split(' · ')[0]), ['v1.33.4', 'v1.31.12', 'v1.29.15']);
    assert.match(groups[0] ?? '', /· \d+ nodes?$/);
    const kubectl = top.find((r) => r.label === 'Local kubectl');
    assert.match(kubectl?.description ?? '', /kubectl v1\.35\.2 is 2 minor versions newer than kube-apiserver v1\.33\.4/);
  });

  test('the kubelet four minors behind is a skew violation, three behind blocks the next upgrade', async () => {
    const top = await loaded(api, 'sim-production');
    const old = top.find((r) => r.label.startsWith('v1.29.15'));
    assert.match(old?.description ?? '', /skew violation/);
    assert.match(old?.contextValue ?? '', /skew-error/);
    const nodes = await rows(api, old?.node);
    assert.ok(nodes.length > 0);
    for (const n of nodes) {
      assert.match(n.contextValue, /^node:(ready|notready):(schedulable|cordoned):skew-error$/);
      assert.match(n.tooltip, /kubelet v1\.29\.15 is 4 minor versions older than kube-apiserver v1\.33\.4/);
    }
    const ctx = await contextRow(api, 'sim-production');
    assert.match(ctx.description, /^current · v1\.33\.4 · \d+ nodes · \d+ skew errors?/);
  });

  test('each node shows readiness, cordon state and its versions; the tooltip has everything', async () => {
    const nodes = await allNodeRows(api, 'sim-production');
    const worker3 = nodes.find((n) => n.label === 'worker-3');
    assert.ok(worker3, 'worker-3 is listed');
    assert.match(worker3.contextValue, /^node:ready:cordoned/);
    assert.match(worker3.description, /Ready,SchedulingDisabled/);
    for (const field of ['kubelet', 'kube-proxy', 'Container runtime', 'OS image', 'Kernel', 'Architecture', 'Pods', 'Taints']) {
      assert.ok(worker3.tooltip.includes(`| ${field} |`), `tooltip has ${field}`);
    }
    const cp1 = nodes.find((n) => n.label === 'cp-1');
    assert.match(cp1?.description ?? '', /^control-plane · Ready/);
    assert.match(cp1?.tooltip ?? '', /node-role\.kubernetes\.io\/control-plane:NoSchedule/);
  });

  test('a managed control plane has no component pods and says so', async () => {
    const top = await loaded(api, 'sim-managed');
    const cp = top.find((r) => r.node.kind === 'controlPlane');
    assert.equal(cp?.label, 'Control plane v1.32.5-eks-5d4a308');
    assert.match(cp?.description ?? '', /managed control plane/);
    assert.equal(cp?.contextValue, 'controlPlane:managed');
    assert.deepEqual((await rows(api, cp?.node)).length, 0);
  });

  test('the flat list shows each node with its kubelet version', async () => {
    await setSetting('groupNodesBy', 'none');
    const top = await eventually(() => loaded(api, 'sim-managed'), (r) => r.some((x) => x.node.kind === 'node'), 'flat node rows');
    const nodes = top.filter((r) => r.node.kind === 'node');
    assert.deepEqual(nodes.map((n) => n.label), ['ip-10-0-1-17.ec2.internal', 'ip-10-0-2-33.ec2.internal']);
    assert.match(nodes[1]?.description ?? '', /v1\.31\.9-eks-5d4a308/);
    await setSetting('groupNodesBy', undefined);
  });

  test('a cordon, a Ready flip and a kubelet upgrade show up live', async () => {
    await loaded(api, 'sim-production');
    const sim = admin('sim-production');
    await sim.setNodeReady('worker-1', false);
    const notReady = await eventually(() => allNodeRows(api, 'sim-production'), (r) => /^node:notready/.test(r.find((n) => n.label === 'worker-1')?.contextValue ?? ''), 'worker-1 NotReady', 10_000);
    assert.match(notReady.find((n) => n.label === 'worker-1')?.description ?? '', /NotReady/);
    await sim.setNodeReady('worker-1', true);
    await eventually(() => allNodeRows(api, 'sim-production'), (r) => /^node:ready/.test(r.find((n) => n.label === 'worker-1')?.contextValue ?? ''), 'worker-1 Ready again', 10_000);
    await sim.setControlPlaneVersion('v1.34.1');
    await sim.setKubeletVersion('worker-2', 'v1.34.1');
    const top = await eventually(() => loaded(api, 'sim-production'), (r) => r.some((x) => x.label.startsWith('v1.34.1')), 'a v1.34.1 kubelet group', 20_000);
    assert.ok(top.some((x) => x.label.startsWith('v1.34.1 · 1 node')));
  });

  test('a dropped watch reconnects and still sees changes', async () => {
    await loaded(api, 'sim-managed');
    const sim = admin('sim-managed');
    await sim.dropWatches('reset');
    await sim.setNodeReady('ip-10-0-1-17.ec2.internal', false);
    await eventually(() => allNodeRows(api, 'sim-managed'), (r) => /^node:notready/.test(r.find((n) => n.label === 'ip-10-0-1-17.ec2.internal')?.contextValue ?? ''), 'the change after reconnecting', 15_000);
    await sim.setNodeReady('ip-10-0-1-17.ec2.internal', true);
  });

  test('RBAC denial is a tree item naming the verb and resource, and retry recovers', async () => {
    const sim = admin('sim-faulty');
    await sim.addFault({ match: { verb: 'list', resource: 'nodes' }, error: { code: 403, reason: 'Forbidden', message: 'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope' } });
    const failed = await loaded(api, 'sim-faulty', (r) => r[0]?.node.kind === 'error');
    assert.equal(failed[0]?.label, 'Access denied (403)');
    assert.match(failed[0]?.description ?? '', /^Access denied to list nodes \(403 Forbidden\): nodes is forbidden: User "jane" cannot list resource "nodes"/);
    assert.equal(failed[0]?.contextValue, 'clusterError');
    assert.match((await contextRow(api, 'sim-faulty')).description, /access denied/);
    await sim.clearFaults();
    await vscode.commands.executeCommand('kubeMaintenance.retryCluster', 'sim-faulty');
    await loaded(api, 'sim-faulty', (r) => r.some((x) => x.node.kind === 'controlPlane'));
  });

  test('an expired token shows as 401 with a hint', async () => {
    const sim = admin('sim-faulty');
    await sim.expireTokens();
    await vscode.commands.executeCommand('kubeMaintenance.retryCluster', 'sim-faulty');
    const failed = await loaded(api, 'sim-faulty', (r) => r[0]?.node.kind === 'error');
    assert.equal(failed[0]?.label, 'Not authorised (401)');
    assert.match(failed[0]?.description ?? '', /token or certificate may have expired/);
  });

  test('the exec-plugin user of the same cluster still connects after the token expired', async () => {
    const top = await loaded(api, 'sim-faulty-exec');
    assert.ok(top.some((r) => r.node.kind === 'controlPlane'));
  });

  test('a slow server times out: its last data stays, marked reconnecting with the reason, and it recovers by itself', async () => {
    const sim = admin('sim-faulty');
    await sim.clearFaults();
    await setSetting('requestTimeoutSeconds', 1);
    await sim.addFault({ match: { verb: 'list', resource: 'nodes' }, latencyMs: 3000 });
    await vscode.commands.executeCommand('kubeMaintenance.retryCluster', 'sim-faulty-exec');
    const stale = await loaded(api, 'sim-faulty-exec', (r) => r[0]?.label === 'Reconnecting…' && r[0].description !== '');
    assert.match(stale[0]?.description ?? '', /^No answer from the cluster to list nodes within 1 s/);
    assert.ok(stale.some((x) => x.node.kind === 'controlPlane'), 'the last data is still shown');
    await sim.clearFaults();
    await setSetting('requestTimeoutSeconds', undefined);
    // No retry command: the back-off brings it back once the server answers.
    await loaded(api, 'sim-faulty-exec', (r) => r[0]?.label !== 'Reconnecting…' && r.some((x) => x.node.kind === 'controlPlane'));
  });

  test('a slow server on the first load is a "Timed out" row that retries by itself', async () => {
    const sim = admin('sim-production');
    await setSetting('requestTimeoutSeconds', 1);
    await sim.addFault({ match: { verb: 'list', resource: 'nodes' }, latencyMs: 3000 });
    try {
      const failed = await loaded(api, 'sim-production-exec', (r) => r[0]?.node.kind === 'error');
      assert.equal(failed[0]?.label, 'Timed out');
      assert.match(failed[0]?.description ?? '', /No answer from the cluster to list nodes within 1 s · retrying in \d+ s/);
    } finally {
      await sim.clearFaults();
      await setSetting('requestTimeoutSeconds', undefined);
    }
    await loaded(api, 'sim-production-exec', (r) => r.some((x) => x.node.kind === 'controlPlane'));
  });

  test('a failing exec credential plugin is a tree item that says so', async () => {
    const failed = await loaded(api, 'sim-broken-exec', (r) => r[0]?.node.kind === 'error');
    assert.equal(failed[0]?.label, 'Credential plugin failed');
    assert.match(failed[0]?.description ?? '', /^The credential plugin ".*no-such-credential-helper" of context "sim-broken-exec" does not exist/);
  });

  test('a server whose certificate does not match the kubeconfig CA is a TLS error item', async () => {
    const failed = await loaded(api, 'sim-wrong-ca', (r) => r[0]?.node.kind === 'error');
    assert.equal(failed[0]?.label, 'TLS error');
    assert.match(failed[0]?.description ?? '', /^The cluster's certificate is not signed by a certificate authority this kubeconfig trusts \(x509: certificate signed by unknown authority\)/);
    assert.match(failed[0]?.tooltip ?? '', /Detail: /);
  });

  test('an unreachable server is a tree item, not a pop-up', async () => {
    await setSetting('kubeconfig', undefined);
    await eventually(() => rows(api), (r) => r.some((x) => x.label === 'production'), 'the fixture contexts');
    const failed = await loaded(api, 'production', (r) => r[0]?.node.kind === 'error');
    assert.equal(failed[0]?.label, 'Cluster unreachable');
    assert.match(failed[0]?.description ?? '', /connection refused/);
    await setSetting('kubeconfig', simInfo().kubeconfig);
    await eventually(() => rows(api), (r) => r.some((x) => x.label === 'sim-production'), 'the simulated contexts');
  });

  test('a node shows as read-only YAML from the live cluster', async () => {
    const worker = (await allNodeRows(api, 'sim-production')).find((n) => n.label === 'worker-1');
    assert.ok(worker);
    await vscode.commands.executeCommand('kubeMaintenance.showNodeYaml', worker.node);
    const doc = await eventually(() => vscode.window.activeTextEditor?.document, (d) => d?.uri.scheme === 'kube-maintenance-node', 'the node YAML editor');
    assert.ok(doc);
    assert.equal(doc.languageId, 'yaml');
    const text = doc.getText();
    assert.match(text, /^kind: Node$/m);
    assert.match(text, /^ {2}name: worker-1$/m);
    assert.doesNotMatch(text, /managedFields/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the node YAML follows the node while it is open', async () => {
    const worker = (await allNodeRows(api, 'sim-production')).find((n) => n.label === 'worker-2');
    assert.ok(worker);
    await vscode.commands.executeCommand('kubeMaintenance.showNodeYaml', worker.node);
    const doc = await eventually(() => vscode.window.activeTextEditor?.document, (d) => d?.uri.scheme === 'kube-maintenance-node', 'the node YAML editor');
    assert.ok(doc);
    const rvOf = (t: string): string => /resourceVersion (\d+)/.exec(t)?.[1] ?? '';
    const first = rvOf(doc.getText());
    assert.match(doc.getText(), /^# node\/worker-2 of context sim-production, resourceVersion \d+: live/);
    await admin('sim-production').setNodeReady('worker-2', false);
    await eventually(() => doc.getText(), (t) => rvOf(t) !== first && /type: Ready\n\s+status: "False"/.test(t), 'the YAML to show the node NotReady', 15_000);
    await admin('sim-production').setNodeReady('worker-2', true);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a collapsed cluster is not watched; expanding it watches again', async () => {
    await vscode.commands.executeCommand('kubeMaintenance.clusters.focus');
    const sim = admin('sim-managed');
    const expand = async (): Promise<void> => {
      // The view renders its rows a moment after it is focused; reveal fails until then.
      await eventually(
        async () => api.clustersView.reveal((await contextRow(api, 'sim-managed')).node, { expand: true }).then(() => true, () => false),
        (ok) => ok,
        'the row to be revealable',
      );
    };
    await expand();
    await eventually(() => sim.info(), (i) => i.openWatches > 0, 'a node watch on sim-managed');
    await vscode.commands.executeCommand('workbench.actions.treeView.kubeMaintenance.clusters.collapseAll');
    const quiet = await eventually(() => sim.info(), (i) => i.openWatches === 0, 'no watch on the collapsed cluster');
    // A children request VS Code queued before the collapse can arrive after it: it must not watch again.
    await rows(api, (await contextRow(api, 'sim-managed')).node);
    await new Promise((r) => setTimeout(r, 3000));
    const after = await sim.info();
    assert.equal(after.openWatches, 0, 'a late children request started no watch');
    assert.equal(after.apiRequests, quiet.apiRequests, 'a late children request sent no request');
    await expand();
    await eventually(() => sim.info(), (i) => i.openWatches > 0, 'the watch back after expanding');
  });

  test('after a 401 the exec plugin is run again for fresh credentials', async () => {
    await loaded(api, 'sim-managed-exec', (r) => r.some((x) => x.node.kind === 'controlPlane'));
    await admin('sim-managed').expireTokens();
    await vscode.commands.executeCommand('kubeMaintenance.retryCluster', 'sim-managed-exec');
    let top = await loaded(api, 'sim-managed-exec', (r) => r[0]?.node.kind === 'error' || r.some((x) => x.node.kind === 'controlPlane'));
    if (top[0]?.node.kind === 'error') {
      // The first attempt used the cached, now rejected token; the retry runs the plugin again.
      assert.equal(top[0].label, 'Not authorised (401)');
      await vscode.commands.executeCommand('kubeMaintenance.retryCluster', 'sim-managed-exec');
      top = await loaded(api, 'sim-managed-exec', (r) => r.some((x) => x.node.kind === 'controlPlane'));
    }
    assert.ok(top.some((x) => x.node.kind === 'controlPlane'));
  });

  test('a password in a server URL never shows in the tree, its tooltips or the log', async () => {
    const up = await loaded(api, 'sim-secret-url', (r) => r.some((x) => x.node.kind === 'controlPlane'));
    const down = await loaded(api, 'sim-secret-url-down', (r) => r[0]?.node.kind === 'error');
    const shown = [await contextRow(api, 'sim-secret-url'), await contextRow(api, 'sim-secret-url-down'), ...up, ...down].map((r) => `${r.label} ${r.description} ${r.tooltip}`).join('\n');
    assert.match(shown, /https:\/\/\*\*\*@127\.0\.0\.1/, 'the server is shown with its user info masked');
    assert.ok(!shown.includes(URL_SECRET) && !shown.includes('ops:'), shown);
    const logsDir = path.join(path.dirname(process.env['KM_TEST_RESULTS'] ?? ''), 'user', 'logs');
    const logs = walk(logsDir).filter((f) => f.endsWith('.log'));
    assert.ok(logs.some((f) => f.includes('Kubernetes Maintenance')), 'the extension log was found');
    for (const f of logs) assert.ok(!fs.readFileSync(f, 'utf8').includes(URL_SECRET), `${f} does not contain the password`);
  });

  test('the Kubernetes client is loaded only once a cluster was needed', () => {
    assert.equal(api.isKubernetesClientLoaded(), true);
  });
});
