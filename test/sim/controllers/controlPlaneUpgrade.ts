/**
 * Control-plane upgrades the way kubeadm performs them, one control-plane node at a
 * time: `kubeadm upgrade apply vX` on the first node checks the version policy
 * (cmd/kubeadm/app/phases/upgrade/policy.go: one minor at a time, kubelets not too
 * old), then rewrites that node's static pod manifests one component after the
 * other (etcd, kube-apiserver, kube-controller-manager, kube-scheduler), and the
 * kubelet restarts each pod with the new image; `kubeadm upgrade node` does the same
 * on the other control-plane nodes. While they differ, the API servers of an HA
 * cluster answer `/version` with their own versions in turn (as behind a load
 * balancer). Restarting the only API server makes the API unavailable for a moment
 * and drops every watch; in an HA cluster the watches served by the restarting
 * instance end and clients re-watch elsewhere. Once every control-plane node runs
 * the new version, the kube-proxy DaemonSet's image is upgraded (kubeadm upgrades
 * its addons after the last control-plane instance). A managed control plane has
 * no nodes to go through: its version changes after one restart interval.
 */
import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponent, type SimCluster } from '../cluster';
import { ApiError } from '../status';
import { clone, type Node, type Workload } from '../types';
import { etcdVersionFor, parseKubeVersion, type KubeVersion } from '../versions';
import { isControlPlaneNode } from './controlPlane';

/** The kubelet may be this many minors older than the control plane (version skew policy since 1.28). */
export const MAX_KUBELET_SKEW = 3;

export interface ControlPlaneUpgradeRequest {
  version: string;
  /** The control-plane node to upgrade; by default the first one, where `kubeadm upgrade apply` runs. */
  node?: string;
  /** Upgrade one component only (as `--etcd-upgrade=false` leaves etcd for later). */
  component?: ControlPlaneComponent;
  /** Skip the checks kubeadm lets `--force` skip. */
  force?: boolean;
}

export interface ControlPlaneUpgradeStatus {
  /** The control-plane node, or "" for a managed control plane. */
  node: string;
  version: string;
  components: ControlPlaneComponent[];
  phase: 'Upgrading' | 'Succeeded';
  /** The component whose static pod is restarting now. */
  restarting?: ControlPlaneComponent;
  startedAt: string;
  finishedAt?: string;
}

export interface PolicyInput {
  clusterVersion: KubeVersion;
  target: KubeVersion;
  kubeletVersions: readonly string[];
  /** kube-apiserver version on each control-plane node other than the one being upgraded. */
  otherApiservers: readonly { node: string; version: string }[];
}

export interface PolicyErrors {
  mandatory: string[];
  skippable: string[];
}

/** The checks of kubeadm's EnforceVersionPolicies that apply to a simulated cluster. */
export function upgradePolicyErrors(p: PolicyInput): PolicyErrors {
  const out: PolicyErrors = { mandatory: [], skippable: [] };
  const t = p.target;
  const c = p.clusterVersion;
  if (t.major !== c.major || t.minor > c.minor + 1) {
    out.mandatory.push(`Specified version to upgrade to "${t.gitVersion}" is too high; kubeadm can upgrade only 1 minor version at a time`);
  } else if (t.minor < c.minor - 1) {
    out.mandatory.push(`Specified version to downgrade to "${t.gitVersion}" is too low; kubeadm can downgrade only 1 minor version at a time`);
  }
  for (const other of p.otherApiservers) {
    const o = parseKubeVersion(other.version);
    if (Math.abs(o.minor - t.minor) > 1) {
      out.mandatory.push(
        `kube-apiserver on control-plane node "${other.node}" is at ${o.gitVersion}; the API servers of a cluster may differ by one minor version at most, so upgrade that node to v${c.major}.${c.minor} first ("kubeadm upgrade node")`,
      );
    }
  }
  const tooOld = [...new Set(p.kubeletVersions.filter((v) => t.minor > parseKubeVersion(v).minor + MAX_KUBELET_SKEW))].sort();
  if (tooOld.length > 0) out.skippable.push(`There are kubelets in this cluster that are too old that have these versions [${tooOld.join(' ')}]`);
  return out;
}

