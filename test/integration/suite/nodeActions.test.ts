import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KubeMaintenanceApi } from '../../../src/extension';
import type { ClusterNode } from '../../../src/features/clusters/treeItems';
import type { Prompter } from '../../../src/features/nodes/prompter';
import type { DrainPreview } from '../../../src/core/drain/preview';
import { activateExtension, admin, eventually, EXTENSION_ID, setSetting, simInfo } from './helpers';

const CONTEXT = 'sim-faulty-exec';

interface Asked {
  confirms: string[];
  typed: string[];
  reasons: number;
  previews: DrainPreview[];
}

/** Answers the node commands' questions as a person would, and remembers what was asked. */
function scripted(answers: { confirm?: boolean; typed?: string; reason?: string; drain?: boolean; force?: boolean }, asked: Asked): Prompter {
  return {
    async confirm(message) {
      asked.confirms.push(message);
      return answers.confirm ?? true;
    },
    async typeToConfirm(_prompt, expected) {
      asked.typed.push(expected);
      return (answers.typed ?? expected) === expected;
    },
    async reason() {
      asked.reasons++;
      return answers.reason ?? '';
    },
    async preview(request) {
      asked.previews.push(await request.compute(request.options, new AbortController().signal));
      if (answers.drain === false) return undefined;
      // As a person toggling --force in the preview: it is computed again with the option.
      if (answers.force) {
        const options = { ...request.options, force: true };
        asked.previews.push(await request.compute(options, new AbortController().signal));
        return options;
      }
      return request.options;
    },
  };
}

async function nodeRow(api: KubeMaintenanceApi, name: string): Promise<{ node: ClusterNode; description: string; contextValue: string; tooltip: string }> {
  const ctx = ((await api.clusters.getChildren()) ?? []).find((n) => n.kind === 'context' && n.context.name === CONTEXT);
  assert.ok(ctx, 'the context row');
  const top = await eventually(async () => (await api.clusters.getChildren(ctx)) ?? [], (r) => r.some((x) => x.kind === 'versionGroup' || x.kind === 'node'), `${CONTEXT} to load`, 20_000);
  const all: ClusterNode[] = [];
  for (const r of top) {
    if (r.kind === 'node') all.push(r);
    if (r.kind === 'versionGroup') all.push(...((await api.clusters.getChildren(r)) ?? []));
  }
  const node = all.find((n) => n.kind === 'node' && n.node.name === name);
  assert.ok(node, `node ${name} is listed`);
  const item = await api.clusters.getTreeItem(node);
  const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value.replace(/\\(.)/g, '$1') : String(item.tooltip ?? '');
  return { node, description: String(item.description ?? ''), contextValue: item.contextValue ?? '', tooltip };
}

function simNode(name: string) {
  return admin('sim-faulty').info().then(async () => {
    const c = simInfo().clusters['sim-faulty'];
    assert.ok(c);
    const res = await fetchJson(`${c.url}/api/v1/nodes/${name}`, c.adminToken, c.caPem);
    return res as { spec?: { unschedulable?: boolean }; metadata?: { annotations?: Record<string, string> } };
  });
}

