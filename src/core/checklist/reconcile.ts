// After a reload: the stored checklist checked against the cluster as it is now. A step that was
// running when the window closed is never simply run again: it is settled from what the cluster shows
// when that is safe to read (the kubelet reports the new version, the node is schedulable again), and
// otherwise becomes "interrupted", which a destructive step leaves only by the operator's word.
import { nodeRowSteps } from './create';
import { nodeRow } from './nodeOrder';
import { currentHopIndex, isSettled } from './query';
import type { ChecklistNodeInput, ChecklistState, Evidence, Hop, NodeRow, Step, StepStatus } from './types';
import { nodePatchVerdict, nodeUpgradeVerdict } from './verifyNode';
import { formatMinor, parseMinorVersion } from '../versions/kubeVersion';

export interface LiveFacts {
  readonly now: number;
  readonly nodes: readonly ChecklistNodeInput[];
  /** Versions reported by kube-apiserver and the other control-plane components, when read. */
  readonly controlPlaneVersions?: readonly string[];
}

export interface ReconcileNote {
  readonly stepId?: string;
  readonly node?: string;
  readonly text: string;
}

export interface Reconciled {
  readonly state: ChecklistState;
  readonly notes: readonly ReconcileNote[];
}

export const GONE_REASON = 'the node is no longer in the cluster';

type Settle = { readonly status: StepStatus; readonly evidence?: Evidence; readonly text: string };

function interrupted(step: Step, startedAt: number, now: number, note: string): Settle {
  return { status: { kind: 'interrupted', at: now, startedAt, note }, text: `${step.title}${step.node ? ` (${step.node})` : ''}: ${note}` };
}

function observed(step: Step, now: number, text: string): Settle {
  return { status: { kind: 'done', at: now }, evidence: { kind: 'observed', at: now, text: `after the reload: ${text}` }, text: `${step.title}${step.node ? ` (${step.node})` : ''} was done: ${text}` };
}

/** What to make of a step that was running when the window closed. */
function settleRunning(step: Step, startedAt: number, hop: Hop, live: LiveFacts): Settle {
  const { now } = live;
  const node = step.node === undefined ? undefined : live.nodes.find((n) => n.name === step.node);
  const row = hop.nodes.find((n) => n.name === step.node);
  switch (step.kind) {
    case 'node-upgrade': {
      if (!node) break;
      const v = nodeUpgradeVerdict(node, hop.to);
      return v.ok ? observed(step, now, v.observed) : interrupted(step, startedAt, now, `the upgrade may have run in part (${v.reason}); check the node before running it again`);
    }
    case 'node-patch': {
      if (!node || !row) break;
      const v = nodePatchVerdict(row, node);
      return v.ok ? observed(step, now, v.observed) : interrupted(step, startedAt, now, `the patch may have run in part (${v.reason}); check the node before running it again`);
    }
    case 'uncordon':
      if (node && !node.unschedulable) return observed(step, now, 'the node is schedulable');
      break;
    case 'drain':
      if (node) return interrupted(step, startedAt, now, `the drain stopped part-way: the node is ${node.unschedulable ? 'cordoned' : 'not cordoned'} and some pods may have been evicted; check before draining again`);
      break;
    case 'control-plane-upgrade': {
      const versions = live.controlPlaneVersions ?? [];
      const minors = versions.map((x) => parseMinorVersion(x));
      if (versions.length > 0 && minors.every((m) => m && formatMinor(m) === hop.to)) return observed(step, now, `every control-plane component reports ${hop.to}`);
      return interrupted(step, startedAt, now, `the control-plane upgrade may have run in part${versions.length ? ` (components report ${[...new Set(versions)].join(', ')})` : ''}; check before running it again`);
    }
    default:
      break;
  }
  if (!step.destructive) return { status: { kind: 'pending' }, evidence: { kind: 'observed', at: now, text: 'the window closed while this check ran; it is to be run again' }, text: `${step.title}${step.node ? ` (${step.node})` : ''}: the window closed while it ran; run it again` };
  return interrupted(step, startedAt, now, 'the window closed while it ran; check before running it again');
}

function reconcileHop(hop: Hop, hopIndex: number, isCurrentOrLater: boolean, state: ChecklistState, live: LiveFacts, notes: ReconcileNote[]): Hop {
  const liveNames = new Set(live.nodes.map((n) => n.name));
  let steps: Step[] = hop.steps.map((s) => {
    if (s.status.kind === 'running') {
      const r = settleRunning(s, s.status.startedAt, hop, live);
      notes.push({ stepId: s.id, ...(s.node ? { node: s.node } : {}), text: r.text });
      return { ...s, status: r.status, evidence: r.evidence ? [...s.evidence, r.evidence] : s.evidence };
    }
    return s;
  });
  const gone = hop.nodes.filter((n) => !liveNames.has(n.name) && steps.some((s) => s.node === n.name && !isSettled(s.status)));
  for (const n of gone) notes.push({ node: n.name, text: `${n.name} is no longer in the cluster: its remaining steps are skipped` });
  steps = steps.map((s) => (s.node !== undefined && gone.some((n) => n.name === s.node) && !isSettled(s.status) ? { ...s, status: { kind: 'skipped', at: live.now, reason: GONE_REASON } } : s));
  if (!isCurrentOrLater) return { ...hop, steps };
  const known = new Set(hop.nodes.map((n) => n.name));
  const added: NodeRow[] = live.nodes.filter((n) => !known.has(n.name)).map(nodeRow);
  if (added.length === 0) return { ...hop, steps };
  const lastNodeStep = steps.reduce((last, s, i) => (s.section === 'nodes' ? i : last), -1);
  const insertAt = lastNodeStep >= 0 ? lastNodeStep + 1 : steps.findIndex((s) => s.section === 'kubectl' || s.section === 'verify');
  const newSteps = added.flatMap((row) => {
    const liveNode = live.nodes.find((n) => n.name === row.name) as ChecklistNodeInput;
    const alreadyThere = state.mode === 'rolling'
      ? 'it joined after the maintenance started'
      : nodeUpgradeVerdict(liveNode, hop.to).ok ? `it joined already on ${hop.to}` : undefined;
    notes.push({ node: row.name, text: alreadyThere ? `${row.name} joined the cluster; its steps are skipped: ${alreadyThere}` : `${row.name} joined the cluster on ${row.kubeletVersion}: added to the ${hop.to} hop` });
    return nodeRowSteps(state.mode, hopIndex, hop, row, alreadyThere, live.now);
  });
  const at = insertAt < 0 ? steps.length : insertAt;
  return { ...hop, nodes: [...hop.nodes, ...added], steps: [...steps.slice(0, at), ...newSteps, ...steps.slice(at)] };
}

/**
 * Brings a loaded checklist up to date with the cluster. Automatic running ("next node", "all
 * remaining") never continues by itself after a reload.
 */
export function reconcileChecklist(state: ChecklistState, live: LiveFacts): Reconciled {
  const notes: ReconcileNote[] = [];
  const current = currentHopIndex(state);
  const hops = state.hops.map((h, i) => reconcileHop(h, i, i >= current, state, live, notes));
  if (state.auto !== 'manual') notes.push({ text: `"${state.auto === 'next-node' ? 'Do the next node' : 'Do all remaining'}" stopped with the reload; start it again when ready` });
  return { state: { ...state, hops, auto: 'manual', updatedAt: live.now }, notes };
}
