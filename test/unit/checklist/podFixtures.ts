// Pods as the API sends them, for the checklist's workload and node checks.
import type { ApiPodWithStatus } from '../../../src/core/checklist/podStatus';

export const NOW = Date.parse('2026-12-01T10:00:00Z');
export const iso = (msAgo: number): string => new Date(NOW - msAgo).toISOString();

export function pod(name: string, o: { ns?: string; phase?: string; ready?: boolean; waiting?: string; terminated?: string; reason?: string; unschedulable?: boolean; deleting?: boolean; owner?: [string, string]; node?: string; init?: string } = {}): ApiPodWithStatus {
  const phase = o.phase ?? 'Running';
  return {
    metadata: {
      name,
      namespace: o.ns ?? 'shop',
      ...(o.deleting ? { deletionTimestamp: iso(1000) } : {}),
      ...(o.owner ? { ownerReferences: [{ kind: o.owner[0], name: o.owner[1], controller: true }] } : {}),
    },
    spec: { nodeName: o.node ?? 'worker-1' },
    status: {
      phase,
      ...(o.reason ? { reason: o.reason, message: `The node was low on resource: memory.` } : {}),
      conditions: [
        { type: 'PodScheduled', status: o.unschedulable ? 'False' : 'True', ...(o.unschedulable ? { reason: 'Unschedulable', message: '0/3 nodes are available' } : {}) },
        { type: 'Ready', status: (o.ready ?? phase === 'Running') ? 'True' : 'False', lastTransitionTime: iso(60_000) },
      ],
      ...(o.init ? { initContainerStatuses: [{ name: 'init', ready: false, state: { waiting: { reason: o.init } } }] } : {}),
      containerStatuses: [{
        name: 'app',
        ready: o.ready ?? phase === 'Running',
        state: o.waiting ? { waiting: { reason: o.waiting, message: 'back-off 5m0s restarting failed container' } } : o.terminated ? { terminated: { reason: o.terminated, exitCode: 137 } } : { running: {} },
      }],
    },
  };
}