/** kubeadm's wording for refused versions. */
export function formatPolicyErrors(errors: PolicyErrors): string {
  if (errors.mandatory.length > 0) {
    return `[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n\n${[...errors.mandatory, ...errors.skippable].map((e) => `\t- ${e}\n`).join('')}\nPlease fix the misalignments highlighted above and try upgrading again`;
  }
  return `[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n${errors.skippable.map((e) => `\t- ${e}\n`).join('')}\nCan be bypassed if you pass the --force flag`;
}

/** A component may not be newer than the API servers, nor more than one minor older (version skew policy). */
function componentSkewError(component: ControlPlaneComponent, target: KubeVersion, apiservers: readonly { node: string; version: string }[]): string | undefined {
  for (const a of apiservers) {
    const v = parseKubeVersion(a.version);
    const newer = target.minor > v.minor || (target.minor === v.minor && target.patch > v.patch);
    if (newer) return `${component} ${target.gitVersion} would be newer than kube-apiserver ${v.gitVersion} on "${a.node}"; upgrade kube-apiserver first`;
    if (target.minor < v.minor - 1) return `${component} ${target.gitVersion} would be more than one minor version older than kube-apiserver ${v.gitVersion} on "${a.node}"`;
  }
  return undefined;
}

/** What the upgrader needs from the HTTP front end. */
export interface ApiserverRestartHook {
  /** The only API server restarts: nothing answers for `wallMs`. */
  outage(wallMs: number): void;
  /** One of several API servers restarts: the watches it served end. */
  dropWatches(): void;
}

export class ControlPlaneUpgrades {
  private readonly statuses = new Map<string, ControlPlaneUpgradeStatus>();
  private roundRobin = 0;
  restartHook: ApiserverRestartHook | undefined;

  constructor(private readonly cluster: SimCluster) {}

  private get restartSeconds(): number {
    return this.cluster.settings.staticPodRestartSeconds ?? 10;
  }

  controlPlaneNodes(): string[] {
    if (this.cluster.settings.managed) return [];
    return (this.cluster.store.all('/nodes') as Node[]).filter(isControlPlaneNode).map((n) => n.metadata.name ?? '').sort();
  }

  apiservers(): { node: string; version: string }[] {
    return this.controlPlaneNodes().map((node) => ({ node, version: this.cluster.componentsOn(node)['kube-apiserver'] }));
  }

  /** The version the next `/version` request is answered with: the API servers take turns. */
  nextServerVersion(): KubeVersion {
    const cluster = this.cluster.settings.version;
    const versions = this.apiservers().map((a) => a.version);
    if (versions.length === 0 || versions.every((v) => v === versions[0])) return cluster;
    const v = versions[this.roundRobin++ % versions.length]!;
    return v === cluster.gitVersion ? cluster : parseKubeVersion(v);
  }

  list(): ControlPlaneUpgradeStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s, components: [...s.components] }));
  }

  /** Starts an upgrade and returns at once; its progress shows in list(), static pods and /version. */
  start(req: ControlPlaneUpgradeRequest): ControlPlaneUpgradeStatus {
    const target = parseKubeVersion(req.version);
    if (req.component !== undefined && !(CONTROL_PLANE_COMPONENTS as readonly string[]).includes(req.component)) {
      throw ApiError.badRequest(`unknown component ${String(req.component)} (expected one of ${CONTROL_PLANE_COMPONENTS.join(', ')})`);
    }
    const nodes = this.controlPlaneNodes();
    if (nodes.length === 0) return this.startManaged(target, req);
    const node = req.node ?? nodes[0]!;
    if (!nodes.includes(node)) throw ApiError.badRequest(`"${node}" is not a control-plane node (control-plane nodes: ${nodes.join(', ')})`);
    if (this.statuses.get(node)?.phase === 'Upgrading') throw new ApiError(409, 'Conflict', `an upgrade of control-plane node "${node}" is already in progress`);
    const others = this.apiservers().filter((a) => a.node !== node);
    const component = req.component;
    if (component === 'etcd') {
      // etcd images carry their own versions (3.6.4-0); kubeadm pins one per minor.
    } else if (component !== undefined && component !== 'kube-apiserver') {
      const err = componentSkewError(component, target, this.apiservers());
      if (err) throw ApiError.badRequest(err);
    } else {
      const errors = upgradePolicyErrors({
        clusterVersion: this.cluster.settings.version,
        target,
        kubeletVersions: (this.cluster.store.all('/nodes') as Node[]).map((n) => n.status?.nodeInfo?.kubeletVersion ?? '').filter((v) => v !== ''),
        otherApiservers: others,
      });
      if (errors.mandatory.length > 0 || (errors.skippable.length > 0 && req.force !== true)) throw ApiError.badRequest(formatPolicyErrors(errors));
    }
    const components: ControlPlaneComponent[] = component ? [component] : ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
    const status: ControlPlaneUpgradeStatus = { node, version: component === 'etcd' ? req.version.replace(/^v/, '') : target.gitVersion, components, phase: 'Upgrading', startedAt: this.cluster.clock.timestamp() };
    this.statuses.set(node, status);
    this.step(status, target, 0, nodes.length === 1);
    return { ...status };
  }

  private startManaged(target: KubeVersion, req: ControlPlaneUpgradeRequest): ControlPlaneUpgradeStatus {
    const errors = upgradePolicyErrors({ clusterVersion: this.cluster.settings.version, target, kubeletVersions: [], otherApiservers: [] });
    if (errors.mandatory.length > 0) throw ApiError.badRequest(formatPolicyErrors(errors));
    if (this.statuses.get('')?.phase === 'Upgrading') throw new ApiError(409, 'Conflict', 'an upgrade of the control plane is already in progress');
    const status: ControlPlaneUpgradeStatus = { node: '', version: target.gitVersion, components: req.component ? [req.component] : ['kube-apiserver'], phase: 'Upgrading', startedAt: this.cluster.clock.timestamp() };
    this.statuses.set('', status);
    this.cluster.clock.after(this.restartSeconds, () => {
      this.cluster.setControlPlaneVersion(target.gitVersion);
      status.phase = 'Succeeded';
      status.finishedAt = this.cluster.clock.timestamp();
    });
    return { ...status };
  }

  private step(status: ControlPlaneUpgradeStatus, target: KubeVersion, index: number, onlyApiserver: boolean): void {
    const component = status.components[index];
    if (component === undefined) {
      delete status.restarting;
      status.phase = 'Succeeded';
      status.finishedAt = this.cluster.clock.timestamp();
      this.upgradeAddonsWhenDone();
      return;
    }
    status.restarting = component;
    this.cluster.clock.after(this.restartSeconds, () => {
      const settings = this.cluster.settings;
      const tag = component === 'etcd' ? (status.components.length === 1 ? status.version : etcdVersionFor(target.minor)) : target.gitVersion;
      const nodes = (settings.nodeComponents ??= {});
      nodes[status.node] = { ...this.cluster.componentsOn(status.node), [component]: tag };
      if (component === 'kube-apiserver') {
        // kubeadm apply records the new cluster version; `upgrade node` catches a node up with it.
        if (target.gitVersion !== settings.version.gitVersion) {
          settings.version = target;
          this.cluster.refreshCatalog();
        }
        if (onlyApiserver) this.restartHook?.outage(this.cluster.clock.wallMs(this.restartSeconds));
        else this.restartHook?.dropWatches();
      }
      this.collapseWhenUniform();
      this.cluster.notifyControlPlaneChange();
      this.step(status, target, index + 1, onlyApiserver);
    });
  }

  /** When every control-plane node runs the same images again, the per-node entries go. */
  private collapseWhenUniform(): void {
    const settings = this.cluster.settings;
    const per = settings.nodeComponents;
    if (!per) return;
    const all = this.controlPlaneNodes().map((n) => JSON.stringify(this.cluster.componentsOn(n)));
    if (all.length > 0 && all.every((x) => x === all[0])) {
      settings.components = JSON.parse(all[0]!) as typeof settings.components;
      delete settings.nodeComponents;
    }
  }

  private upgradeAddonsWhenDone(): void {
    const version = this.cluster.settings.version.gitVersion;
    if (!this.apiservers().every((a) => a.version === version)) return;
    const def = this.cluster.catalog.lookup('apps', 'v1', 'daemonsets')?.def;
    const ds = def ? (this.cluster.find(def, 'kube-system', 'kube-proxy') as Workload | undefined) : undefined;
    if (!def || !ds) return;
    const next = clone(ds);
    let changed = false;
    for (const c of next.spec.template.spec.containers) {
      if (!/(^|\/)kube-proxy:/.test(c.image ?? '')) continue;
      const image = `${(c.image ?? '').split(':')[0]}:${version}`;
      if (c.image !== image) {
        c.image = image;
        changed = true;
      }
    }
    if (changed) this.cluster.update(def, 'kube-system', 'kube-proxy', next);
  }
}
