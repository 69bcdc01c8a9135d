// What the plan is computed from: facts read from a cluster (by src/cluster/liveFacts) or written by
// hand in tests. A fact that could not be read carries the reason instead of a value, so every check
// can say `unknown` and why rather than pass silently.
import type { ClusterSnapshot } from '../cluster/types';
import type { ApiSource } from './planTypes';

export type Readable<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const readable = <T>(value: T): Readable<T> => ({ ok: true, value });
export const unreadable = <T>(reason: string): Readable<T> => ({ ok: false, reason });

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

export interface PdbFact {
  readonly namespace: string;
  readonly name: string;
  readonly disruptionsAllowed: number;
  /** Pods the PDB currently covers (status.expectedPods); 0 covers nothing and blocks nothing. */
  readonly expectedPods: number;
  readonly selector?: LabelSelector;
}

export interface WorkloadFact {
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface BackupFact {
  readonly name: string;
  /** Velero status.phase: Completed, Failed, PartiallyFailed, InProgress, … */
  readonly phase: string;
  /** completionTimestamp, else startTimestamp, else creationTimestamp. */
  readonly time?: string;
}

/** `absent`: the cluster has no Velero Backup resource. */
export type BackupFacts = Readable<readonly BackupFact[] | 'absent'>;

export interface ReadyzCheck {
  readonly name: string;
  readonly ok: boolean;
}

/** One use of an API version somewhere: a workspace file, a Helm release, the apiserver's metric… */
export interface ApiUse {
  readonly apiVersion: string;
  readonly kind: string;
  /** The minor that stops serving it, e.g. "1.32". */
  readonly removedIn: string;
  readonly replacement?: string;
  readonly source: ApiSource;
}

export interface StagingFacts {
  readonly context: string;
  readonly version: Readable<string>;
  /** Nodes not Ready and failing /readyz checks, when readable. */
  readonly problems: Readable<readonly string[]>;
}

export interface ClusterFacts {
  readonly context: string;
  readonly snapshot: ClusterSnapshot;
  /** spec.providerID of the nodes (a sample is enough). */
  readonly providerIds: readonly string[];
  /** Whether kube-system has the kubeadm-config ConfigMap. */
  readonly kubeadmConfig: Readable<boolean>;
  readonly pdbs: Readable<readonly PdbFact[]>;
  readonly workloads: Readable<readonly WorkloadFact[]>;
  readonly backups: BackupFacts;
  readonly readyz: Readable<readonly ReadyzCheck[]>;
  /** notAfter of the apiserver's serving certificate (ISO time). */
  readonly servingCertNotAfter: Readable<string>;
  /** API uses found in the cluster: Helm releases, the deprecated-API metric, last-applied annotations. */
  readonly apiUses: readonly ApiUse[];
  /** Per source of apiUses ("Helm releases", "metrics", …), why it could not be read. */
  readonly apiUseGaps: readonly string[];
  /** Problems that did not stop the plan, e.g. a Helm release Secret that does not decode. */
  readonly problems: readonly string[];
  readonly staging?: StagingFacts;
}