async function fetchJson(url: string, token: string, ca: string): Promise<unknown> {
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.request(url, { headers: { Authorization: `Bearer ${token}` }, ca }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

suite('Cordon, drain and uncordon from the Clusters view', () => {
  let api: KubeMaintenanceApi;
  let original: Prompter;

  suiteSetup(async () => {
    api = await activateExtension();
    original = api.nodeActions.prompter;
    await setSetting('kubeconfig', simInfo().kubeconfig);
    await eventually(async () => ((await api.clusters.getChildren()) ?? []).some((n) => n.kind === 'context' && n.context.name === CONTEXT), (ok) => ok, 'the simulated contexts');
  });

  suiteTeardown(async () => {
    api.nodeActions.prompter = original;
    await setSetting('protectedContexts', undefined);
    await setSetting('kubeconfig', undefined);
  });

  test('the right-click menu offers Cordon or Uncordon by the node\'s state, and Drain always', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: { 'view/item/context': { command: string; when: string }[] } } };
    const menu = pkg.contributes.menus['view/item/context'];
    const offered = (contextValue: string): string[] =>
      menu
        .filter((m) => {
          const re = /viewItem =~ \/(.+)\/$/.exec(m.when)?.[1];
          return re !== undefined && new RegExp(re).test(contextValue);
        })
        .map((m) => m.command)
        .filter((c) => /cordonNode|uncordonNode|drainNode/.test(c))
        .sort();
    const w1 = await nodeRow(api, 'worker-1');
    assert.match(w1.contextValue, /^node:ready:schedulable/);
    assert.deepEqual(offered(w1.contextValue), ['kubeMaintenance.cordonNode', 'kubeMaintenance.drainNode']);
    const w3 = await nodeRow(api, 'worker-3');
    assert.match(w3.contextValue, /^node:ready:cordoned/);
    assert.deepEqual(offered(w3.contextValue), ['kubeMaintenance.drainNode', 'kubeMaintenance.uncordonNode']);
  });

  test('cordon records who and why on the node, and the tree says so', async () => {
    const asked: Asked = { confirms: [], typed: [], reasons: 0, previews: [] };
    api.nodeActions.prompter = scripted({ reason: 'kernel patch' }, asked);
    const row = await nodeRow(api, 'worker-1');
    await vscode.commands.executeCommand('kubeMaintenance.cordonNode', row.node);
    const after = await eventually(() => nodeRow(api, 'worker-1'), (r) => /cordoned/.test(r.contextValue) && /kernel patch/.test(r.description), 'the row to show the cordon and its reason');
    assert.match(after.description, /SchedulingDisabled/);
    assert.match(after.description, /cordoned \d+ s ago by [^:]+: kernel patch/);
    const node = await simNode('worker-1');
    assert.equal(node.spec?.unschedulable, true);
    assert.equal(node.metadata?.annotations?.['kubernetes-maintenance.io/cordon-reason'], 'kernel patch');
    assert.equal(asked.reasons, 1);
  });

  test('uncordoning a node someone else cordoned asks first; no leaves it cordoned, yes removes the record', async () => {
    const session = await api.nodeActions.models.session(CONTEXT);
    await session.patch('/api/v1/nodes/worker-1', { metadata: { annotations: { 'kubernetes-maintenance.io/cordoned-by': 'alice' } } }, 'application/merge-patch+json');
    const asked: Asked = { confirms: [], typed: [], reasons: 0, previews: [] };
    api.nodeActions.prompter = scripted({ confirm: false }, asked);
    await vscode.commands.executeCommand('kubeMaintenance.uncordonNode', (await nodeRow(api, 'worker-1')).node);
    assert.match(asked.confirms[0] ?? '', /^worker-1 was cordoned by alice\. Uncordon it\?$/);
    assert.equal((await simNode('worker-1')).spec?.unschedulable, true, 'still cordoned after "no"');
    api.nodeActions.prompter = scripted({ confirm: true }, asked);
    await vscode.commands.executeCommand('kubeMaintenance.uncordonNode', (await nodeRow(api, 'worker-1')).node);
    const node = await simNode('worker-1');
    assert.notEqual(node.spec?.unschedulable, true);
    assert.equal(node.metadata?.annotations?.['kubernetes-maintenance.io/cordoned-by'], undefined);
    await eventually(() => nodeRow(api, 'worker-1'), (r) => /schedulable/.test(r.contextValue) && !/SchedulingDisabled/.test(r.description), 'the row schedulable again');
  });

  test('a drain that is not confirmed shows its preview and changes nothing', async () => {
    const asked: Asked = { confirms: [], typed: [], reasons: 0, previews: [] };
    api.nodeActions.prompter = scripted({ confirm: false }, asked);
    await vscode.commands.executeCommand('kubeMaintenance.drainNode', (await nodeRow(api, 'worker-2')).node);
    assert.equal(asked.previews.length, 1);
    const p = asked.previews[0]!;
    assert.equal(p.node, 'worker-2');
    assert.ok(p.pods.length > 0, 'the preview lists the pods of the node');
    assert.match(asked.confirms[0] ?? '', /^Drain node worker-2 of context sim-faulty-exec\?$/);
    assert.notEqual((await simNode('worker-2')).spec?.unschedulable, true);
  });

  test('a protected context needs the node name typed; a wrong name changes nothing', async () => {
    await setSetting('protectedContexts', ['sim-faulty*']);
    const asked: Asked = { confirms: [], typed: [], reasons: 0, previews: [] };
    api.nodeActions.prompter = scripted({ typed: 'worker-9' }, asked);
    await vscode.commands.executeCommand('kubeMaintenance.cordonNode', (await nodeRow(api, 'worker-1')).node);
    assert.deepEqual(asked.typed, ['worker-1']);
    assert.notEqual((await simNode('worker-1')).spec?.unschedulable, true);
    await setSetting('protectedContexts', undefined);
  });

  test('drain evicts the pods; the node turns SchedulingDisabled and its pod count falls', async () => {
    const before = await nodeRow(api, 'worker-4');
    const used = (d: string): number => Number(/(\d+)\/\d+ pods/.exec(d)?.[1] ?? NaN);
    const asked: Asked = { confirms: [], typed: [], reasons: 0, previews: [] };
    api.nodeActions.prompter = scripted({ reason: 'upgrade', force: true }, asked);
    await vscode.commands.executeCommand('kubeMaintenance.drainNode', before.node);
    const blocked = asked.previews[0]!.pods.filter((x) => x.action === 'block');
    assert.deepEqual(blocked.map((b) => [b.ref, b.unblockedBy]), [['default/debug-shell', 'force']], 'the preview names the pod that blocks and the option that allows it');
    assert.equal(asked.previews[0]!.canFinish, false);
    const p = asked.previews[1]!;
    const toGo = p.pods.filter((x) => x.action === 'evict').length;
    const staying = p.pods.filter((x) => x.action === 'skip').length;
    assert.ok(p.canFinish, JSON.stringify(p));
    const after = await eventually(() => nodeRow(api, 'worker-4'), (r) => /SchedulingDisabled/.test(r.description) && used(r.description) === staying, 'the drained node row', 20_000);
    assert.match(after.contextValue, /cordoned/);
    assert.ok(toGo > 0, 'the preview had pods to evict');
    assert.ok(used(after.description) < used(before.description), `${before.description} → ${after.description}`);
  });

  test('cancelling a drain stops evicting, leaves the node cordoned and says what remains', async () => {
    const target = await nodeRow(api, 'worker-1');
    const drainable = asked0(await previewOf(api, target.node));
    const victim = drainable[0];
    assert.ok(victim, 'worker-1 has a pod to evict');
    const sim = admin('sim-faulty');
    // A budget that keeps refusing this pod, as a PDB at its minimum does: the drain retries every 5 s.
    const fault = await sim.addFault({ match: { verb: 'create', resource: 'pods', subresource: 'eviction', name: victim.split('/')[1] }, error: { code: 429, message: "Cannot evict pod as it would violate the pod's disruption budget." } });
    const messages: string[] = [];
    const original = api.nodeActions.progress;
    api.nodeActions.progress = (_title, work) => {
      const abort = new AbortController();
      return work(abort.signal, (message) => {
        messages.push(message);
        if (/waiting: /.test(message)) abort.abort(); // the user presses Cancel while it waits
      });
    };
    try {
      const asked: Asked = { confirms: [], typed: [], reasons: 0, previews: [] };
      api.nodeActions.prompter = scripted({ force: true }, asked);
      await vscode.commands.executeCommand('kubeMaintenance.drainNode', target.node);
      const firedAtCancel = (await sim.listFaults()).find((f) => f.id === fault.id)?.fired ?? 0;
      assert.ok(firedAtCancel >= 1, 'the eviction was refused');
      await new Promise((r) => setTimeout(r, 6000));
      assert.equal((await sim.listFaults()).find((f) => f.id === fault.id)?.fired, firedAtCancel, 'no eviction after the cancel');
      assert.ok(messages.some((m) => /waiting: .*disruption budget|waiting: .*allows/.test(m)), messages.join('\n'));
      assert.equal((await simNode('worker-1')).spec?.unschedulable, true, 'the node stays cordoned');
    } finally {
      api.nodeActions.progress = original;
      await sim.removeFault(fault.id);
    }
  });
});

async function previewOf(api: KubeMaintenanceApi, node: ClusterNode): Promise<DrainPreview> {
  const asked: Asked = { confirms: [], typed: [], reasons: 0, previews: [] };
  const saved = api.nodeActions.prompter;
  api.nodeActions.prompter = scripted({ drain: false }, asked);
  try {
    await vscode.commands.executeCommand('kubeMaintenance.drainNode', node);
  } finally {
    api.nodeActions.prompter = saved;
  }
  const p = asked.previews[0];
  assert.ok(p, 'a preview');
  return p;
}

/** The pods a drain of the previewed node would evict (with --force). */
function asked0(p: DrainPreview): string[] {
  return p.pods.filter((x) => x.action === 'evict' || (x.action === 'block' && x.unblockedBy === 'force')).map((x) => x.ref);
}
