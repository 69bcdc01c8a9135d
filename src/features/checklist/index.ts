// The upgrade checklist feature: "Open Upgrade Checklist…" and "Rolling Node Maintenance…" from a
// cluster row or the palette, one panel per context (a second open focuses it), restored after a
// reload by the panel serializer, with Export, Show Maintenance Log and Discard.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { ClusterModels } from '../../cluster/clusterModels';
import type { ClusterModel } from '../../cluster/clusterModel';
import type { KubeconfigModel } from '../../cluster/kubeconfigModel';
import { whoAmI } from '../../cluster/identity';
import { readLiveIssues, readWorkloadSnapshot } from '../../cluster/workloads';
import { createRollingChecklist, createUpgradeChecklist } from '../../core/checklist/create';
import { checklistMarkdown } from '../../core/checklist/exportMarkdown';
import { nodeInput } from '../../core/checklist/nodeOrder';
import { describeLock, readLockStatus, type LockOwner } from '../../core/checklist/lock';
import { normalizeServer } from '../../core/checklist/persist';
import { parseSavedState, type LiveIssue, type ToHost } from '../../core/checklist/protocol';
import { currentHopIndex } from '../../core/checklist/query';
import { reconcileChecklist } from '../../core/checklist/reconcile';
import { checklistReminders, reminderText } from '../../core/checklist/reminders';
import type { ChecklistKey, ChecklistMode, ChecklistNodeInput, ChecklistState, ControlPlaneNodeHandling } from '../../core/checklist/types';
import type { Platform } from '../../core/upgrade/planTypes';
import { formatMinor } from '../../core/versions/kubeVersion';
import { errorText, registerCommand } from '../commands/registerCommand';
import { isProtected, type NodeActions } from '../nodes/nodeActions';
import type { PlanReports } from '../plan/planReports';
import { contextOf, pickContext, pickTarget, type ContextArg } from '../plan';
import { ChecklistController, type ChecklistUi } from './checklistController';
import { ChecklistPanel, CHECKLIST_VIEW_TYPE } from './checklistPanel';
import { readChecklistSettings } from './checklistSettings';
import { ChecklistStore } from './checklistStore';
import { vscodeChecklistUi } from './checklistUi';
import { buildChecklistView } from './checklistView';
import { FileLogWriter, maintenanceLogPath } from './logFile';
import { ChecklistStepRunners, HOP_PATCHES, WORKLOADS_BEFORE } from './stepRunners';

export const ChecklistCommands = {
  open: 'kubeMaintenance.openUpgradeChecklist',
  rolling: 'kubeMaintenance.rollingNodeMaintenance',
  export: 'kubeMaintenance.exportChecklist',
  showLog: 'kubeMaintenance.showMaintenanceLog',
  discard: 'kubeMaintenance.discardChecklist',
} as const;

export interface ChecklistDeps {
  readonly registry: ClusterModels;
  readonly kubeconfig: KubeconfigModel;
  readonly log: vscode.LogOutputChannel;
  readonly plans: PlanReports;
  readonly nodeActions: NodeActions;
}

interface Entry {
  readonly controller: ChecklistController;
  readonly panels: Set<ChecklistPanel>;
  live: { notReadyPods: readonly LiveIssue[]; warningEvents: readonly LiveIssue[] };
  liveTimer?: ReturnType<typeof setInterval>;
}

function platformHandling(platform: Platform | undefined): ControlPlaneNodeHandling {
  return platform === 'eks' || platform === 'gke' || platform === 'aks' ? 'provider-managed' : 'upgrade-first';
}

