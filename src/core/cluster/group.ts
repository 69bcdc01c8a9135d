import { compareKubeVersions } from '../versions/versionOrder';
import { compareNames } from './compareNames';
import type { NodeInfo } from './types';

export interface KubeletVersionGroup {
  readonly version: string;
  readonly nodes: NodeInfo[];
}

/** Nodes grouped by exact kubelet version, newest version first, nodes by name within a group. */
export function groupNodesByKubelet(nodes: readonly NodeInfo[]): KubeletVersionGroup[] {
  const groups = new Map<string, NodeInfo[]>();
  for (const node of nodes) {
    const members = groups.get(node.kubeletVersion) ?? [];
    members.push(node);
    groups.set(node.kubeletVersion, members);
  }
  return [...groups]
    .map(([version, members]) => ({ version, nodes: members.sort((a, b) => compareNames(a.name, b.name)) }))
    .sort((a, b) => compareKubeVersions(b.version, a.version));
}
