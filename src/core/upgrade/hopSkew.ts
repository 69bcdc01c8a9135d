// The version-skew policy per hop: for the hop to minor V the control plane stands at V-1 (the hops
// before it done, nodes as they are now), and whatever would be too old once it reaches V must move
// first. The policy itself is src/core/versions/skew.ts; this only places the control plane.
import type { ClusterSnapshot, ControlPlaneComponent, SkewVerdict } from '../cluster/types';
import { nextMinorBlockers } from '../versions/skew';
import { compareMinor, formatMinor, type MinorVersion } from '../versions/kubeVersion';
import type { HopSkew } from './planTypes';

const CONTROL_PLANE: ReadonlySet<ControlPlaneComponent['component']> = new Set([
  'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager',
]);

/** The snapshot with the control plane moved to `minor` (etcd keeps its own versions). */
export function withControlPlaneAt(snapshot: ClusterSnapshot, minor: MinorVersion): ClusterSnapshot {
  const version = `v${formatMinor(minor)}.0`;
  return {
    ...snapshot,
    serverVersion: { ...snapshot.serverVersion, gitVersion: version },
    components: snapshot.components.map((c) => (CONTROL_PLANE.has(c.component) ? { ...c, version } : c)),
  };
}

function subjectOf(verdict: SkewVerdict): string {
  if (verdict.kind === 'kubectl') return 'kubectl';
  if (verdict.kind === 'kubelet' || verdict.kind === 'kube-proxy') return `node/${verdict.subject}`;
  return `component/${verdict.subject}`;
}

function versionOf(verdict: SkewVerdict, snapshot: ClusterSnapshot): string {
  if (verdict.kind === 'kubectl') return snapshot.kubectlVersion ?? '';
  const node = snapshot.nodes.find((n) => n.name === verdict.subject);
  if (verdict.kind === 'kubelet') return node?.kubeletVersion ?? '';
  if (verdict.kind === 'kube-proxy') return node?.kubeProxyVersion ?? '';
  return snapshot.components.find((c) => c.podName === verdict.subject)?.version ?? '';
}

/**
 * What the skew policy forbids for the hop to `hop`, given the control plane starts at `from`
 * (the cluster's current minor). The first hop uses the snapshot as it is.
 */
export function skewForHop(snapshot: ClusterSnapshot, from: MinorVersion, hop: MinorVersion): HopSkew[] {
  const before: MinorVersion = { major: hop.major, minor: hop.minor - 1 };
  const placed = compareMinor(before, from) <= 0 ? snapshot : withControlPlaneAt(snapshot, before);
  const blockers = nextMinorBlockers(placed);
  if (!blockers) return [];
  return blockers.blockers.map((v) => ({
    subject: subjectOf(v),
    component: v.kind,
    version: versionOf(v, snapshot),
    verdict: v.type === 'violation' ? 'violation' : 'blocks',
    reason: v.message,
  }));
}
