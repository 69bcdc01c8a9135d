// Read-only questions about a checklist: where it stands and what comes next.
import type { ChecklistState, Hop, Step, StepStatus } from './types';

/** Done or skipped: nothing more to do for it. */
export function isSettled(status: StepStatus): boolean {
  return status.kind === 'done' || status.kind === 'skipped';
}

export interface StepLocation {
  readonly hopIndex: number;
  readonly stepIndex: number;
  readonly step: Step;
}

export function findStep(state: ChecklistState, stepId: string): StepLocation | undefined {
  for (let h = 0; h < state.hops.length; h++) {
    const steps = state.hops[h]?.steps ?? [];
    const i = steps.findIndex((s) => s.id === stepId);
    if (i >= 0) return { hopIndex: h, stepIndex: i, step: steps[i] as Step };
  }
  return undefined;
}

export function hopComplete(hop: Hop): boolean {
  return hop.steps.every((s) => s.optional || isSettled(s.status));
}

/** The first hop that is not complete (the next hop starts when the previous one is verified); hops.length when all are. */
export function currentHopIndex(state: ChecklistState): number {
  const i = state.hops.findIndex((h) => !hopComplete(h));
  return i < 0 ? state.hops.length : i;
}

export function runningStep(state: ChecklistState): StepLocation | undefined {
  for (let h = 0; h < state.hops.length; h++) {
    const steps = state.hops[h]?.steps ?? [];
    const i = steps.findIndex((s) => s.status.kind === 'running');
    if (i >= 0) return { hopIndex: h, stepIndex: i, step: steps[i] as Step };
  }
  return undefined;
}

/** The first step of the current hop, in run order, that still needs something. */
export function nextStep(state: ChecklistState): StepLocation | undefined {
  const h = currentHopIndex(state);
  const steps = state.hops[h]?.steps ?? [];
  const i = steps.findIndex((s) => !s.optional && !isSettled(s.status));
  return i < 0 ? undefined : { hopIndex: h, stepIndex: i, step: steps[i] as Step };
}

export type NextAction =
  | { readonly kind: 'complete' }
  | { readonly kind: 'paused'; readonly reason: string }
  | { readonly kind: 'running'; readonly step: Step }
  | { readonly kind: 'start'; readonly step: Step }
  | { readonly kind: 'retry-or-skip'; readonly step: Step; readonly reason: string }
  | { readonly kind: 'check-interrupted'; readonly step: Step; readonly note: string };

/** What the panel offers next. */
export function nextAction(state: ChecklistState): NextAction {
  const running = runningStep(state);
  if (running) return { kind: 'running', step: running.step };
  const next = nextStep(state);
  if (!next) return { kind: 'complete' };
  if (state.paused) return { kind: 'paused', reason: state.paused.reason };
  const s = next.step.status;
  if (s.kind === 'failed') return { kind: 'retry-or-skip', step: next.step, reason: s.reason };
  if (s.kind === 'interrupted') return { kind: 'check-interrupted', step: next.step, note: s.note };
  return { kind: 'start', step: next.step };
}

/**
 * The step the panel may start without another click: only under "next node" / "all remaining", only a
 * pending node step, never one that was started before (a failed or interrupted step waits for the operator).
 */
export function autoStartStep(state: ChecklistState): Step | undefined {
  if (state.auto === 'manual') return undefined;
  const a = nextAction(state);
  return a.kind === 'start' && a.step.section === 'nodes' ? a.step : undefined;
}

/** Node names whose steps in the hop are all settled. */
export function nodesDone(hop: Hop): string[] {
  return hop.nodes.map((n) => n.name).filter((name) => hop.steps.every((s) => s.node !== name || isSettled(s.status)));
}
