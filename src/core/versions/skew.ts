// The Kubernetes version-skew policy (https://kubernetes.io/releases/version-skew-policy/, as of 1.35)
// applied to a cluster snapshot. Skew is counted in minor versions; patch levels and vendor suffixes
// ("+k3s1", "-eks-1234", "-gke.100") do not matter. Versions that do not parse give no verdict.
import type { ClusterSnapshot, ControlPlaneComponent, NodeInfo, SkewVerdict } from '../cluster/types';
import { compareMinor, formatMinor, nextMinor, parseMinorVersion, type MinorVersion } from './kubeVersion';

type Kind = SkewVerdict['kind'];

interface Version {
  readonly text: string;
  readonly minor: MinorVersion;
}

/** The kube-apiserver versions a component talks to; one server gives oldest === newest. */
interface ApiRange {
  readonly oldest: Version;
  readonly newest: Version;
}

/** How many minor versions a component may be older or newer than its reference. */
interface Allowance {
  readonly older: number;
  readonly newer: number;
  /** Why the allowance is narrower than usual, for the message. */
  readonly because?: string;
}

interface Check {
  readonly kind: Kind;
  readonly subject: string;
  readonly version: Version;
  readonly reference: ApiRange;
  readonly allowance: Allowance;
  /** Names the reference in a message, e.g. "kube-apiserver v1.32.2". */
  readonly describe: (reference: Version) => string;
  /** Whether the next control-plane minor moves the reference (false for kube-proxy against its kubelet). */
  readonly followsControlPlane: boolean;
}

interface Gap {
  readonly direction: 'older' | 'newer';
  readonly minors: number;
  readonly reference: Version;
  readonly allowed: number;
}

interface Evaluation {
  readonly verdict: SkewVerdict;
  /** The finding stands in the way of raising kube-apiserver one minor. */
  readonly blocksNext: boolean;
}

/** kubelet and kube-proxy older than this may only trail kube-apiserver by two minors, not three. */
const THREE_MINOR_SKEW_SINCE: MinorVersion = { major: 1, minor: 25 };

const CONTROLLER_KINDS: ReadonlyMap<ControlPlaneComponent['component'], Kind> = new Map([
  ['kube-controller-manager', 'kube-controller-manager'],
  ['kube-scheduler', 'kube-scheduler'],
  ['cloud-controller-manager', 'cloud-controller-manager'],
] as const);

function parseVersion(text: string | undefined): Version | undefined {
  if (text === undefined) {
    return undefined;
  }
  const minor = parseMinorVersion(text);
  return minor ? { text: text.trim(), minor } : undefined;
}

function single(version: Version): ApiRange {
  return { oldest: version, newest: version };
}

function nodeAllowance(version: MinorVersion, component: string, symmetric: boolean): Allowance {
  const narrow = compareMinor(version, THREE_MINOR_SKEW_SINCE) < 0;
  const older = narrow ? 2 : 3;
  const because = narrow ? `for a ${component} older than ${formatMinor(THREE_MINOR_SKEW_SINCE)}` : undefined;
  return { older, newer: symmetric ? older : 0, because };
}

const CONTROLLER_ALLOWANCE: Allowance = { older: 1, newer: 0 };
const KUBECTL_ALLOWANCE: Allowance = { older: 1, newer: 1 };
const HA_ALLOWANCE: Allowance = { older: 1, newer: 0 };

function plural(count: number): string {
  return count === 1 ? '1 minor version' : `${count} minor versions`;
}

const apiserver = (reference: Version): string => `kube-apiserver ${reference.text}`;
const newestApiserver = (reference: Version): string => `the newest kube-apiserver ${reference.text}`;

/** Undefined when the versions cannot be compared (different majors) or are within the allowance. */
function measure(version: Version, reference: ApiRange, allowance: Allowance): Gap | undefined {
  const { oldest, newest } = reference;
  if (version.minor.major !== oldest.minor.major || version.minor.major !== newest.minor.major) {
    return undefined;
  }
  const newer = version.minor.minor - oldest.minor.minor;
  if (newer > allowance.newer) {
    return { direction: 'newer', minors: newer, reference: oldest, allowed: allowance.newer };
  }
  const older = newest.minor.minor - version.minor.minor;
  if (older > allowance.older) {
    return { direction: 'older', minors: older, reference: newest, allowed: allowance.older };
  }
  return undefined;
}

