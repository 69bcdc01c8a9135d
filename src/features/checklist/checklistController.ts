// One cluster's checklist in this window: its state (persisted after every accepted event), the lock
// that lets one window drive it, the maintenance log, the live cluster it watches, and the step that
// runs. Intents from the panel become reducer events; a refused event is shown, never swallowed.
import type * as vscode from 'vscode';
import type { ModelRef } from '../../cluster/clusterModels';
import type { ClusterState } from '../../cluster/clusterModel';
import type { ChecklistEvent } from '../../core/checklist/events';
import {
  acquireLock, describeLock, heartbeatLock, HEARTBEAT_MS, releaseLock, stealLock, readLockStatus,
  type LockOwner, type LockStore,
} from '../../core/checklist/lock';
import { logEntriesFor, logEntriesForReload, MaintenanceLogSection, windowPurpose, type LogWriter } from '../../core/checklist/maintenanceLog';
import type { ToHost, ToWebview } from '../../core/checklist/protocol';
import { autoStartStep, currentHopIndex, findStep, nextAction, runningStep } from '../../core/checklist/query';
import { transition } from '../../core/checklist/reducer';
import { checklistReminders, reminderText } from '../../core/checklist/reminders';
import type { ChecklistState, Evidence } from '../../core/checklist/types';
import type { ChecklistStore } from './checklistStore';
import type { StepRunners } from './steps';

/** What the controller needs of the panel (the webview host). */
export interface ChecklistPanelPort {
  post(message: ToWebview): void;
}

export interface ChecklistUi {
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** Free text; undefined when cancelled. `required` refuses an empty answer. */
  input(prompt: string, placeHolder: string, required: boolean): Promise<string | undefined>;
  choose<T extends string>(message: string, detail: string, options: readonly T[]): Promise<T | undefined>;
  typeToConfirm(prompt: string, expected: string): Promise<boolean>;
  info(message: string): void;
}

export interface ControllerDeps {
  readonly contextName: string;
  readonly store: ChecklistStore;
  readonly lockStore: LockStore;
  readonly me: LockOwner;
  readonly model: ModelRef;
  readonly runners: StepRunners;
  readonly logWriter: LogWriter;
  readonly log: vscode.LogOutputChannel;
  readonly ui: () => ChecklistUi;
  readonly who: () => Promise<string>;
  readonly trusted: () => boolean;
  readonly isProtected: () => boolean;
  /** Builds the whole view for the panel from the state. */
  readonly view: (state: ChecklistState, c: ChecklistController) => ToWebview;
  /** Panel intents that are not about the state (copy, links, export…). */
  readonly passThrough: (message: ToHost, c: ChecklistController) => Promise<void>;
  readonly now?: () => number;
  /** How long the cluster may be unreachable before the checklist pauses. */
  readonly unreachablePauseMs?: number;
}

const UNREACHABLE_PREFIX = 'the cluster is unreachable';

export class ChecklistController implements vscode.Disposable {
  private current: ChecklistState;
  private readonly panels = new Set<ChecklistPanelPort>();
  private running: AbortController | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private unreachableTimer: ReturnType<typeof setTimeout> | undefined;
  private driving = false;
  private holder = '';
  private section: MaintenanceLogSection | undefined;
  private disposed = false;
  private readonly subscriptions: { dispose(): void }[] = [];
  private pumping = false;
  /** Why the cluster cannot be reached, while it cannot. */
  unreachable: string | undefined;
  /** Notes from the last reload, shown until the next accepted event. */
  notes: readonly string[] = [];

  constructor(state: ChecklistState, private readonly deps: ControllerDeps) {
    this.current = state;
    this.subscriptions.push(deps.model.model.onDidChange((s) => this.clusterChanged(s)));
  }

  get state(): ChecklistState {
    return this.current;
  }

  /** The live cluster model this checklist holds. */
  get cluster(): ModelRef['model'] {
    return this.deps.model.model;
  }

  get isDriving(): boolean {
    return this.driving;
  }

