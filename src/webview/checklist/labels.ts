// The words and icons the panel uses for the checklist's data: pure functions, no DOM.
import type { ChecklistView, CommandView, DriveView } from '../../core/checklist/protocol';
import type { ChecklistState, SectionId, Step, StepKind, StepStatus } from '../../core/checklist/types';

export const SECTION_TITLES: Readonly<Record<SectionId, string>> = {
  plan: 'Plan',
  backup: 'Back up',
  staging: 'Staging',
  'control-plane': 'Control plane',
  nodes: 'Nodes',
  kubectl: 'kubectl',
  verify: 'Verify',
  rollback: 'Roll back',
};

/** "Upgrade 1.33 → 1.35" or "Rolling node maintenance". */
export function modeText(state: ChecklistState): string {
  if (state.mode === 'rolling') return 'Rolling node maintenance';
  const first = state.hops[0];
  const last = state.hops[state.hops.length - 1];
  return first && last ? `Upgrade ${first.from} → ${last.to}` : 'Upgrade';
}

export function hopTitle(state: ChecklistState, index: number): string {
  const hop = state.hops[index];
  if (!hop) return '';
  if (state.mode === 'rolling') return `Nodes on ${hop.to}`;
  return `Hop ${index + 1} of ${state.hops.length}: ${hop.from} → ${hop.to}`;
}

/** Why mutating actions are unavailable here, or undefined when this window drives the checklist. */
export function readOnlyReason(drive: DriveView): string | undefined {
  switch (drive.kind) {
    case 'driving':
      return undefined;
    case 'watching':
      return `Read-only: ${drive.holder} drives this checklist`;
    case 'untrusted':
      return 'Read-only: this workspace is not trusted, so nothing runs from here';
  }
}

export function driveText(drive: DriveView): string {
  switch (drive.kind) {
    case 'driving':
      return 'This window drives the checklist';
    case 'watching':
      return `Read-only: ${drive.holder} drives this checklist`;
    case 'untrusted':
      return 'Read-only: untrusted workspace (no commands run, no cluster changes)';
  }
}

export function statusIcon(status: StepStatus): { readonly icon: string; readonly modifier?: string } {
  switch (status.kind) {
    case 'pending':
      return { icon: 'circle-large-outline' };
    case 'running':
      return { icon: 'loading', modifier: 'codicon-modifier-spin' };
    case 'done':
      return { icon: 'pass' };
    case 'failed':
      return { icon: 'error' };
    case 'skipped':
      return { icon: 'circle-slash' };
    case 'interrupted':
      return { icon: 'warning' };
  }
}

/** The status in words, with its reason or note. */
export function statusText(status: StepStatus): string {
  switch (status.kind) {
    case 'pending':
      return 'Pending';
    case 'running':
      return `Running since ${clock(status.startedAt)}`;
    case 'done':
      return `Done at ${clock(status.at)}`;
    case 'failed':
      return `Failed: ${status.reason}`;
    case 'skipped':
      return `Skipped: ${status.reason}`;
    case 'interrupted':
      return `Interrupted: ${status.note}`;
  }
}

/** A time of day in the viewer's time zone, e.g. "14:03:27". */
export function clock(at: number): string {
  const d = new Date(at);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Full UTC time for tooltips. */
export function utc(at: number): string {
  return `${new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}

/** The command shown for a step, when the host sent one for its kind. */
export function commandFor(view: ChecklistView, kind: StepKind): CommandView | undefined {
  return Object.prototype.hasOwnProperty.call(view.commands, kind) ? view.commands[kind] : undefined;
}

/** The label of the button that starts a step; an ellipsis when the host asks something first. */
export function startLabel(view: ChecklistView, step: Step): string {
  switch (step.kind) {
    case 'review-plan':
      return 'Mark reviewed';
    case 'backup':
      return 'I have a backup';
    case 'staging':
      return 'Check staging';
    case 'control-plane-upgrade':
    case 'node-upgrade':
    case 'node-patch':
      return commandFor(view, step.kind)?.runnable ? 'Run…' : 'Start by hand…';
    case 'control-plane-wait':
      return 'Watch';
    case 'drain':
      return 'Drain…';
    case 'uncordon':
      return 'Uncordon';
    case 'node-verify':
    case 'verify-cluster':
      return 'Verify';
    case 'kubectl-skew':
      return 'Check';
    case 'rollback':
      return 'Roll back…';
  }
}

/** The step's name with its node, for labels read out of context ("Drain w1"). */
export function stepName(step: Step): string {
  return step.node ? `${step.title} (${step.node})` : step.title;
}