function violationMessage(check: Check, gap: Gap): string {
  const head = `${check.kind} ${check.version.text}`;
  const against = check.describe(gap.reference);
  if (gap.direction === 'newer' && gap.allowed === 0) {
    return `${head} is newer than ${against}`;
  }
  const because = check.allowance.because ? ` ${check.allowance.because}` : '';
  return `${head} is ${plural(gap.minors)} ${gap.direction} than ${against}; the skew policy allows at most ${gap.allowed}${because}`;
}

/** `newest` is the cluster's newest kube-apiserver, the one the next upgrade starts from. */
function blockerMessage(check: Check, newest: Version, target: MinorVersion): string {
  const behind = newest.minor.minor - check.version.minor.minor;
  return `${check.kind} ${check.version.text} is ${plural(behind)} older than ${check.describe(newest)}: `
    + `upgrade it before upgrading the control plane to ${formatMinor(target)}`;
}

function verdict(check: Check, severity: SkewVerdict['severity'], type: SkewVerdict['type'], message: string): SkewVerdict {
  return { severity, subject: check.subject, kind: check.kind, type, message };
}

interface UpgradeStep {
  readonly from: Version;
  readonly to: MinorVersion;
}

function evaluate(check: Check, step: UpgradeStep): Evaluation | undefined {
  const now = measure(check.version, check.reference, check.allowance);
  const after = single({ text: formatMinor(step.to), minor: step.to });
  const later = check.followsControlPlane ? measure(check.version, after, check.allowance) : undefined;
  const blocksNext = later?.direction === 'older';
  if (now) {
    return { verdict: verdict(check, 'error', 'violation', violationMessage(check, now)), blocksNext };
  }
  if (!blocksNext) {
    return undefined;
  }
  return { verdict: verdict(check, 'warning', 'blocks-upgrade', blockerMessage(check, step.from, step.to)), blocksNext };
}

function rangeOf(versions: readonly Version[]): ApiRange | undefined {
  if (versions.length === 0) {
    return undefined;
  }
  const sorted = [...versions].sort((a, b) => compareMinor(a.minor, b.minor));
  return { oldest: sorted[0], newest: sorted[sorted.length - 1] };
}

interface ApiServer {
  readonly component: ControlPlaneComponent;
  readonly version: Version;
}

function visibleApiServers(snapshot: ClusterSnapshot): ApiServer[] {
  const servers: ApiServer[] = [];
  for (const component of snapshot.components) {
    const version = component.component === 'kube-apiserver' ? parseVersion(component.version) : undefined;
    if (version) {
      servers.push({ component, version });
    }
  }
  return servers;
}

/** The kube-apiserver versions of the cluster: from its visible pods, else from the server's gitVersion. */
function clusterApiRange(servers: readonly ApiServer[], snapshot: ClusterSnapshot): ApiRange | undefined {
  const fromPods = rangeOf(servers.map((s) => s.version));
  const fromServer = parseVersion(snapshot.serverVersion.gitVersion);
  return fromPods ?? (fromServer ? single(fromServer) : undefined);
}

function apiServerChecks(servers: readonly ApiServer[], cluster: ApiRange): Check[] {
  return servers.map((server) => ({
    kind: 'kube-apiserver',
    subject: server.component.podName,
    version: server.version,
    reference: single(cluster.newest),
    allowance: HA_ALLOWANCE,
    describe: newestApiserver,
    followsControlPlane: true,
  }));
}

/**
 * Controllers are measured against the kube-apiservers they talk to. A stacked control plane
 * (kubeadm, RKE2, kops) points them at the kube-apiserver on their own node, so that one is used when
 * visible; otherwise they may reach any instance, as through a load balancer.
 */
function controllerReference(component: ControlPlaneComponent, servers: readonly ApiServer[], cluster: ApiRange): ApiRange {
  const local = servers.filter((s) => component.nodeName !== undefined && s.component.nodeName === component.nodeName);
  return rangeOf(local.map((s) => s.version)) ?? cluster;
}

function controllerChecks(snapshot: ClusterSnapshot, servers: readonly ApiServer[], cluster: ApiRange): Check[] {
  const checks: Check[] = [];
  for (const component of snapshot.components) {
    const kind = CONTROLLER_KINDS.get(component.component);
    const version = parseVersion(component.version);
    if (kind && version) {
      const reference = controllerReference(component, servers, cluster);
      checks.push({ kind, subject: component.podName, version, reference, allowance: CONTROLLER_ALLOWANCE, describe: apiserver, followsControlPlane: true });
    }
  }
  return checks;
}

function kubeletCheck(node: NodeInfo, cluster: ApiRange): Check | undefined {
  const version = parseVersion(node.kubeletVersion);
  return version && {
    kind: 'kubelet',
    subject: node.name,
    version,
    reference: cluster,
    allowance: nodeAllowance(version.minor, 'kubelet', false),
    describe: apiserver,
    followsControlPlane: true,
  };
}

