// The drain preview as a quick pick: what goes, what stays, what blocks and which option would let
// it go (toggle it right there), which budgets will hold evictions back and why, whether the other
// nodes have room; then "Drain". Nothing changes in the cluster until that is chosen.
import * as vscode from 'vscode';
import type { DrainOptions } from '../../core/drain/filters';
import { unblockFlag, type DrainPreview } from '../../core/drain/preview';
import type { PreviewRequest } from './prompter';

type Toggle = 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'force' | 'disableEviction';

interface Item extends vscode.QuickPickItem {
  readonly act?: 'drain' | 'cancel';
  readonly toggle?: Toggle;
}

const TOGGLES: readonly { key: Toggle; label: string; detail: string }[] = [
  { key: 'ignoreDaemonSets', label: '--ignore-daemonsets', detail: 'leave DaemonSet pods on the node' },
  { key: 'deleteEmptyDirData', label: '--delete-emptydir-data', detail: 'evict pods with emptyDir volumes (their data is lost)' },
  { key: 'force', label: '--force', detail: 'delete pods that no controller will create again' },
  { key: 'disableEviction', label: '--disable-eviction', detail: 'delete instead of evict: bypasses PodDisruptionBudgets' },
];

const BUDGET_EFFECT: Record<DrainPreview['pdbs'][number]['effect'], string> = { ok: 'no wait', waits: 'evictions wait', blocks: 'holds the drain' };

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function previewItems(p: DrainPreview, options: DrainOptions, nodeName: string): Item[] {
  const items: Item[] = [];
  const evicted = p.pods.filter((x) => x.action === 'evict' || x.action === 'delete');
  const blocked = p.pods.filter((x) => x.action === 'block');
  // Placement problems get their own section below; when there are none, say so where the eye starts.
  const room = evicted.some((x) => x.recreated) && p.unplaceable.length === 0 ? ' · the other nodes have room for those recreated' : '';
  items.push(
    p.canFinish
      ? { label: `$(debug-start) Drain ${nodeName}`, description: `${plural(evicted.length, 'pod', 'pods')} to ${options.disableEviction ? 'delete' : 'evict'}${room}`, act: 'drain', alwaysShow: true }
      : { label: `$(warning) Drain ${nodeName} anyway`, description: blocked.length ? `${plural(blocked.length, 'pod blocks', 'pods block')} it: the node is cordoned, nothing is evicted` : 'a budget never allows an eviction: it will wait until cancelled or timed out', act: 'drain', alwaysShow: true },
    { label: '$(close) Cancel', description: 'change nothing', act: 'cancel', alwaysShow: true },
  );
  if (blocked.length) {
    items.push({ label: 'Blocking the drain', kind: vscode.QuickPickItemKind.Separator });
    // The option that would let it go is short and what the user acts on; the reason gets the full width below.
    for (const b of blocked) items.push({ label: `$(error) ${b.ref}`, description: b.unblockedBy ? `needs ${unblockFlag(b.unblockedBy)}` : '', ...(b.why ? { detail: b.why } : {}) });
  }
  if (p.pdbs.length) {
    items.push({ label: 'PodDisruptionBudgets', kind: vscode.QuickPickItemKind.Separator });
    for (const b of p.pdbs) items.push({ label: `${b.effect === 'ok' ? '$(pass)' : b.effect === 'waits' ? '$(watch)' : '$(error)'} ${b.ref}`, description: `${plural(b.podsToEvict.length, 'pod', 'pods')} to evict · ${BUDGET_EFFECT[b.effect]}`, detail: b.why });
  }
  if (p.unplaceable.length) {
    items.push({ label: 'No room on the other nodes', kind: vscode.QuickPickItemKind.Separator });
    for (const u of p.unplaceable) items.push({ label: `$(warning) ${u.pod}`, detail: u.why });
  }
  items.push({ label: `${options.disableEviction ? 'Deleted' : 'Evicted'} (${evicted.length})`, kind: vscode.QuickPickItemKind.Separator });
  for (const e of evicted) items.push({ label: `$(arrow-right) ${e.ref}`, description: [e.recreated ? 'recreated elsewhere' : 'not recreated: gone for good', e.owner].filter(Boolean).join(' · '), ...(e.why ? { detail: e.why } : {}) });
  const skipped = p.pods.filter((x) => x.action === 'skip');
  if (skipped.length) {
    items.push({ label: `Staying on the node (${skipped.length})`, kind: vscode.QuickPickItemKind.Separator });
    for (const s of skipped) items.push({ label: `$(pin) ${s.ref}`, description: s.why ?? '' });
  }
  items.push({ label: 'Options (select to toggle)', kind: vscode.QuickPickItemKind.Separator });
  for (const t of TOGGLES) items.push({ label: `${options[t.key] ? '$(check)' : '$(circle-large-outline)'} ${t.label}`, description: t.detail, toggle: t.key });
  return items;
}

export function showDrainPreview(request: PreviewRequest): Promise<DrainOptions | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = `Drain preview: node ${request.nodeName} of ${request.contextName}`;
    qp.placeholder = 'Nothing changes until you choose Drain';
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    let options = request.options;
    let abort: AbortController | undefined;
    let settled = false;
    const finish = (value: DrainOptions | undefined): void => {
      if (settled) return;
      settled = true;
      abort?.abort();
      resolve(value);
      qp.dispose();
    };
    const refresh = (): void => {
      abort?.abort();
      abort = new AbortController();
      const signal = abort.signal;
      qp.busy = true;
      qp.items = [{ label: '$(loading~spin) Reading the pods, budgets and nodes…', alwaysShow: true }, { label: '$(close) Cancel', act: 'cancel', alwaysShow: true }];
      request.compute(options, signal).then(
        (p) => {
          if (signal.aborted) return;
          qp.busy = false;
          qp.items = previewItems(p, options, request.nodeName);
        },
        (e: unknown) => {
          if (signal.aborted) return;
          qp.busy = false;
          qp.items = [{ label: `$(error) The preview could not be computed: ${e instanceof Error ? e.message : String(e)}` }, { label: '$(close) Cancel', act: 'cancel', alwaysShow: true }];
        },
      );
    };
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (!item) return;
      if (item.act === 'cancel') return finish(undefined);
      if (item.act === 'drain') return finish(options);
      if (item.toggle) {
        options = { ...options, [item.toggle]: !options[item.toggle] };
        refresh();
      }
    });
    qp.onDidHide(() => finish(undefined));
    refresh();
    qp.show();
  });
}
