// A step's evidence: command output in <pre>, drain results, observations and notes, behind a disclosure.
import type { Evidence, Step } from '../../core/checklist/types';
import type { RenderContext } from './context';
import { button } from './context';
import { el, type Child } from './dom';
import { clock, utc } from './labels';

/** The most text a Copy button may hand the host (the protocol refuses longer). */
const MAX_COPY = 64_000;

function copyButton(ctx: RenderContext, key: string, text: string, what: string): HTMLButtonElement | undefined {
  if (text.length === 0 || text.length > MAX_COPY) return undefined;
  return button(ctx, { key, label: 'Copy', icon: 'copy', ariaLabel: `Copy ${what}`, onClick: () => ctx.send({ type: 'copy', text }) });
}

function list(ctx: RenderContext, items: readonly string[]): HTMLElement {
  return el(ctx.doc, 'ul', { class: 'plain' }, ...items.map((i) => el(ctx.doc, 'li', {}, i)));
}

function body(ctx: RenderContext, step: Step, e: Evidence, i: number): Child[] {
  const d = ctx.doc;
  switch (e.kind) {
    case 'output': {
      const head: Child[] = [];
      if (e.command !== undefined) head.push(el(d, 'code', { class: 'command' }, `$ ${e.command}`));
      if (e.exitCode !== undefined) head.push(el(d, 'span', { class: e.exitCode === 0 ? 'exit ok' : 'exit bad' }, `exit status ${e.exitCode}`));
      return [
        head.length > 0 ? el(d, 'div', { class: 'evidence-head' }, ...head) : undefined,
        e.text.length > 0 ? el(d, 'pre', { class: 'output', tabindex: '0', 'aria-label': `Output of ${step.title}` }, e.text) : el(d, 'p', { class: 'muted' }, '(no output)'),
        copyButton(ctx, `copy-ev:${step.id}:${i}`, e.text, `the output of ${step.title}`),
      ];
    }
    case 'drain': {
      const r = e.result;
      return [
        el(d, 'p', {}, `Drain of ${r.node}: ${r.outcome}${r.error ? ` (${r.error})` : ''}`),
        r.removed.length > 0 ? el(d, 'div', {}, el(d, 'span', { class: 'label' }, `Evicted or deleted (${r.removed.length}):`), list(ctx, r.removed)) : undefined,
        r.remaining.length > 0 ? el(d, 'div', {}, el(d, 'span', { class: 'label' }, `Still on the node (${r.remaining.length}):`), list(ctx, r.remaining)) : undefined,
      ];
    }
    case 'observed':
      return [el(d, 'p', { class: 'observed' }, e.text)];
    case 'note':
      return [el(d, 'p', { class: 'note' }, e.by ? `Note by ${e.by}: ${e.text}` : `Note: ${e.text}`)];
  }
}

const KIND_LABEL: Readonly<Record<Evidence['kind'], string>> = { output: 'Output', drain: 'Drain result', observed: 'Observed', note: 'Note' };

/** The disclosure button and, when expanded, the evidence list; nothing when the step has none. */
export function evidenceBlock(ctx: RenderContext, step: Step): HTMLElement | undefined {
  if (step.evidence.length === 0) return undefined;
  const d = ctx.doc;
  const id = `ev:${step.id}`;
  const open = ctx.expanded.has(id);
  const paneId = ctx.uid('evidence');
  const toggle = el(d, 'button', {
    type: 'button',
    class: 'disclosure',
    'data-key': `toggle:${id}`,
    'aria-expanded': open ? 'true' : 'false',
    'aria-controls': paneId,
  }, el(d, 'span', { class: `codicon codicon-chevron-${open ? 'down' : 'right'}`, 'aria-hidden': 'true' }), el(d, 'span', {}, `Evidence (${step.evidence.length})`));
  toggle.addEventListener('click', () => ctx.toggle(id));
  const wrap = el(d, 'div', { class: 'evidence' }, toggle);
  if (open) {
    wrap.appendChild(el(d, 'ol', { class: 'evidence-list', id: paneId }, ...step.evidence.map((e, i) =>
      el(d, 'li', { class: `evidence-item ${e.kind}` },
        el(d, 'div', { class: 'evidence-meta' }, el(d, 'span', { class: 'label' }, KIND_LABEL[e.kind]), ' ', el(d, 'time', { title: utc(e.at) }, clock(e.at))),
        ...body(ctx, step, e, i)))));
  }
  return wrap;
}
