// The upgrade checklist's plain data: what the webview shows, what the reducer changes and what is
// persisted. Everything here is JSON-safe (no Dates, no Maps, no functions).
import type { NodeDrainResult } from '../drain/runner';

/** The schema version written with every persisted checklist; bump it when the shape changes. */
export const CHECKLIST_SCHEMA = 1;

/** The sections in the maintenance guide's order. */
export const SECTION_ORDER = ['plan', 'backup', 'staging', 'control-plane', 'nodes', 'kubectl', 'verify', 'rollback'] as const;
export type SectionId = (typeof SECTION_ORDER)[number];

/** The facts about a node the checklist needs; the feature fills them from the cluster layer. */
export interface ChecklistNodeInput {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** From node-role.kubernetes.io/* labels, e.g. ['control-plane']. */
  readonly roles: readonly string[];
  readonly kubeletVersion: string;
  readonly unschedulable: boolean;
  readonly ready: boolean;
  readonly osImage: string;
  readonly kernelVersion: string;
}

/**
 * How a distribution upgrades its control-plane nodes' kubelets:
 * - upgrade-first: they are ordinary rows, done before the workers (kubeadm, k3s, RKE2);
 * - provider-managed: the provider does it; their rows are skipped with that reason (EKS, GKE, AKS…).
 */
export type ControlPlaneNodeHandling = 'upgrade-first' | 'provider-managed';

export type ChecklistMode = 'upgrade' | 'rolling';

export type StepKind =
  | 'review-plan'
  | 'backup'
  | 'staging'
  | 'control-plane-upgrade'
  | 'control-plane-wait'
  | 'drain'
  | 'node-upgrade'
  | 'node-patch'
  | 'uncordon'
  | 'node-verify'
  | 'kubectl-skew'
  | 'verify-cluster'
  | 'rollback';

export type StepStatus =
  | { readonly kind: 'pending' }
  | { readonly kind: 'running'; readonly startedAt: number }
  | { readonly kind: 'done'; readonly at: number }
  | { readonly kind: 'failed'; readonly at: number; readonly reason: string }
  | { readonly kind: 'skipped'; readonly at: number; readonly reason: string }
  /** It was running when the window closed: check before re-running. */
  | { readonly kind: 'interrupted'; readonly at: number; readonly startedAt: number; readonly note: string };

export type StepStatusKind = StepStatus['kind'];

/** What a step's status rests on; shown beside it and written to the export. */
export type Evidence =
  | { readonly kind: 'output'; readonly at: number; readonly command?: string; readonly exitCode?: number; readonly text: string }
  | { readonly kind: 'drain'; readonly at: number; readonly result: NodeDrainResult }
  | { readonly kind: 'observed'; readonly at: number; readonly text: string }
  | { readonly kind: 'note'; readonly at: number; readonly by?: string; readonly text: string };

export interface Step {
  /** Unique within the checklist, e.g. "h0/nodes/worker-1/drain". */
  readonly id: string;
  readonly section: SectionId;
  readonly kind: StepKind;
  readonly title: string;
  readonly node?: string;
  /** Changes the cluster in a way that must never be repeated without the operator's word. */
  readonly destructive: boolean;
  /** Not part of the run order and not needed for the hop to count as complete (roll back). */
  readonly optional: boolean;
  readonly status: StepStatus;
  readonly evidence: readonly Evidence[];
}

/** A node row's facts as they were when the checklist was made: the baseline for verification. */
export interface NodeRow {
  readonly name: string;
  readonly zone?: string;
  readonly controlPlane: boolean;
  readonly wasCordoned: boolean;
  readonly kubeletVersion: string;
  readonly osImage: string;
  readonly kernelVersion: string;
}

export interface Hop {
  /** Minor versions such as "1.33"; in a rolling maintenance both are the cluster's current minor. */
  readonly from: string;
  readonly to: string;
  /** Node rows in the order they are done. */
  readonly nodes: readonly NodeRow[];
  /** Steps in run order: sections in the guide's order, each node's steps together. */
  readonly steps: readonly Step[];
}

/**
 * manual: the operator starts each step; next-node: steps run until the current node is verified;
 * all-remaining: steps run until the hop's nodes are done, stopping on the first failure.
 */
export type AutoRun = 'manual' | 'next-node' | 'all-remaining';

export interface ChecklistKey {
  readonly server: string;
  readonly context: string;
}

export interface ChecklistState {
  readonly schema: typeof CHECKLIST_SCHEMA;
  readonly key: ChecklistKey;
  readonly mode: ChecklistMode;
  readonly createdAt: number;
  readonly hops: readonly Hop[];
  readonly auto: AutoRun;
  /** Set while paused: by the operator, on the first failure of "all remaining", or when the cluster is unreachable. */
  readonly paused?: { readonly at: number; readonly reason: string };
  readonly updatedAt: number;
}
