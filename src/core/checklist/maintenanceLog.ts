// The maintenance log: every action and its result as Markdown, one section per maintenance window,
// appended to a file through a tiny writer. Anything that came from the cluster or a command is escaped.
import type { ChecklistEvent } from './events';
import { codeBlock, codeSpan, inlineText, utcTime as utc } from './markdownText';
import { findStep } from './query';
import type { ReconcileNote } from './reconcile';
import { reminderText, type Reminder } from './reminders';
import type { ChecklistState, Evidence, Step } from './types';

export type LogOutcome = 'started' | 'done' | 'failed' | 'skipped' | 'cancelled' | 'interrupted' | 'checked' | 'paused' | 'resumed' | 'note';

export interface LogEntry {
  readonly at: number;
  /** From the kubeconfig user or the OS user name. */
  readonly who: string;
  readonly context: string;
  readonly outcome: LogOutcome;
  /** "1.33 → 1.34" */
  readonly hop?: string;
  readonly step?: string;
  readonly node?: string;
  readonly detail?: string;
  readonly command?: string;
  readonly exitCode?: number;
  readonly output?: string;
}

export interface MaintenanceWindow {
  readonly startedAt: number;
  readonly who: string;
  readonly context: string;
  readonly server: string;
  /** "upgrade 1.33 → 1.35" or "rolling node maintenance on 1.33". */
  readonly purpose: string;
}

/** Where the log goes: a file opened for appending, in the feature. */
export interface LogWriter {
  append(text: string): PromiseLike<void>;
}

export const LOG_FILE_TITLE = '# Maintenance log\n';

export function windowPurpose(state: ChecklistState): string {
  const first = state.hops[0];
  const last = state.hops.at(-1);
  if (state.mode === 'rolling' || !first || !last) return `rolling node maintenance on ${first?.from ?? '?'}`;
  return `upgrade ${first.from} → ${last.to}`;
}

export function formatWindowHeading(w: MaintenanceWindow): string {
  return [
    `## Maintenance window ${utc(w.startedAt)}: ${inlineText(w.context)}`,
    '',
    `- Cluster: ${codeSpan(w.server)}, context ${codeSpan(w.context)}`,
    `- By: ${inlineText(w.who)}`,
    `- Purpose: ${inlineText(w.purpose)}`,
    '',
    '',
  ].join('\n');
}

export function formatLogEntry(e: LogEntry): string {
  const head = [
    utc(e.at),
    `**${e.outcome}**`,
    ...(e.step ? [inlineText(e.step)] : []),
    ...(e.node ? [`node ${codeSpan(e.node)}`] : []),
    ...(e.hop ? [`hop ${inlineText(e.hop)}`] : []),
    `context ${codeSpan(e.context)}`,
    `by ${inlineText(e.who)}`,
  ].join(' · ');
  const lines = [`- ${head}`];
  if (e.command !== undefined || e.exitCode !== undefined) {
    lines.push(`  ${[e.command !== undefined ? `command ${codeSpan(e.command)}` : 'command', e.exitCode !== undefined ? `exit status ${e.exitCode}` : ''].filter(Boolean).join(' · ')}`);
  }
  if (e.detail) lines.push(`  ${inlineText(e.detail)}`);
  if (e.output?.trim()) lines.push('', codeBlock(e.output, '  '));
  return `${lines.join('\n')}\n`;
}

export function formatReminders(reminders: readonly Reminder[], mode: ChecklistState['mode'] = 'upgrade'): string {
  if (reminders.length === 0) return '';
  return ['', '### Reminders', '', ...reminders.map((r) => `- ${inlineText(reminderText(r, mode))}`), '', ''].join('\n');
}

function stepFields(state: ChecklistState, step: Step): Pick<LogEntry, 'hop' | 'step' | 'node'> {
  const loc = findStep(state, step.id);
  const hop = loc ? state.hops[loc.hopIndex] : undefined;
  return {
    ...(hop && state.mode === 'upgrade' ? { hop: `${hop.from} → ${hop.to}` } : {}),
    step: step.title,
    ...(step.node ? { node: step.node } : {}),
  };
}

function evidenceFields(evidence: readonly Evidence[] | undefined): Pick<LogEntry, 'command' | 'exitCode' | 'output' | 'detail'> {
  const out: { command?: string; exitCode?: number; output?: string; detail?: string } = {};
  const details: string[] = [];
  for (const e of evidence ?? []) {
    if (e.kind === 'output') {
      if (e.command !== undefined) out.command = e.command;
      if (e.exitCode !== undefined) out.exitCode = e.exitCode;
      out.output = out.output ? `${out.output}\n${e.text}` : e.text;
    } else if (e.kind === 'drain') {
      details.push(`drain ${e.result.outcome}: ${e.result.removed.length} pods moved, ${e.result.remaining.length} left${e.result.remaining.length ? ` (${e.result.remaining.join(', ')})` : ''}${e.result.error ? `: ${e.result.error}` : ''}`);
    } else {
      details.push(e.text);
    }
  }
  if (details.length) out.detail = details.join('; ');
  return out;
}

