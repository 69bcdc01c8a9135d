/**
 * What kube-controller-manager puts in every namespace: the "default"
 * ServiceAccount (serviceaccount-controller) and the kube-root-ca.crt ConfigMap
 * holding the cluster CA (root-ca-cert-publisher). Both come back when deleted,
 * and a terminating namespace gets neither.
 */
import type { SimCluster } from '../cluster';
import type { KubeObject, Namespace } from '../types';
import type { Controller } from './manager';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export class NamespaceDefaultsController implements Controller {
  readonly name = 'namespace-defaults';

  constructor(private readonly cluster: SimCluster, private readonly caPem: string | undefined) {}

  reconcile(): void {
    const store = this.cluster.store;
    for (const ns of store.all('/namespaces') as Namespace[]) {
      const name = ns.metadata.name ?? '';
      if (ns.metadata.deletionTimestamp) continue;
      if (!store.get('/serviceaccounts', name, 'default')) this.create('serviceaccounts', name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
      if (this.caPem !== undefined && !store.get('/configmaps', name, ROOT_CA_CONFIGMAP)) {
        this.create('configmaps', name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: name, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } }, data: { 'ca.crt': this.caPem } });
      }
    }
  }

  private create(plural: string, namespace: string, obj: KubeObject): void {
    const def = this.cluster.catalog.lookup('', 'v1', plural)!.def;
    this.cluster.create(def, namespace, obj);
  }
}
