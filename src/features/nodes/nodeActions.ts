// Cordon, uncordon and drain from the Clusters view (one or several selected nodes) or the palette.
// Every change asks first; a drain shows its preview, runs under a cancellable progress that says
// what it waits for, logs kubectl's lines, and leaves the node cordoned when it stops early.
import * as vscode from 'vscode';
import type { ClusterModels } from '../../cluster/clusterModels';
import { computeDrainPreview, sessionDrainApi } from '../../cluster/drainApi';
import type { KubeconfigModel } from '../../cluster/kubeconfigModel';
import { whoAmI } from '../../cluster/identity';
import type { ClusterSession } from '../../cluster/types';
import { realClock } from '../../util/clock';
import { describeCordon, readCordonInfo } from '../../core/cluster/cordonRecord';
import { KUBECTL_DEFAULTS, type DrainOptions } from '../../core/drain/filters';
import type { DrainPreview } from '../../core/drain/preview';
import { cordonNode, drainNodes, type CordonRecord, type DrainEvent, type DrainIo, type NodeDrainResult } from '../../core/drain/runner';
import { SECTION } from '../../settings';
import { errorText, registerCommand, withCancellableProgress } from '../commands/registerCommand';
import { nodesFromArgs, pickNode, type NodeRef } from './nodeRef';
import type { Prompter } from './prompter';

export const NodeCommands = {
  cordon: 'kubeMaintenance.cordonNode',
  uncordon: 'kubeMaintenance.uncordonNode',
  drain: 'kubeMaintenance.drainNode',
} as const;

export interface NodeActionDeps {
  readonly kubeconfig: KubeconfigModel;
  readonly models: ClusterModels;
  readonly log: vscode.LogOutputChannel;
  /** Replaceable so integration tests can answer the questions. */
  prompter: Prompter;
  /** Runs a drain under a cancellable progress; replaceable so tests can press Cancel. */
  progress?: typeof withCancellableProgress;
}

