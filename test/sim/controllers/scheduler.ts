/**
 * kube-scheduler: binds pending pods to schedulable nodes whose taints they
 * tolerate (node conditions reach it only as the node lifecycle controller's taints), whose labels match, and that have room for their requests (spreading
 * by pod count). Pods that fit nowhere stay Pending with PodScheduled=False and a
 * message in the scheduler's "0/N nodes are available: ..." form.
 */
import type { SimCluster } from '../cluster';
import { clone, type Node, type Pod } from '../types';
import type { Controller } from './manager';
import { asPod, isTerminal, matchesNodeSelection, nodeAllocatable, podRequests, setCondition, tolerates, untoleratedTaints, type Resources } from './podState';

interface NodeUsage extends Resources {
  pods: number;
}

export class Scheduler implements Controller {
  readonly name = 'scheduler';

  constructor(private readonly cluster: SimCluster) {}

  reconcile(): void {
    const store = this.cluster.store;
    const pending = store
      .list('/pods', { fields: [{ field: 'spec.nodeName', op: 'eq', value: '' }] })
      .items.map(asPod)
      .filter((p) => !p.metadata.deletionTimestamp && !isTerminal(p) && (p.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler');
    if (pending.length === 0) return;
    const nodes = store.all('/nodes') as Node[];
    const usage = new Map<string, NodeUsage>();
    const usageOf = (node: Node): NodeUsage => {
      const name = node.metadata.name ?? '';
      let u = usage.get(name);
      if (!u) {
        u = { cpu: 0, memory: 0, pods: 0 };
        for (const p of store.podsOnNode(name).map(asPod)) {
          if (isTerminal(p)) continue;
          const r = podRequests(p);
          u.cpu += r.cpu;
          u.memory += r.memory;
          u.pods++;
        }
        usage.set(name, u);
      }
      return u;
    };
    for (const pod of pending) {
      const reasons = new Map<string, number>();
      const note = (r: string): void => {
        reasons.set(r, (reasons.get(r) ?? 0) + 1);
      };
      const req = podRequests(pod);
      let best: Node | undefined;
      let bestPods = Infinity;
      for (const node of nodes) {
        const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
        if (node.spec?.unschedulable && !tolerates(pod.spec.tolerations, unschedulableTaint)) {
          note('node(s) were unschedulable');
          continue;
        }
        const taints = untoleratedTaints(node, pod.spec.tolerations).filter((t) => t.key !== 'node.kubernetes.io/unschedulable');
        if (taints.length > 0) {
          note(`node(s) had untolerated taint {${taints[0]!.key}: ${taints[0]!.value ?? ''}}`);
          continue;
        }
        if (!matchesNodeSelection(pod, node)) {
          note("node(s) didn't match Pod's node affinity/selector");
          continue;
        }
        const alloc = nodeAllocatable(node);
        const u = usageOf(node);
        let fits = true;
        if (u.pods + 1 > alloc.pods) {
          note('Too many pods');
          fits = false;
        }
        if (req.cpu > 0 && u.cpu + req.cpu > alloc.cpu) {
          note('Insufficient cpu');
          fits = false;
        }
        if (req.memory > 0 && u.memory + req.memory > alloc.memory) {
          note('Insufficient memory');
          fits = false;
        }
        if (!fits) continue;
        if (u.pods < bestPods) {
          best = node;
          bestPods = u.pods;
        }
      }
      if (best) {
        const u = usageOf(best);
        u.cpu += req.cpu;
        u.memory += req.memory;
        u.pods++;
        this.bind(pod, best);
      } else {
        this.markUnschedulable(pod, nodes.length, reasons);
      }
    }
  }

  private bind(pod: Pod, node: Node): void {
    const next = clone(pod);
    next.spec.nodeName = node.metadata.name;
    const status = (next.status ??= {});
    status.conditions = setCondition(status.conditions ?? [], { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.cluster.clock.timestamp() });
    this.cluster.put('/pods', next);
  }

  private markUnschedulable(pod: Pod, nodeCount: number, reasons: Map<string, number>): void {
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    const message = `0/${nodeCount} nodes are available: ${parts.join(', ')}. preemption: 0/${nodeCount} nodes are available: ${nodeCount} Preemption is not helpful for scheduling.`;
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.message === message) return;
    const next = clone(pod);
    const status = (next.status ??= {});
    status.conditions = setCondition(status.conditions ?? [], {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message,
      lastProbeTime: null,
      lastTransitionTime: this.cluster.clock.timestamp(),
    });
    this.cluster.put('/pods', next);
  }
}
