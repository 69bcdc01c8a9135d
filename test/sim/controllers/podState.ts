/** Small predicates on pods and nodes shared by the controllers. */
import { parseQuantity } from '../quantity';
import type { Condition, KubeObject, Node, Pod, Taint, Toleration } from '../types';

export function asPod(o: KubeObject): Pod {
  return o as Pod;
}

export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** Counts towards a controller's replicas: not terminal and not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !isTerminating(pod);
}

export function condition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return condition(pod.status?.conditions, 'Ready')?.status === 'True';
}

export function isNodeReady(node: Node): boolean {
  return condition(node.status?.conditions, 'Ready')?.status === 'True';
}

export function setCondition(conditions: Condition[], next: Condition): Condition[] {
  const idx = conditions.findIndex((c) => c.type === next.type);
  if (idx < 0) return [...conditions, next];
  const prev = conditions[idx]!;
  const merged = prev.status === next.status ? { ...next, lastTransitionTime: prev.lastTransitionTime ?? next.lastTransitionTime } : next;
  const out = [...conditions];
  out[idx] = merged;
  return out;
}

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Taints with a scheduling effect the pod does not tolerate. */
export function untoleratedTaints(node: Node, tolerations: readonly Toleration[] | undefined): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
}

export interface Resources {
  cpu: number;
  memory: number;
}

export function podRequests(pod: Pod): Resources {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec.containers) {
    cpu += parseQuantity(c.resources?.requests?.cpu);
    memory += parseQuantity(c.resources?.requests?.memory);
  }
  for (const c of pod.spec.initContainers ?? []) {
    cpu = Math.max(cpu, parseQuantity(c.resources?.requests?.cpu));
    memory = Math.max(memory, parseQuantity(c.resources?.requests?.memory));
  }
  return { cpu, memory };
}

export function nodeAllocatable(node: Node): Resources & { pods: number } {
  const a = node.status?.allocatable ?? {};
  return { cpu: parseQuantity(a.cpu), memory: parseQuantity(a.memory), pods: parseQuantity(a.pods ?? '110') };
}

/** Whether the node's labels satisfy the pod's nodeSelector and required node affinity. */
export function matchesNodeSelection(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const affinity = pod.spec.affinity as
    | { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } }
    | undefined;
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  return terms.some((term) => termMatches(term, node));
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  // A null or empty term selects no node (component-helpers nodeaffinity).
  if ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of term.matchExpressions ?? []) if (!requirementMatches(r, labels[r.key])) return false;
  for (const r of term.matchFields ?? []) {
    const value = r.key === 'metadata.name' ? node.metadata.name : undefined;
    if (!requirementMatches(r, value)) return false;
  }
  return true;
}

export function ownedBy(obj: KubeObject, uid: string | undefined): boolean {
  return uid !== undefined && (obj.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid);
}

/** Groups objects by the uid of their controller owner reference. */
export function byControllerUid(objects: readonly KubeObject[]): Map<string, KubeObject[]> {
  const map = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const ref = o.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref) continue;
    let list = map.get(ref.uid);
    if (!list) map.set(ref.uid, (list = []));
    list.push(o);
  }
  return map;
}