/** Waits for the model's first full view of the cluster (or its error). */
function whenReady(model: ClusterModel, timeoutMs: number): Promise<void> {
  const settled = (): boolean => model.current.phase === 'ready' || model.current.phase === 'error';
  if (settled()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const sub = model.onDidChange(() => {
      if (settled()) done();
    });
    function done(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}

const complete = (s: ChecklistState): boolean => currentHopIndex(s) >= s.hops.length;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeNodeRun(s: ReturnType<typeof readChecklistSettings>, mode: ChecklistMode): string {
  const command = mode === 'upgrade' ? s.nodeCommand : s.patchCommand;
  const setting = mode === 'upgrade' ? 'kubeMaintenance.upgrade.nodeCommand' : 'kubeMaintenance.upgrade.patchCommand';
  return command ? `${setting} runs on it: ${command}` : `it waits while you ${mode === 'upgrade' ? 'upgrade' : 'patch'} it by hand (${setting} is not set)`;
}

export class Checklists implements vscode.Disposable {
  /** Replaceable so integration tests can answer the questions. */
  ui: ChecklistUi = vscodeChecklistUi;
  private readonly entries = new Map<string, Entry>();
  private readonly store: ChecklistStore;
  private readonly me: LockOwner = { ownerId: randomUUID(), host: os.hostname(), pid: process.pid };
  private readonly runners: ChecklistStepRunners;
  private readonly logWriters = new Map<string, FileLogWriter>();
  private kubeconfigFiles: readonly string[] = [];

  private readonly planSubscription: vscode.Disposable;

  constructor(private readonly context: vscode.ExtensionContext, private readonly deps: ChecklistDeps) {
    this.store = new ChecklistStore(context.globalState);
    // A plan made again (the cluster or a manifest changed) redraws the Plan section.
    this.planSubscription = deps.plans.onDidChange(() => {
      for (const e of this.entries.values()) e.controller.refresh();
    });
    this.runners = new ChecklistStepRunners({
      models: deps.registry,
      kubeconfig: deps.kubeconfig,
      nodeActions: deps.nodeActions,
      store: this.store,
      ui: () => this.ui,
      plan: (c) => deps.plans.latest(c),
    });
  }

  controller(contextName: string): ChecklistController | undefined {
    return this.entries.get(contextName)?.controller;
  }

  logFile(): string {
    return maintenanceLogPath(this.context.globalStorageUri);
  }

  private writer(): FileLogWriter {
    const file = this.logFile();
    let w = this.logWriters.get(file);
    if (!w) {
      w = new FileLogWriter(file, (m) => {
        this.deps.log.error(`[checklist] ${m}`);
        void vscode.window.showErrorMessage(m);
      });
      this.logWriters.set(file, w);
    }
    return w;
  }

  private async keyOf(contextName: string): Promise<ChecklistKey> {
    const load = await this.deps.kubeconfig.load();
    if (load.state === 'ok') this.kubeconfigFiles = load.config.files;
    const summary = load.state === 'ok' ? load.config.contexts.find((c) => c.name === contextName) : undefined;
    if (!summary) throw new Error(`There is no context ${contextName} in the kubeconfig.`);
    if (!summary.server) throw new Error(`Context ${contextName} has no cluster server URL${summary.problem ? `: ${summary.problem}` : ''}.`);
    return { server: normalizeServer(summary.server), context: contextName };
  }

  private async who(contextName: string): Promise<string> {
    const load = await this.deps.kubeconfig.load();
    const fallback = (load.state === 'ok' ? load.config.contexts.find((c) => c.name === contextName)?.user : undefined) ?? os.userInfo().username;
    try {
      return await whoAmI(await this.deps.registry.session(contextName), fallback, AbortSignal.timeout(10_000));
    } catch {
      return fallback;
    }
  }

  /** Opens (or focuses) the checklist of a context; a new one is made when none is stored or the operator starts over. */
  async open(contextName: string, mode: ChecklistMode, target?: string, revived?: ChecklistPanel): Promise<ChecklistController | undefined> {
    const existing = this.entries.get(contextName);
    if (existing && revived) {
      this.attachPanel(contextName, existing, revived);
      return existing.controller;
    }
    if (existing) {
      if (existing.controller.state.mode === mode) {
        this.showPanel(contextName, existing);
        return existing.controller;
      }
      void vscode.window.showWarningMessage(`The ${existing.controller.state.mode === 'upgrade' ? 'upgrade checklist' : 'rolling node maintenance'} of ${contextName} is open: finish or discard it first.`);
      this.showPanel(contextName, existing);
      return existing.controller;
    }
    const key = await this.keyOf(contextName);
    const model = this.deps.registry.acquire(contextName);
    let handedOver = false;
    try {
      const stored = this.store.load(key);
      let state: ChecklistState | undefined;
      if (stored.ok) {
        if (complete(stored.state) || stored.state.mode !== mode) {
          const what = stored.state.mode === 'upgrade' ? `upgrade checklist (${stored.state.hops[0]?.from} → ${stored.state.hops.at(-1)?.to})` : 'rolling node maintenance';
          const choice = await this.ui.choose(
            `${contextName} has a ${complete(stored.state) ? 'finished' : 'unfinished'} ${what}.`,
            complete(stored.state) ? 'Open it, or start a new one (the old one stays in the maintenance log).' : 'Open it to carry on, or discard it and start a new one.',
            ['Open It', 'Start New'] as const,
          );
          if (!choice) return undefined;
          if (choice === 'Open It') state = stored.state;
          else if (!(await this.mayReplace(key, contextName))) return undefined;
        } else state = stored.state;
      } else if (stored.reason !== 'none') {
        this.deps.log.warn(`[checklist] the stored checklist of ${contextName} cannot be read and is replaced: ${stored.reason}`);
        void vscode.window.showWarningMessage(`The stored checklist of ${contextName} cannot be read (${stored.reason}); a new one is made.`);
      }
      await whenReady(model.model, 30_000);
      const cluster = model.model.current;
      if (!state) {
        if (cluster.phase !== 'ready') throw new Error(`Cannot reach ${contextName}: ${cluster.phase === 'error' ? cluster.error.message : 'no answer within 30 s'}`);
        state = await this.create(contextName, key, mode, cluster.snapshot.serverVersion.gitVersion, cluster.snapshot.nodes.map(nodeInput), target);
        if (!state) return undefined;
      }
      const controller = new ChecklistController(state, {
        contextName,
        store: this.store,
        lockStore: this.context.globalState,
        me: this.me,
        model,
        runners: this.runners,
        logWriter: this.writer(),
        log: this.deps.log,
        ui: () => this.ui,
        who: () => this.who(contextName),
        trusted: () => vscode.workspace.isTrusted,
        isProtected: () => isProtected(contextName),
        view: (s, c) => ({ type: 'view', view: this.view(contextName, s, c) }),
        passThrough: (m) => this.passThrough(contextName, m),
        reloadState: async () => {
          const stored = this.store.load(key);
          if (!stored.ok) return undefined;
          const now = model.model.current;
          if (now.phase !== 'ready') return { state: stored.state, notes: [] };
          return reconcileChecklist(stored.state, { now: Date.now(), nodes: now.snapshot.nodes.map(nodeInput), controlPlaneVersions: now.snapshot.components.filter((c) => c.component === 'kube-apiserver' && c.version).map((c) => c.version as string) });
        },
        storedState: () => {
          const stored = this.store.load(key);
          return stored.ok ? stored.state : undefined;
        },
        isProcessAlive,
        describeNodeRun: () => describeNodeRun(readChecklistSettings(), state?.mode ?? mode),
      });
      handedOver = true;
      const entry: Entry = { controller, panels: new Set(), live: { notReadyPods: [], warningEvents: [] } };
      this.entries.set(contextName, entry);
      entry.liveTimer = setInterval(() => void this.pollLive(contextName, entry), 10_000);
      if (revived) this.attachPanel(contextName, entry, revived);
      else this.showPanel(contextName, entry);
      if (vscode.workspace.isTrusted) await controller.claim();
      if (state.mode === 'upgrade' && !this.deps.plans.latest(contextName)) void this.replan(contextName, state);
      return controller;
    } finally {
      if (!handedOver) model.dispose();
    }
  }

  /** Replacing or discarding a checklist another window drives is refused: take it over first. */
  private async mayReplace(key: ChecklistKey, contextName: string): Promise<boolean> {
    const status = readLockStatus(this.context.globalState, key, this.me, Date.now());
    if (status.kind === 'held') {
      void vscode.window.showWarningMessage(`Another window drives the checklist of ${contextName}: ${describeLock(status)} Take it over first.`);
      return false;
    }
    return true;
  }

  private async replan(contextName: string, state: ChecklistState): Promise<void> {
    const to = state.hops.at(-1)?.to;
    const target = to ? { major: Number(to.split('.')[0]), minor: Number(to.split('.')[1]) } : undefined;
    try {
      await this.deps.plans.make(contextName, target);
    } catch (e) {
      this.deps.log.warn(`[checklist] plan for ${contextName}: ${errorText(e)}`);
    }
    this.entries.get(contextName)?.controller.refresh();
  }

  private async create(contextName: string, key: ChecklistKey, mode: ChecklistMode, version: string, nodes: ChecklistNodeInput[], target?: string): Promise<ChecklistState | undefined> {
    const session = await this.deps.registry.session(contextName);
    let state: ChecklistState;
    let patches: Record<string, string> = {};
    if (mode === 'upgrade') {
      const minor = target ? { major: Number(target.split('.')[0]), minor: Number(target.split('.')[1]) } : await pickTarget({ registry: this.deps.registry, kubeconfig: this.deps.kubeconfig, log: this.deps.log }, this.deps.plans, contextName, 'Upgrade Checklist');
      if (!minor || Number.isNaN(minor.minor)) return undefined;
      const plan = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Planning the upgrade of ${contextName} to ${formatMinor(minor)}`, cancellable: true },
        (_p, token) => this.deps.plans.make(contextName, minor, token),
      );
      patches = Object.fromEntries((plan?.hops ?? []).flatMap((h) => (h.patch ? [[h.version, h.patch]] : [])));
      const made = createUpgradeChecklist({ key, nodes, controlPlaneNodes: platformHandling(plan?.platform), now: Date.now(), currentVersion: plan?.from ?? version, targetVersion: formatMinor(minor) });
      if (!made.ok) throw new Error(`Cannot make an upgrade checklist for ${contextName}: ${made.reason}`);
      state = made.state;
    } else {
      state = createRollingChecklist({ key, nodes, controlPlaneNodes: platformHandling(this.deps.plans.latest(contextName)?.platform), now: Date.now(), version });
    }
    await this.store.remove(key);
    if (mode === 'upgrade') await this.store.setExtra(key, HOP_PATCHES, patches);
    try {
      await this.store.setExtra(key, WORKLOADS_BEFORE, await readWorkloadSnapshot(session, AbortSignal.timeout(60_000)));
    } catch (e) {
      this.deps.log.warn(`[checklist] workload snapshot of ${contextName} not taken: ${errorText(e)}`);
    }
    await this.store.save(state);
    return state;
  }

  private view(contextName: string, state: ChecklistState, c: ChecklistController) {
    const entry = this.entries.get(contextName);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const staging = readChecklistSettings().stagingContexts[contextName];
    const stagingState = staging ? this.deps.registry.get(staging).current : undefined;
    const stagingVersion = stagingState?.phase === 'ready' ? stagingState.snapshot.serverVersion.gitVersion : undefined;
    return buildChecklistView({
      contextName,
      state,
      plan: this.deps.plans.latest(contextName),
      cluster: this.deps.registry.get(contextName).current,
      settings: readChecklistSettings(),
      drive: !vscode.workspace.isTrusted ? { kind: 'untrusted' } : c.isDriving ? { kind: 'driving' } : { kind: 'watching', holder: c.lockHolder || 'another window' },
      unreachable: c.unreachable,
      notes: c.notes,
      live: entry?.live ?? { notReadyPods: [], warningEvents: [] },
      ...(stagingVersion ? { stagingVersion } : {}),
      patches: this.store.getExtra<Record<string, string>>(state.key, HOP_PATCHES) ?? {},
      kubeconfigFiles: this.kubeconfigFiles,
      relative: (f) => (folder && f.startsWith(folder) ? path.relative(folder, f) : f),
    });
  }

  private async pollLive(contextName: string, entry: Entry): Promise<void> {
    const running = entry.controller.state.hops.some((h) => h.steps.some((s) => s.status.kind === 'running'));
    if (!running) {
      if (entry.live.notReadyPods.length || entry.live.warningEvents.length) entry.live = { notReadyPods: [], warningEvents: [] };
      return;
    }
    try {
      const session = await this.deps.registry.session(contextName);
      entry.live = await readLiveIssues(session, AbortSignal.timeout(15_000));
      entry.controller.refresh();
    } catch (e) {
      this.deps.log.debug(`[checklist] live issues of ${contextName}: ${errorText(e)}`);
    }
  }

  private showPanel(contextName: string, entry: Entry): void {
    const first = [...entry.panels][0];
    if (first) {
      first.reveal();
      return;
    }
    this.attachPanel(contextName, entry, ChecklistPanel.create(this.context.extensionUri, this.title(entry.controller.state, contextName), (l) => this.deps.log.warn(`[checklist] ${l}`)));
  }

  private title(state: ChecklistState, contextName: string): string {
    return state.mode === 'upgrade' ? `Upgrade ${contextName}: ${state.hops[0]?.from} → ${state.hops.at(-1)?.to}` : `Node maintenance: ${contextName}`;
  }

  private attachPanel(contextName: string, entry: Entry, panel: ChecklistPanel): void {
    entry.panels.add(panel);
    const attached = entry.controller.attach(panel);
    const sub = panel.onMessage((m) => {
      entry.controller.handle(m).catch((e: unknown) => {
        this.deps.log.error(`[checklist ${contextName}] ${errorText(e)}`);
        panel.post({ type: 'refused', message: errorText(e) });
      });
    });
    panel.onDidDispose(() => {
      sub.dispose();
      attached.dispose();
      entry.panels.delete(panel);
      if (entry.panels.size === 0) void this.closeEntry(contextName, entry);
    });
  }

  /** The last panel of a context closed: its part of the maintenance window ends. */
  private async closeEntry(contextName: string, entry: Entry): Promise<void> {
    if (this.entries.get(contextName) !== entry) return;
    if (entry.controller.state.hops.some((h) => h.steps.some((s) => s.status.kind === 'running'))) {
      // Closing the tab does not stop a command or a drain half-way: it ends, and its result is logged.
      void vscode.window.showInformationMessage(`The running step of ${contextName}'s checklist goes on; its result goes into the maintenance log. Open the checklist again to follow it.`);
      await entry.controller.idle();
      if (entry.panels.size > 0 || this.entries.get(contextName) !== entry) return;
    }
    this.entries.delete(contextName);
    clearInterval(entry.liveTimer);
    const reminders = entry.controller.reminders();
    await entry.controller.close();
    if (reminders.length) void vscode.window.showWarningMessage(`${contextName}: ${reminders.join(' ')}`);
  }

  /** After a reload: the serializer hands back the panel with the webview's saved state. */
  async revive(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    const s = parseSavedState(saved);
    const host = ChecklistPanel.revive(panel, this.context.extensionUri, (l) => this.deps.log.warn(`[checklist] ${l}`));
    if (!s) {
      host.dispose();
      return;
    }
    try {
      const key = s.server ? { server: normalizeServer(s.server), context: s.context } : await this.keyOf(s.context);
      const current = await this.keyOf(s.context).catch(() => undefined);
      if (current && current.server !== key.server) {
        this.deps.log.warn(`[checklist] not restoring the checklist of ${s.context}: the context now points at ${current.server}, not ${key.server}`);
        host.dispose();
        return;
      }
      const stored = this.store.load(key);
      if (!stored.ok) {
        host.dispose();
        return;
      }
      if (!(await this.open(s.context, stored.state.mode, undefined, host))) host.dispose();
    } catch (e) {
      this.deps.log.warn(`[checklist] could not restore the checklist of ${s.context}: ${errorText(e)}`);
      host.dispose();
    }
  }

  private async passThrough(contextName: string, m: ToHost): Promise<void> {
    switch (m.type) {
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        vscode.window.setStatusBarMessage('Copied to the clipboard', 3000);
        return;
      case 'open-file': {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const uri = path.isAbsolute(m.file) ? vscode.Uri.file(m.file) : folder ? vscode.Uri.joinPath(folder, m.file) : undefined;
        if (!uri) return;
        const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
        if (!inWorkspace) throw new Error(`${m.file} is not in the workspace`);
        const line = Math.max(0, m.line - 1);
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), preview: true });
        return;
      }
      case 'open-link':
        await vscode.env.openExternal(vscode.Uri.parse(m.url));
        return;
      case 'open-staging':
        await vscode.commands.executeCommand(ChecklistCommands.open, m.context);
        return;
      case 'export':
        await this.export(contextName);
        return;
      case 'show-log':
        await this.showLog();
        return;
      default:
        return;
    }
  }

  /** Writes the whole checklist as Markdown; `file` skips the save dialog. Returns the file written. */
  async export(contextName?: string, file?: string): Promise<string | undefined> {
    const name = contextName ?? (this.entries.size === 1 ? [...this.entries.keys()][0] : await pickContext(this.deps.kubeconfig, 'Export Checklist: context', 'The cluster whose checklist to export'));
    if (!name) return undefined;
    let state = this.entries.get(name)?.controller.state;
    if (!state) {
      const stored = this.store.load(await this.keyOf(name));
      if (stored.ok) state = stored.state;
    }
    if (!state) throw new Error(`${name} has no checklist to export.`);
    let target = file;
    if (!target) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
      const defaultUri = folder ? vscode.Uri.joinPath(folder, '.kube-maintenance', `checklist-${name.replace(/[^\w.-]+/g, '_')}-${stamp}.md`) : undefined;
      const picked = await vscode.window.showSaveDialog({ title: `Export the checklist of ${name}`, filters: { Markdown: ['md'] }, ...(defaultUri ? { defaultUri } : {}) });
      if (!picked) return undefined;
      target = picked.fsPath;
    }
    const uri = vscode.Uri.file(target);
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(target)));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(checklistMarkdown(state, Date.now())));
    if (!file) await vscode.window.showTextDocument(uri, { preview: true });
    return target;
  }

  async showLog(): Promise<void> {
    const file = this.logFile();
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(file));
    } catch {
      void vscode.window.showInformationMessage(`No maintenance log yet: it is written to ${file} as soon as a checklist step runs.`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
  }

  async discard(contextName?: string): Promise<boolean> {
    const name = contextName ?? await pickContext(this.deps.kubeconfig, 'Discard Checklist: context', 'The cluster whose checklist to discard');
    if (!name) return false;
    const key = await this.keyOf(name);
    const entry = this.entries.get(name);
    if (entry?.controller.state.hops.some((h) => h.steps.some((s) => s.status.kind === 'running'))) throw new Error(`A step of ${name}'s checklist is running: cancel it first.`);
    if (!(await this.mayReplace(key, name))) return false;
    if (!(await this.ui.confirm(`Discard the checklist of ${name}?`, 'Its steps and evidence are forgotten; the maintenance log keeps what was done.', 'Discard'))) return false;
    if (entry) {
      for (const p of [...entry.panels]) p.dispose();
      await this.closeEntry(name, entry);
    }
    await this.store.remove(key);
    return true;
  }

  /** At start-up: a checklist left between versions or with nodes cordoned by it gets a reminder (no cluster call). */
  remindUnfinished(): void {
    for (const k of this.context.globalState.keys()) {
      const stored = this.store.loadByStorageKey(k);
      if (!stored) continue;
      const reminders = checklistReminders(stored);
      if (reminders.length === 0) continue;
      const name = stored.key.context;
      void vscode.window.showWarningMessage(`${name}: ${reminders.map((r) => reminderText(r, stored.mode)).join(' ')}`, 'Open Checklist').then((a) => {
        if (a) void vscode.commands.executeCommand(ChecklistCommands.open, name);
      });
    }
  }

  dispose(): void {
    this.planSubscription.dispose();
    for (const [, e] of this.entries) {
      clearInterval(e.liveTimer);
      for (const p of e.panels) p.dispose();
      e.controller.dispose();
    }
    this.entries.clear();
  }
}