/** kubeMaintenance.drain.* as drain options; the preview may change them for one run. */
export function drainDefaults(): DrainOptions {
  const c = vscode.workspace.getConfiguration(`${SECTION}.drain`);
  return {
    ...KUBECTL_DEFAULTS,
    ignoreDaemonSets: c.get<boolean>('ignoreDaemonSets', true),
    deleteEmptyDirData: c.get<boolean>('deleteEmptyDirData', false),
    force: c.get<boolean>('force', false),
    gracePeriodSeconds: c.get<number>('gracePeriodSeconds', -1),
    timeoutSeconds: c.get<number>('timeoutSeconds', 0),
    disableEviction: c.get<boolean>('disableEviction', false),
    skipWaitForDeleteTimeoutSeconds: c.get<number>('skipWaitForDeleteTimeoutSeconds', 0),
    ...(c.get<string>('podSelector') ? { podSelector: c.get<string>('podSelector') } : {}),
  };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

export function isProtected(contextName: string): boolean {
  const globs = vscode.workspace.getConfiguration(SECTION).get<string[]>('protectedContexts', []);
  return globs.some((g) => globToRegExp(g).test(contextName));
}

/** What the questions before a drain decided. */
export interface DrainPlan {
  readonly options: DrainOptions;
  readonly reason: string;
}

export class NodeActions {
  constructor(private readonly deps: NodeActionDeps) {}

  private async targets(args: unknown[], title: string, filter?: (unschedulable: boolean) => boolean): Promise<NodeRef[]> {
    const fromTree = nodesFromArgs(args);
    if (fromTree.length > 0) return fromTree;
    const picked = await pickNode(this.deps.kubeconfig, this.deps.models, title, filter);
    return picked ? [picked] : [];
  }

  private async who(session: ClusterSession, contextName: string): Promise<string> {
    const load = await this.deps.kubeconfig.load();
    const fallback = (load.state === 'ok' ? load.config.contexts.find((c) => c.name === contextName)?.user : undefined) ?? 'unknown';
    return whoAmI(session, fallback);
  }

  private recordEnabled(): boolean {
    return vscode.workspace.getConfiguration(SECTION).get<boolean>('cordon.recordReason', true);
  }

  private async askReason(what: string): Promise<string | undefined> {
    if (!this.recordEnabled()) return '';
    return this.deps.prompter.reason(`Why are you ${what}? Optional: it is recorded on the node with your name and the time.`);
  }

  /** The extra check a protected context needs: typing the node's name. */
  private async protectedOk(ref: NodeRef, verb: string): Promise<boolean> {
    if (!isProtected(ref.contextName)) return true;
    return this.deps.prompter.typeToConfirm(`${ref.contextName} is a protected context. Type the node name ${ref.nodeName} to ${verb} it.`, ref.nodeName);
  }

  private line(ref: NodeRef, l: string): void {
    this.deps.log.info(`[${ref.contextName}] ${l}`);
  }

  private drainIo(ref: NodeRef, signal: AbortSignal, event?: (e: DrainEvent) => void): DrainIo {
    return { out: (l) => this.line(ref, l), err: (l) => this.deps.log.warn(`[${ref.contextName}] ${l}`), clock: realClock, signal, pollMs: 500, ...(event ? { event } : {}) };
  }

  async cordon(args: unknown[], cordon: boolean): Promise<void> {
    const verb = cordon ? 'cordon' : 'uncordon';
    const refs = await this.targets(args, cordon ? 'Cordon Node' : 'Uncordon Node', (u) => u !== cordon);
    if (refs.length === 0) return;
    const reason = cordon ? await this.askReason(`cordoning ${refs.map((r) => r.nodeName).join(', ')}`) : '';
    if (reason === undefined) return;
    for (const ref of refs) {
      const session = await this.deps.models.session(ref.contextName);
      const api = sessionDrainApi(session);
      const node = await api.getNode(ref.nodeName, AbortSignal.timeout(30_000));
      if (!cordon) {
        const info = readCordonInfo(node.metadata?.annotations);
        const me = await this.who(session, ref.contextName);
        if (info?.by && info.by !== me) {
          const ok = await this.deps.prompter.confirm(`${ref.nodeName} was cordoned by ${info.by}. Uncordon it?`, `Cordoned ${describeCordon(info, Date.now())}. Pods will be scheduled on it again.`, 'Uncordon');
          if (!ok) continue;
        }
      }
      if (!(await this.protectedOk(ref, verb))) continue;
      const record: CordonRecord | undefined = cordon && this.recordEnabled() ? { who: await this.who(session, ref.contextName), ...(reason ? { reason } : {}) } : undefined;
      const r = await cordonNode(api, node, cordon, { dryRun: 'none', ...(record ? { record } : {}) }, this.drainIo(ref, AbortSignal.timeout(30_000)));
      if (!r.ok) throw r.error instanceof Error ? r.error : new Error(errorText(r.error));
    }
  }

  async preview(ref: NodeRef, options: DrainOptions, signal: AbortSignal): Promise<DrainPreview> {
    const session = await this.deps.models.session(ref.contextName);
    return computeDrainPreview(session, sessionDrainApi(session), ref.nodeName, options, signal);
  }

  async drain(args: unknown[]): Promise<void> {
    const refs = await this.targets(args, 'Drain Node');
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!;
      const result = await this.drainOne(ref);
      if (result === 'stopped') return;
      if (result.outcome !== 'drained' && i < refs.length - 1) {
        const next = refs.slice(i + 1).map((r) => r.nodeName).join(', ');
        if (!(await this.deps.prompter.confirm(`${ref.nodeName} was not drained. Go on with ${next}?`, result.error ?? '', 'Continue'))) return;
      }
    }
  }

  /** One node: preview, confirmation, reason, then the drain. 'stopped' when the user backed out. */
  async drainOne(ref: NodeRef): Promise<NodeDrainResult | 'stopped'> {
    const plan = await this.prepareDrain(ref);
    if (!plan) return 'stopped';
    const progress = this.deps.progress ?? withCancellableProgress;
    const result = await progress(`Draining ${ref.nodeName}`, (signal, report) => this.runDrain(ref, plan, signal, report));
    this.announce(ref, result);
    return result;
  }

  /** The questions before a drain: the preview (the options may change there), the confirmation, the protected name, the reason. */
  async prepareDrain(ref: NodeRef, confirmDetail = 'It is cordoned first; its pods are then evicted and their controllers create them elsewhere. Cancelling leaves it cordoned.'): Promise<DrainPlan | undefined> {
    const options = await this.deps.prompter.preview({ contextName: ref.contextName, nodeName: ref.nodeName, options: drainDefaults(), compute: (o, signal) => this.preview(ref, o, signal) });
    if (!options) return undefined;
    const ok = await this.deps.prompter.confirm(`Drain node ${ref.nodeName} of context ${ref.contextName}?`, confirmDetail, 'Drain');
    if (!ok || !(await this.protectedOk(ref, 'drain'))) return undefined;
    const reason = await this.askReason(`draining ${ref.nodeName}`);
    if (reason === undefined) return undefined;
    return { options, reason };
  }

  /** The drain itself, cancelled by `signal`; `report` gets the progress line in words. */
  async runDrain(ref: NodeRef, plan: DrainPlan, signal: AbortSignal, report: (message: string, increment?: number) => void): Promise<NodeDrainResult> {
    const hold = this.deps.models.acquire(ref.contextName);
    try {
      const session = await this.deps.models.session(ref.contextName);
      const record: CordonRecord | undefined = this.recordEnabled() ? { who: await this.who(session, ref.contextName), ...(plan.reason ? { reason: plan.reason } : {}) } : undefined;
      const budgets = await this.preview(ref, plan.options, AbortSignal.any([signal, AbortSignal.timeout(60_000)])).then(
        (p) => p.pdbs,
        () => [],
      );
      const words = new ProgressWords(budgets);
      const io = this.drainIo(ref, signal, (e) => {
        const msg = words.apply(e);
        if (msg) report(msg.text, msg.increment);
      });
      this.line(ref, `drain ${ref.nodeName} (${describeOptions(plan.options)})`);
      const r = await drainNodes(sessionDrainApi(session), [ref.nodeName], plan.options, io, record);
      return r.nodes[0] ?? { node: ref.nodeName, outcome: 'failed' as const, removed: [], remaining: [], error: 'nothing was done' };
    } finally {
      hold.dispose();
    }
  }

  /** Uncordons one node without questions (the checklist asked already); the node's own cordon record is cleared. */
  async uncordonQuietly(ref: NodeRef, signal: AbortSignal): Promise<void> {
    const session = await this.deps.models.session(ref.contextName);
    const api = sessionDrainApi(session);
    const node = await api.getNode(ref.nodeName, AbortSignal.any([signal, AbortSignal.timeout(30_000)]));
    const r = await cordonNode(api, node, false, { dryRun: 'none' }, this.drainIo(ref, AbortSignal.any([signal, AbortSignal.timeout(30_000)])));
    if (!r.ok) throw r.error instanceof Error ? r.error : new Error(errorText(r.error));
  }

  private announce(ref: NodeRef, r: NodeDrainResult): void {
    const n = r.removed.length;
    if (r.outcome === 'drained') {
      void vscode.window.showInformationMessage(`node/${ref.nodeName} drained: ${n} pod${n === 1 ? '' : 's'} evicted.`);
    } else if (r.outcome === 'cancelled') {
      void vscode.window.showWarningMessage(`Drain of ${ref.nodeName} cancelled: ${n} evicted, ${r.remaining.length} still on the node (${r.remaining.join(', ') || 'none'}). The node stays cordoned.`);
    } else {
      void vscode.window.showErrorMessage(`${ref.nodeName} was not drained: ${r.error ?? 'see the log'}${r.remaining.length ? ` Pods still there: ${r.remaining.join(', ')}.` : ''} The node stays cordoned.`, 'Show Log').then((a) => {
        if (a) this.deps.log.show(true);
      });
    }
  }
}