  /** Who drives it when it is not this window. */
  get lockHolder(): string {
    return this.holder;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  attach(panel: ChecklistPanelPort): { dispose(): void } {
    this.panels.add(panel);
    panel.post(this.deps.view(this.current, this));
    return { dispose: () => this.panels.delete(panel) };
  }

  refresh(): void {
    if (this.disposed) return;
    const message = this.deps.view(this.current, this);
    for (const p of this.panels) p.post(message);
  }

  private refuse(message: string): void {
    this.deps.log.warn(`[checklist ${this.deps.contextName}] refused: ${message}`);
    for (const p of this.panels) p.post({ type: 'refused', message });
  }

  private logSection(): MaintenanceLogSection {
    this.section ??= new MaintenanceLogSection(this.deps.logWriter, {
      startedAt: this.now(),
      who: this.whoCache ?? 'unknown',
      context: this.deps.contextName,
      server: this.current.key.server,
      purpose: windowPurpose(this.current),
    });
    return this.section;
  }

  private whoCache: string | undefined;

  private async who(): Promise<string> {
    if (this.whoCache === undefined) {
      try {
        this.whoCache = await this.deps.who();
      } catch {
        this.whoCache = 'unknown';
      }
    }
    return this.whoCache;
  }

  /** Applies an event; false (and the reason shown) when the reducer refused it. */
  async apply(event: ChecklistEvent): Promise<boolean> {
    const before = this.current;
    const t = transition(before, event);
    if (t.rejected) {
      this.refuse(t.rejected);
      return false;
    }
    this.current = t.state;
    this.notes = [];
    const who = await this.who();
    await this.deps.store.save(this.current);
    const entries = logEntriesFor(before, event, this.current, { who, context: this.deps.contextName });
    for (const e of entries) this.deps.log.info(`[checklist ${this.deps.contextName}] ${e.outcome}${e.step ? ` · ${e.step}` : ''}${e.node ? ` · ${e.node}` : ''}${e.detail ? ` · ${e.detail}` : ''}`);
    await this.logSection().record(entries);
    this.refresh();
    return true;
  }

  /** Records what a reload found (interrupted steps, nodes added or gone). */
  async recordReload(notes: readonly { text: string; stepId?: string; node?: string }[]): Promise<void> {
    this.notes = notes.map((n) => n.text);
    if (notes.length === 0) return;
    const who = await this.who();
    await this.logSection().record(logEntriesForReload(this.current, notes, this.now(), { who, context: this.deps.contextName }));
    this.refresh();
  }

  // ── The lock ──────────────────────────────────────────────────────────────────────────────────

  /** Takes the lock if free; otherwise this window watches. */
  async claim(): Promise<void> {
    const r = await acquireLock(this.deps.lockStore, this.current.key, this.deps.me, this.now());
    if (r.kind === 'acquired') this.startDriving();
    else {
      this.driving = false;
      this.holder = describeLock(r.status);
    }
    this.refresh();
  }

  /** "Take over": only after the operator confirmed what they were shown. */
  async takeOver(): Promise<void> {
    const status = readLockStatus(this.deps.lockStore, this.current.key, this.deps.me, this.now());
    if (status.kind === 'free' || status.kind === 'mine') return this.claim();
    const ok = await this.deps.ui().confirm(`Take over the checklist of ${this.deps.contextName}?`, `${describeLock(status)} If that window is still working on the cluster, both would drive it.`, 'Take Over');
    if (!ok) return;
    const r = await stealLock(this.deps.lockStore, this.current.key, this.deps.me, this.now(), status.record);
    if (r.kind === 'acquired') {
      this.startDriving();
      await this.logSection().record([{ at: this.now(), who: await this.who(), context: this.deps.contextName, outcome: 'note', detail: `took over the checklist from pid ${status.record.pid} on ${status.record.host}` }]);
    } else this.holder = describeLock(r.status);
    this.refresh();
  }

  private startDriving(): void {
    this.driving = true;
    this.holder = '';
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
  }

  private async beat(): Promise<void> {
    const r = await heartbeatLock(this.deps.lockStore, this.current.key, this.deps.me, this.now());
    if (r.kind === 'lost') {
      clearInterval(this.heartbeat);
      this.driving = false;
      this.holder = r.status.kind === 'held' || r.status.kind === 'stale' ? describeLock(r.status) : 'another window';
      this.running?.abort();
      this.deps.ui().info(`Another window took over the checklist of ${this.deps.contextName}; this one is read-only now.`);
      this.refresh();
    }
  }

  // ── The cluster ───────────────────────────────────────────────────────────────────────────────

  private clusterChanged(s: ClusterState): void {
    const down = s.phase === 'error' ? s.error.message : s.phase === 'ready' && !s.live && s.reconnect ? s.reconnect.error.message : undefined;
    if (down) {
      this.unreachable = down;
      this.unreachableTimer ??= setTimeout(() => void this.pauseForUnreachable(), this.deps.unreachablePauseMs ?? 30_000);
    } else if (s.phase === 'ready') {
      clearTimeout(this.unreachableTimer);
      this.unreachableTimer = undefined;
      const was = this.unreachable;
      this.unreachable = undefined;
      if (was !== undefined && this.driving && this.current.paused?.reason.startsWith(UNREACHABLE_PREFIX)) void this.apply({ type: 'resume', at: this.now() }).then(() => this.pump());
    }
    this.refresh();
  }

  private async pauseForUnreachable(): Promise<void> {
    this.unreachableTimer = undefined;
    if (!this.unreachable || !this.driving || this.current.paused) return;
    await this.apply({ type: 'pause', at: this.now(), reason: `${UNREACHABLE_PREFIX}: ${this.unreachable}` });
  }

  // ── Intents ───────────────────────────────────────────────────────────────────────────────────

  private readOnlyReason(): string | undefined {
    if (!this.deps.trusted()) return 'the workspace is not trusted: the checklist is read-only (nothing runs, nothing is written to the cluster)';
    if (!this.driving) return `read-only: ${this.holder || 'another window drives this checklist'}`;
    return undefined;
  }

  async handle(m: ToHost): Promise<void> {
    const at = this.now();
    switch (m.type) {
      case 'ready':
        this.refresh();
        return;
      case 'take-over':
        if (!this.deps.trusted()) return this.refuse(this.readOnlyReason() ?? '');
        return this.takeOver();
      case 'copy': case 'open-file': case 'open-link': case 'open-staging': case 'export': case 'show-log':
        return this.deps.passThrough(m, this);
      default:
        break;
    }
    const ro = this.readOnlyReason();
    if (ro) return this.refuse(ro);
    const ui = this.deps.ui();
    switch (m.type) {
      case 'start-step':
        await this.startStep(m.stepId, false);
        return;
      case 'skip-step': {
        const loc = findStep(this.current, m.stepId);
        if (!loc) return this.refuse(`no step ${m.stepId}`);
        const reason = await ui.input(`Why skip "${loc.step.title}"${loc.step.node ? ` on ${loc.step.node}` : ''}? The reason goes into the maintenance log.`, 'e.g. done by the provider', true);
        if (reason) await this.apply({ type: 'skip-step', stepId: m.stepId, at: this.now(), reason });
        return;
      }
      case 'skip-node': {
        const reason = await ui.input(`Why skip node ${m.node} in this hop? The reason goes into the maintenance log.`, 'e.g. replaced by a new node', true);
        if (reason) await this.apply({ type: 'skip-node', node: m.node, at: this.now(), reason });
        return;
      }
      case 'resolve-interrupted': {
        const loc = findStep(this.current, m.stepId);
        if (!loc || loc.step.status.kind !== 'interrupted') return this.refuse('that step was not interrupted');
        const outcome = await ui.choose(`How did "${loc.step.title}"${loc.step.node ? ` on ${loc.step.node}` : ''} end?`, loc.step.status.note, ['It finished', 'It did not finish'] as const);
        if (!outcome) return;
        const note = await ui.input('What did you check? (recorded in the maintenance log)', 'e.g. kubectl get node shows v1.34.1, Ready', true);
        if (!note) return;
        await this.apply({ type: 'resolve-interrupted', stepId: m.stepId, at: this.now(), outcome: outcome === 'It finished' ? 'done' : 'failed', note, by: await this.who() });
        return;
      }
      case 'cancel':
        if (!runningStep(this.current)) return this.refuse('nothing is running');
        this.running?.abort();
        return;
      case 'pause': {
        const reason = await ui.input('Why pause? (optional)', 'e.g. waiting for the change window', false);
        if (reason === undefined) return;
        await this.apply({ type: 'pause', at, reason: reason || 'paused by the operator' });
        return;
      }
      case 'resume':
        if (await this.apply({ type: 'resume', at })) await this.pump();
        return;
      case 'run-next-node':
      case 'run-all-remaining':
        return this.runNodes(m.type);
    }
  }

  private async runNodes(type: 'run-next-node' | 'run-all-remaining'): Promise<void> {
    const trial = transition(this.current, { type, at: this.now() });
    if (trial.rejected) return this.refuse(trial.rejected);
    const hop = this.current.hops[currentHopIndex(this.current)];
    if (!hop) return;
    const next = nextAction(this.current);
    const pendingNodes = [...new Set(hop.steps.filter((s) => s.section === 'nodes' && s.status.kind === 'pending' && s.node).map((s) => s.node as string))];
    const nodes = type === 'run-next-node' ? (next.kind === 'start' && next.step.node ? [next.step.node] : pendingNodes.slice(0, 1)) : pendingNodes;
    const ui = this.deps.ui();
    const ok = await ui.confirm(
      type === 'run-next-node' ? `Drain, upgrade, uncordon and verify ${nodes[0]} of ${this.deps.contextName}?` : `Drain, upgrade, uncordon and verify ${nodes.length} nodes of ${this.deps.contextName}, one after the other?`,
      `${nodes.join(', ')}. Each node is drained with the drain settings (no preview per node); a drain that would block, a failed command or a node that does not come back stops the run.`,
      type === 'run-next-node' ? 'Do the Next Node' : 'Do All Remaining',
    );
    if (!ok) return;
    if (this.deps.isProtected() && !(await ui.typeToConfirm(`${this.deps.contextName} is a protected context. Type its name to run the node steps.`, this.deps.contextName))) return;
    if (await this.apply({ type, at: this.now() })) await this.pump();
  }

  /** Starts the steps "next node" / "all remaining" allow, one after the other. */
  async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let s = autoStartStep(this.current); s && this.driving && !this.disposed; s = autoStartStep(this.current)) {
        const started = await this.startStep(s.id, true);
        if (!started) break;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Asks what the step needs, starts it, runs it. False when it did not start. */
  private async startStep(stepId: string, auto: boolean): Promise<boolean> {
    const loc = findStep(this.current, stepId);
    if (!loc) {
      this.refuse(`no step ${stepId}`);
      return false;
    }
    let confirmRerun = false;
    const trial = transition(this.current, { type: 'start-step', stepId, at: this.now() });
    if (trial.rejected) {
      const st = loc.step.status.kind;
      if (!(loc.step.destructive && (st === 'failed' || st === 'interrupted') && trial.rejected.includes('confirm'))) {
        this.refuse(trial.rejected);
        return false;
      }
      const again = await this.deps.ui().confirm(`Run "${loc.step.title}"${loc.step.node ? ` on ${loc.step.node}` : ''} again?`, `It was started before and changes the cluster (${st === 'failed' ? `it failed: ${loc.step.status.kind === 'failed' ? loc.step.status.reason : ''}` : 'the window closed while it ran'}). Check the cluster first.`, 'Run Again');
      if (!again) return false;
      confirmRerun = true;
    }
    const hop = this.current.hops[loc.hopIndex];
    if (!hop) return false;
    let prepared;
    try {
      prepared = await this.deps.runners.prepare({ contextName: this.deps.contextName, state: this.current, hop, hopIndex: loc.hopIndex, step: loc.step, auto });
    } catch (e) {
      this.refuse(`${loc.step.title}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    if (!prepared) return false;
    // Held before the step is marked running, so a cancel or a window closing in between reaches it.
    const abort = new AbortController();
    this.running = abort;
    if (!(await this.apply({ type: 'start-step', stepId, at: this.now(), ...(confirmRerun ? { confirmRerun } : {}) })) || this.disposed) {
      this.running = undefined;
      return false;
    }
    const progress = (e: Evidence): void => void this.apply({ type: 'step-progress', stepId, at: this.now(), evidence: e });
    let result;
    try {
      result = await prepared.run(abort.signal, progress);
    } catch (e) {
      result = { ok: false as const, reason: e instanceof Error ? e.message : String(e), evidence: [] };
    } finally {
      this.running = undefined;
    }
    if (this.disposed) return false;
    if (abort.signal.aborted) {
      await this.apply({ type: 'cancel', at: this.now(), reason: 'by the operator' });
      return false;
    }
    if (result.ok) await this.apply({ type: 'step-succeeded', stepId, at: this.now(), evidence: result.evidence });
    else await this.apply({ type: 'step-failed', stepId, at: this.now(), reason: result.reason, evidence: result.evidence });
    if (!auto && result.ok) void this.pump();
    return result.ok;
  }

  /** Reminders for the log and the notification: nodes left cordoned, an upgrade stopped between versions. */
  reminders(): string[] {
    return checklistReminders(this.current).map((r) => reminderText(r, this.current.mode));
  }

  /** Ends this window's part: the running step is cancelled, the lock released, reminders written. */
  async close(): Promise<void> {
    if (this.disposed) return;
    this.running?.abort();
    const reminders = checklistReminders(this.current);
    if (this.section || reminders.length > 0) await this.logSection().close(reminders, this.current.mode);
    if (this.driving) await releaseLock(this.deps.lockStore, this.current.key, this.deps.me);
    this.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.abort();
    clearInterval(this.heartbeat);
    clearTimeout(this.unreachableTimer);
    for (const s of this.subscriptions) s.dispose();
    this.deps.model.dispose();
    this.panels.clear();
  }
}
