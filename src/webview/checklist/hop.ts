// One hop: its heading (the current hop open, the others behind a disclosure) and its sections in the
// maintenance guide's order.
import { currentHopIndex, isSettled } from '../../core/checklist/query';
import { SECTION_ORDER, type Hop, type SectionId } from '../../core/checklist/types';
import type { RenderContext } from './context';
import { el } from './dom';
import { hopTitle, SECTION_TITLES } from './labels';
import { nodesExtras } from './nodes';
import { backupExtras, controlPlaneExtras, kubectlExtras, planExtras, rollbackExtras, stagingExtras } from './sections';
import { stepList } from './step';

function summary(hop: Hop): string {
  const needed = hop.steps.filter((s) => !s.optional);
  const settled = needed.filter((s) => isSettled(s.status)).length;
  const failed = needed.filter((s) => s.status.kind === 'failed').length;
  return `${settled} of ${needed.length} steps done${failed > 0 ? `, ${failed} failed` : ''}`;
}

function showRollback(hop: Hop, current: boolean): boolean {
  const rollback = hop.steps.filter((s) => s.section === 'rollback');
  if (rollback.some((s) => s.status.kind !== 'pending')) return true;
  return current && hop.steps.some((s) => s.status.kind === 'failed');
}

function sectionBody(ctx: RenderContext, id: SectionId, hop: Hop, index: number, current: boolean): HTMLElement | undefined {
  switch (id) {
    case 'plan':
      return planExtras(ctx, hop, index);
    case 'backup':
      return backupExtras(ctx);
    case 'staging':
      return stagingExtras(ctx, hop);
    case 'control-plane':
      return controlPlaneExtras(ctx, hop, index, current);
    case 'nodes':
      return nodesExtras(ctx, hop, index, current);
    case 'kubectl':
      return kubectlExtras(ctx);
    case 'verify':
      return undefined;
    case 'rollback':
      return rollbackExtras(ctx, current);
  }
}

function section(ctx: RenderContext, id: SectionId, hop: Hop, index: number, current: boolean): HTMLElement | undefined {
  const steps = hop.steps.filter((s) => s.section === id);
  if (steps.length === 0) return undefined;
  if (id === 'rollback' && !showRollback(hop, current)) return undefined;
  const d = ctx.doc;
  const headingId = ctx.uid('section');
  return el(d, 'section', { class: `section section-${id}`, 'aria-labelledby': headingId },
    el(d, 'h3', { id: headingId }, SECTION_TITLES[id]),
    sectionBody(ctx, id, hop, index, current),
    // Node steps are drawn inside their rows.
    id === 'nodes' ? undefined : stepList(ctx, index, steps));
}

export function hopView(ctx: RenderContext, index: number): HTMLElement {
  const d = ctx.doc;
  const state = ctx.view.state;
  const hop = state.hops[index] as Hop;
  const currentIndex = currentHopIndex(state);
  const current = index === currentIndex;
  const id = `hop:${index}`;
  // When every hop is done, the last one stays open: it holds the final verification.
  const open = current || (currentIndex >= state.hops.length && index === state.hops.length - 1) || ctx.expanded.has(id);
  const headingId = ctx.uid('hop');
  const bodyId = ctx.uid('hop-body');
  const title = hopTitle(state, index);
  const heading = current
    ? el(d, 'h2', { id: headingId }, el(d, 'span', {}, title), el(d, 'span', { class: 'badge current' }, 'current'), el(d, 'span', { class: 'muted hop-summary' }, summary(hop)))
    : el(d, 'h2', { id: headingId });
  if (!current) {
    const toggle = el(d, 'button', { type: 'button', class: 'disclosure hop-toggle', 'data-key': `toggle:${id}`, 'aria-expanded': open ? 'true' : 'false', 'aria-controls': bodyId },
      el(d, 'span', { class: `codicon codicon-chevron-${open ? 'down' : 'right'}`, 'aria-hidden': 'true' }),
      el(d, 'span', {}, title));
    toggle.addEventListener('click', () => ctx.toggle(id));
    heading.appendChild(toggle);
    heading.appendChild(el(d, 'span', { class: 'muted hop-summary' }, summary(hop)));
  }
  const box = el(d, 'section', { class: `hop${current ? ' current' : ''}`, 'aria-labelledby': headingId }, heading);
  if (open) {
    box.appendChild(el(d, 'div', { class: 'hop-body', id: bodyId }, ...SECTION_ORDER.map((s) => section(ctx, s, hop, index, current))));
  }
  return box;
}
