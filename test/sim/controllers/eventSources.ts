/**
 * The Events the real components write, derived from the changes they make: the
 * scheduler (Scheduled, FailedScheduling), the kubelet (Pulled, Created, Started,
 * Killing; NodeReady, NodeNotSchedulable, Starting, Rebooted), the node lifecycle
 * controller (NodeNotReady on nodes and their pods, RegisteredNode), the workload
 * controllers (SuccessfulCreate) and the deployment controller (ScalingReplicaSet).
 * Deriving them from store changes keeps each controller free of event plumbing;
 * the messages are the upstream ones.
 */
import type { SimCluster } from '../cluster';
import { EventRecorder, involvedObjectOf, type InvolvedObject } from '../events';
import type { StoreEvent } from '../store';
import { controllerOf, type Condition, type KubeObject, type Node, type Pod, type Workload } from '../types';
import type { Controller } from './manager';

const OWNER_RESOURCES: Record<string, { resource: string; component: string }> = {
  ReplicaSet: { resource: 'apps/replicasets', component: 'replicaset-controller' },
  StatefulSet: { resource: 'apps/statefulsets', component: 'statefulset-controller' },
  DaemonSet: { resource: 'apps/daemonsets', component: 'daemonset-controller' },
  Job: { resource: 'batch/jobs', component: 'job-controller' },
  ReplicationController: { resource: '/replicationcontrollers', component: 'replication-controller' },
};