function describeOptions(o: DrainOptions): string {
  const flags = [
    o.ignoreDaemonSets ? '--ignore-daemonsets' : '',
    o.deleteEmptyDirData ? '--delete-emptydir-data' : '',
    o.force ? '--force' : '',
    o.disableEviction ? '--disable-eviction' : '',
    o.gracePeriodSeconds >= 0 ? `--grace-period=${o.gracePeriodSeconds}` : '',
    o.timeoutSeconds > 0 ? `--timeout=${o.timeoutSeconds}s` : '',
    o.podSelector ? `--pod-selector=${o.podSelector}` : '',
  ].filter(Boolean);
  return flags.join(' ') || 'kubectl defaults';
}

/** Turns drain events into the progress line: "2/5 evicted · waiting: PDB default/web allows 0 disruptions". */
export class ProgressWords {
  private total = 0;
  private done = 0;
  private readonly waiting = new Map<string, string>();

  constructor(private readonly budgets: DrainPreview['pdbs']) {}

  apply(e: DrainEvent): { text: string; increment?: number } | undefined {
    let increment: number | undefined;
    switch (e.type) {
      case 'planned':
        this.total = e.toRemove;
        break;
      case 'refused': {
        const budget = this.budgets.find((b) => b.podsToEvict.includes(e.pod));
        this.waiting.set(e.pod, budget ? `PDB ${budget.ref} allows ${budget.allowed} disruption${budget.allowed === 1 ? '' : 's'}` : e.message);
        break;
      }
      case 'terminating':
        this.waiting.set(e.pod, `${e.pod} terminating, ${Math.round(e.sinceMs / 1000)} s`);
        break;
      case 'evicting':
        if (e.attempt === 1) this.waiting.delete(e.pod);
        break;
      case 'gone':
        this.done++;
        this.waiting.delete(e.pod);
        if (this.total > 0) increment = 100 / this.total;
        break;
      case 'pod-failed':
        this.waiting.set(e.pod, `${e.pod}: ${e.message}`);
        break;
      default:
        return undefined;
    }
    const w = [...this.waiting.values()];
    return { text: `${this.done}/${this.total} evicted${w.length ? ` · waiting: ${w.slice(0, 2).join('; ')}${w.length > 2 ? '; …' : ''}` : ''}`, ...(increment !== undefined ? { increment } : {}) };
  }
}

export function registerNodeActions(context: vscode.ExtensionContext, deps: NodeActionDeps): NodeActions {
  const actions = new NodeActions(deps);
  registerCommand(context, deps, NodeCommands.cordon, 'cordon', (...args) => actions.cordon(args, true));
  registerCommand(context, deps, NodeCommands.uncordon, 'uncordon', (...args) => actions.cordon(args, false));
  registerCommand(context, deps, NodeCommands.drain, 'drain', (...args) => actions.drain(args));
  return actions;
}
