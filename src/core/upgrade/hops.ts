// The hops of an upgrade, one minor each, with the recommended patch, the changelog links and the
// commands of the detected platform.
import type { Release, ReleaseData } from '../releases/releaseData';
import { compareMinor, formatMinor, nextMinor, type MinorVersion } from '../versions/kubeVersion';
import type { Platform } from './planTypes';

/** The minors strictly after `from` up to and including `to`, each with its release (when the data has it). */
export function hopVersions(from: MinorVersion, to: MinorVersion, data: ReleaseData): { readonly minor: MinorVersion; readonly release?: Release }[] {
  const hops: { minor: MinorVersion; release?: Release }[] = [];
  for (let v = nextMinor(from); compareMinor(v, to) <= 0; v = nextMinor(v)) {
    hops.push({ minor: v, release: data.releases.find((r) => compareMinor(r.minor, v) === 0) });
  }
  return hops;
}

export function changelogUrl(minor: MinorVersion): string {
  return `https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-${formatMinor(minor)}.md`;
}

/** The "Urgent Upgrade Notes" of the .0 release: the first such heading of the minor's changelog. */
export function urgentNotesUrl(minor: MinorVersion): string {
  return `${changelogUrl(minor)}#urgent-upgrade-notes`;
}

/**
 * The commands that move the control plane one hop on a platform; `patch` is e.g. "1.33.10", or
 * undefined when the data has no patch (then the platform's default is named).
 * EKS, GKE and AKS get the minor alone: their patches are their own builds (GKE's are "1.33.5-gke.N")
 * and lag upstream, and each picks its newest patch of a minor that is named without one.
 * Nodes follow separately; the plan's skew section says which must move first.
 */
export function upgradeCommand(platform: Platform, minor: MinorVersion, patch: string | undefined, clusterName: string): string | undefined {
  const version = formatMinor(minor);
  const exact = patch ?? `${version}.x`;
  const name = clusterName || 'CLUSTER';
  switch (platform) {
    case 'kubeadm':
      return [
        `# first control-plane node, after upgrading the kubeadm package to ${exact}`,
        'kubeadm upgrade plan',
        `kubeadm upgrade apply v${exact}`,
        '# every other control-plane node, then each worker (drain, upgrade kubelet and kubectl, uncordon)',
        'kubeadm upgrade node',
      ].join('\n');
    case 'eks':
      return `aws eks update-cluster-version --name ${name} --kubernetes-version ${version}`;
    case 'gke':
      return `gcloud container clusters upgrade ${name} --master --cluster-version ${version}`;
    case 'aks':
      return `az aks upgrade --resource-group RESOURCE_GROUP --name ${name} --kubernetes-version ${version} --control-plane-only`;
    case 'k3s':
      return `# system-upgrade-controller: a server Plan (node-role.kubernetes.io/control-plane) with version: v${exact}+k3s1, then the agent Plan`;
    case 'rke2':
      return `# system-upgrade-controller: a server Plan (node-role.kubernetes.io/control-plane) with version: v${exact}+rke2r1, then the agent Plan`;
    case 'unknown':
      return undefined;
  }
}
