// A new checklist for a cluster: an upgrade hop by hop, or a rolling node maintenance (OS / kernel
// patching) that walks the same node loop without a version change.
import { upgradeHops } from './hops';
import { orderNodes } from './nodeOrder';
import {
  CHECKLIST_SCHEMA, type ChecklistKey, type ChecklistNodeInput, type ChecklistState, type ControlPlaneNodeHandling,
  type Hop, type NodeRow, type SectionId, type Step, type StepKind,
} from './types';

export const PROVIDER_MANAGED_REASON = 'the provider upgrades control-plane nodes';

interface StepSpec {
  readonly section: SectionId;
  readonly kind: StepKind;
  readonly title: string;
  readonly destructive: boolean;
  readonly optional?: boolean;
}

function step(hopIndex: number, spec: StepSpec, node?: NodeRow, skippedReason?: string, now = 0): Step {
  const id = node ? `h${hopIndex}/${spec.section}/${node.name}/${spec.kind}` : `h${hopIndex}/${spec.section}/${spec.kind}`;
  return {
    id,
    section: spec.section,
    kind: spec.kind,
    title: spec.title,
    ...(node ? { node: node.name } : {}),
    destructive: spec.destructive,
    optional: spec.optional ?? false,
    status: skippedReason ? { kind: 'skipped', at: now, reason: skippedReason } : { kind: 'pending' },
    evidence: [],
  };
}

function nodeSteps(mode: 'upgrade' | 'rolling', hop: Pick<Hop, 'to'>): StepSpec[] {
  return [
    { section: 'nodes', kind: 'drain', title: 'Drain', destructive: true },
    mode === 'upgrade'
      ? { section: 'nodes', kind: 'node-upgrade', title: `Upgrade kubelet to ${hop.to}`, destructive: true }
      : { section: 'nodes', kind: 'node-patch', title: 'Patch OS / kernel', destructive: true },
    { section: 'nodes', kind: 'uncordon', title: 'Uncordon', destructive: false },
    { section: 'nodes', kind: 'node-verify', title: 'Verify', destructive: false },
  ];
}

/** The steps of one node row; `skippedReason` creates them skipped (a provider-managed node, a node added later). */
export function nodeRowSteps(mode: 'upgrade' | 'rolling', hopIndex: number, hop: Pick<Hop, 'to'>, row: NodeRow, skippedReason?: string, now = 0): Step[] {
  return nodeSteps(mode, hop).map((s) => step(hopIndex, s, row, skippedReason, now));
}

function upgradeHop(index: number, from: string, to: string, rows: readonly NodeRow[], handling: ControlPlaneNodeHandling, now: number): Hop {
  const before: StepSpec[] = [
    { section: 'plan', kind: 'review-plan', title: `Review the plan for ${from} → ${to}: release notes, removed APIs, skew blockers`, destructive: false },
    { section: 'backup', kind: 'backup', title: 'Back up the cluster (etcd, manifests) and verify the backup', destructive: false },
    { section: 'staging', kind: 'staging', title: `Upgrade staging to ${to} first`, destructive: false },
    { section: 'control-plane', kind: 'control-plane-upgrade', title: `Upgrade the control plane to ${to}`, destructive: true },
    { section: 'control-plane', kind: 'control-plane-wait', title: `Wait until every control-plane component reports ${to} and its nodes are Ready`, destructive: false },
  ];
  const after: StepSpec[] = [
    { section: 'kubectl', kind: 'kubectl-skew', title: `kubectl within one minor of ${to}`, destructive: false },
    { section: 'verify', kind: 'verify-cluster', title: `Verify: every node on ${to}, no skew, workloads as available as before`, destructive: false },
    { section: 'rollback', kind: 'rollback', title: 'Roll back', destructive: true, optional: true },
  ];
  const steps: Step[] = [
    ...before.map((s) => step(index, s)),
    ...rows.flatMap((r) => nodeRowSteps('upgrade', index, { to }, r, r.controlPlane && handling === 'provider-managed' ? PROVIDER_MANAGED_REASON : undefined, now)),
    ...after.map((s) => step(index, s)),
  ];
  return { from, to, nodes: rows, steps };
}

export interface NewChecklist {
  readonly key: ChecklistKey;
  readonly nodes: readonly ChecklistNodeInput[];
  readonly controlPlaneNodes: ControlPlaneNodeHandling;
  readonly now: number;
}

export type CreateResult = { readonly ok: true; readonly state: ChecklistState } | { readonly ok: false; readonly reason: string };

function initial(input: NewChecklist, mode: ChecklistState['mode'], hops: readonly Hop[]): ChecklistState {
  return { schema: CHECKLIST_SCHEMA, key: input.key, mode, createdAt: input.now, updatedAt: input.now, hops, auto: 'manual' };
}

/** An upgrade from the cluster's version to the target, one minor per hop. */
export function createUpgradeChecklist(input: NewChecklist & { readonly currentVersion: string; readonly targetVersion: string }): CreateResult {
  const hops = upgradeHops(input.currentVersion, input.targetVersion);
  if (!hops.ok) return hops;
  const rows = orderNodes(input.nodes, input.controlPlaneNodes);
  return { ok: true, state: initial(input, 'upgrade', hops.hops.map((h, i) => upgradeHop(i, h.from, h.to, rows, input.controlPlaneNodes, input.now))) };
}

/** A rolling maintenance: each node drained, patched by the operator, uncordoned and verified; no version change. */
export function createRollingChecklist(input: NewChecklist & { readonly version: string }): ChecklistState {
  const rows = orderNodes(input.nodes, input.controlPlaneNodes);
  const hop = { from: input.version, to: input.version };
  const steps: Step[] = [
    ...rows.flatMap((r) => nodeRowSteps('rolling', 0, hop, r, r.controlPlane && input.controlPlaneNodes === 'provider-managed' ? PROVIDER_MANAGED_REASON : undefined, input.now)),
    step(0, { section: 'verify', kind: 'verify-cluster', title: 'Verify: every node Ready and schedulable, workloads as available as before', destructive: false }),
  ];
  return initial(input, 'rolling', [{ ...hop, nodes: rows, steps }]);
}
