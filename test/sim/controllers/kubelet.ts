/**
 * The kubelets of all nodes: start bound pods (Pending -> Running after
 * podStartSeconds), finish Job pods, remove terminating pods once their grace
 * period has passed (only while the node is Ready, like a real kubelet), and
 * simulate a kubelet upgrade or an OS patch with its reboot (NotReady for
 * nodeUpgradeSeconds, then Ready with the new version).
 */
import type { SimCluster } from '../cluster';
import { clone, type Condition, type ContainerStatus, type Node, type NodeSystemInfo, type Pod } from '../types';
import { parseKubeVersion } from '../versions';
import type { Controller } from './manager';
import { asPod, isNodeReady, isTerminal, setCondition } from './podState';

type PodTimer = 'start' | 'complete';

export class Kubelet implements Controller {
  readonly name = 'kubelet';
  private readonly queue = new Set<string>();
  private readonly timers = new Map<string, PodTimer>();
  /** The shortest grace period a termination of the pod was planned with. */
  private readonly terminateGrace = new Map<string, number>();
  private readonly ipCounters = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(private readonly cluster: SimCluster) {
    for (const p of cluster.store.all('/pods')) this.queue.add(podKey(p as Pod));
    this.unsubscribe = cluster.store.subscribe((e) => {
      if (e.resource === '/pods' && e.type !== 'DELETED') this.queue.add(podKey(e.object as Pod));
      if (e.resource === '/nodes') for (const p of cluster.store.podsOnNode(e.object.metadata.name ?? '')) this.queue.add(podKey(p as Pod));
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  reconcile(): void {
    const keys = [...this.queue];
    this.queue.clear();
    for (const key of keys) {
      const [ns, name] = key.split('/') as [string, string];
      const obj = this.cluster.store.get('/pods', ns, name);
      if (obj) this.sync(asPod(obj));
    }
  }

  private node(name: string | undefined): Node | undefined {
    return name ? (this.cluster.store.get('/nodes', undefined, name) as Node | undefined) : undefined;
  }

  private sync(pod: Pod): void {
    const node = this.node(pod.spec.nodeName);
    if (!node) return;
    const uid = pod.metadata.uid ?? '';
    const ready = isNodeReady(node);
    if (pod.metadata.deletionTimestamp) {
      // A later delete may shorten the grace period, never lengthen it (pod_workers.go calculateEffectiveGracePeriod).
      const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
      if (grace < (this.terminateGrace.get(uid) ?? Infinity)) {
        this.terminateGrace.set(uid, grace);
        this.cluster.clock.after(grace, () => this.terminate(pod));
      }
      return;
    }
    if (!ready) {
      this.markNotReady(pod);
      return;
    }
    const phase = pod.status?.phase ?? 'Pending';
    if (phase === 'Pending' && !this.timers.has(uid)) {
      this.timers.set(uid, 'start');
      this.cluster.clock.after(this.cluster.settings.podStartSeconds, () => this.start(pod));
    } else if (phase === 'Running') {
      this.restoreReady(pod);
      const isJobPod = pod.metadata.ownerReferences?.some((r) => r.kind === 'Job' && r.controller === true);
      if (isJobPod && this.timers.get(uid) !== 'complete') {
        this.timers.set(uid, 'complete');
        this.cluster.clock.after(this.cluster.settings.jobPodSeconds, () => this.complete(pod));
      }
    }
  }

  private current(pod: Pod): Pod | undefined {
    const obj = this.cluster.store.get('/pods', pod.metadata.namespace, pod.metadata.name ?? '');
    return obj && obj.metadata.uid === pod.metadata.uid ? asPod(obj) : undefined;
  }

  private podIp(node: Node, hostNetwork: boolean): string {
    const hostIp = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
    if (hostNetwork) return hostIp;
    const name = node.metadata.name ?? '';
    const n = (this.ipCounters.get(name) ?? 0) + 1;
    this.ipCounters.set(name, n);
    const cidr = node.spec?.podCIDR ?? '10.244.0.0/24';
    const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
    return `${base}.${(n % 250) + 2}`;
  }

  private start(snapshot: Pod): void {
    const pod = this.current(snapshot);
    const uid = snapshot.metadata.uid ?? '';
    if (this.timers.get(uid) === 'start') this.timers.delete(uid);
    if (!pod || pod.metadata.deletionTimestamp || (pod.status?.phase ?? 'Pending') !== 'Pending') return;
    const node = this.node(pod.spec.nodeName);
    if (!node || !isNodeReady(node)) return;
    const now = this.cluster.clock.timestamp();
    const next = clone(pod);
    const hostIp = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const podIp = this.podIp(node, next.spec.hostNetwork === true);
    const status = (next.status ??= {});
    status.phase = 'Running';
    status.hostIP = hostIp;
    (status as Record<string, unknown>).hostIPs = [{ ip: hostIp }];
    status.podIP = podIp;
    status.podIPs = [{ ip: podIp }];
    status.startTime ??= now;
    let conds: Condition[] = status.conditions ?? [];
    for (const type of ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']) {
      conds = setCondition(conds, { type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    }
    status.conditions = conds;
    status.containerStatuses = next.spec.containers.map((c): ContainerStatus => ({
      containerID: `containerd://${this.cluster.random.hex(64)}`,
      image: c.image ?? '',
      imageID: imageId(c.image ?? '', this.cluster.random.hex(64)),
      lastState: {},
      name: c.name,
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: now } },
    }));
    this.cluster.put('/pods', next);
  }

  private complete(snapshot: Pod): void {
    const pod = this.current(snapshot);
    if (!pod || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return;
    const now = this.cluster.clock.timestamp();
    const next = clone(pod);
    const status = next.status!;
    status.phase = 'Succeeded';
    let conds = status.conditions ?? [];
    conds = setCondition(conds, { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: now });
    conds = setCondition(conds, { type: 'Ready', status: 'False', reason: 'PodCompleted', lastProbeTime: null, lastTransitionTime: now });
    conds = setCondition(conds, { type: 'ContainersReady', status: 'False', reason: 'PodCompleted', lastProbeTime: null, lastTransitionTime: now });
    status.conditions = conds;
    status.containerStatuses = (status.containerStatuses ?? []).map((c) => ({
      ...c,
      ready: false,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: c.state?.running?.startedAt ?? now, finishedAt: now, containerID: c.containerID } },
    }));
    this.cluster.put('/pods', next);
  }

  private terminate(snapshot: Pod): void {
    const pod = this.current(snapshot);
    const uid = snapshot.metadata.uid ?? '';
    if (!pod) {
      this.timers.delete(uid);
      this.terminateGrace.delete(uid);
      return;
    }
    const node = this.node(pod.spec.nodeName);
    if (node && !isNodeReady(node)) {
      // A kubelet that is down cannot confirm termination; retry once it is back.
      this.cluster.clock.after(1, () => this.terminate(snapshot));
      return;
    }
    this.timers.delete(uid);
    this.terminateGrace.delete(uid);
    this.cluster.finishPodTermination(pod);
  }

  /** The node lifecycle controller's MarkPodsNotReady for pods on a NotReady node. */
  private markNotReady(pod: Pod): void {
    if (isTerminal(pod) || pod.status?.phase !== 'Running') return;
    const ready = pod.status.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'False') return;
    const next = clone(pod);
    next.status!.conditions = setCondition(next.status!.conditions ?? [], { type: 'Ready', status: 'False', reason: 'NodeNotReady', lastProbeTime: null, lastTransitionTime: this.cluster.clock.timestamp() });
    this.cluster.put('/pods', next);
  }

  private restoreReady(pod: Pod): void {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status !== 'False' || ready.reason !== 'NodeNotReady') return;
    const next = clone(pod);
    next.status!.conditions = setCondition(next.status!.conditions ?? [], { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: this.cluster.clock.timestamp() });
    this.cluster.put('/pods', next);
  }