function cond(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Kubelet node events name the node by name in the uid field (pkg/kubelet: nodeRef). */
function nodeRef(node: Node): InvolvedObject {
  return { kind: 'Node', apiVersion: 'v1', name: node.metadata.name ?? '', uid: node.metadata.name ?? '' };
}

export class EventSources implements Controller {
  readonly name = 'events';
  private readonly recorder: EventRecorder;
  private readonly pending: StoreEvent[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly cluster: SimCluster) {
    this.recorder = new EventRecorder(cluster);
    this.unsubscribe = cluster.store.subscribe((e) => {
      if (e.resource === '/pods' || e.resource === '/nodes' || e.resource === 'apps/replicasets') this.pending.push(e);
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  reconcile(): void {
    const batch = this.pending.splice(0);
    for (const e of batch) {
      if (e.resource === '/pods') this.pod(e);
      else if (e.resource === '/nodes') this.node(e);
      else this.replicaSet(e);
    }
  }

  private pod(e: StoreEvent): void {
    const pod = e.object as Pod;
    const prev = e.previous as Pod | undefined;
    if (e.type === 'ADDED') {
      this.podCreated(pod);
      return;
    }
    if (e.type !== 'MODIFIED' || !prev) return;
    const ref = involvedObjectOf(pod);
    const node = pod.spec.nodeName ?? '';
    if (!prev.spec.nodeName && node) {
      this.recorder.record(ref, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, { component: 'default-scheduler' });
    }
    const scheduled = cond(pod.status?.conditions, 'PodScheduled');
    const wasScheduled = cond(prev.status?.conditions, 'PodScheduled');
    if (!node && scheduled?.status === 'False' && scheduled.message && scheduled.message !== wasScheduled?.message) {
      this.recorder.record(ref, 'Warning', 'FailedScheduling', scheduled.message, { component: 'default-scheduler' });
    }
    const kubelet = { component: 'kubelet', host: node };
    if ((prev.status?.phase ?? 'Pending') === 'Pending' && pod.status?.phase === 'Running') {
      for (const c of pod.spec.containers) {
        const field = `spec.containers{${c.name}}`;
        this.recorder.record(involvedObjectOf(pod, field), 'Normal', 'Pulled', `Container image "${c.image ?? ''}" already present on machine`, kubelet);
        this.recorder.record(involvedObjectOf(pod, field), 'Normal', 'Created', `Created container: ${c.name}`, kubelet);
        this.recorder.record(involvedObjectOf(pod, field), 'Normal', 'Started', `Started container ${c.name}`, kubelet);
      }
    }
    if (!prev.metadata.deletionTimestamp && pod.metadata.deletionTimestamp && node && pod.status?.phase === 'Running') {
      for (const c of pod.spec.containers) this.recorder.record(involvedObjectOf(pod, `spec.containers{${c.name}}`), 'Normal', 'Killing', `Stopping container ${c.name}`, kubelet);
    }
    const ready = cond(pod.status?.conditions, 'Ready');
    if (ready?.status === 'False' && ready.reason === 'NodeNotReady' && cond(prev.status?.conditions, 'Ready')?.status === 'True') {
      this.recorder.record(ref, 'Warning', 'NodeNotReady', 'Node is not ready', { component: 'node-controller' });
    }
  }

  private podCreated(pod: Pod): void {
    const owner = controllerOf(pod);
    const info = owner ? OWNER_RESOURCES[owner.kind] : undefined;
    if (!owner || !info) return;
    const obj = this.cluster.store.get(info.resource, pod.metadata.namespace, owner.name);
    if (!obj || obj.metadata.uid !== owner.uid) return;
    const message = owner.kind === 'StatefulSet' ? `create Pod ${pod.metadata.name} in StatefulSet ${owner.name} successful` : `Created pod: ${pod.metadata.name}`;
    this.recorder.record(involvedObjectOf(obj), 'Normal', 'SuccessfulCreate', message, { component: info.component });
  }

  private node(e: StoreEvent): void {
    const node = e.object as Node;
    const name = node.metadata.name ?? '';
    const message = (status: string): string => `Node ${name} status is now: ${status}`;
    if (e.type === 'ADDED') {
      this.recorder.record(involvedObjectOf(node), 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, { component: 'node-controller' });
      return;
    }
    const prev = e.previous as Node | undefined;
    if (e.type !== 'MODIFIED' || !prev) return;
    const kubelet = { component: 'kubelet', host: name };
    const infoNow = node.status?.nodeInfo;
    const infoBefore = prev.status?.nodeInfo;
    if (infoNow?.kubeletVersion !== infoBefore?.kubeletVersion) this.recorder.record(nodeRef(node), 'Normal', 'Starting', 'Starting kubelet.', kubelet);
    if (infoNow?.bootID && infoBefore?.bootID && infoNow.bootID !== infoBefore.bootID) {
      this.recorder.record(nodeRef(node), 'Warning', 'Rebooted', `Node ${name} has been rebooted, boot id: ${infoNow.bootID}`, kubelet);
    }
    const ready = cond(node.status?.conditions, 'Ready')?.status;
    const wasReady = cond(prev.status?.conditions, 'Ready')?.status;
    if (ready !== wasReady) {
      if (ready === 'True') this.recorder.record(nodeRef(node), 'Normal', 'NodeReady', message('NodeReady'), kubelet);
      else this.recorder.record(nodeRef(node), 'Normal', 'NodeNotReady', message('NodeNotReady'), { component: 'node-controller' });
    }
    const cordoned = node.spec?.unschedulable === true;
    if (cordoned !== (prev.spec?.unschedulable === true)) this.recorder.record(nodeRef(node), 'Normal', cordoned ? 'NodeNotSchedulable' : 'NodeSchedulable', message(cordoned ? 'NodeNotSchedulable' : 'NodeSchedulable'), kubelet);
  }

  private replicaSet(e: StoreEvent): void {
    const rs = e.object as Workload;
    const owner = controllerOf(rs);
    if (!owner || owner.kind !== 'Deployment' || e.type === 'DELETED') return;
    const deployment = this.cluster.store.get('apps/deployments', rs.metadata.namespace, owner.name) as KubeObject | undefined;
    if (!deployment) return;
    const to = rs.spec.replicas ?? 1;
    const from = e.type === 'ADDED' ? 0 : ((e.previous as Workload | undefined)?.spec.replicas ?? 1);
    if (from === to) return;
    const direction = to > from ? 'up' : 'down';
    this.recorder.record(involvedObjectOf(deployment), 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${rs.metadata.name} from ${from} to ${to}`, { component: 'deployment-controller' });
  }
}
