// What a drain will do, before it does anything: which pods go, stay or block (and the option that
// would let each blocked one go), which PodDisruptionBudgets will hold evictions back and why, and
// whether the other nodes have room for the pods that their controllers will create again.
import type { ApiNode, ApiPod, ApiToleration } from '../cluster/apiTypes';
import { controllerOf, isFinishedPod, willDelete, type DrainOptions, type PodDecision, type Unblocker } from './filters';

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key?: string; readonly operator?: string; readonly values?: readonly string[] }[];
}

export interface ApiPdb {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
    readonly selector?: LabelSelector;
    readonly unhealthyPodEvictionPolicy?: string;
  };
  readonly status?: { readonly disruptionsAllowed?: number; readonly currentHealthy?: number; readonly desiredHealthy?: number; readonly expectedPods?: number };
}

export interface PreviewPod {
  readonly ref: string;
  readonly owner?: string;
  readonly action: 'evict' | 'delete' | 'skip' | 'block';
  /** In words: why it is skipped or blocked, or the warning kubectl gives. */
  readonly why?: string;
  readonly unblockedBy?: Unblocker;
  /** Whether a controller creates it again elsewhere. */
  readonly recreated: boolean;
}

export interface PreviewPdb {
  readonly ref: string;
  readonly allowed: number;
  readonly podsToEvict: readonly string[];
  /** ok: no wait; waits: evictions wait for replacements; blocks: this budget can never allow them. */
  readonly effect: 'ok' | 'waits' | 'blocks';
  readonly why: string;
}

export interface PlacementProblem {
  readonly pod: string;
  readonly why: string;
}

export interface DrainPreview {
  readonly node: string;
  readonly pods: readonly PreviewPod[];
  readonly pdbs: readonly PreviewPdb[];
  /** Pods that no other schedulable node can take; empty when all fit. */
  readonly unplaceable: readonly PlacementProblem[];
  readonly nodesWithRoom: number;
  /** False when a pod blocks or a budget never allows: the drain would not finish with these options. */
  readonly canFinish: boolean;
}

const UNBLOCK_FLAG: Record<Unblocker, string> = { ignoreDaemonSets: '--ignore-daemonsets', deleteEmptyDirData: '--delete-emptydir-data', force: '--force' };

export function unblockFlag(u: Unblocker): string {
  return UNBLOCK_FLAG[u];
}

const ref = (p: ApiPod): string => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;

function describeDecision(d: PodDecision): Pick<PreviewPod, 'action' | 'why' | 'unblockedBy'> {
  const s = d.status;
  if (s.kind === 'error') {
    const why =
      d.filter === 'daemonSet' && s.unblockedBy === 'ignoreDaemonSets'
        ? 'DaemonSet pod: it cannot leave the node'
        : d.filter === 'localStorage'
          ? 'uses emptyDir local storage, whose data is lost on eviction'
          : d.filter === 'unreplicated'
            ? 'has no controller: nothing would create it again'
            : s.message;
    return { action: 'block', why, ...(s.unblockedBy ? { unblockedBy: s.unblockedBy } : {}) };
  }
  if (s.kind === 'skip') return { action: 'skip', why: d.filter === 'mirror' ? 'static (mirror) pod: the kubelet runs it from a file' : 'deleted long ago; not waited for' };
  if (s.kind === 'warning' && !s.delete) return { action: 'skip', why: 'DaemonSet pod (--ignore-daemonsets)' };
  return { action: 'evict', ...(s.kind === 'warning' ? { why: s.message } : {}) };
}

// ---- labels and selectors ----

