// The checklist's transitions: (state, event) → state. A rejected event leaves the state as it was and
// says why, so the panel can show it instead of silently doing nothing.
import type { ChecklistEvent } from './events';
import { currentHopIndex, findStep, isSettled, nextStep, runningStep, type StepLocation } from './query';
import type { ChecklistState, Evidence, Step, StepStatus } from './types';

export interface Transition {
  readonly state: ChecklistState;
  /** Why the event was not applied; the state is then unchanged. */
  readonly rejected?: string;
}

/** Output kept per evidence item; the tail is what matters for a failing command. */
export const MAX_EVIDENCE_TEXT = 16_000;

function capEvidence(e: Evidence): Evidence {
  if ((e.kind === 'output' || e.kind === 'observed' || e.kind === 'note') && e.text.length > MAX_EVIDENCE_TEXT) {
    return { ...e, text: `…${e.text.slice(-MAX_EVIDENCE_TEXT)}` };
  }
  return e;
}

function reject(state: ChecklistState, reason: string): Transition {
  return { state, rejected: reason };
}

function updateStep(state: ChecklistState, loc: StepLocation, change: (s: Step) => Step, at: number, extra: Partial<ChecklistState> = {}): ChecklistState {
  const hops = state.hops.map((hop, h) => (h !== loc.hopIndex ? hop : { ...hop, steps: hop.steps.map((s, i) => (i === loc.stepIndex ? change(s) : s)) }));
  return { ...state, ...extra, hops, updatedAt: at };
}

function withStatus(status: StepStatus, evidence: readonly Evidence[] = []) {
  return (s: Step): Step => ({ ...s, status, evidence: [...s.evidence, ...evidence.map(capEvidence)] });
}

function startStep(state: ChecklistState, e: Extract<ChecklistEvent, { type: 'start-step' }>): Transition {
  const loc = findStep(state, e.stepId);
  if (!loc) return reject(state, `no step ${e.stepId}`);
  const running = runningStep(state);
  if (running) return reject(state, `"${running.step.title}" is still running`);
  const { step } = loc;
  if (state.paused && !step.optional) return reject(state, `paused: ${state.paused.reason}`);
  if (isSettled(step.status)) return reject(state, `"${step.title}" is already ${step.status.kind}`);
  if (loc.hopIndex !== currentHopIndex(state)) return reject(state, `the ${state.hops[loc.hopIndex]?.to} hop starts when the previous hop is verified`);
  if (!step.optional && nextStep(state)?.step.id !== step.id) return reject(state, `"${nextStep(state)?.step.title}" comes first`);
  if (step.destructive && (step.status.kind === 'failed' || step.status.kind === 'interrupted') && e.confirmRerun !== true) {
    return reject(state, `"${step.title}" was started before and changes the cluster: confirm before running it again`);
  }
  return { state: updateStep(state, loc, withStatus({ kind: 'running', startedAt: e.at }), e.at) };
}

function finishStep(state: ChecklistState, e: Extract<ChecklistEvent, { type: 'step-succeeded' | 'step-failed' }>): Transition {
  const loc = findStep(state, e.stepId);
  if (!loc) return reject(state, `no step ${e.stepId}`);
  if (loc.step.status.kind !== 'running') return reject(state, `"${loc.step.title}" is not running (it is ${loc.step.status.kind})`);
  if (e.type === 'step-failed') {
    const extra: Partial<ChecklistState> = state.auto === 'manual'
      ? {}
      : { auto: 'manual', paused: { at: e.at, reason: `stopped on the first failure: ${loc.step.title}${loc.step.node ? ` (${loc.step.node})` : ''}: ${e.reason}` } };
    return { state: updateStep(state, loc, withStatus({ kind: 'failed', at: e.at, reason: e.reason }, e.evidence), e.at, extra) };
  }
  let next = updateStep(state, loc, withStatus({ kind: 'done', at: e.at }, e.evidence), e.at);
  if (next.auto !== 'manual') {
    const after = nextStep(next);
    const nodeFinished = state.auto === 'next-node' && (after === undefined || after.step.node !== loc.step.node);
    const nodesFinished = after === undefined || after.step.section !== 'nodes' || after.hopIndex !== loc.hopIndex;
    if (nodeFinished || nodesFinished) next = { ...next, auto: 'manual' };
  }
  return { state: next };
}

