/** Wires the simulated kube-controller-manager, scheduler and kubelets to a cluster. */
import type { SimCluster } from '../cluster';
import { ControlPlaneController } from './controlPlane';
import { ControlPlaneUpgrades } from './controlPlaneUpgrade';
import { DaemonSetController } from './daemonSet';
import { DeploymentController } from './deployment';
import { DisruptionController } from './disruption';
import { GarbageCollector } from './garbageCollector';
import { JobController } from './job';
import { Kubelet } from './kubelet';
import { ControllerManager } from './manager';
import { NodeLifecycle } from './nodeLifecycle';
import { EventSources } from './eventSources';
import { NamespaceDefaultsController } from './namespaceDefaults';
import { NodeLeases } from './nodeLeases';
import { ReplicaSetController } from './replicaSet';
import { Scheduler } from './scheduler';
import { StatefulSetController } from './statefulSet';
import { TaintEviction } from './taintEviction';

export interface RunningControllers {
  manager: ControllerManager;
  kubelet: Kubelet;
  upgrades: ControlPlaneUpgrades;
  stop(): void;
}

export interface ControllerOptions {
  /** The cluster CA, published in every namespace as kube-root-ca.crt. */
  caPem?: string;
}

export function startControllers(cluster: SimCluster, opts: ControllerOptions = {}): RunningControllers {
  const kubelet = new Kubelet(cluster);
  const nodeLifecycle = new NodeLifecycle(cluster);
  const gc = new GarbageCollector(cluster);
  const events = new EventSources(cluster);
  const leases = new NodeLeases(cluster, cluster.settings.nodeLeaseRenewSeconds ?? 10);
  const manager = new ControllerManager(cluster, [
    new ControlPlaneController(cluster),
    new NamespaceDefaultsController(cluster, opts.caPem),
    nodeLifecycle,
    new TaintEviction(cluster),
    gc,
    new DeploymentController(cluster),
    new ReplicaSetController(cluster),
    new StatefulSetController(cluster),
    new DaemonSetController(cluster),
    new JobController(cluster),
    new Scheduler(cluster),
    kubelet,
    new DisruptionController(cluster),
    leases,
    events,
  ]);
  // Static pods follow a version change at once, also on an idle cluster.
  const unsubscribeControlPlane = cluster.onControlPlaneChange(() => manager.schedule());
  manager.runNow();
  return {
    manager,
    kubelet,
    upgrades: new ControlPlaneUpgrades(cluster),
    stop() {
      unsubscribeControlPlane();
      events.stop();
      leases.stop();
      manager.stop();
      kubelet.stop();
      nodeLifecycle.stop();
      gc.stop();
    },
  };
}
