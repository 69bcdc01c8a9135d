// The events that move a checklist: discriminated on `type`, each with the time it happened (epoch ms).
import type { Evidence } from './types';

export type ChecklistEvent =
  /** Start a step. Re-running a destructive step that was started before (failed or interrupted) needs confirmRerun. */
  | { readonly type: 'start-step'; readonly stepId: string; readonly at: number; readonly confirmRerun?: boolean }
  /** Output or an observation while a step runs. */
  | { readonly type: 'step-progress'; readonly stepId: string; readonly at: number; readonly evidence: Evidence }
  | { readonly type: 'step-succeeded'; readonly stepId: string; readonly at: number; readonly evidence?: readonly Evidence[] }
  | { readonly type: 'step-failed'; readonly stepId: string; readonly at: number; readonly reason: string; readonly evidence?: readonly Evidence[] }
  | { readonly type: 'skip-step'; readonly stepId: string; readonly at: number; readonly reason: string }
  /** Skip what is left of a node's row in the current hop. */
  | { readonly type: 'skip-node'; readonly node: string; readonly at: number; readonly reason: string }
  /** The operator checked an interrupted step by hand and says how it ended. */
  | { readonly type: 'resolve-interrupted'; readonly stepId: string; readonly at: number; readonly outcome: 'done' | 'failed'; readonly note: string; readonly by?: string }
  | { readonly type: 'pause'; readonly at: number; readonly reason: string }
  | { readonly type: 'resume'; readonly at: number }
  | { readonly type: 'run-next-node'; readonly at: number }
  | { readonly type: 'run-all-remaining'; readonly at: number }
  /** Cancel the running step: it fails as cancelled, and automatic running stops. */
  | { readonly type: 'cancel'; readonly at: number; readonly reason?: string; readonly evidence?: readonly Evidence[] };

export type ChecklistEventType = ChecklistEvent['type'];
