// One step: its status icon and words, its buttons, its evidence and, while it runs, what is not
// healthy in the cluster beside it.
import type { LiveIssue } from '../../core/checklist/protocol';
import type { Step } from '../../core/checklist/types';
import { stepActions } from './actions';
import { actionBar, type RenderContext } from './context';
import { el, icon } from './dom';
import { evidenceBlock } from './evidence';
import { statusIcon, statusText, utc } from './labels';

function issueLine(i: LiveIssue): string {
  const who = i.namespace ? `${i.namespace}/${i.name}` : i.name;
  return i.message ? `${who}: ${i.reason} — ${i.message}` : `${who}: ${i.reason}`;
}

function issueList(ctx: RenderContext, title: string, items: readonly LiveIssue[]): HTMLElement {
  const d = ctx.doc;
  return el(d, 'section', { class: 'live-list' },
    el(d, 'h5', {}, `${title} (${items.length})`),
    items.length === 0
      ? el(d, 'p', { class: 'muted' }, 'None')
      : el(d, 'ul', { class: 'plain' }, ...items.map((i) => el(d, 'li', { title: i.at !== undefined ? utc(i.at) : undefined }, issueLine(i)))));
}

/** The cluster's not-ready pods and warning events, shown beside a running step. */
export function liveIssues(ctx: RenderContext): HTMLElement {
  return el(ctx.doc, 'aside', { class: 'live', 'aria-label': 'Cluster health while the step runs' },
    issueList(ctx, 'Not ready pods', ctx.view.notReadyPods),
    issueList(ctx, 'Warning events', ctx.view.warningEvents));
}

export interface StepOptions {
  /** A shorter title inside a node row ("Drain" rather than the full sentence). */
  readonly compact?: boolean;
}

export function stepItem(ctx: RenderContext, hopIndex: number, step: Step, opts: StepOptions = {}): HTMLElement {
  const d = ctx.doc;
  const s = step.status;
  const ic = statusIcon(s);
  const item = el(d, 'li', { class: `step status-${s.kind}${opts.compact ? ' compact' : ''}`, 'data-key': `step:${step.id}`, 'data-step': step.id, tabindex: '-1' });
  const titleId = ctx.uid('step');
  item.setAttribute('aria-labelledby', titleId);
  item.appendChild(el(d, 'div', { class: 'step-head' },
    icon(d, ic.icon, `status-icon${ic.modifier ? ` ${ic.modifier}` : ''}`),
    el(d, 'span', { class: 'step-text' },
      el(d, 'span', { class: 'step-title', id: titleId }, step.title),
      ' ',
      el(d, 'span', { class: 'step-status', title: 'at' in s ? utc(s.at) : undefined }, statusText(s))),
    actionBar(ctx, stepActions(ctx.view, hopIndex, step), `Actions for ${step.node ? `${step.title} on ${step.node}` : step.title}`)));
  const ev = evidenceBlock(ctx, step);
  if (ev) item.appendChild(ev);
  if (s.kind === 'running') item.appendChild(liveIssues(ctx));
  return item;
}

export function stepList(ctx: RenderContext, hopIndex: number, steps: readonly Step[], opts: StepOptions = {}): HTMLElement {
  return el(ctx.doc, 'ol', { class: 'steps' }, ...steps.map((s) => stepItem(ctx, hopIndex, s, opts)));
}
