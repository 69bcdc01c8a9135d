// Which pods a drain removes, skips or refuses, with kubectl drain v1.35's filters, in its order
// (k8s.io/kubectl/pkg/drain/filters.go). Each pod goes through the filters until one says "do not
// delete"; the status of the last filter that ran is the pod's, which is why a later filter that
// passes a pod drops an earlier filter's warning (kubectl's own TODO about the local-storage one).
import type { ApiPod } from '../cluster/apiTypes';

export interface DrainOptions {
  readonly ignoreDaemonSets: boolean;
  readonly deleteEmptyDirData: boolean;
  readonly force: boolean;
  /** -1: each pod's own terminationGracePeriodSeconds. */
  readonly gracePeriodSeconds: number;
  /** Seconds; 0 waits forever. */
  readonly timeoutSeconds: number;
  readonly podSelector?: string;
  readonly disableEviction: boolean;
  /** Pods deleted longer ago than this are skipped (0: never). */
  readonly skipWaitForDeleteTimeoutSeconds: number;
  readonly dryRun: 'none' | 'client' | 'server';
}

export const KUBECTL_DEFAULTS: DrainOptions = {
  ignoreDaemonSets: false,
  deleteEmptyDirData: false,
  force: false,
  gracePeriodSeconds: -1,
  timeoutSeconds: 0,
  disableEviction: false,
  skipWaitForDeleteTimeoutSeconds: 0,
  dryRun: 'none',
};

/** kubectl's messages, word for word: CI logs and users' scripts match on them. */
export const Messages = {
  daemonSetFatal: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
  daemonSetWarning: 'ignoring DaemonSet-managed Pods',
  localStorageFatal: 'Pods with local storage (use --delete-emptydir-data to override)',
  localStorageWarning: 'deleting Pods with local storage',
  unmanagedFatal: 'cannot delete Pods that declare no controller (use --force to override)',
  unmanagedWarning: 'deleting Pods that declare no controller',
} as const;

/** Which of our options would let a blocked pod go, for the preview. */
export type Unblocker = 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'force';

export type PodStatus =
  | { readonly kind: 'okay' }
  | { readonly kind: 'skip' }
  /** Removed (delete true) or left (delete false) with a warning. */
  | { readonly kind: 'warning'; readonly delete: boolean; readonly message: string }
  | { readonly kind: 'error'; readonly message: string; readonly unblockedBy?: Unblocker };

export interface PodDecision {
  readonly pod: ApiPod;
  readonly status: PodStatus;
  /** The filter whose verdict stands, for the preview's "why". */
  readonly filter: 'deleted' | 'daemonSet' | 'mirror' | 'localStorage' | 'unreplicated' | 'none';
}

/** What the API said about a DaemonSet that owns a pod. */
export type DaemonSetLookup = 'found' | 'not-found' | { readonly error: string };

