// The checklist panel's script in a happy-dom page, with a fake VS Code host that records what the
// panel posts and saves; and builders for the views the host would send.
import { Window } from 'happy-dom';
import type { ChecklistView, ToHost, WebviewSavedState } from '../../../src/core/checklist/protocol';
import type { ChecklistState } from '../../../src/core/checklist/types';
import { startChecklist, type ChecklistApp } from '../../../src/webview/checklist/app';
import type { HostApi } from '../../../src/webview/checklist/host';
import { upgrade } from '../checklist/fixtures';

export interface Mounted {
  readonly window: Window;
  readonly doc: Document;
  readonly app: ChecklistApp;
  readonly posted: ToHost[];
  saved(): WebviewSavedState | undefined;
  /** A message as the host would send it (through JSON, as postMessage clones it). */
  send(message: unknown): void;
  close(): void;
}

export function mount(savedState?: unknown): Mounted {
  const window = new Window({ url: 'https://checklist.test/', width: 1024, height: 768 });
  const posted: ToHost[] = [];
  let saved: unknown = savedState;
  const host: HostApi = {
    postMessage: (m) => posted.push(m),
    getState: () => saved,
    setState: (s) => { saved = JSON.parse(JSON.stringify(s)); },
  };
  // happy-dom's Window implements the DOM interfaces the panel uses.
  const domWindow = window as unknown as globalThis.Window;
  const app = startChecklist(domWindow, host);
  return {
    window,
    doc: domWindow.document,
    app,
    posted,
    saved: () => saved as WebviewSavedState | undefined,
    send: (m) => app.receive(JSON.parse(JSON.stringify(m))),
    close: () => { void window.happyDOM.close(); },
  };
}

export function viewOf(state: ChecklistState = upgrade(), over: Partial<ChecklistView> = {}): ChecklistView {
  return {
    context: state.key.context,
    server: state.key.server,
    state,
    drive: { kind: 'driving' },
    plan: state.hops.map((h) => ({ to: h.to, releaseNotes: `https://kubernetes.io/blog/v${h.to}`, removedApis: [], skew: [] })),
    planUnread: [],
    backup: [],
    commands: {},
    notReadyPods: [],
    warningEvents: [],
    rollback: [],
    reminders: [],
    notes: [],
    ...over,
  };
}

export const viewMessage = (view: ChecklistView): unknown => ({ type: 'view', view });

/** The element of a step, by id. */
export function stepEl(doc: Document, id: string): HTMLElement {
  const e = Array.from(doc.querySelectorAll<HTMLElement>('[data-step]')).find((x) => x.getAttribute('data-step') === id);
  if (!e) throw new Error(`no step ${id} on the page`);
  return e;
}

/** The visible labels of the buttons in an element's own action bar (not its evidence). */
export function labels(e: ParentNode): string[] {
  return Array.from(e.querySelectorAll<HTMLButtonElement>('.actions button')).map((b) => (b.textContent ?? '').trim());
}

export function buttonByKey(doc: ParentNode, key: string): HTMLButtonElement {
  const b = Array.from(doc.querySelectorAll<HTMLButtonElement>('button[data-key]')).find((x) => x.getAttribute('data-key') === key);
  if (!b) throw new Error(`no button ${key}`);
  return b;
}

export function buttonByLabel(root: ParentNode, label: string): HTMLButtonElement {
  const b = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((x) => (x.textContent ?? '').trim() === label);
  if (!b) throw new Error(`no button "${label}"`);
  return b;
}

/** Every step id that offers a given button label. */
export function stepsOffering(doc: Document, label: string): string[] {
  return Array.from(doc.querySelectorAll<HTMLElement>('[data-step]'))
    .filter((s) => Array.from(s.querySelectorAll(':scope > .step-head .actions button')).some((b) => (b.textContent ?? '').trim() === label))
    .map((s) => s.getAttribute('data-step') ?? '');
}