export function registerChecklistFeatures(context: vscode.ExtensionContext, deps: ChecklistDeps): Checklists {
  const checklists = new Checklists(context, deps);
  context.subscriptions.push(
    checklists,
    vscode.window.registerWebviewPanelSerializer(CHECKLIST_VIEW_TYPE, { deserializeWebviewPanel: (panel, state) => checklists.revive(panel, state) }),
  );
  const pick = async (arg: ContextArg, title: string): Promise<string | undefined> => contextOf(arg) ?? pickContext(deps.kubeconfig, title, 'The cluster to work on');
  registerCommand(context, deps, ChecklistCommands.open, 'checklist', async (arg?: unknown, target?: unknown) => {
    const name = await pick(arg as ContextArg, 'Upgrade Checklist: context');
    return name ? checklists.open(name, 'upgrade', typeof target === 'string' ? target : undefined) : undefined;
  });
  registerCommand(context, deps, ChecklistCommands.rolling, 'checklist', async (arg?: unknown) => {
    const name = await pick(arg as ContextArg, 'Rolling Node Maintenance: context');
    return name ? checklists.open(name, 'rolling') : undefined;
  });
  registerCommand(context, deps, ChecklistCommands.export, 'checklist', (arg?: unknown, file?: unknown) => checklists.export(contextOf(arg as ContextArg), typeof file === 'string' ? file : undefined));
  registerCommand(context, deps, ChecklistCommands.showLog, 'checklist', () => checklists.showLog());
  registerCommand(context, deps, ChecklistCommands.discard, 'checklist', (arg?: unknown) => checklists.discard(contextOf(arg as ContextArg)));
  setTimeout(() => checklists.remindUnfinished(), 0);
  return checklists;
}
