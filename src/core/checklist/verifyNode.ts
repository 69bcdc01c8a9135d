// Whether a node's upgrade or patch shows on the node itself.
import { formatMinor, parseMinorVersion } from '../versions/kubeVersion';
import type { ChecklistNodeInput, NodeRow } from './types';

export type NodeVerdict = { readonly ok: true; readonly observed: string } | { readonly ok: false; readonly reason: string };

/** The kubelet reports the hop's minor and the node is Ready. */
export function nodeUpgradeVerdict(live: ChecklistNodeInput, to: string): NodeVerdict {
  const minor = parseMinorVersion(live.kubeletVersion);
  if (!minor || formatMinor(minor) !== to) return { ok: false, reason: `kubelet is ${live.kubeletVersion || 'unknown'}, not ${to}` };
  if (!live.ready) return { ok: false, reason: `kubelet is ${live.kubeletVersion} but the node is not Ready` };
  return { ok: true, observed: `kubelet ${live.kubeletVersion}, Ready` };
}

/** The OS image or the kernel differs from before the maintenance and the node is Ready; otherwise it is for the operator to confirm. */
export function nodePatchVerdict(row: NodeRow, live: ChecklistNodeInput): NodeVerdict {
  const changes: string[] = [];
  if (live.osImage !== row.osImage) changes.push(`OS image ${row.osImage} → ${live.osImage}`);
  if (live.kernelVersion !== row.kernelVersion) changes.push(`kernel ${row.kernelVersion} → ${live.kernelVersion}`);
  if (changes.length === 0) return { ok: false, reason: `OS image and kernel unchanged (${live.osImage}, ${live.kernelVersion}): confirm by hand if the patch needs neither` };
  if (!live.ready) return { ok: false, reason: `${changes.join(', ')} but the node is not Ready` };
  return { ok: true, observed: `${changes.join(', ')}, Ready` };
}
