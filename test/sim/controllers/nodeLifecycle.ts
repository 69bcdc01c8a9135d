/**
 * The node lifecycle controller's taints: node.kubernetes.io/unschedulable while a
 * node is cordoned, and not-ready / unreachable while its Ready condition is
 * False / Unknown (TaintNodesByCondition).
 */
import type { SimCluster } from '../cluster';
import { clone, type Node, type Taint } from '../types';
import type { Controller } from './manager';
import { condition } from './podState';

/** The taints it owns, by key and effect: one of these keys with another effect is left alone. */
const MANAGED = new Set(['unschedulable:NoSchedule', 'not-ready:NoSchedule', 'unreachable:NoSchedule', 'not-ready:NoExecute', 'unreachable:NoExecute'].map((t) => `node.kubernetes.io/${t}`));

export class NodeLifecycle implements Controller {
  readonly name = 'node-lifecycle';
  private readonly queue = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly cluster: SimCluster) {
    for (const n of cluster.store.all('/nodes')) this.queue.add(n.metadata.name ?? '');
    this.unsubscribe = cluster.store.subscribe((e) => {
      if (e.resource === '/nodes' && e.type !== 'DELETED') this.queue.add(e.object.metadata.name ?? '');
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  reconcile(): void {
    const names = [...this.queue];
    this.queue.clear();
    for (const name of names) {
      const node = this.cluster.store.get('/nodes', undefined, name) as Node | undefined;
      if (node) this.sync(node);
    }
  }

  private sync(node: Node): void {
    const now = this.cluster.clock.timestamp();
    const desired: Taint[] = [];
    if (node.spec?.unschedulable) desired.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
    const ready = condition(node.status?.conditions, 'Ready')?.status;
    if (ready === 'False') desired.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
    if (ready === 'Unknown' || ready === undefined) {
      desired.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
    }
    const existing = node.spec?.taints ?? [];
    const kept = existing.filter((t) => !MANAGED.has(`${t.key}:${t.effect}`) || desired.some((d) => d.key === t.key && d.effect === t.effect));
    const added = desired.filter((d) => !existing.some((t) => t.key === d.key && t.effect === d.effect)).map((t) => ({ ...t, timeAdded: now }));
    if (added.length === 0 && kept.length === existing.length) return;
    const next = clone(node);
    const taints = [...kept, ...added];
    next.spec ??= {};
    if (taints.length > 0) next.spec.taints = taints;
    else delete next.spec.taints;
    this.cluster.put('/nodes', next);
  }
}