function skipStep(state: ChecklistState, e: Extract<ChecklistEvent, { type: 'skip-step' }>): Transition {
  const loc = findStep(state, e.stepId);
  if (!loc) return reject(state, `no step ${e.stepId}`);
  const reason = e.reason.trim();
  if (!reason) return reject(state, 'a skipped step needs a reason');
  const k = loc.step.status.kind;
  if (k === 'running') return reject(state, `"${loc.step.title}" is running: cancel it first`);
  if (k === 'done' || k === 'skipped') return reject(state, `"${loc.step.title}" is already ${k}`);
  return { state: updateStep(state, loc, withStatus({ kind: 'skipped', at: e.at, reason }), e.at) };
}

function skipNode(state: ChecklistState, e: Extract<ChecklistEvent, { type: 'skip-node' }>): Transition {
  const reason = e.reason.trim();
  if (!reason) return reject(state, 'a skipped node needs a reason');
  const h = currentHopIndex(state);
  const hop = state.hops[h];
  const mine = hop?.steps.filter((s) => s.node === e.node) ?? [];
  if (!hop || mine.length === 0) return reject(state, `no node ${e.node} in this hop`);
  if (mine.some((s) => s.status.kind === 'running')) return reject(state, `a step of ${e.node} is running: cancel it first`);
  if (mine.every((s) => isSettled(s.status))) return reject(state, `${e.node} is already done`);
  const steps = hop.steps.map((s) => (s.node === e.node && !isSettled(s.status) ? { ...s, status: { kind: 'skipped', at: e.at, reason } as const } : s));
  return { state: { ...state, hops: state.hops.map((x, i) => (i === h ? { ...hop, steps } : x)), updatedAt: e.at } };
}

function resolveInterrupted(state: ChecklistState, e: Extract<ChecklistEvent, { type: 'resolve-interrupted' }>): Transition {
  const loc = findStep(state, e.stepId);
  if (!loc) return reject(state, `no step ${e.stepId}`);
  if (loc.step.status.kind !== 'interrupted') return reject(state, `"${loc.step.title}" was not interrupted`);
  const note = e.note.trim();
  if (!note) return reject(state, 'say what you checked');
  const evidence: Evidence = { kind: 'note', at: e.at, text: note, ...(e.by ? { by: e.by } : {}) };
  const status: StepStatus = e.outcome === 'done' ? { kind: 'done', at: e.at } : { kind: 'failed', at: e.at, reason: note };
  return { state: updateStep(state, loc, withStatus(status, [evidence]), e.at) };
}

function runNodes(state: ChecklistState, e: Extract<ChecklistEvent, { type: 'run-next-node' | 'run-all-remaining' }>): Transition {
  if (state.paused) return reject(state, `paused: ${state.paused.reason}`);
  const next = nextStep(state);
  if (!next || next.step.section !== 'nodes') return reject(state, 'no node is waiting in this hop');
  if (next.step.status.kind !== 'pending') return reject(state, `"${next.step.title}" (${next.step.node}) is ${next.step.status.kind}: retry or skip it first`);
  return { state: { ...state, auto: e.type === 'run-next-node' ? 'next-node' : 'all-remaining', updatedAt: e.at } };
}

export function transition(state: ChecklistState, e: ChecklistEvent): Transition {
  switch (e.type) {
    case 'start-step':
      return startStep(state, e);
    case 'step-progress': {
      const loc = findStep(state, e.stepId);
      if (!loc) return reject(state, `no step ${e.stepId}`);
      if (loc.step.status.kind !== 'running') return reject(state, `"${loc.step.title}" is not running`);
      return { state: updateStep(state, loc, withStatus(loc.step.status, [e.evidence]), e.at) };
    }
    case 'step-succeeded':
    case 'step-failed':
      return finishStep(state, e);
    case 'skip-step':
      return skipStep(state, e);
    case 'skip-node':
      return skipNode(state, e);
    case 'resolve-interrupted':
      return resolveInterrupted(state, e);
    case 'pause': {
      if (state.paused) return reject(state, `already paused: ${state.paused.reason}`);
      return { state: { ...state, paused: { at: e.at, reason: e.reason.trim() || 'paused' }, updatedAt: e.at } };
    }
    case 'resume': {
      if (!state.paused) return reject(state, 'not paused');
      const { paused: _paused, ...rest } = state;
      return { state: { ...rest, updatedAt: e.at } };
    }
    case 'run-next-node':
    case 'run-all-remaining':
      return runNodes(state, e);
    case 'cancel': {
      const running = runningStep(state);
      if (!running) return reject(state, 'nothing is running');
      const reason = e.reason?.trim() ? `cancelled: ${e.reason.trim()}` : 'cancelled';
      return { state: updateStep(state, running, withStatus({ kind: 'failed', at: e.at, reason }, e.evidence), e.at, { auto: 'manual' }) };
    }
  }
}

export function reduce(state: ChecklistState, e: ChecklistEvent): ChecklistState {
  return transition(state, e).state;
}
