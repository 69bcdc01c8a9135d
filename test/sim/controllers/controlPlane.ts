/**
 * The control plane as a self-managed cluster shows it: static pods of
 * kube-apiserver, kube-controller-manager, kube-scheduler and etcd on each
 * control-plane node, visible as mirror pods in kube-system (annotation
 * kubernetes.io/config.mirror, owned by their Node). A managed cluster shows none.
 * Changing a component's version on a node replaces that node's mirror pod, as the
 * kubelet does when the static manifest changes (kubeadm writes the new manifest).
 */
import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponent, type SimCluster } from '../cluster';
import type { Node, Pod } from '../types';
import type { Controller } from './manager';

const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

const PRIORITY = 2000001000;

function commandFor(component: ControlPlaneComponent, ip: string): string[] {
  switch (component) {
    case 'kube-apiserver':
      return ['kube-apiserver', `--advertise-address=${ip}`, '--secure-port=6443', '--etcd-servers=https://127.0.0.1:2379'];
    case 'kube-controller-manager':
      return ['kube-controller-manager', '--leader-elect=true', '--use-service-account-credentials=true'];
    case 'kube-scheduler':
      return ['kube-scheduler', '--leader-elect=true'];
    case 'etcd':
      return ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--data-dir=/var/lib/etcd'];
  }
}

export function isControlPlaneNode(node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  return CONTROL_PLANE_LABELS.some((l) => l in labels);
}

export class ControlPlaneController implements Controller {
  readonly name = 'control-plane';

  constructor(private readonly cluster: SimCluster) {}

  imageFor(component: ControlPlaneComponent, nodeName: string): string {
    return `registry.k8s.io/${component}:${this.cluster.componentsOn(nodeName)[component]}`;
  }

  reconcile(): void {
    const store = this.cluster.store;
    if (!store.get('/namespaces', undefined, 'kube-system')) return;
    const wanted = new Map<string, { node: Node; component: ControlPlaneComponent }>();
    if (!this.cluster.settings.managed) {
      for (const node of store.all('/nodes') as Node[]) {
        if (!isControlPlaneNode(node)) continue;
        for (const component of CONTROL_PLANE_COMPONENTS) wanted.set(`${component}-${node.metadata.name}`, { node, component });
      }
    }
    for (const pod of store.all('/pods', 'kube-system') as Pod[]) {
      const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'];
      const component = pod.metadata.labels?.component;
      if (!mirror || pod.metadata.labels?.tier !== 'control-plane' || !component) continue;
      const want = wanted.get(pod.metadata.name ?? '');
      if (!want || pod.spec.containers[0]?.image !== this.imageFor(want.component, want.node.metadata.name ?? '')) {
        store.remove('/pods', 'kube-system', pod.metadata.name ?? '');
      }
    }
    for (const [name, { node, component }] of wanted) {
      if (store.get('/pods', 'kube-system', name)) continue;
      this.createMirrorPod(name, node, component);
    }
  }

  private createMirrorPod(name: string, node: Node, component: ControlPlaneComponent): void {
    const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.2';
    const hash = this.cluster.random.hex(32);
    const now = this.cluster.clock.timestamp();
    const image = this.imageFor(component, node.metadata.name ?? '');
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'kube-system',
        labels: { component, tier: 'control-plane' },
        annotations: {
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': now.replace('Z', '.000000000Z'),
          'kubernetes.io/config.source': 'file',
        },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name ?? '', uid: node.metadata.uid ?? '', controller: true }],
      },
      spec: {
        containers: [{ name: component, image, command: commandFor(component, ip), resources: { requests: { cpu: component === 'kube-apiserver' ? '250m' : '100m' } } }],
        hostNetwork: true,
        nodeName: node.metadata.name,
        priority: PRIORITY,
        priorityClassName: 'system-node-critical',
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      },
      status: {
        phase: 'Running',
        hostIP: ip,
        podIP: ip,
        podIPs: [{ ip }],
        startTime: now,
        conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True' as const, lastProbeTime: null, lastTransitionTime: now })),
        containerStatuses: [
          { name: component, ready: true, started: true, restartCount: 0, image, imageID: `${image.split(':')[0]}@sha256:${this.cluster.random.hex(64)}`, containerID: `containerd://${this.cluster.random.hex(64)}`, state: { running: { startedAt: now } }, lastState: {} },
        ],
      },
    };
    const podsDef = this.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    this.cluster.create(podsDef, 'kube-system', pod);
  }
}
