import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { isClusterError } from '../../core/cluster/errors';
import type { ApiPod } from '../../core/cluster/fromApi';
import { Commands } from '../../settings';
import type { ClusterModels, ModelRef } from '../../cluster/clusterModels';
import type { ClusterNode } from './treeItems';

export const NODE_SCHEME = 'kube-maintenance-node';

type NodeRow = Extract<ClusterNode, { kind: 'node' }>;

interface OpenNode {
  readonly ref: ModelRef;
  readonly listener: { dispose(): void };
  shownRv: string | undefined;
}

function parseNodeUri(uri: vscode.Uri): { contextName: string; name: string } {
  const [contextName, file] = uri.path.replace(/^\//, '').split('/').map(decodeURIComponent);
  return { contextName: contextName ?? '', name: (file ?? '').replace(/\.yaml$/, '') };
}

/**
 * Read-only YAML of a node, kube-maintenance-node:/CONTEXT/NAME.yaml, that follows the node: while
 * the document is open it holds the context's cluster model and refreshes on each change of the node.
 */
class NodeYamlProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly open = new Map<string, OpenNode>();
  private readonly closeListener: vscode.Disposable;

  constructor(private readonly registry: ClusterModels) {
    this.closeListener = vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme !== NODE_SCHEME) return;
      const o = this.open.get(doc.uri.toString());
      o?.listener.dispose();
      o?.ref.dispose();
      this.open.delete(doc.uri.toString());
    });
  }

  private follow(uri: vscode.Uri, contextName: string, name: string): OpenNode {
    const key = uri.toString();
    let o = this.open.get(key);
    if (!o) {
      const ref = this.registry.acquire(contextName);
      const entry: OpenNode = {
        ref,
        shownRv: undefined,
        listener: ref.model.onDidChange(() => {
          const rv = ref.model.nodes.get(name)?.metadata?.resourceVersion;
          if (rv !== undefined && rv !== entry.shownRv) this.emitter.fire(uri);
        }),
      };
      this.open.set(key, entry);
      o = entry;
    }
    return o;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const { contextName, name } = parseNodeUri(uri);
    const o = this.follow(uri, contextName, name);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    try {
      let node = o.ref.model.nodes.get(name) as ({ metadata?: { managedFields?: unknown; resourceVersion?: string } } | undefined);
      if (!node) {
        const session = await this.registry.session(contextName);
        node = await session.get<{ metadata?: { managedFields?: unknown; resourceVersion?: string } }>(`/api/v1/nodes/${encodeURIComponent(name)}`, { signal: abort.signal });
        if (node.metadata) delete node.metadata.managedFields;
      }
      o.shownRv = node.metadata?.resourceVersion;
      const state = o.ref.model.current;
      const live = state.phase === 'ready' && state.live;
      return `# node/${name} of context ${contextName}, resourceVersion ${o.shownRv ?? '?'}: ${live ? 'live, updates while this tab is open' : 'not live right now (reconnecting or paused)'}\n${stringify(node)}`;
    } catch (e) {
      const message = isClusterError(e) ? e.message : String(e);
      return `# Could not read node ${name} of context ${contextName}:\n# ${message}\n`;
    }
  }

  dispose(): void {
    for (const o of this.open.values()) {
      o.listener.dispose();
      o.ref.dispose();
    }
    this.open.clear();
    this.closeListener.dispose();
    this.emitter.dispose();
  }
}

export function registerNodeCommands(context: vscode.ExtensionContext, registry: ClusterModels): void {
  const yaml = new NodeYamlProvider(registry);
  context.subscriptions.push(
    yaml,
    vscode.workspace.registerTextDocumentContentProvider(NODE_SCHEME, yaml),
    vscode.commands.registerCommand(Commands.copyNodeName, async (row?: NodeRow) => {
      if (row?.kind === 'node') await vscode.env.clipboard.writeText(row.node.name);
    }),
    vscode.commands.registerCommand(Commands.showNodeYaml, async (row?: NodeRow) => {
      if (row?.kind !== 'node') return;
      const uri = vscode.Uri.from({ scheme: NODE_SCHEME, path: `/${encodeURIComponent(row.contextName)}/${encodeURIComponent(row.node.name)}.yaml` });
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand(Commands.listPodsOnNode, async (row?: NodeRow) => {
      if (row?.kind !== 'node') return;
      const picked = await vscode.window.showQuickPick(podItems(registry, row), {
        title: `Pods on ${row.node.name} (${row.contextName})`,
        placeHolder: 'Pick a pod to copy its namespace/name',
        matchOnDescription: true,
      });
      if (picked?.podRef) await vscode.env.clipboard.writeText(picked.podRef);
    }),
  );
}

interface PodPick extends vscode.QuickPickItem {
  readonly podRef?: string;
}

async function podItems(registry: ClusterModels, row: NodeRow): Promise<PodPick[]> {
  try {
    const session = await registry.session(row.contextName);
    const pods = await session.list<ApiPod>('/api/v1/pods', { fieldSelector: `spec.nodeName=${row.node.name}` });
    if (pods.items.length === 0) return [{ label: 'No pods on this node' }];
    return pods.items
      .map((p) => {
        const ns = p.metadata?.namespace ?? 'default';
        const name = p.metadata?.name ?? '?';
        const owner = p.metadata?.ownerReferences?.[0];
        return {
          label: `${ns}/${name}`,
          description: [p.status?.phase ?? 'Unknown', owner ? `${owner.kind}/${owner.name}` : 'no controller'].join(' · '),
          podRef: `${ns}/${name}`,
        };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  } catch (e) {
    return [{ label: '$(error) Could not list the pods', detail: isClusterError(e) ? e.message : String(e) }];
  }
}
