/**
 * Cleanup controllers: the garbage collector (dependents whose owners are all gone
 * are deleted, in the background), the namespace controller (a terminating
 * namespace is emptied, then removed) and pod GC (pods bound to a node that no
 * longer exists are removed).
 */
import type { SimCluster } from '../cluster';
import type { KubeObject, Pod } from '../types';
import type { Controller } from './manager';
import { asPod } from './podState';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  private readonly deletedUids = new Set<string>();
  private readonly deletedNodes = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly cluster: SimCluster) {
    this.unsubscribe = cluster.store.subscribe((e) => {
      if (e.type !== 'DELETED') return;
      if (e.object.metadata.uid) this.deletedUids.add(e.object.metadata.uid);
      if (e.resource === '/nodes') this.deletedNodes.add(e.object.metadata.name ?? '');
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  reconcile(): void {
    this.collectDependents();
    this.collectNodePods();
    this.finalizeNamespaces();
  }

  private deleteObject(resource: string, obj: KubeObject): void {
    if (resource === '/pods') this.cluster.deletePod(asPod(obj));
    else this.cluster.store.remove(resource, obj.metadata.namespace, obj.metadata.name ?? '');
  }

  private collectDependents(): void {
    if (this.deletedUids.size === 0) return;
    const gone = new Set(this.deletedUids);
    this.deletedUids.clear();
    for (const resource of this.cluster.store.resources()) {
      for (const obj of this.cluster.store.all(resource)) {
        const refs = obj.metadata.ownerReferences;
        if (!refs || refs.length === 0 || !refs.some((r) => gone.has(r.uid))) continue;
        const remaining = refs.filter((r) => !gone.has(r.uid) && this.ownerExists(obj, r.uid));
        if (remaining.length === 0) this.deleteObject(resource, obj);
      }
    }
  }

  private ownerExists(dependent: KubeObject, uid: string): boolean {
    const ref = dependent.metadata.ownerReferences?.find((r) => r.uid === uid);
    if (!ref) return false;
    const def = this.cluster.catalog.forKind(ref.apiVersion, ref.kind)?.def;
    if (!def) return true;
    const owner = this.cluster.store.get(`${def.group}/${def.plural}`, def.namespaced ? dependent.metadata.namespace : undefined, ref.name);
    return owner?.metadata.uid === uid;
  }

  private collectNodePods(): void {
    if (this.deletedNodes.size === 0) return;
    const nodes = [...this.deletedNodes];
    this.deletedNodes.clear();
    for (const name of nodes) {
      if (this.cluster.store.get('/nodes', undefined, name)) continue;
      for (const p of this.cluster.store.podsOnNode(name)) this.cluster.store.remove('/pods', p.metadata.namespace, p.metadata.name ?? '');
    }
  }

  private finalizeNamespaces(): void {
    for (const ns of this.cluster.store.all('/namespaces')) {
      if (!ns.metadata.deletionTimestamp) continue;
      const name = ns.metadata.name ?? '';
      let remaining = 0;
      for (const resource of this.cluster.store.resources()) {
        if (resource === '/namespaces') continue;
        for (const obj of this.cluster.store.all(resource, name)) {
          if (obj.metadata.namespace !== name) continue;
          remaining++;
          if (resource === '/pods') {
            if (!(obj as Pod).metadata.deletionTimestamp) this.cluster.deletePod(asPod(obj));
          } else {
            this.cluster.store.remove(resource, name, obj.metadata.name ?? '');
            remaining--;
          }
        }
      }
      if (remaining === 0) this.cluster.store.remove('/namespaces', undefined, name);
    }
  }
}