  /** Sets the node's Ready condition (as the kubelet / node lifecycle controller would). */
  setNodeReady(nodeName: string, ready: boolean, reason?: string, message?: string): void {
    const node = this.node(nodeName);
    if (!node) return;
    const next = clone(node);
    const status = (next.status ??= {});
    const now = this.cluster.clock.timestamp();
    status.conditions = setCondition(status.conditions ?? [], {
      type: 'Ready',
      status: ready ? 'True' : 'False',
      reason: reason ?? (ready ? 'KubeletReady' : 'KubeletNotReady'),
      message: message ?? (ready ? 'kubelet is posting ready status' : 'container runtime status check may not have completed yet'),
      lastHeartbeatTime: now,
      lastTransitionTime: now,
    });
    this.cluster.put('/nodes', next);
  }

  /** Upgrade (or downgrade) a node's kubelet: NotReady, then Ready with the new version. */
  upgradeKubelet(nodeName: string, version: string): void {
    const v = parseKubeVersion(version);
    this.restartNode(nodeName, 'kubelet is restarting', (info) => {
      info.kubeletVersion = v.gitVersion;
      // From 1.31 the kubelet no longer reports kube-proxy's version (KEP-4004); the
      // kube-proxy DaemonSet's image is the place to read it.
      if (v.minor >= 31) delete info.kubeProxyVersion;
      else if (info.kubeProxyVersion !== undefined) info.kubeProxyVersion = v.gitVersion;
    });
  }

  /**
   * OS patching: the node reboots (NotReady for nodeUpgradeSeconds, a new bootID) and
   * comes back with the new OS image, kernel or container runtime.
   */
  patchOs(nodeName: string, change: OsChange): void {
    this.restartNode(nodeName, 'node is rebooting', (info) => {
      if (change.osImage !== undefined) info.osImage = change.osImage;
      if (change.kernelVersion !== undefined) info.kernelVersion = change.kernelVersion;
      if (change.containerRuntimeVersion !== undefined) info.containerRuntimeVersion = change.containerRuntimeVersion;
      info.bootID = this.cluster.random.uuid();
    });
  }

  private restartNode(nodeName: string, message: string, change: (info: NodeSystemInfo) => void): void {
    if (!this.node(nodeName)) throw new Error(`node ${nodeName} not found`);
    this.setNodeReady(nodeName, false, 'KubeletNotReady', message);
    this.cluster.clock.after(this.cluster.settings.nodeUpgradeSeconds, () => {
      const current = this.node(nodeName);
      if (!current) return;
      const next = clone(current);
      const status = (next.status ??= {});
      change((status.nodeInfo ??= { kubeletVersion: this.cluster.settings.version.gitVersion }));
      this.cluster.put('/nodes', next);
      this.setNodeReady(nodeName, true);
    });
  }
}

export interface OsChange {
  osImage?: string;
  kernelVersion?: string;
  containerRuntimeVersion?: string;
}

/** repository@digest: the image without its tag (a registry's port is kept), with the digest it was pinned to or a pulled one. */
function imageId(image: string, pulledHex: string): string {
  const [name, digest] = image.split('@') as [string, string | undefined];
  const colon = name.lastIndexOf(':');
  const repository = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  return `${repository}@${digest ?? `sha256:${pulledHex}`}`;
}

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}
