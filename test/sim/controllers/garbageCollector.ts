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

  /** Deletes as a client of the API does: pods gracefully, objects with finalizers only marked. Returns whether it is still there. */
  private deleteObject(resource: string, obj: KubeObject): boolean {
    const name = obj.metadata.name ?? '';
    if (resource === '/pods') this.cluster.deletePod(asPod(obj));
    else {
      const slash = resource.indexOf('/');
      const def = this.cluster.catalog.definition(resource.slice(0, slash), resource.slice(slash + 1));
      if (def) this.cluster.delete(def, obj.metadata.namespace, name);
      else this.cluster.store.remove(resource, obj.metadata.namespace, name);
    }
    return this.cluster.store.get(resource, obj.metadata.namespace, name) !== undefined;
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
          if (resource === '/pods' && (obj as Pod).metadata.deletionTimestamp) remaining++;
          else if (this.deleteObject(resource, obj)) remaining++;
        }
      }
      if (remaining === 0) this.cluster.store.remove('/namespaces', undefined, name);
    }
  }
}
