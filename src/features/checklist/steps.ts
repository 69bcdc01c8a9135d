// What the controller asks of a step: questions first (nothing has started yet, backing out changes
// nothing), then the work, under the checklist's AbortSignal, reporting evidence as it goes.
import type { Evidence, ChecklistState, Hop, Step } from '../../core/checklist/types';

export interface StepEnv {
  readonly contextName: string;
  readonly state: ChecklistState;
  readonly hop: Hop;
  readonly hopIndex: number;
  readonly step: Step;
  /** Started by "Do the next node" / "Do all remaining": the operator confirmed the whole run already. */
  readonly auto: boolean;
}

export type StepResult =
  | { readonly ok: true; readonly evidence: readonly Evidence[] }
  | { readonly ok: false; readonly reason: string; readonly evidence: readonly Evidence[] };

export interface PreparedStep {
  /** The command line the step will run, for the log. */
  readonly command?: string;
  run(signal: AbortSignal, progress: (e: Evidence) => void): Promise<StepResult>;
}

export interface StepRunners {
  /** Asks what the step needs (confirmation, a note, the drain preview); undefined when the operator backed out. */
  prepare(env: StepEnv): Promise<PreparedStep | undefined>;
}

export function ok(...evidence: Evidence[]): StepResult {
  return { ok: true, evidence };
}

export function failed(reason: string, ...evidence: Evidence[]): StepResult {
  return { ok: false, reason, evidence };
}
