// Which buttons a step, a node row and the node loop offer, decided from the checklist alone (pure):
// Start only on the step the checklist says comes next, Retry on a failed one, Cancel on a running one.
import type { ChecklistView, ToHost } from '../../core/checklist/protocol';
import { currentHopIndex, isSettled, nextAction, runningStep } from '../../core/checklist/query';
import type { Hop, Step } from '../../core/checklist/types';
import { startLabel, stepName } from './labels';

export interface ActionSpec {
  /** Stable across renders, so focus can come back to the same button. */
  readonly key: string;
  readonly label: string;
  readonly icon: string;
  readonly message: ToHost;
  /** Changes the checklist or the cluster: unavailable while read-only. */
  readonly mutating: boolean;
  readonly primary?: boolean;
  readonly ariaLabel?: string;
}

function hopFailed(hop: Hop): boolean {
  return hop.steps.some((s) => s.status.kind === 'failed');
}

/** The buttons of one step of hop `hopIndex`. */
export function stepActions(view: ChecklistView, hopIndex: number, step: Step): ActionSpec[] {
  const state = view.state;
  const name = stepName(step);
  if (step.status.kind === 'running') {
    return [{ key: `cancel:${step.id}`, label: 'Cancel', icon: 'stop-circle', message: { type: 'cancel' }, mutating: true, ariaLabel: `Cancel ${name}` }];
  }
  if (hopIndex !== currentHopIndex(state) || isSettled(step.status)) return [];
  const skip: ActionSpec = { key: `skip:${step.id}`, label: 'Skip…', icon: 'debug-step-over', message: { type: 'skip-step', stepId: step.id }, mutating: true, ariaLabel: `Skip ${name}` };
  if (step.optional) {
    const hop = state.hops[hopIndex];
    if (runningStep(state) || !hop || !hopFailed(hop)) return [];
    return [{ key: `start:${step.id}`, label: startLabel(view, step), icon: 'discard', message: { type: 'start-step', stepId: step.id }, mutating: true, ariaLabel: name }];
  }
  const next = nextAction(state);
  if (next.kind === 'start' && next.step.id === step.id) {
    return [
      { key: `start:${step.id}`, label: startLabel(view, step), icon: 'play', message: { type: 'start-step', stepId: step.id }, mutating: true, primary: true, ariaLabel: `${startLabel(view, step)} ${name}` },
      skip,
    ];
  }
  if (next.kind === 'retry-or-skip' && next.step.id === step.id) {
    return [
      { key: `start:${step.id}`, label: step.destructive ? 'Retry…' : 'Retry', icon: 'debug-restart', message: { type: 'start-step', stepId: step.id }, mutating: true, primary: true, ariaLabel: `Retry ${name}` },
      skip,
    ];
  }
  if (next.kind === 'check-interrupted' && next.step.id === step.id) {
    return [
      { key: `resolve:${step.id}`, label: 'Checked it…', icon: 'check', message: { type: 'resolve-interrupted', stepId: step.id }, mutating: true, primary: true, ariaLabel: `Checked it: ${name}` },
      skip,
    ];
  }
  return [];
}

/** "Skip node…" on a row of the current hop that still has work and is not running. */
export function nodeActions(view: ChecklistView, hopIndex: number, node: string): ActionSpec[] {
  const hop = view.state.hops[hopIndex];
  if (!hop || hopIndex !== currentHopIndex(view.state)) return [];
  const mine = hop.steps.filter((s) => s.node === node);
  if (mine.length === 0 || mine.every((s) => isSettled(s.status)) || mine.some((s) => s.status.kind === 'running')) return [];
  return [{ key: `skip-node:${node}`, label: 'Skip node…', icon: 'debug-step-over', message: { type: 'skip-node', node }, mutating: true, ariaLabel: `Skip node ${node}` }];
}

/** The node loop's own buttons for the current hop: cancel, pause or resume, next node, all remaining. */
export function nodeLoopActions(view: ChecklistView, hopIndex: number): ActionSpec[] {
  const state = view.state;
  if (hopIndex !== currentHopIndex(state)) return [];
  const next = nextAction(state);
  const out: ActionSpec[] = [];
  if (next.kind === 'running') out.push({ key: 'nodes:cancel', label: 'Cancel', icon: 'stop-circle', message: { type: 'cancel' }, mutating: true, ariaLabel: `Cancel ${stepName(next.step)}` });
  const startable = next.kind === 'start' && next.step.section === 'nodes' && next.step.status.kind === 'pending' && state.auto === 'manual';
  if (startable) {
    out.push(
      { key: 'nodes:next', label: 'Do the next node', icon: 'run-below', message: { type: 'run-next-node' }, mutating: true, primary: true },
      { key: 'nodes:all', label: 'Do all remaining (stop on first failure)', icon: 'run-all', message: { type: 'run-all-remaining' }, mutating: true },
    );
  }
  if (state.paused) out.push({ key: 'nodes:resume', label: 'Resume', icon: 'debug-continue', message: { type: 'resume' }, mutating: true });
  else if (next.kind !== 'complete') out.push({ key: 'nodes:pause', label: 'Pause', icon: 'debug-pause', message: { type: 'pause' }, mutating: true });
  return out;
}
