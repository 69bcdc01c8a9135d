// Why a pod is not ready, in the words `kubectl get pods` uses in its STATUS column: the waiting
// reason of a container (CrashLoopBackOff, ImagePullBackOff), the pod's own reason (Evicted), the
// scheduler's (Pending: Unschedulable). Shared by the workload snapshot, the live issues beside a
// running step and the node verification.
import type { ApiObjectMeta, ApiTimestamp } from '../cluster/apiTypes';

export interface ApiContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: ApiTimestamp };
  readonly terminated?: { readonly reason?: string; readonly message?: string; readonly exitCode?: number };
}

export interface ApiContainerStateStatus {
  readonly name?: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly state?: ApiContainerState;
}

export interface ApiPodCondition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: ApiTimestamp;
}

/** The parts of a pod its status is read from. */
export interface ApiPodWithStatus {
  readonly metadata?: ApiObjectMeta;
  readonly spec?: { readonly nodeName?: string };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly conditions?: readonly ApiPodCondition[];
    readonly containerStatuses?: readonly ApiContainerStateStatus[];
    readonly initContainerStatuses?: readonly ApiContainerStateStatus[];
  };
}

export interface PodProblem {
  readonly reason: string;
  readonly message?: string;
  /** When the pod stopped being ready (epoch ms), when the API says. */
  readonly since?: number;
}

export function timeOf(t: ApiTimestamp | undefined): number | undefined {
  if (t == null) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

const condition = (pod: ApiPodWithStatus, type: string): ApiPodCondition | undefined => pod.status?.conditions?.find((c) => c.type === type);

export function podIsReady(pod: ApiPodWithStatus): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

export function podIsDeleting(pod: ApiPodWithStatus): boolean {
  return pod.metadata?.deletionTimestamp != null;
}

/** The controller that owns the pod ("ReplicaSet", "web-7d9f"), when one does. */
export function podOwner(pod: ApiPodWithStatus): { readonly kind: string; readonly name: string } | undefined {
  const refs = pod.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  return ref?.kind && ref.name ? { kind: ref.kind, name: ref.name } : undefined;
}

function stateReason(statuses: readonly ApiContainerStateStatus[] | undefined, init: boolean): PodProblem | undefined {
  for (const s of statuses ?? []) {
    const w = s.state?.waiting;
    if (w?.reason) return { reason: init ? `Init:${w.reason}` : w.reason, ...(w.message ? { message: w.message } : {}) };
  }
  for (const s of statuses ?? []) {
    const t = s.state?.terminated;
    if (t && (init ? t.exitCode !== 0 : true)) {
      const reason = t.reason ?? (t.exitCode !== undefined ? `ExitCode:${t.exitCode}` : 'Terminated');
      return { reason: init ? `Init:${reason}` : reason, ...(t.message ? { message: t.message } : {}) };
    }
  }
  return undefined;
}

/** Why the pod is not ready; undefined for a Ready pod or one that completed (Succeeded). */
export function podProblem(pod: ApiPodWithStatus): PodProblem | undefined {
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase === 'Succeeded') return undefined;
  if (phase === 'Running' && podIsReady(pod)) return undefined;
  const ready = condition(pod, 'Ready');
  const since = timeOf(ready?.lastTransitionTime);
  const at = since !== undefined ? { since } : {};
  if (pod.status?.reason) return { reason: pod.status.reason, ...(pod.status.message ? { message: pod.status.message } : {}), ...at };
  const fromContainers = stateReason(pod.status?.initContainerStatuses, true) ?? stateReason(pod.status?.containerStatuses, false);
  if (fromContainers) return { ...fromContainers, ...at };
  if (phase === 'Pending') {
    const scheduled = condition(pod, 'PodScheduled');
    if (scheduled?.status === 'False') return { reason: `Pending: ${scheduled.reason ?? 'not scheduled'}`, ...(scheduled.message ? { message: scheduled.message } : {}), ...at };
    return { reason: 'Pending', ...at };
  }
  if (phase === 'Running') return { reason: `Running, not Ready${ready?.reason ? ` (${ready.reason})` : ''}`, ...(ready?.message ? { message: ready.message } : {}), ...at };
  return { reason: phase, ...at };
}