/** A PDB's selector against a pod's labels: in policy/v1 an empty selector selects every pod of the namespace, a missing one none. */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key !== undefined && e.key in l;
    const value = e.key !== undefined ? l[e.key] : undefined;
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function isReady(p: ApiPod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A budget's minAvailable or maxUnavailable as a number of pods: the disruption controller rounds percentages of both up. */
function scaled(v: number | string | undefined, expected: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v.trim());
  if (m) return Math.ceil((Number(m[1]) * expected) / 100);
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Why a budget holds evictions back, in the words an operator needs: "minAvailable 2 of 2 and web-1 is not ready". */
export function explainPdb(pdb: ApiPdb, selectedPods: readonly ApiPod[], toEvict: readonly string[]): PreviewPdb {
  const name = `${pdb.metadata?.namespace ?? 'default'}/${pdb.metadata?.name ?? ''}`;
  const st = pdb.status ?? {};
  const expected = st.expectedPods ?? selectedPods.filter((p) => !isFinishedPod(p)).length;
  const allowed = st.disruptionsAllowed ?? 0;
  const notReady = selectedPods.filter((p) => !isFinishedPod(p) && !isReady(p)).map((p) => p.metadata?.name ?? '');
  const minAvailable = scaled(pdb.spec?.minAvailable, expected);
  const maxUnavailable = scaled(pdb.spec?.maxUnavailable, expected);
  const rule = minAvailable !== undefined ? `minAvailable ${String(pdb.spec?.minAvailable)}${typeof pdb.spec?.minAvailable === 'string' ? ` (${minAvailable})` : ''} of ${expected}` : `maxUnavailable ${String(pdb.spec?.maxUnavailable ?? '?')}`;
  const never = maxUnavailable === 0 || (minAvailable !== undefined && minAvailable >= expected && expected > 0);
  const sick = notReady.length > 0 ? ` and ${notReady.join(', ')} ${notReady.length === 1 ? 'is' : 'are'} not ready` : '';
  if (never) {
    return { ref: name, allowed, podsToEvict: toEvict, effect: 'blocks', why: `${rule}: this budget never allows an eviction${sick}; the drain will wait until the budget or the workload changes` };
  }
  if (allowed >= toEvict.length) {
    return { ref: name, allowed, podsToEvict: toEvict, effect: 'ok', why: `${rule}: allows ${allowed} disruption${allowed === 1 ? '' : 's'} now` };
  }
  return {
    ref: name,
    allowed,
    podsToEvict: toEvict,
    effect: 'waits',
    why: `${rule}${sick}: allows ${allowed} disruption${allowed === 1 ? '' : 's'} now for ${toEvict.length} pod${toEvict.length === 1 ? '' : 's'} to evict; evictions wait until replacements are ready`,
  };
}

// ---- capacity ----

const SUFFIX: Readonly<Record<string, number>> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

/** A resource quantity ("500m", "1.5", "2Gi", "128974848") as a number of units; undefined when unreadable. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([+-]?\d+(?:\.\d+)?)(?:e(\d+))?([a-zA-Z]{0,2})$/.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  if (m[3] === '') return base;
  const s = SUFFIX[m[3] ?? ''];
  return s === undefined ? undefined : base * s;
}

interface Need {
  readonly cpu: number;
  readonly memory: number;
}

function podNeed(p: ApiPod): Need {
  let cpu = 0;
  let memory = 0;
  for (const c of p.spec?.containers ?? []) {
    cpu += parseQuantity(c.resources?.requests?.['cpu']) ?? 0;
    memory += parseQuantity(c.resources?.requests?.['memory']) ?? 0;
  }
  // Init containers run one at a time before the others: the pod needs the larger of the two.
  for (const c of p.spec?.initContainers ?? []) {
    cpu = Math.max(cpu, parseQuantity(c.resources?.requests?.['cpu']) ?? 0);
    memory = Math.max(memory, parseQuantity(c.resources?.requests?.['memory']) ?? 0);
  }
  return { cpu, memory };
}

function tolerates(tolerations: readonly ApiToleration[] | undefined, taint: { key?: string; value?: string; effect?: string }): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function formatCpu(c: number): string {
  return c < 1 ? `${Math.round(c * 1000)}m CPU` : `${Number(c.toFixed(2))} CPU`;
}

function formatMemory(b: number): string {
  return b >= 2 ** 30 ? `${Number((b / 2 ** 30).toFixed(1))}Gi` : `${Math.round(b / 2 ** 20)}Mi`;
}

interface Room {
  readonly name: string;
  cpu: number;
  memory: number;
  pods: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { key?: string; value?: string; effect?: string }[];
}

function fitProblem(p: ApiPod, n: Room, need: Need): string | undefined {
  for (const [k, v] of Object.entries(p.spec?.nodeSelector ?? {})) if (n.labels[k] !== v) return `nodeSelector ${k}=${v}`;
  const taint = n.taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(p.spec?.tolerations, t));
  if (taint) return `taint ${taint.key ?? ''}${taint.value ? `=${taint.value}` : ''}:${taint.effect ?? ''}`;
  if (n.pods < 1) return 'no pod slots left';
  if (need.cpu > n.cpu + 1e-9) return `${formatCpu(Math.max(0, n.cpu))} free`;
  if (need.memory > n.memory) return `${formatMemory(Math.max(0, n.memory))} memory free`;
  return undefined;
}

/**
 * First-fit placement of the pods that will be recreated, largest first, on the schedulable nodes
 * other than the one drained (requests against allocatable, node selectors, taints).
 */
export function placement(node: string, toRecreate: readonly ApiPod[], nodes: readonly ApiNode[], allPods: readonly ApiPod[]): { unplaceable: PlacementProblem[]; nodesWithRoom: number } {
  const rooms: Room[] = nodes
    .filter((n) => n.metadata?.name !== node && n.spec?.unschedulable !== true && (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((n) => ({
      name: n.metadata?.name ?? '',
      cpu: parseQuantity(n.status?.allocatable?.['cpu']) ?? Infinity,
      memory: parseQuantity(n.status?.allocatable?.['memory']) ?? Infinity,
      pods: parseQuantity(n.status?.allocatable?.['pods']) ?? 110,
      labels: n.metadata?.labels ?? {},
      taints: n.spec?.taints ?? [],
    }));
  const byName = new Map(rooms.map((r) => [r.name, r]));
  for (const p of allPods) {
    const r = byName.get(p.spec?.nodeName ?? '');
    if (!r || isFinishedPod(p)) continue;
    const need = podNeed(p);
    r.cpu -= need.cpu;
    r.memory -= need.memory;
    r.pods -= 1;
  }
  const unplaceable: PlacementProblem[] = [];
  const sorted = [...toRecreate].sort((a, b) => podNeed(b).cpu - podNeed(a).cpu || podNeed(b).memory - podNeed(a).memory);
  for (const p of sorted) {
    const need = podNeed(p);
    const reasons: string[] = [];
    const home = rooms.find((r) => {
      const problem = fitProblem(p, r, need);
      if (problem) reasons.push(`${r.name}: ${problem}`);
      return problem === undefined;
    });
    if (home) {
      home.cpu -= need.cpu;
      home.memory -= need.memory;
      home.pods -= 1;
      continue;
    }
    const asks = [need.cpu > 0 ? formatCpu(need.cpu) : '', need.memory > 0 ? formatMemory(need.memory) : ''].filter(Boolean).join(', ');
    unplaceable.push({
      pod: ref(p),
      why: rooms.length === 0 ? 'no other node is Ready and schedulable' : `no other node can take it${asks ? ` (it requests ${asks})` : ''}: ${reasons.slice(0, 4).join('; ')}${reasons.length > 4 ? '; …' : ''}`,
    });
  }
  return { unplaceable, nodesWithRoom: rooms.filter((r) => r.pods > 0).length };
}

export interface PreviewInput {
  readonly node: string;
  readonly decisions: readonly PodDecision[];
  readonly options: DrainOptions;
  readonly pdbs: readonly ApiPdb[];
  /** Pods of the namespaces of those budgets (for their readiness), or all pods. */
  readonly podsForPdbs: readonly ApiPod[];
  readonly nodes: readonly ApiNode[];
  /** Every pod bound to a node (for the room left on the others). */
  readonly allPods: readonly ApiPod[];
}

const RECREATING = new Set(['ReplicaSet', 'StatefulSet', 'Job', 'ReplicationController']);

export function buildPreview(input: PreviewInput): DrainPreview {
  const pods: PreviewPod[] = input.decisions.map((d) => {
    const c = controllerOf(d.pod);
    const described = describeDecision(d);
    const action = described.action === 'evict' && input.options.disableEviction ? 'delete' : described.action;
    return {
      ref: ref(d.pod),
      ...(c ? { owner: `${c.kind ?? '?'}/${c.name ?? '?'}` } : {}),
      ...described,
      action,
      recreated: willDelete(d.status) && !isFinishedPod(d.pod) && c !== undefined && RECREATING.has(c.kind ?? ''),
    };
  });
  const evicted = input.decisions.filter((d) => willDelete(d.status) && !isFinishedPod(d.pod)).map((d) => d.pod);
  const pdbs: PreviewPdb[] = [];
  if (!input.options.disableEviction) {
    for (const pdb of input.pdbs) {
      const ns = pdb.metadata?.namespace ?? 'default';
      const hit = evicted.filter((p) => (p.metadata?.namespace ?? 'default') === ns && selects(pdb.spec?.selector, p.metadata?.labels));
      if (hit.length === 0) continue;
      const selected = input.podsForPdbs.filter((p) => (p.metadata?.namespace ?? 'default') === ns && selects(pdb.spec?.selector, p.metadata?.labels));
      pdbs.push(explainPdb(pdb, selected, hit.map(ref)));
    }
  }
  const recreated = input.decisions.filter((_d, i) => pods[i]?.recreated).map((d) => d.pod);
  const { unplaceable, nodesWithRoom } = placement(input.node, recreated, input.nodes, input.allPods);
  return {
    node: input.node,
    pods,
    pdbs,
    unplaceable,
    nodesWithRoom,
    canFinish: !pods.some((p) => p.action === 'block') && !pdbs.some((p) => p.effect === 'blocks'),
  };
}

/** The preview as text lines, for the CLI and the log. */
export function previewLines(p: DrainPreview): string[] {
  const out: string[] = [`Drain preview for node/${p.node}:`];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    out.push(`${title} (${items.length}):`);
    for (const i of items) out.push(`  ${i}`);
  };
  section('Evicted', p.pods.filter((x) => x.action === 'evict' || x.action === 'delete').map((x) => `${x.ref}${x.owner ? ` (${x.owner})` : ''}${x.action === 'delete' ? ' — deleted, bypassing budgets' : ''}${x.why ? ` — ${x.why}` : ''}${x.recreated ? '' : ' — not recreated'}`));
  section('Stay on the node', p.pods.filter((x) => x.action === 'skip').map((x) => `${x.ref} — ${x.why ?? ''}`));
  section('Block the drain', p.pods.filter((x) => x.action === 'block').map((x) => `${x.ref} — ${x.why ?? ''}${x.unblockedBy ? ` (allowed by ${unblockFlag(x.unblockedBy)})` : ''}`));
  section('Disruption budgets', p.pdbs.map((b) => `${b.ref} [${b.effect}] — ${b.why}`));
  section('No room elsewhere', p.unplaceable.map((u) => `${u.pod} — ${u.why}`));
  out.push(p.canFinish ? `The drain can finish with these options; ${p.nodesWithRoom} other node(s) have room.` : 'The drain cannot finish with these options.');
  return out;
}
