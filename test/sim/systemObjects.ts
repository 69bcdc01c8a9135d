/**
 * Objects kube-apiserver creates at start-up besides RBAC: the two system
 * PriorityClasses (post-start hook scheduling/bootstrap-system-priority-classes,
 * pkg/apis/scheduling: SystemClusterCritical, SystemNodeCritical).
 */
import type { KubeObject } from './types';

function priorityClass(name: string, value: number, description: string): KubeObject {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, globalDefault: false, description, preemptionPolicy: 'PreemptLowerPriority' };
}

export function systemPriorityClasses(): KubeObject[] {
  return [
    priorityClass('system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'),
    priorityClass('system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'),
  ];
}
