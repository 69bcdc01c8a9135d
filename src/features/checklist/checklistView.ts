// The panel's view of a checklist: its state plus what the plan, the settings and the live cluster
// add around it. Built fresh for every post; nothing here changes anything.
import * as path from 'node:path';
import type { ClusterState } from '../../cluster/clusterModel';
import { hopPatch } from './stepRunners';
import { expandCommand } from '../../core/checklist/commandTemplate';
import type { ChecklistView, CommandView, HopPlanView, LiveIssue } from '../../core/checklist/protocol';
import { nodeInput } from '../../core/checklist/nodeOrder';
import { currentHopIndex, nextAction } from '../../core/checklist/query';
import { rollbackAdvice } from '../../core/checklist/rollback';
import { checklistReminders, reminderText } from '../../core/checklist/reminders';
import type { ChecklistState } from '../../core/checklist/types';
import type { ApiSource, UpgradePlan } from '../../core/upgrade/planTypes';
import type { ChecklistSettings } from './checklistSettings';

export interface ViewInputs {
  readonly contextName: string;
  readonly state: ChecklistState;
  readonly plan: UpgradePlan | undefined;
  readonly cluster: ClusterState;
  readonly settings: ChecklistSettings;
  readonly drive: ChecklistView['drive'];
  readonly unreachable: string | undefined;
  readonly notes: readonly string[];
  readonly live: { readonly notReadyPods: readonly LiveIssue[]; readonly warningEvents: readonly LiveIssue[] };
  readonly stagingVersion?: string;
  /** Each hop's patch release as fixed when the checklist was made. */
  readonly patches?: Readonly<Record<string, string>>;
  /** The kubeconfig files the extension uses, as the commands get them. */
  readonly kubeconfigFiles: readonly string[];
  /** Turns a workspace path into the label shown (relative to the workspace). */
  readonly relative: (file: string) => string;
}

function elsewhere(s: ApiSource): string | undefined {
  switch (s.type) {
    case 'workspace': return undefined;
    case 'helm': return `Helm release ${s.namespace}/${s.release} (revision ${s.revision})`;
    case 'metric': return `the API server served ${s.count} request${s.count === 1 ? '' : 's'} for ${s.resource} since it started`;
    case 'lastApplied': return `last-applied annotation of ${s.namespace ? `${s.namespace}/` : ''}${s.name} (low confidence)`;
  }
}

function hopPlans(state: ChecklistState, plan: UpgradePlan | undefined, relative: (f: string) => string): HopPlanView[] {
  if (state.mode !== 'upgrade') return [];
  return state.hops.map((h) => {
    const p = plan?.hops.find((x) => x.version === h.to);
    if (!p) return { to: h.to, removedApis: [], skew: [] };
    return {
      to: h.to,
      ...(p.releaseNotes ? { releaseNotes: p.releaseNotes } : {}),
      ...(p.patch ? { patch: p.patch } : {}),
      removedApis: p.removedApis.map((r) => ({
        apiVersion: r.apiVersion,
        kind: r.kind,
        ...(r.replacement ? { replacement: r.replacement } : {}),
        files: r.sources.flatMap((s) => (s.type === 'workspace' ? [{ file: s.file, line: s.line, label: `${relative(s.file)}:${s.line}` }] : [])),
        elsewhere: r.sources.map(elsewhere).filter((x): x is string => x !== undefined),
      })),
      skew: p.skew.map((s) => `${s.subject} (${s.component} ${s.version}): ${s.reason}`),
      ...(p.upgradeCommand ? { platformCommand: p.upgradeCommand } : {}),
    };
  });
}

function commandsFor(i: ViewInputs): Record<string, CommandView> {
  const hop = i.state.hops[Math.min(currentHopIndex(i.state), i.state.hops.length - 1)];
  if (!hop) return {};
  const platform = process.platform === 'win32' ? 'win32' : 'posix';
  const patch = hopPatch(i.patches, i.plan, hop.to);
  const next = nextAction(i.state);
  const node = next.kind !== 'complete' && next.kind !== 'paused' ? next.step.node : undefined;
  const out: Record<string, CommandView> = {};
  const put = (kind: string, template: string, withNode: boolean): void => {
    if (!template) return;
    const r = expandCommand(template, { version: hop.to, patch, context: i.contextName, ...(withNode ? { node: node ?? '<node>' } : {}), ...(i.kubeconfigFiles.length ? { kubeconfig: i.kubeconfigFiles.join(path.delimiter) } : {}) }, platform);
    out[kind] = { text: r.ok ? r.command : `${template}  (${r.reason})`, runnable: r.ok };
  };
  put('control-plane-upgrade', i.settings.controlPlaneCommand, false);
  put('node-upgrade', i.settings.nodeCommand, true);
  put('node-patch', i.settings.patchCommand, true);
  const platformCommand = i.plan?.hops.find((h) => h.version === hop.to)?.upgradeCommand;
  if (!out['control-plane-upgrade'] && platformCommand && i.state.mode === 'upgrade') out['control-plane-upgrade'] = { text: platformCommand, runnable: false };
  return out;
}

export function buildChecklistView(i: ViewInputs): ChecklistView {
  const snapshot = i.cluster.phase === 'ready' ? i.cluster.snapshot : undefined;
  const backup = i.plan?.checks.find((c) => c.id === 'backup');
  const stagingContext = i.settings.stagingContexts[i.contextName];
  const hopTo = i.state.hops[Math.min(currentHopIndex(i.state), i.state.hops.length - 1)]?.to;
  const stagingCheck = i.plan?.checks.find((c) => c.id === `staging-${hopTo}`);
  const anyFailed = i.state.hops.some((h) => h.steps.some((s) => s.status.kind === 'failed' || s.status.kind === 'interrupted'));
  const running = i.state.hops.some((h) => h.steps.some((s) => s.status.kind === 'running'));
  return {
    context: i.contextName,
    server: i.state.key.server,
    state: i.state,
    drive: i.drive,
    ...(i.unreachable ? { unreachable: i.unreachable } : {}),
    plan: hopPlans(i.state, i.plan, i.relative),
    planUnread: i.plan ? [...i.plan.unread] : i.state.mode === 'upgrade' ? ['no upgrade plan was made in this window yet'] : [],
    planChecks: (i.plan?.checks ?? []).filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.status === 'fail' ? 'Fails' : 'Warns'}: ${c.title}: ${c.detail}`),
    backup: backup ? [`${backup.status === 'pass' ? 'Found' : 'Not confirmed'}: ${backup.detail}`, ...(backup.evidence ?? [])] : [],
    ...(stagingContext ? { staging: { context: stagingContext, ...(i.stagingVersion ? { version: i.stagingVersion } : {}), detail: stagingCheck?.detail ?? 'not checked yet' } } : {}),
    commands: commandsFor(i),
    notReadyPods: running ? [...i.live.notReadyPods] : [],
    warningEvents: running ? [...i.live.warningEvents] : [],
    rollback: anyFailed ? rollbackAdvice(i.state, i.plan?.platform) : [],
    reminders: checklistReminders(i.state, snapshot?.nodes.map(nodeInput))
      .filter((r) => r.kind !== 'mid-upgrade' || !running)
      .map((r) => reminderText(r, i.state.mode)),
    notes: [...i.notes],
    ...(snapshot?.kubectlVersion ? { kubectl: snapshot.kubectlVersion } : {}),
  };
}
