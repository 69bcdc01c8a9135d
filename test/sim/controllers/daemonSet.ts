/**
 * The DaemonSet controller (pkg/controller/daemon): one pod on every node whose
 * labels match the pod template and whose taints it tolerates. Like the real
 * controller it adds the tolerations that let daemon pods ignore cordons and node
 * conditions, binds each pod to its node with a matchFields node affinity, keeps a
 * ControllerRevision per template, and after a template change replaces pods per
 * its updateStrategy: RollingUpdate (maxUnavailable / maxSurge, rounded up) or
 * OnDelete (new pods only where old ones were deleted). A node whose old pod is
 * still terminating gets its new pod once the old one is gone.
 */
import type { SimCluster } from '../cluster';
import type { IntOrString, Node, Pod, Toleration, Workload } from '../types';
import { scaledValue } from './disruption';
import { ChangeGate } from './changeGate';
import type { Controller } from './manager';
import { asPod, byControllerUid, isActive, isPodReady, matchesNodeSelection, untoleratedTaints } from './podState';
import { createPodFor, writeStatus } from './podTemplates';
import { ensureRevision, truncateHistory } from './revisions';

const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

const NETWORK_UNAVAILABLE: Toleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

/**
 * AddOrUpdateDaemonPodTolerations: a toleration with the same key, operator, value
 * and effect is replaced by the default one (so a tolerationSeconds goes), any
 * other is kept and the default one added; host-network pods also tolerate
 * network-unavailable.
 */
export function daemonTolerations(existing: readonly Toleration[] | undefined, hostNetwork = false): Toleration[] {
  let out = [...(existing ?? [])];
  for (const t of hostNetwork ? [...DAEMON_TOLERATIONS, NETWORK_UNAVAILABLE] : DAEMON_TOLERATIONS) {
    const same = (x: Toleration): boolean => x.key === t.key && x.effect === t.effect && (x.operator ?? '') === t.operator && (x.value ?? '') === '';
    if (out.some(same)) out = out.map((x) => (same(x) ? { ...t } : x));
    else out.push({ ...t });
  }
  return out;
}

/** A daemon pod's template hash; pods a scenario declares without one are taken as up to date. */
function podHash(p: Pod, current: string): string {
  return p.metadata.labels?.['controller-revision-hash'] ?? current;
}

export class DaemonSetController implements Controller {
  private readonly gate: ChangeGate;
  readonly name = 'daemonset';

  constructor(private readonly cluster: SimCluster) {
    this.gate = new ChangeGate(cluster.store, ['apps/daemonsets', 'apps/controllerrevisions', '/pods', '/nodes']);
  }

  /**
   * The real controller's two questions: may a new daemon pod be placed on the node
   * (no untolerated NoSchedule/NoExecute taint), and may an existing one keep
   * running there (no untolerated NoExecute taint).
   */
  private placement(probe: Pod, node: Node): { shouldRun: boolean; shouldContinue: boolean } {
    if (!matchesNodeSelection(probe, node)) return { shouldRun: false, shouldContinue: false };
    const taints = untoleratedTaints(node, probe.spec.tolerations);
    return { shouldRun: taints.length === 0, shouldContinue: !taints.some((t) => t.effect === 'NoExecute') };
  }

  reconcile(): void {
    if (!this.gate.changed()) return;
    const sets = this.cluster.store.all('apps/daemonsets') as Workload[];
    if (sets.length === 0) return;
    const nodes = [...(this.cluster.store.all('/nodes') as Node[])].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    const owned = byControllerUid(this.cluster.store.all('/pods'));
    for (const ds of sets) {
      if (ds.metadata.deletionTimestamp) continue;
      this.sync(ds, nodes, (owned.get(ds.metadata.uid ?? '') ?? []).map(asPod));
    }
  }

