// The order the node loop visits nodes in.
import { compareNames } from '../cluster/compareNames';
import type { NodeInfo } from '../cluster/types';
import type { ChecklistNodeInput, ControlPlaneNodeHandling, NodeRow } from './types';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
const CONTROL_PLANE_ROLES = new Set(['control-plane', 'master']);

export function isControlPlaneNode(node: Pick<ChecklistNodeInput, 'roles'>): boolean {
  return node.roles.some((r) => CONTROL_PLANE_ROLES.has(r));
}

/** A node of the live cluster as the checklist reads it. */
export function nodeInput(n: NodeInfo): ChecklistNodeInput {
  return { name: n.name, labels: n.labels, roles: n.roles, kubeletVersion: n.kubeletVersion, unschedulable: n.unschedulable, ready: n.ready === 'True', osImage: n.osImage, kernelVersion: n.kernelVersion };
}

export function nodeRow(node: ChecklistNodeInput): NodeRow {
  const zone = node.labels[ZONE_LABEL];
  return {
    name: node.name,
    ...(zone ? { zone } : {}),
    controlPlane: isControlPlaneNode(node),
    wasCordoned: node.unschedulable,
    kubeletVersion: node.kubeletVersion,
    osImage: node.osImage,
    kernelVersion: node.kernelVersion,
  };
}

/**
 * Control-plane nodes first when the distribution has the operator upgrade them (kubeadm upgrades
 * them before the workers) and last when the provider does it (their rows are then skipped); within
 * each group the nodes already cordoned first (they carry no workload to move), then zone by zone
 * (nodes without a zone label after the zoned ones), then by name.
 */
export function orderNodes(nodes: readonly ChecklistNodeInput[], handling: ControlPlaneNodeHandling): NodeRow[] {
  const group = (r: NodeRow): number => (r.controlPlane === (handling === 'upgrade-first') ? 0 : 1);
  return nodes.map(nodeRow).sort((a, b) =>
    group(a) - group(b)
    || Number(b.wasCordoned) - Number(a.wasCordoned)
    || Number(a.zone === undefined) - Number(b.zone === undefined)
    || compareNames(a.zone ?? '', b.zone ?? '')
    || compareNames(a.name, b.name));
}
