/** Wires the simulated kube-controller-manager, scheduler and kubelets to a cluster. */
import type { SimCluster } from '../cluster';
import { ControlPlaneController } from './controlPlane';
import { DaemonSetController } from './daemonSet';
import { DeploymentController } from './deployment';
import { DisruptionController } from './disruption';
import { GarbageCollector } from './garbageCollector';
import { JobController } from './job';
import { Kubelet } from './kubelet';
import { ControllerManager } from './manager';
import { NodeLifecycle } from './nodeLifecycle';
import { ReplicaSetController } from './replicaSet';
import { Scheduler } from './scheduler';
import { StatefulSetController } from './statefulSet';
import { TaintEviction } from './taintEviction';

export interface RunningControllers {
  manager: ControllerManager;
  kubelet: Kubelet;
  stop(): void;
}

export function startControllers(cluster: SimCluster): RunningControllers {
  const kubelet = new Kubelet(cluster);
  const nodeLifecycle = new NodeLifecycle(cluster);
  const gc = new GarbageCollector(cluster);
  const manager = new ControllerManager(cluster, [
    new ControlPlaneController(cluster),
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
  ]);
  manager.runNow();
  return {
    manager,
    kubelet,
    stop() {
      manager.stop();
      kubelet.stop();
      nodeLifecycle.stop();
      gc.stop();
    },
  };
}
