// The upgrade plan as plain data: the JSON contract of `kube-maintenance plan --format json`, which
// the editor's report and the checklist read too. Field names here are that contract; add, never rename.

export type Platform = 'kubeadm' | 'eks' | 'gke' | 'aks' | 'k3s' | 'rke2' | 'unknown';

export type ApiSource =
  | { readonly type: 'workspace'; readonly file: string; readonly line: number }
  | { readonly type: 'helm'; readonly release: string; readonly namespace: string; readonly revision: number }
  | { readonly type: 'metric'; readonly resource: string; readonly count: number }
  /** Low confidence: the annotation records what was applied once, not what clients send today. */
  | { readonly type: 'lastApplied'; readonly namespace: string; readonly name: string };

export interface RemovedApi {
  readonly apiVersion: string;
  readonly kind: string;
  /** The apiVersion to move to; null when there is none. */
  readonly replacement: string | null;
  readonly sources: readonly ApiSource[];
}

export interface HopSkew {
  readonly subject: string;
  readonly component: string;
  readonly version: string;
  /** violation: breaks the policy before the hop already; blocks: fine now, too old once the hop is done. */
  readonly verdict: 'violation' | 'blocks';
  readonly reason: string;
}

export interface Hop {
  /** The minor this hop reaches, e.g. "1.33". */
  readonly version: string;
  /** The recommended patch of that minor, e.g. "1.33.10"; null when the data has none. */
  readonly patch: string | null;
  readonly releaseNotes: string;
  /** The urgent upgrade notes of the hop's changelog. */
  readonly urgentUpgradeNotes: string;
  /** The upgrade commands for the detected platform, one per line; null when the platform is unknown. */
  readonly upgradeCommand: string | null;
  readonly removedApis: readonly RemovedApi[];
  readonly skew: readonly HopSkew[];
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export interface PlanCheck {
  readonly id: string;
  readonly status: CheckStatus;
  readonly title: string;
  /** One line: why this status. */
  readonly detail: string;
  /** What the status rests on (names, dates, counts), for the report. */
  readonly evidence?: readonly string[];
}

export interface UpgradePlan {
  readonly context: string;
  /** The oldest kube-apiserver version, e.g. "1.31.4". */
  readonly from: string;
  readonly to: string;
  readonly platform: Platform;
  /** Why the platform was recognised, or why not. */
  readonly platformEvidence: string;
  readonly hops: readonly Hop[];
  readonly checks: readonly PlanCheck[];
  /** True when a check fails or a hop has a removed API in use or a skew blocker. */
  readonly blocked: boolean;
  /** True when some facts could not be read; `unread` says which. */
  readonly incomplete: boolean;
  readonly unread: readonly string[];
  /** Release data: when it was generated and where it came from. */
  readonly releaseData: { readonly generatedAt: string; readonly origin: string };
  readonly generatedAt: string;
}
