/**
 * NoExecute taint eviction (kubernetes/kubernetes pkg/controller/tainteviction/
 * taint_eviction.go): a pod on a node with a NoExecute taint it does not
 * tolerate is deleted at once; a pod whose tolerations of those taints all carry
 * tolerationSeconds is deleted once the smallest of them has passed since the
 * controller first saw it under the taints (so pods on a NotReady node go after the
 * default 300 s tolerations of not-ready / unreachable); a toleration without
 * tolerationSeconds keeps the pod. Deleted pods get a DisruptionTarget condition
 * (DeletionByTaintManager) and a TaintManagerEviction event. On a NotReady node the
 * kubelet cannot confirm the deletion, so such pods stay Terminating until the node
 * is back.
 */
import type { SimCluster } from '../cluster';
import { EventRecorder } from '../events';
import { clone, type Node, type Pod, type Taint, type Toleration } from '../types';
import { ChangeGate } from './changeGate';
import type { Controller } from './manager';
import { asPod, setCondition, tolerates } from './podState';

interface Scheduled {
  /** Wall-clock ms when the pod was first seen under the taints. */
  since: number;
  seconds: number;
}

/** v1helper.GetMatchingTolerations: the first toleration of each taint, or undefined when one is not tolerated. */
function usedTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Toleration[] | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = (tolerations ?? []).find((t) => tolerates([t], taint));
    if (!match) return undefined;
    used.push(match);
  }
  return used;
}

/** taint_eviction.go getMinTolerationTime: the smallest tolerationSeconds, -1 when none is set (forever). */
function minTolerationSeconds(used: readonly Toleration[]): number {
  let min = -1;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (min < 0 || t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min;
}

export class TaintEviction implements Controller {
  readonly name = 'taint-eviction';
  private readonly gate: ChangeGate;
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly recorder: EventRecorder;

  constructor(private readonly cluster: SimCluster) {
    this.gate = new ChangeGate(cluster.store, ['/nodes', '/pods']);
    this.recorder = new EventRecorder(cluster);
  }

  reconcile(): void {
    if (!this.gate.changed()) return;
    const seen = new Set<string>();
    for (const node of this.cluster.store.all('/nodes') as Node[]) {
      const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
      if (taints.length === 0) continue;
      for (const obj of this.cluster.store.podsOnNode(node.metadata.name ?? '')) {
        const pod = asPod(obj);
        if (pod.metadata.deletionTimestamp) continue;
        const uid = pod.metadata.uid ?? '';
        const used = usedTolerations(taints, pod.spec.tolerations);
        if (!used) {
          this.evict(pod);
          continue;
        }
        const seconds = minTolerationSeconds(used);
        if (seconds < 0) continue;
        seen.add(uid);
        const existing = this.scheduled.get(uid);
        if (existing && existing.seconds <= seconds) continue;
        const since = existing?.since ?? Date.now();
        this.scheduled.set(uid, { since, seconds });
        this.arm(pod, since, seconds);
      }
    }
    for (const uid of [...this.scheduled.keys()]) if (!seen.has(uid)) this.scheduled.delete(uid);
  }

  private arm(pod: Pod, since: number, seconds: number): void {
    const uid = pod.metadata.uid ?? '';
    const remainingMs = since + this.cluster.clock.wallMs(seconds) - Date.now();
    const scale = this.cluster.clock.timeScale;
    this.cluster.clock.after(scale > 0 ? Math.max(0, remainingMs) / 1000 / scale : 0, () => {
      const entry = this.scheduled.get(uid);
      if (!entry || entry.since !== since || entry.seconds !== seconds) return;
      this.scheduled.delete(uid);
      const current = this.cluster.store.get('/pods', pod.metadata.namespace, pod.metadata.name ?? '');
      if (current && current.metadata.uid === uid && !current.metadata.deletionTimestamp) this.evict(asPod(current));
    });
  }

  private evict(pod: Pod): void {
    // emitPodDeletionEvent: the reference names the pod without its uid; the component is the controller's name.
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const component = this.cluster.version.minor >= 29 ? 'taint-eviction-controller' : 'taint-controller';
    this.recorder.record({ kind: 'Pod', apiVersion: 'v1', name, namespace: ns, uid: '' }, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, { component });
    if (this.cluster.version.minor < 26) {
      this.cluster.deletePod(pod);
      return;
    }
    const next = clone(pod);
    const status = (next.status ??= {});
    status.conditions = setCondition(status.conditions ?? [], {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      lastProbeTime: null,
      lastTransitionTime: this.cluster.clock.timestamp(),
    });
    this.cluster.deletePod(this.cluster.put('/pods', next) as Pod);
  }
}
