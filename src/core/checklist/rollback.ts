// What can still be undone, from where the checklist stands: shown beside a failed step so the
// operator sees the way back before deciding what to do next.
import type { Platform } from '../upgrade/planTypes';
import { currentHopIndex } from './query';
import type { ChecklistState, Hop, Step } from './types';

function status(hop: Hop, kind: Step['kind'], node?: string): Step['status']['kind'] | undefined {
  return hop.steps.find((s) => s.kind === kind && s.node === node)?.status.kind;
}

const started = (k: Step['status']['kind'] | undefined): boolean => k !== undefined && k !== 'pending' && k !== 'skipped';

/** One sentence per thing that can be undone now, the most recent first. */
export function rollbackAdvice(state: ChecklistState, platform: Platform = 'unknown'): string[] {
  const h = Math.min(currentHopIndex(state), state.hops.length - 1);
  const hop = state.hops[h];
  if (!hop) return [];
  const out: string[] = [];
  for (const row of [...hop.nodes].reverse()) {
    const upgrade = state.mode === 'upgrade' ? status(hop, 'node-upgrade', row.name) : status(hop, 'node-patch', row.name);
    const drain = status(hop, 'drain', row.name);
    if (started(upgrade)) {
      out.push(state.mode === 'upgrade'
        ? `${row.name}: drain it again and reinstall kubelet ${row.kubeletVersion} (the kubelet may be one minor older than the API server), then uncordon.`
        : `${row.name}: boot the previous OS image or kernel (${row.osImage}, ${row.kernelVersion}) if the patch misbehaves, then uncordon.`);
    } else if (started(drain) && status(hop, 'uncordon', row.name) !== 'done' && !row.wasCordoned) {
      out.push(`${row.name}: nothing was changed on the node yet; uncordon it to give it back its workloads.`);
    }
  }
  if (state.mode === 'upgrade' && started(status(hop, 'control-plane-upgrade'))) {
    const where = platform === 'kubeadm'
      ? ' kubeadm keeps the previous static-pod manifests in /etc/kubernetes/tmp/kubeadm-backup-manifests-* and the etcd data in /etc/kubernetes/tmp/kubeadm-backup-etcd-*.'
      : platform === 'eks' || platform === 'gke' || platform === 'aks'
        ? ' A managed control plane cannot be downgraded: restore the workloads from the backup into a new cluster on the old version.'
        : '';
    out.push(`Control plane: Kubernetes does not support downgrading it; the way back to ${hop.from} is restoring the etcd backup taken before the upgrade onto control-plane nodes reinstalled on ${hop.from}.${where}`);
  }
  return out;
}
