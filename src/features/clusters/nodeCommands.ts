import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { isClusterError } from '../../core/cluster/errors';
import type { ApiPod } from '../../core/cluster/fromApi';
import { Commands } from '../../settings';
import type { ClusterRegistry } from './clusterRegistry';
import type { ClusterNode } from './treeItems';

export const NODE_SCHEME = 'kube-maintenance-node';

type NodeRow = Extract<ClusterNode, { kind: 'node' }>;

/** Read-only YAML of a live node: kube-maintenance-node:/CONTEXT/NAME.yaml */
class NodeYamlProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly registry: ClusterRegistry) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [contextName, file] = uri.path.replace(/^\//, '').split('/').map(decodeURIComponent);
    const name = (file ?? '').replace(/\.yaml$/, '');
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    try {
      const session = await this.registry.session(contextName ?? '');
      const node = await session.get<{ metadata?: { managedFields?: unknown } }>(`/api/v1/nodes/${encodeURIComponent(name)}`, { signal: abort.signal });
      if (node.metadata) delete node.metadata.managedFields;
      return stringify(node);
    } catch (e) {
      const message = isClusterError(e) ? e.message : String(e);
      return `# Could not read node ${name} of context ${contextName}:\n# ${message}\n`;
    }
  }
}

export function registerNodeCommands(context: vscode.ExtensionContext, registry: ClusterRegistry): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(NODE_SCHEME, new NodeYamlProvider(registry)),
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

async function podItems(registry: ClusterRegistry, row: NodeRow): Promise<PodPick[]> {
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
