// The checklist panel's messages, both ways, and what the panel shows. The host posts a whole
// `ChecklistView` on every change (it is small: tens of steps), the webview posts intents; neither side
// trusts what it receives: each message is checked here before it is acted on or drawn.
import { arr, bool, defined, num, obj, oneOf, opt, ShapeError, str, strList, type Obj } from './jsonShape';
import { loadChecklist } from './persist';
import type { ChecklistState } from './types';

/** Facts about one hop from the upgrade plan, for the Plan section. */
export interface HopPlanView {
  /** The minor this hop reaches, e.g. "1.34". */
  readonly to: string;
  readonly releaseNotes?: string;
  readonly patch?: string;
  /** Removed APIs the hop meets, each with where it is used (workspace files open at the line). */
  readonly removedApis: readonly {
    readonly apiVersion: string;
    readonly kind: string;
    readonly replacement?: string;
    readonly files: readonly { readonly file: string; readonly line: number; readonly label: string }[];
    /** Other sources (Helm release, apiserver metric, last-applied annotation), as one line each. */
    readonly elsewhere: readonly string[];
  }[];
  /** Skew blockers and violations, one sentence each. */
  readonly skew: readonly string[];
  /** The platform's upgrade commands for this hop, one per line. */
  readonly platformCommand?: string;
}

/** A command the operator configured (`${version}` etc. filled in) or the platform's, for a step. */
export interface CommandView {
  readonly text: string;
  /** From `kubeMaintenance.upgrade.*Command`: the panel can run it; otherwise it is for copying. */
  readonly runnable: boolean;
}

export interface LiveIssue {
  readonly namespace?: string;
  readonly name: string;
  /** "CrashLoopBackOff", "Pending: Unschedulable", "BackOff", … */
  readonly reason: string;
  readonly message?: string;
  readonly at?: number;
}

export type DriveView =
  /** This window drives the checklist. */
  | { readonly kind: 'driving' }
  /** Another window does: read-only here until taken over (with confirmation). */
  | { readonly kind: 'watching'; readonly holder: string }
  /** The workspace is not trusted: read-only, nothing runs. */
  | { readonly kind: 'untrusted' };

export interface ChecklistView {
  readonly context: string;
  readonly server: string;
  readonly state: ChecklistState;
  readonly drive: DriveView;
  /** Set while the cluster cannot be reached; the checklist is then paused with this reason. */
  readonly unreachable?: string;
  /** Per hop, in the order of `state.hops` (empty for a rolling maintenance). */
  readonly plan: readonly HopPlanView[];
  /** Release-data and plan facts that could not be read ("Helm releases: forbidden"). */
  readonly planUnread: readonly string[];
  /** The plan's cluster-wide checks that fail or warn ("fail: PDB data/postgres allows 0 disruptions…"). */
  readonly planChecks?: readonly string[];
  /** Backup tools detected in the cluster (Velero, etcd snapshots…), one line each; empty when none. */
  readonly backup: readonly string[];
  /** The staging context for this cluster and its version, when one is configured or recorded. */
  readonly staging?: { readonly context: string; readonly version?: string; readonly detail: string };
  /** Commands for the current hop's steps, by step kind ('control-plane-upgrade', 'node-upgrade', 'node-patch'). */
  readonly commands: Readonly<Record<string, CommandView>>;
  /** While a step runs: the cluster's pods that are not ready and its recent warning events. */
  readonly notReadyPods: readonly LiveIssue[];
  readonly warningEvents: readonly LiveIssue[];
  /** What can be undone now, one sentence each; shown when a step failed. */
  readonly rollback: readonly string[];
  /** Reminders (nodes left cordoned, an upgrade stopped between versions) and notes from the last reload. */
  readonly reminders: readonly string[];
  readonly notes: readonly string[];
  /** The local kubectl's version, when known. */
  readonly kubectl?: string;
}

/** Host → webview. */
export type ToWebview =
  | { readonly type: 'view'; readonly view: ChecklistView }
  /** The last action was refused (the reducer's reason, or a cluster error): shown as a banner. */
  | { readonly type: 'refused'; readonly message: string };