  private sync(ds: Workload, nodes: Node[], pods: Pod[]): void {
    const revision = ensureRevision(this.cluster, ds, (hash) => ({ 'controller-revision-hash': hash }));
    const hash = revision.hash;
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) {
      const n = p.spec.nodeName ?? '';
      byNode.set(n, [...(byNode.get(n) ?? []), p]);
    }
    const strategy = ds.spec.updateStrategy as { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } } | undefined;
    const rolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const probe = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { ...ds.spec.template.spec, tolerations: daemonTolerations(ds.spec.template.spec.tolerations, ds.spec.template.spec.hostNetwork === true) } } as Pod;
    const placements = nodes.map((node) => ({ node, name: node.metadata.name ?? '', ...this.placement(probe, node) }));
    // updatedDesiredNodeCounts: percentages are of the nodes that should run a pod.
    const desired = placements.filter((p) => p.shouldRun).length;
    let maxSurge = rolling ? scaledValue(strategy?.rollingUpdate?.maxSurge ?? 0, desired, true) : 0;
    let maxUnavailable = rolling ? scaledValue(strategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true) : 0;
    if (rolling && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    if (!rolling) maxSurge = 0;

    // manage(): pods that should go, nodes that need a pod.
    const surgeNodes = new Set<string>();
    if (rolling) for (const victim of this.rollingUpdate(placements, byNode, hash, maxSurge, maxUnavailable, surgeNodes)) this.cluster.deletePod(victim);
    for (const { name: nodeName, shouldRun, shouldContinue } of placements) {
      const here = byNode.get(nodeName) ?? [];
      const active = here.filter(isActive);
      if (!shouldContinue) {
        for (const p of active) this.cluster.deletePod(p);
        continue;
      }
      if (active.length > 1 && maxSurge === 0) {
        // Without surge, only the oldest daemon pod of a node stays.
        const sorted = [...active].sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
        for (const p of sorted.slice(1)) this.cluster.deletePod(p);
      }
      if ((shouldRun && here.length === 0) || surgeNodes.has(nodeName)) this.createDaemonPod(ds, nodeName, hash);
    }

    // updateDaemonSetStatus
    const currentByNode = new Map<string, Pod[]>();
    for (const obj of this.cluster.store.all('/pods', ds.metadata.namespace)) {
      const p = asPod(obj);
      if (!isActive(p) || !p.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === ds.metadata.uid)) continue;
      const n = p.spec.nodeName ?? '';
      let list = currentByNode.get(n);
      if (!list) currentByNode.set(n, (list = []));
      list.push(p);
    }
    let scheduled = 0;
    let ready = 0;
    let updated = 0;
    let misscheduled = 0;
    let desiredScheduled = 0;
    const liveRevisions = new Set<string>([hash]);
    for (const { name: nodeName, shouldRun } of placements) {
      const active = (currentByNode.get(nodeName) ?? []).sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
      for (const p of active) liveRevisions.add(podHash(p, hash));
      if (!shouldRun) {
        if (active.length > 0) misscheduled++;
        continue;
      }
      desiredScheduled++;
      const pod = active[0];
      if (!pod) continue;
      scheduled++;
      if (isPodReady(pod)) ready++;
      if (podHash(pod, hash) === hash) updated++;
    }
    truncateHistory(this.cluster, ds, liveRevisions);
    writeStatus(this.cluster, 'apps/daemonsets', ds, {
      currentNumberScheduled: scheduled,
      desiredNumberScheduled: desiredScheduled,
      ...(ready > 0 ? { numberAvailable: ready } : {}),
      numberMisscheduled: misscheduled,
      numberReady: ready,
      ...(desiredScheduled - ready > 0 ? { numberUnavailable: desiredScheduled - ready } : {}),
      observedGeneration: ds.metadata.generation ?? 1,
      ...(updated > 0 ? { updatedNumberScheduled: updated } : {}),
    });
  }

  /**
   * daemon/update.go rollingUpdate: without surge, delete old pods (unavailable ones
   * first and freely, available ones while fewer than maxUnavailable nodes are
   * unavailable) and let the manage loop recreate them; with surge, start the new pod
   * beside the old one and delete the old one once the new one is available.
   */
  private rollingUpdate(placements: { name: string; shouldRun: boolean }[], byNode: Map<string, Pod[]>, hash: string, maxSurge: number, maxUnavailable: number, surgeNodes: Set<string>): Pod[] {
    const victims: Pod[] = [];
    const candidates: { node: string; pod: Pod }[] = [];
    const replacements: { node: string; pod: Pod }[] = [];
    let busy = 0;
    for (const { name, shouldRun } of placements) {
      const pods = byNode.get(name);
      if (!pods || pods.length === 0) {
        // The manage loop creates this node's pod in this pass: without surge it counts
        // as unavailable; with surge it takes no surge slot.
        if (shouldRun && maxSurge === 0) busy++;
        continue;
      }
      const active = pods.filter((p) => !p.metadata.deletionTimestamp);
      const fresh = active.filter((p) => podHash(p, hash) === hash);
      const old = active.filter((p) => podHash(p, hash) !== hash);
      if (fresh.length > 1 || old.length > 1) {
        busy++;
        continue;
      }
      if (fresh.length === 0 && old.length === 0) {
        if (maxSurge === 0) busy++;
        continue;
      }
      const newPod = fresh[0];
      const oldPod = old[0];
      if (maxSurge === 0) {
        if (newPod && oldPod) busy++;
        else if (newPod) {
          if (!isPodReady(newPod)) busy++;
        } else if (oldPod && !isPodReady(oldPod)) replacements.push({ node: name, pod: oldPod });
        else if (oldPod && busy < maxUnavailable) candidates.push({ node: name, pod: oldPod });
      } else if (oldPod && !newPod) {
        if (!isPodReady(oldPod)) replacements.push({ node: name, pod: oldPod });
        else if (busy < maxSurge) candidates.push({ node: name, pod: oldPod });
      } else if (oldPod && newPod) {
        if (!isPodReady(newPod)) busy++;
        else victims.push(oldPod);
      }
    }
    const room = Math.max(0, Math.min((maxSurge === 0 ? maxUnavailable : maxSurge) - busy, candidates.length));
    const chosen = [...replacements, ...candidates.slice(0, room)];
    if (maxSurge === 0) return [...victims, ...chosen.map((c) => c.pod)];
    for (const c of chosen) surgeNodes.add(c.node);
    return victims;
  }

  private createDaemonPod(ds: Workload, nodeName: string, hash: string): void {
    createPodFor(this.cluster, ds, {
      name: `${ds.metadata.name}-${this.cluster.random.suffix()}`,
      labels: { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      nodeName,
      mutate: (pod) => {
        pod.spec.tolerations = daemonTolerations(pod.spec.tolerations, pod.spec.hostNetwork === true);
        // ReplaceDaemonSetPodNodeNameNodeAffinity: only the required node selector terms are replaced.
        const affinity = (pod.spec.affinity ?? {}) as { nodeAffinity?: Record<string, unknown> };
        pod.spec.affinity = {
          ...affinity,
          nodeAffinity: {
            ...affinity.nodeAffinity,
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
            },
          },
        };
      },
    });
  }
}