export interface FilterInput {
  readonly pods: readonly ApiPod[];
  readonly options: DrainOptions;
  /** Keyed "namespace/name" of each DaemonSet that controls a pod on the node. */
  readonly daemonSets: ReadonlyMap<string, DaemonSetLookup>;
  readonly nowMs: number;
  /** The server's own wording of a NotFound for the DaemonSet, as kubectl prints err.Error(). */
  readonly notFoundMessage?: (namespace: string, name: string) => string;
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export function controllerOf(pod: ApiPod): { kind?: string; name?: string } | undefined {
  return pod.metadata?.ownerReferences?.find((r) => r.controller === true);
}

export function isFinishedPod(pod: ApiPod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function deletionMs(pod: ApiPod): number | undefined {
  const t = pod.metadata?.deletionTimestamp;
  if (t === undefined || t === null) return undefined;
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** kubectl's shouldSkipPod: deleted longer ago than the skip timeout. */
export function deletedLongAgo(pod: ApiPod, skipSeconds: number, nowMs: number): boolean {
  const at = deletionMs(pod);
  return skipSeconds > 0 && at !== undefined && Math.floor((nowMs - at) / 1000) > skipSeconds;
}

export function hasLocalStorage(pod: ApiPod): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined && v.emptyDir !== null);
}

/** The DaemonSets to look up before filtering: controllers of pods that are not finished. */
export function daemonSetsToLookUp(pods: readonly ApiPod[]): { namespace: string; name: string }[] {
  const out = new Map<string, { namespace: string; name: string }>();
  for (const p of pods) {
    const c = controllerOf(p);
    if (c?.kind !== 'DaemonSet' || !c.name || isFinishedPod(p)) continue;
    const namespace = p.metadata?.namespace ?? 'default';
    out.set(`${namespace}/${c.name}`, { namespace, name: c.name });
  }
  return [...out.values()];
}

type Filter = (pod: ApiPod, input: FilterInput) => { status: PodStatus; filter: PodDecision['filter'] };

const OKAY: PodStatus = { kind: 'okay' };

const filters: readonly Filter[] = [
  function skipDeleted(pod, { options, nowMs }) {
    return { status: deletedLongAgo(pod, options.skipWaitForDeleteTimeoutSeconds, nowMs) ? { kind: 'skip' } : OKAY, filter: 'deleted' };
  },
  function daemonSet(pod, { options, daemonSets, notFoundMessage }) {
    const c = controllerOf(pod);
    if (c?.kind !== 'DaemonSet') return { status: OKAY, filter: 'daemonSet' };
    if (isFinishedPod(pod)) return { status: OKAY, filter: 'daemonSet' };
    const namespace = pod.metadata?.namespace ?? 'default';
    const lookup = daemonSets.get(`${namespace}/${c.name ?? ''}`) ?? 'found';
    if (lookup !== 'found') {
      const message = lookup === 'not-found' ? (notFoundMessage?.(namespace, c.name ?? '') ?? `daemonsets.apps "${c.name ?? ''}" not found`) : lookup.error;
      // An orphan of a deleted DaemonSet goes with --force, with the API's error as the warning.
      if (lookup === 'not-found' && options.force) return { status: { kind: 'warning', delete: true, message }, filter: 'daemonSet' };
      return { status: { kind: 'error', message, ...(lookup === 'not-found' ? { unblockedBy: 'force' as const } : {}) }, filter: 'daemonSet' };
    }
    if (!options.ignoreDaemonSets) return { status: { kind: 'error', message: Messages.daemonSetFatal, unblockedBy: 'ignoreDaemonSets' }, filter: 'daemonSet' };
    return { status: { kind: 'warning', delete: false, message: Messages.daemonSetWarning }, filter: 'daemonSet' };
  },
  function mirror(pod) {
    return { status: pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined ? { kind: 'skip' } : OKAY, filter: 'mirror' };
  },
  function localStorage(pod, { options }) {
    if (!hasLocalStorage(pod) || isFinishedPod(pod)) return { status: OKAY, filter: 'localStorage' };
    if (!options.deleteEmptyDirData) return { status: { kind: 'error', message: Messages.localStorageFatal, unblockedBy: 'deleteEmptyDirData' }, filter: 'localStorage' };
    return { status: { kind: 'warning', delete: true, message: Messages.localStorageWarning }, filter: 'localStorage' };
  },
  function unreplicated(pod, { options }) {
    if (isFinishedPod(pod)) return { status: OKAY, filter: 'unreplicated' };
    if (controllerOf(pod)) return { status: OKAY, filter: 'unreplicated' };
    if (options.force) return { status: { kind: 'warning', delete: true, message: Messages.unmanagedWarning }, filter: 'unreplicated' };
    return { status: { kind: 'error', message: Messages.unmanagedFatal, unblockedBy: 'force' }, filter: 'unreplicated' };
  },
];

export function willDelete(s: PodStatus): boolean {
  return s.kind === 'okay' || (s.kind === 'warning' && s.delete);
}

/** kubectl's GetPodsForDeletion, after the pods were listed and their DaemonSets looked up. */
export function decidePods(input: FilterInput): PodDecision[] {
  return input.pods.map((pod) => {
    let last: { status: PodStatus; filter: PodDecision['filter'] } = { status: OKAY, filter: 'none' };
    for (const f of filters) {
      last = f(pod, input);
      if (!willDelete(last.status)) break;
    }
    return { pod, status: last.status, filter: last.filter };
  });
}

const ref = (p: ApiPod): string => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;

/** Groups pods by message in first-seen order (kubectl uses a map; its order is not fixed). */
function group(decisions: readonly PodDecision[], pick: (s: PodStatus) => string | undefined): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const d of decisions) {
    const msg = pick(d.status);
    if (msg === undefined) continue;
    const list = m.get(msg) ?? [];
    list.push(ref(d.pod));
    m.set(msg, list);
  }
  return [...m.entries()];
}

/** kubectl's PodDeleteList.errors(): "cannot delete MESSAGE: ns/a, ns/b", one per message. */
export function decisionErrors(decisions: readonly PodDecision[]): string[] {
  return group(decisions, (s) => (s.kind === 'error' ? s.message || 'unexpected error' : undefined)).map(([msg, pods]) => `cannot delete ${msg}: ${pods.join(', ')}`);
}

/** kubectl's PodDeleteList.Warnings(): "MESSAGE: ns/a, ns/b; MESSAGE2: …", or "" when none. */
export function decisionWarnings(decisions: readonly PodDecision[]): string {
  return group(decisions, (s) => (s.kind === 'warning' ? s.message : undefined))
    .map(([msg, pods]) => `${msg}: ${pods.join(', ')}`)
    .join('; ');
}

export function podsToRemove(decisions: readonly PodDecision[]): ApiPod[] {
  return decisions.filter((d) => willDelete(d.status)).map((d) => d.pod);
}
