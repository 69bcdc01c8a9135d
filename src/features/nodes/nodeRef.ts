// A node to act on: from a tree row (or a multi-selection), or picked from the palette.
import * as vscode from 'vscode';
import type { ClusterModels } from '../../cluster/clusterModels';
import type { KubeconfigModel } from '../../cluster/kubeconfigModel';
import type { ClusterNode } from '../clusters/treeItems';

export interface NodeRef {
  readonly contextName: string;
  readonly nodeName: string;
}

function fromArg(arg: unknown): NodeRef | undefined {
  const row = arg as Partial<Extract<ClusterNode, { kind: 'node' }>> | Partial<NodeRef> | undefined;
  if (!row || typeof row !== 'object') return undefined;
  if ('kind' in row && row.kind === 'node' && row.node && typeof row.contextName === 'string') return { contextName: row.contextName, nodeName: row.node.name };
  if ('nodeName' in row && typeof row.nodeName === 'string' && typeof row.contextName === 'string') return { contextName: row.contextName, nodeName: row.nodeName };
  return undefined;
}

/** The nodes a command was invoked on: the selection when the clicked row is part of it, else the clicked row. */
export function nodesFromArgs(args: readonly unknown[]): NodeRef[] {
  const clicked = fromArg(args[0]);
  const selected = Array.isArray(args[1]) ? (args[1] as unknown[]).map(fromArg).filter((r): r is NodeRef => r !== undefined) : [];
  if (clicked && selected.some((s) => s.contextName === clicked.contextName && s.nodeName === clicked.nodeName) && selected.length > 1) {
    return selected.filter((s) => s.contextName === clicked.contextName);
  }
  return clicked ? [clicked] : [];
}

/** From the palette: a context, then one of its nodes (the model's live list). */
export async function pickNode(kubeconfig: KubeconfigModel, models: ClusterModels, title: string, filter: (unschedulable: boolean) => boolean = () => true): Promise<NodeRef | undefined> {
  const load = await kubeconfig.load();
  if (load.state !== 'ok' || load.config.contexts.length === 0) {
    void vscode.window.showInformationMessage('No kubeconfig context to pick a node from.');
    return undefined;
  }
  const ctx = load.config.contexts.length === 1
    ? load.config.contexts[0]
    : (await vscode.window.showQuickPick(load.config.contexts.map((c) => ({ label: c.name, description: c.isCurrent ? 'current' : '', context: c })), { title, placeHolder: 'Context' }))?.context;
  if (!ctx) return undefined;
  const ref = models.acquire(ctx.name);
  try {
    const picked = await vscode.window.showQuickPick(
      new Promise<vscode.QuickPickItem[]>((resolve) => {
        const done = (): boolean => {
          const s = ref.model.current;
          if (s.phase === 'ready') {
            resolve(s.snapshot.nodes.filter((n) => filter(n.unschedulable)).map((n) => ({ label: n.name, description: [n.roles.join(','), n.ready === 'True' ? 'Ready' : 'NotReady', n.unschedulable ? 'SchedulingDisabled' : '', n.kubeletVersion].filter(Boolean).join(' · ') })));
            return true;
          }
          if (s.phase === 'error' && s.retryAt === undefined) {
            resolve([{ label: `$(error) ${s.error.message}` }]);
            return true;
          }
          return false;
        };
        if (!done()) {
          const sub = ref.model.onDidChange(() => {
            if (done()) sub.dispose();
          });
        }
      }),
      { title, placeHolder: `Node of ${ctx.name}` },
    );
    return picked && !picked.label.startsWith('$(error)') ? { contextName: ctx.name, nodeName: picked.label } : undefined;
  } finally {
    ref.dispose();
  }
}