/** Webview → host: intents only. The host asks for reasons, notes and confirmations with VS Code's own prompts. */
export type ToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'start-step'; readonly stepId: string }
  | { readonly type: 'skip-step'; readonly stepId: string }
  | { readonly type: 'skip-node'; readonly node: string }
  | { readonly type: 'resolve-interrupted'; readonly stepId: string }
  | { readonly type: 'cancel' }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'run-next-node' }
  | { readonly type: 'run-all-remaining' }
  | { readonly type: 'take-over' }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'open-file'; readonly file: string; readonly line: number }
  | { readonly type: 'open-link'; readonly url: string }
  | { readonly type: 'open-staging'; readonly context: string }
  | { readonly type: 'export' }
  | { readonly type: 'show-log' };

export type ToHostType = ToHost['type'];

const BARE: readonly ToHostType[] = ['ready', 'cancel', 'pause', 'resume', 'run-next-node', 'run-all-remaining', 'take-over', 'export', 'show-log'];
const STEP: readonly ToHostType[] = ['start-step', 'skip-step', 'resolve-interrupted'];
/** Longest text the webview may ask to copy (a platform command or a step's output). */
const MAX_COPY = 64_000;

function bounded(v: unknown, path: string, max: number): string {
  const s = str(v, path);
  if (s.length === 0 || s.length > max) throw new ShapeError(path, `expected 1 to ${max} characters`);
  return s;
}

/** A message from the webview, or the reason it is refused. Only http(s) links may be opened. */
export function parseToHost(v: unknown): { readonly ok: true; readonly message: ToHost } | { readonly ok: false; readonly reason: string } {
  try {
    const o = obj(v, 'message');
    const type = oneOf(o.type, [...BARE, ...STEP, 'skip-node', 'copy', 'open-file', 'open-link', 'open-staging'] as const, 'type');
    if ((BARE as readonly string[]).includes(type)) return { ok: true, message: { type } as ToHost };
    if ((STEP as readonly string[]).includes(type)) return { ok: true, message: { type, stepId: bounded(o.stepId, 'stepId', 512) } as ToHost };
    switch (type) {
      case 'skip-node':
        return { ok: true, message: { type, node: bounded(o.node, 'node', 253) } };
      case 'copy':
        return { ok: true, message: { type, text: bounded(o.text, 'text', MAX_COPY) } };
      case 'open-file': {
        const line = num(o.line, 'line');
        if (!Number.isInteger(line) || line < 1) throw new ShapeError('line', 'expected a line number from 1');
        return { ok: true, message: { type, file: bounded(o.file, 'file', 4096), line } };
      }
      case 'open-link': {
        const url = bounded(o.url, 'url', 2048);
        if (!/^https?:\/\//i.test(url)) throw new ShapeError('url', 'only http and https links are opened');
        return { ok: true, message: { type, url } };
      }
      case 'open-staging':
        return { ok: true, message: { type, context: bounded(o.context, 'context', 1024) } };
      default:
        throw new ShapeError('type', `unhandled ${type}`);
    }
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, reason: e.message };
    throw e;
  }
}

function issue(v: unknown, p: string): LiveIssue {
  const o = obj(v, p);
  return defined({
    namespace: opt(o.namespace, (x) => str(x, `${p}.namespace`)),
    name: str(o.name, `${p}.name`),
    reason: str(o.reason, `${p}.reason`),
    message: opt(o.message, (x) => str(x, `${p}.message`)),
    at: opt(o.at, (x) => num(x, `${p}.at`)),
  });
}

function hopPlan(v: unknown, p: string): HopPlanView {
  const o = obj(v, p);
  return defined({
    to: str(o.to, `${p}.to`),
    releaseNotes: opt(o.releaseNotes, (x) => str(x, `${p}.releaseNotes`)),
    patch: opt(o.patch, (x) => str(x, `${p}.patch`)),
    removedApis: arr(o.removedApis, `${p}.removedApis`).map((r, i) => {
      const q = `${p}.removedApis[${i}]`;
      const a = obj(r, q);
      return defined({
        apiVersion: str(a.apiVersion, `${q}.apiVersion`),
        kind: str(a.kind, `${q}.kind`),
        replacement: opt(a.replacement, (x) => str(x, `${q}.replacement`)),
        files: arr(a.files, `${q}.files`).map((f, j) => {
          const fo = obj(f, `${q}.files[${j}]`);
          return { file: str(fo.file, `${q}.files[${j}].file`), line: num(fo.line, `${q}.files[${j}].line`), label: str(fo.label, `${q}.files[${j}].label`) };
        }),
        elsewhere: strList(a.elsewhere, `${q}.elsewhere`),
      });
    }),
    skew: strList(o.skew, `${p}.skew`),
    platformCommand: opt(o.platformCommand, (x) => str(x, `${p}.platformCommand`)),
  });
}

