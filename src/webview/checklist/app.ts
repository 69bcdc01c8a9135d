// The panel's controller in the webview: receives and checks the host's messages, keeps what the
// operator opened (saved with setState, so a hidden or reloaded panel comes back as it was), redraws,
// keeps keyboard focus on the same button across redraws and announces status changes.
import { parseSavedState, parseToWebview, type ChecklistView, type ToHost } from '../../core/checklist/protocol';
import { changes, newlyActive } from './announce';
import type { RenderContext } from './context';
import { el, icon } from './dom';
import type { HostApi } from './host';
import { readOnlyReason } from './labels';
import { renderView } from './render';

const SAVE_SCROLL_MS = 250;

export class ChecklistApp {
  private view: ChecklistView | undefined;
  private expanded = new Set<string>();
  private savedContext: string | undefined;
  private pendingScroll: number | undefined;
  private scrollTimer: number | undefined;
  private uids = 0;
  private readonly doc: Document;
  private readonly refusedSlot: HTMLElement;
  private readonly liveRegion: HTMLElement;
  private readonly content: HTMLElement;

  constructor(private readonly win: Window, private readonly host: HostApi) {
    this.doc = win.document;
    const saved = parseSavedState(host.getState());
    if (saved) {
      this.savedContext = saved.context;
      this.expanded = new Set(saved.expanded);
      this.pendingScroll = saved.scrollY;
    }
    const d = this.doc;
    this.refusedSlot = el(d, 'div', { class: 'refused-slot' });
    this.liveRegion = el(d, 'div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.content = el(d, 'main', { class: 'checklist', 'aria-busy': 'true' }, el(d, 'p', { class: 'muted loading' }, icon(d, 'loading', 'codicon-modifier-spin'), ' Loading the checklist…'));
    d.body.replaceChildren(this.refusedSlot, this.liveRegion, this.content);
    win.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
    win.addEventListener('scroll', () => this.scrolled());
    this.post({ type: 'ready' });
  }

  /** A message from the host; one that does not pass the protocol's checks is dropped. */
  receive(data: unknown): void {
    const parsed = parseToWebview(data);
    if (!parsed.ok) {
      console.warn(`checklist: ignored a message from the extension: ${parsed.reason}`);
      return;
    }
    const m = parsed.message;
    if (m.type === 'refused') this.showRefused(m.message);
    else this.show(m.view);
  }

  private show(view: ChecklistView): void {
    const prev = this.view;
    if (this.savedContext !== undefined && this.savedContext !== view.context) {
      this.expanded.clear();
      this.pendingScroll = undefined;
    }
    // With saved state for this context, what the operator had open is the truth; otherwise steps that run or fail open.
    const fresh = prev === undefined && this.savedContext === view.context;
    if (!fresh) for (const id of newlyActive(prev?.state, view.state)) this.expanded.add(`ev:${id}`);
    this.savedContext = view.context;
    this.view = view;
    const said = changes(prev?.state, view.state);
    if (said.length > 0) this.liveRegion.textContent = said.join('. ');
    this.render();
    if (this.pendingScroll !== undefined) {
      this.win.scrollTo(0, this.pendingScroll);
      this.pendingScroll = undefined;
    }
    this.save();
  }

  private showRefused(message: string): void {
    const d = this.doc;
    this.refusedSlot.replaceChildren(el(d, 'div', { class: 'banner error refused', role: 'alert' },
      icon(d, 'error'),
      el(d, 'div', { class: 'banner-body' }, el(d, 'strong', {}, 'Not done: '), message),
      el(d, 'button', { type: 'button', class: 'icon-button', 'data-key': 'refused:dismiss', 'aria-label': 'Dismiss', title: 'Dismiss' }, icon(d, 'close'))));
    this.refusedSlot.querySelector('button')?.addEventListener('click', () => this.refusedSlot.replaceChildren());
  }

  private post(message: ToHost): void {
    this.host.postMessage(message);
  }

  private send(message: ToHost): void {
    this.refusedSlot.replaceChildren();
    this.post(message);
  }

  private toggle(id: string): void {
    if (!this.expanded.delete(id)) this.expanded.add(id);
    this.render();
    this.save();
  }

  private focusStep(stepId: string): void {
    const e = Array.from(this.content.querySelectorAll<HTMLElement>('[data-step]')).find((x) => x.getAttribute('data-step') === stepId);
    if (!e) return;
    e.scrollIntoView({ block: 'center' });
    e.focus();
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    const focused = this.focusedKey();
    const y = this.win.scrollY;
    const readOnly = readOnlyReason(view.drive);
    const ctx: RenderContext = {
      doc: this.doc,
      view,
      ...(readOnly !== undefined ? { readOnly } : {}),
      expanded: this.expanded,
      send: (m) => this.send(m),
      toggle: (id) => this.toggle(id),
      focusStep: (id) => this.focusStep(id),
      uid: (prefix) => `${prefix}-${++this.uids}`,
    };
    this.content.replaceChildren(...renderView(ctx));
    this.content.removeAttribute('aria-busy');
    if (this.win.scrollY !== y) this.win.scrollTo(0, y);
    if (focused !== undefined) this.refocus(focused);
  }

  private focusedKey(): string | undefined {
    const a = this.doc.activeElement;
    return a && this.content.contains(a) ? a.getAttribute('data-key') ?? undefined : undefined;
  }

  /** Focus the element with the same key; when its button went away (a step started), its step. */
  private refocus(key: string): void {
    const find = (k: string): HTMLElement | undefined =>
      Array.from(this.content.querySelectorAll<HTMLElement>('[data-key]')).find((e) => e.getAttribute('data-key') === k);
    const colon = key.indexOf(':');
    const stepId = colon >= 0 ? key.slice(colon + 1) : undefined;
    const target = find(key) ?? (stepId !== undefined ? find(`step:${stepId}`) : undefined);
    target?.focus();
  }

  private scrolled(): void {
    if (this.scrollTimer !== undefined) this.win.clearTimeout(this.scrollTimer);
    this.scrollTimer = this.win.setTimeout(() => {
      this.scrollTimer = undefined;
      this.save();
    }, SAVE_SCROLL_MS);
  }

  private save(): void {
    if (this.savedContext === undefined) return;
    this.host.setState({ context: this.savedContext, ...(this.view ? { server: this.view.server } : {}), expanded: [...this.expanded].slice(-1000), scrollY: Math.max(0, Math.round(this.win.scrollY)) });
  }
}

/** The panel's entry: draws into the page's body and talks to the host through `api`. */
export function startChecklist(win: Window, host: HostApi): ChecklistApp {
  return new ChecklistApp(win, host);
}

