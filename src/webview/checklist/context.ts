// What every part of the renderer is given: the document, the view, the read-only reason, the
// expanded disclosures and the way back to the host; and the one button factory they all use.
import type { ChecklistView, ToHost } from '../../core/checklist/protocol';
import type { ActionSpec } from './actions';
import { el, icon } from './dom';

export interface RenderContext {
  readonly doc: Document;
  readonly view: ChecklistView;
  /** Set when this window may not change anything; shown as the tooltip of every mutating button. */
  readonly readOnly?: string;
  /** Ids of the disclosures (evidence, other hops) the operator opened. */
  readonly expanded: ReadonlySet<string>;
  send(message: ToHost): void;
  toggle(id: string): void;
  /** Scrolls a step into view and focuses it. */
  focusStep(stepId: string): void;
  /** A fresh element id for aria-controls / aria-labelledby within this render. */
  uid(prefix: string): string;
}

export interface ButtonSpec {
  readonly key: string;
  readonly label: string;
  readonly icon?: string;
  readonly title?: string;
  readonly ariaLabel?: string;
  readonly primary?: boolean;
  /** Unavailable (aria-disabled, reason as tooltip) while read-only. */
  readonly mutating?: boolean;
  /** Looks like a link (file, URL, staging checklist). */
  readonly link?: boolean;
  readonly onClick: () => void;
}

/**
 * A real <button>. While read-only a mutating one stays focusable so its tooltip can be read, but says
 * aria-disabled and does nothing.
 */
export function button(ctx: RenderContext, spec: ButtonSpec): HTMLButtonElement {
  const blocked = spec.mutating === true && ctx.readOnly !== undefined;
  const cls = spec.link ? 'link' : spec.primary ? 'btn primary' : 'btn secondary';
  const b = el(ctx.doc, 'button', {
    type: 'button',
    class: cls,
    'data-key': spec.key,
    title: blocked ? ctx.readOnly : spec.title,
    'aria-label': spec.ariaLabel,
    'aria-disabled': blocked ? 'true' : undefined,
  }, spec.icon ? icon(ctx.doc, spec.icon) : undefined, el(ctx.doc, 'span', {}, spec.label));
  b.addEventListener('click', (ev) => {
    ev.preventDefault();
    if (!blocked) spec.onClick();
  });
  return b;
}

export function actionButton(ctx: RenderContext, a: ActionSpec): HTMLButtonElement {
  return button(ctx, {
    key: a.key, label: a.label, icon: a.icon, mutating: a.mutating,
    ...(a.primary ? { primary: true } : {}),
    ...(a.ariaLabel ? { ariaLabel: a.ariaLabel } : {}),
    onClick: () => ctx.send(a.message),
  });
}

export function actionBar(ctx: RenderContext, actions: readonly ActionSpec[], label?: string): HTMLElement | undefined {
  if (actions.length === 0) return undefined;
  return el(ctx.doc, 'div', { class: 'actions', role: 'group', 'aria-label': label }, ...actions.map((a) => actionButton(ctx, a)));
}