function drive(v: unknown): DriveView {
  const o = obj(v, 'drive');
  const kind = oneOf(o.kind, ['driving', 'watching', 'untrusted'] as const, 'drive.kind');
  return kind === 'watching' ? { kind, holder: str(o.holder, 'drive.holder') } : { kind };
}

function commands(v: unknown): Record<string, CommandView> {
  const o: Obj = obj(v, 'commands');
  return Object.fromEntries(Object.entries(o).map(([k, c]) => {
    const co = obj(c, `commands.${k}`);
    return [k, { text: str(co.text, `commands.${k}.text`), runnable: bool(co.runnable, `commands.${k}.runnable`) }];
  }));
}

function view(v: unknown): ChecklistView {
  const o = obj(v, 'view');
  const loaded = loadChecklist(o.state);
  if (!loaded.ok) throw new ShapeError('view.state', loaded.reason);
  return defined({
    context: str(o.context, 'view.context'),
    server: str(o.server, 'view.server'),
    state: loaded.state,
    drive: drive(o.drive),
    unreachable: opt(o.unreachable, (x) => str(x, 'view.unreachable')),
    plan: arr(o.plan, 'view.plan').map((h, i) => hopPlan(h, `view.plan[${i}]`)),
    planUnread: strList(o.planUnread, 'view.planUnread'),
    planChecks: opt(o.planChecks, (x) => strList(x, 'view.planChecks')),
    backup: strList(o.backup, 'view.backup'),
    staging: opt(o.staging, (x) => {
      const s = obj(x, 'view.staging');
      return defined({ context: str(s.context, 'view.staging.context'), version: opt(s.version, (y) => str(y, 'view.staging.version')), detail: str(s.detail, 'view.staging.detail') });
    }),
    commands: commands(o.commands),
    notReadyPods: arr(o.notReadyPods, 'view.notReadyPods').map((x, i) => issue(x, `view.notReadyPods[${i}]`)),
    warningEvents: arr(o.warningEvents, 'view.warningEvents').map((x, i) => issue(x, `view.warningEvents[${i}]`)),
    rollback: strList(o.rollback, 'view.rollback'),
    reminders: strList(o.reminders, 'view.reminders'),
    notes: strList(o.notes, 'view.notes'),
    kubectl: opt(o.kubectl, (x) => str(x, 'view.kubectl')),
  });
}

/** A message from the host, checked before it is drawn (the webview never renders what it could not read). */
export function parseToWebview(v: unknown): { readonly ok: true; readonly message: ToWebview } | { readonly ok: false; readonly reason: string } {
  try {
    const o = obj(v, 'message');
    const type = oneOf(o.type, ['view', 'refused'] as const, 'type');
    if (type === 'refused') return { ok: true, message: { type, message: str(o.message, 'message') } };
    return { ok: true, message: { type, view: view(o.view) } };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** The webview's own saved state (`getState`/`setState`): which steps' evidence is expanded, and the scroll position. */
export interface WebviewSavedState {
  readonly context: string;
  /** The cluster's server URL, so a panel restored after a restart finds its checklist by server and context. */
  readonly server?: string;
  readonly expanded: readonly string[];
  readonly scrollY: number;
}

export function parseSavedState(v: unknown): WebviewSavedState | undefined {
  try {
    const o = obj(v, 'state');
    return defined({
      context: str(o.context, 'context'),
      server: opt(o.server, (x) => str(x, 'server')),
      expanded: strList(o.expanded, 'expanded').slice(0, 1000),
      scrollY: num(o.scrollY, 'scrollY'),
    });
  } catch {
    return undefined;
  }
}
