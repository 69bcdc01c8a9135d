/** Kubernetes release versions as the simulator uses them ("v1.33.4", "1.33"). */
export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
  /** Exactly as reported in /version and node status, e.g. "v1.33.4" or "v1.30.2-eks-1552ad0". */
  gitVersion: string;
}

const VERSION_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$/;

export function parseKubeVersion(text: string): KubeVersion {
  const m = VERSION_RE.exec(text.trim());
  if (!m) throw new Error(`invalid Kubernetes version "${text}" (expected e.g. v1.33.4)`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  const suffix = m[4] ?? '';
  return { major, minor, patch, gitVersion: `v${major}.${minor}.${patch}${suffix}` };
}

export function formatMinor(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}

/** The etcd release kubeadm pins for a control-plane minor (registry.k8s.io/etcd tags). */
export function etcdVersionFor(minor: number): string {
  if (minor >= 34) return '3.6.4-0';
  if (minor >= 31) return '3.5.21-0';
  if (minor >= 29) return '3.5.16-0';
  if (minor >= 26) return '3.5.10-0';
  if (minor >= 22) return '3.5.6-0';
  return '3.4.13-0';
}

/** The containerd build a node of that minor is simulated with. */
export function containerRuntimeFor(minor: number): string {
  if (minor >= 33) return 'containerd://2.1.4';
  if (minor >= 30) return 'containerd://1.7.27';
  return 'containerd://1.6.33';
}
