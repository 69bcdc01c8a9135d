// Which platform runs the cluster, from what the API shows: the apiserver's gitVersion suffix, the
// nodes' provider IDs and labels, and kubeadm's ConfigMap. Signals are weighed, never guessed: when
// nothing points anywhere, or two platforms are indicated, the answer is "unknown" with the reason.
import type { Platform } from './planTypes';

export interface PlatformSignals {
  readonly gitVersion: string;
  readonly providerIds: readonly string[];
  readonly nodeLabels: readonly Readonly<Record<string, string>>[];
  /** true/false when kube-system/kubeadm-config was read; undefined when it could not be read. */
  readonly kubeadmConfig?: boolean;
}

export interface PlatformDetection {
  readonly platform: Platform;
  readonly evidence: string;
}

const VERSION_SUFFIXES: readonly [RegExp, Platform, string][] = [
  [/-eks-/, 'eks', 'the apiserver version has an -eks- suffix'],
  [/-gke\./, 'gke', 'the apiserver version has a -gke. suffix'],
  [/\+k3s\d*/, 'k3s', 'the apiserver version has a +k3s suffix'],
  [/\+rke2r?\d*/, 'rke2', 'the apiserver version has a +rke2 suffix'],
];

const LABEL_PREFIXES: readonly [string, Platform][] = [
  ['eks.amazonaws.com/', 'eks'],
  ['cloud.google.com/gke-', 'gke'],
  ['kubernetes.azure.com/', 'aks'],
];

const INSTANCE_TYPE_LABELS: readonly [string, Platform][] = [
  ['node.kubernetes.io/instance-type', 'k3s'],
  ['node.kubernetes.io/instance-type', 'rke2'],
];

function labelSignals(labels: Readonly<Record<string, string>>, found: Map<Platform, string>): void {
  for (const key of Object.keys(labels)) {
    for (const [prefix, platform] of LABEL_PREFIXES) {
      if (key.startsWith(prefix) && !found.has(platform)) found.set(platform, `a node has the label ${key}`);
    }
  }
  for (const [key, platform] of INSTANCE_TYPE_LABELS) {
    if (labels[key] === platform && !found.has(platform)) found.set(platform, `a node has ${key}=${platform}`);
  }
}

export function detectPlatform(signals: PlatformSignals): PlatformDetection {
  const found = new Map<Platform, string>();
  for (const [pattern, platform, why] of VERSION_SUFFIXES) {
    if (pattern.test(signals.gitVersion)) found.set(platform, why);
  }
  const providers = new Set(signals.providerIds.map((id) => id.split('://')[0]));
  if (providers.has('azure') && !found.has('aks')) {
    // An AKS node has both an azure:// provider ID and kubernetes.azure.com labels; the ID alone may be self-managed on Azure.
    const aksLabel = signals.nodeLabels.some((l) => Object.keys(l).some((k) => k.startsWith('kubernetes.azure.com/')));
    if (aksLabel) found.set('aks', 'nodes have azure:// provider IDs and kubernetes.azure.com labels');
  }
  if (providers.has('k3s') && !found.has('k3s')) found.set('k3s', 'nodes have k3s:// provider IDs');
  for (const labels of signals.nodeLabels) labelSignals(labels, found);
  if (signals.kubeadmConfig === true) found.set('kubeadm', 'kube-system has the kubeadm-config ConfigMap');

  // kubeadm-config also exists on clusters some installers build with kubeadm on a cloud; a managed
  // platform's own signal wins only when kubeadm's is absent.
  const platforms = [...found.keys()];
  if (platforms.length === 1) {
    return { platform: platforms[0], evidence: found.get(platforms[0]) ?? '' };
  }
  if (platforms.length > 1) {
    return { platform: 'unknown', evidence: `signals disagree: ${platforms.map((p) => `${p} (${found.get(p)})`).join('; ')}` };
  }
  const noKubeadm = signals.kubeadmConfig === undefined ? 'kube-system/kubeadm-config could not be read' : 'no kubeadm-config ConfigMap';
  return { platform: 'unknown', evidence: `no platform signal: plain apiserver version ${signals.gitVersion || '(none)'}, ${noKubeadm}, no provider-specific node labels` };
}