export interface LogContext {
  readonly who: string;
  readonly context: string;
}

/** The log entries for an accepted event; `before` and `after` are the states around it. */
export function logEntriesFor(before: ChecklistState, event: ChecklistEvent, after: ChecklistState, ctx: LogContext): LogEntry[] {
  const base = { at: event.at, who: ctx.who, context: ctx.context };
  const stepAfter = (id: string) => findStep(after, id)?.step;
  switch (event.type) {
    case 'start-step': {
      const s = stepAfter(event.stepId);
      return s ? [{ ...base, outcome: 'started', ...stepFields(after, s), ...(event.confirmRerun ? { detail: 'run again after confirmation' } : {}) }] : [];
    }
    case 'step-progress':
      return [];
    case 'step-succeeded':
    case 'step-failed': {
      const s = stepAfter(event.stepId);
      if (!s) return [];
      const ev = evidenceFields(event.evidence);
      const detail = event.type === 'step-failed' ? [event.reason, ev.detail].filter(Boolean).join('; ') : ev.detail;
      return [{ ...base, ...ev, outcome: event.type === 'step-failed' ? 'failed' : 'done', ...stepFields(after, s), ...(detail ? { detail } : {}) }];
    }
    case 'skip-step': {
      const s = stepAfter(event.stepId);
      return s ? [{ ...base, outcome: 'skipped', ...stepFields(after, s), detail: event.reason }] : [];
    }
    case 'skip-node':
      return [{ ...base, outcome: 'skipped', step: 'Node', node: event.node, detail: event.reason }];
    case 'resolve-interrupted': {
      const s = stepAfter(event.stepId);
      return s ? [{ ...base, outcome: 'checked', ...stepFields(after, s), detail: `${event.outcome === 'done' ? 'marked done' : 'marked failed'}: ${event.note}` }] : [];
    }
    case 'pause':
      return [{ ...base, outcome: 'paused', detail: event.reason }];
    case 'resume':
      return [{ ...base, outcome: 'resumed' }];
    case 'run-next-node':
      return [{ ...base, outcome: 'note', detail: 'Do the next node' }];
    case 'run-all-remaining':
      return [{ ...base, outcome: 'note', detail: 'Do all remaining nodes, stopping on the first failure' }];
    case 'cancel': {
      const s = before.hops.flatMap((h) => h.steps).find((x) => x.status.kind === 'running');
      if (!s) return [];
      const ev = evidenceFields(event.evidence);
      const detail = [event.reason, ev.detail].filter(Boolean).join('; ');
      return [{ ...base, ...ev, outcome: 'cancelled', ...stepFields(after, s), ...(detail ? { detail } : {}) }];
    }
  }
}

/** The log entries for what a reload found. */
export function logEntriesForReload(state: ChecklistState, notes: readonly ReconcileNote[], at: number, ctx: LogContext): LogEntry[] {
  return notes.map((n) => {
    const s = n.stepId ? findStep(state, n.stepId)?.step : undefined;
    const outcome: LogOutcome = s?.status.kind === 'interrupted' ? 'interrupted' : 'note';
    return { at, who: ctx.who, context: ctx.context, outcome, ...(s ? stepFields(state, s) : n.node ? { node: n.node } : {}), detail: n.text };
  });
}

/** One maintenance window's section: the heading goes out with the first entry, reminders at the end. */
export class MaintenanceLogSection {
  private opened = false;

  constructor(private readonly writer: LogWriter, private readonly window: MaintenanceWindow) {}

  async record(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const text = entries.map(formatLogEntry).join('');
    const heading = this.opened ? '' : `\n${formatWindowHeading(this.window)}`;
    this.opened = true;
    await this.writer.append(`${heading}${text}`);
  }

  /** Ends the section with its reminders (written even when nothing else was, so a forgotten node is never lost). */
  async close(reminders: readonly Reminder[], mode: ChecklistState['mode'] = 'upgrade'): Promise<void> {
    if (reminders.length === 0) return;
    const text = formatReminders(reminders, mode);
    const out = this.opened ? text : `\n${formatWindowHeading(this.window)}${text.replace(/^\n/, '')}`;
    this.opened = true;
    await this.writer.append(out);
  }
}