function kubeProxyChecks(node: NodeInfo, cluster: ApiRange): Check[] {
  const version = parseVersion(node.kubeProxyVersion);
  if (!version) {
    return [];
  }
  const base = { kind: 'kube-proxy', subject: node.name, version } as const;
  const checks: Check[] = [
    { ...base, reference: cluster, allowance: nodeAllowance(version.minor, 'kube-proxy', false), describe: apiserver, followsControlPlane: true },
  ];
  const kubelet = parseVersion(node.kubeletVersion);
  if (kubelet) {
    const describe = (reference: Version): string => `the kubelet ${reference.text} on its node`;
    checks.push({ ...base, reference: single(kubelet), allowance: nodeAllowance(version.minor, 'kube-proxy', true), describe, followsControlPlane: false });
  }
  return checks;
}

function kubectlCheck(snapshot: ClusterSnapshot, cluster: ApiRange): Check | undefined {
  const version = parseVersion(snapshot.kubectlVersion);
  return version && {
    kind: 'kubectl', subject: 'kubectl', version, reference: cluster, allowance: KUBECTL_ALLOWANCE, describe: apiserver, followsControlPlane: true,
  };
}

function allChecks(snapshot: ClusterSnapshot, servers: readonly ApiServer[], cluster: ApiRange): Check[] {
  const nodeChecks = snapshot.nodes.flatMap((node) => [kubeletCheck(node, cluster), ...kubeProxyChecks(node, cluster)]);
  const checks = [
    ...apiServerChecks(servers, cluster),
    ...controllerChecks(snapshot, servers, cluster),
    ...nodeChecks,
    kubectlCheck(snapshot, cluster),
  ];
  return checks.filter((c): c is Check => c !== undefined);
}

interface SkewReport {
  /** The control-plane minor after the next upgrade; undefined when the kube-apiserver version is unknown. */
  readonly target?: MinorVersion;
  readonly evaluations: readonly Evaluation[];
}

function skewReport(snapshot: ClusterSnapshot): SkewReport {
  const servers = visibleApiServers(snapshot);
  const cluster = clusterApiRange(servers, snapshot);
  if (!cluster) {
    return { evaluations: [] };
  }
  const step: UpgradeStep = { from: cluster.newest, to: nextMinor(cluster.newest.minor) };
  const evaluations = allChecks(snapshot, servers, cluster)
    .map((check) => evaluate(check, step))
    .filter((e): e is Evaluation => e !== undefined);
  return { target: step.to, evaluations };
}

/**
 * Every finding of the skew policy: errors for what breaks it now, warnings for what is fine now but
 * would break once kube-apiserver is one minor newer. Ordered control plane, nodes, kubectl.
 */
export function evaluateSkew(snapshot: ClusterSnapshot): SkewVerdict[] {
  return skewReport(snapshot).evaluations.map((e) => e.verdict);
}

export interface NextMinorBlockers {
  /** The next control-plane minor, e.g. "1.33". */
  readonly target: string;
  /** Findings that must be resolved first: warnings, and errors of components that are too old. */
  readonly blockers: SkewVerdict[];
}

/** What stands between the cluster and its next control-plane minor; undefined when its version is unknown. */
export function nextMinorBlockers(snapshot: ClusterSnapshot): NextMinorBlockers | undefined {
  const report = skewReport(snapshot);
  if (!report.target) {
    return undefined;
  }
  return { target: formatMinor(report.target), blockers: report.evaluations.filter((e) => e.blocksNext).map((e) => e.verdict) };
}

export interface SkewCounts {
  readonly errors: number;
  readonly warnings: number;
}

export interface SkewSummary extends SkewCounts {
  readonly bySubject: ReadonlyMap<string, SkewCounts>;
}

function add(counts: SkewCounts | undefined, severity: SkewVerdict['severity']): SkewCounts {
  const base = counts ?? { errors: 0, warnings: 0 };
  return severity === 'error' ? { ...base, errors: base.errors + 1 } : { ...base, warnings: base.warnings + 1 };
}

/** Error and warning counts, overall and per subject (node, pod, or 'kubectl'). */
export function skewSummary(verdicts: readonly SkewVerdict[]): SkewSummary {
  const bySubject = new Map<string, SkewCounts>();
  let total: SkewCounts = { errors: 0, warnings: 0 };
  for (const v of verdicts) {
    bySubject.set(v.subject, add(bySubject.get(v.subject), v.severity));
    total = add(total, v.severity);
  }
  return { ...total, bySubject };
}
