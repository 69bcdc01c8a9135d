// What each kind of step does. The extension does what it can itself (drain, uncordon, the checks);
// what only the distribution can do (the control plane's and the nodes' packages) runs the operator's
// configured command in a terminal, or waits while the operator does it by hand, and is then verified
// from the cluster.
import * as path from 'node:path';
import type { ClusterModels } from '../../cluster/clusterModels';
import type { KubeconfigModel } from '../../cluster/kubeconfigModel';
import { readPodsOnNode, readWorkloadSnapshot } from '../../cluster/workloads';
import { expandCommand } from '../../core/checklist/commandTemplate';
import { kubectlSkewVerdict } from '../../core/checklist/kubectlSkew';
import { verifyNodeAfter, type PodOnNode } from '../../core/checklist/verifyNodeAfter';
import { compareWorkloads, type WorkloadSnapshot } from '../../core/checklist/workloads';
import { nodePatchVerdict, nodeUpgradeVerdict } from '../../core/checklist/verifyNode';
import type { Evidence, NodeRow } from '../../core/checklist/types';
import { builtinReleaseData, releasedVersions } from '../../core/releases/releaseData';
import { formatMinor, parseMinorVersion } from '../../core/versions/kubeVersion';
import type { UpgradePlan } from '../../core/upgrade/planTypes';
import { parseDeprecatedApiMetrics } from '../../core/upgrade/metricsText';
import type { ClusterSession } from '../../cluster/types';
import { drainDefaults, isProtected, type NodeActions } from '../nodes/nodeActions';
import type { ChecklistUi } from './checklistController';
import type { ChecklistStore } from './checklistStore';
import { runCommand } from './commandRunner';
import { readChecklistSettings, type ChecklistSettings } from './checklistSettings';
import { failed, ok, type PreparedStep, type StepEnv, type StepResult, type StepRunners } from './steps';
import { nodeInput } from '../../core/checklist/nodeOrder';
import { waitForControlPlane, waitForNode } from './waits';

export interface RunnerDeps {
  readonly models: ClusterModels;
  readonly kubeconfig: KubeconfigModel;
  readonly nodeActions: NodeActions;
  readonly store: ChecklistStore;
  readonly ui: () => ChecklistUi;
  readonly plan: (context: string) => UpgradePlan | undefined;
  readonly now?: () => number;
}

export const WORKLOADS_BEFORE = 'workloads-before';

/** Where a node's pods before its drain are kept, for its Verify step. */
function podsBeforeKey(env: StepEnv): string {
  return `pods-before/${env.hopIndex}/${env.step.node ?? ''}`;
}

const observed = (text: string, at = Date.now()): Evidence => ({ kind: 'observed', at, text });
const note = (text: string, by?: string, at = Date.now()): Evidence => ({ kind: 'note', at, text, ...(by ? { by } : {}) });

function row(env: StepEnv): NodeRow | undefined {
  return env.hop.nodes.find((n) => n.name === env.step.node);
}

/** Each hop's patch release, fixed when the checklist is made so every command of a hop installs the same one. */
export const HOP_PATCHES = 'hop-patches';

/** The patch to install for a hop: as fixed at the start, else the plan's recommended patch, else the release data's latest. */
export function hopPatch(fixed: Readonly<Record<string, string>> | undefined, plan: UpgradePlan | undefined, to: string): string {
  return fixed?.[to] ?? plan?.hops.find((h) => h.version === to)?.patch ?? releasedVersions(builtinReleaseData()).find((r) => r.version === to)?.latestPatch ?? `${to}.0`;
}

export class ChecklistStepRunners implements StepRunners {
  constructor(private readonly deps: RunnerDeps) {}

  private settings(): ChecklistSettings {
    return readChecklistSettings();
  }

  private async kubeconfigFiles(): Promise<readonly string[]> {
    const load = await this.deps.kubeconfig.load();
    return load.state === 'ok' ? load.config.files : [];
  }

  async prepare(env: StepEnv): Promise<PreparedStep | undefined> {
    switch (env.step.kind) {
      case 'review-plan': return this.reviewPlan(env);
      case 'backup': return this.backup(env);
      case 'staging': return this.staging(env);
      case 'control-plane-upgrade': return this.controlPlaneUpgrade(env);
      case 'control-plane-wait': return this.controlPlaneWait(env);
      case 'drain': return this.drain(env);
      case 'node-upgrade': case 'node-patch': return this.nodeChange(env);
      case 'uncordon': return this.uncordon(env);
      case 'node-verify': return this.nodeVerify(env);
      case 'kubectl-skew': return this.kubectl(env);
      case 'verify-cluster': return this.verifyCluster(env);
      case 'rollback': return this.rollback(env);
    }
  }

  private async reviewPlan(env: StepEnv): Promise<PreparedStep | undefined> {
    const plan = this.deps.plan(env.contextName);
    const hop = plan?.hops.find((h) => h.version === env.hop.to);
    const blockers = hop ? hop.skew.length + hop.removedApis.length : 0;
    if (blockers > 0 && !(await this.deps.ui().confirm(`The ${env.hop.from} → ${env.hop.to} hop has ${blockers} blocker${blockers === 1 ? '' : 's'}.`, 'Removed APIs still in use or version skew that the hop would break. Mark the plan as reviewed anyway?', 'Mark Reviewed'))) return undefined;
    return { run: async () => ok(observed(hop ? `plan made ${plan?.generatedAt ?? ''}: ${hop.removedApis.length} removed API${hop.removedApis.length === 1 ? '' : 's'} in use, ${hop.skew.length} skew finding${hop.skew.length === 1 ? '' : 's'}` : 'no plan was made for this hop; reviewed by the operator')) };
  }

  private async backup(env: StepEnv): Promise<PreparedStep | undefined> {
    const check = this.deps.plan(env.contextName)?.checks.find((c) => c.id === 'backup');
    if (check?.status === 'pass') return { run: async () => ok(observed(`${check.detail}`)) };
    const text = await this.deps.ui().input(
      `${check ? `${check.detail}. ` : ''}Where is your backup, and how did you check it? (recorded in the maintenance log)`,
      'e.g. etcd snapshot 2026-12-01T08:00Z on s3://backups, restore tested on staging',
      true,
    );
    if (!text) return undefined;
    return { run: async () => ok(note(`I have a backup: ${text}`)) };
  }

  private async staging(env: StepEnv): Promise<PreparedStep | undefined> {
    const staging = this.settings().stagingContexts[env.contextName];
    if (!staging) {
      const why = await this.deps.ui().input(`No staging context is set for ${env.contextName} (kubeMaintenance.stagingContexts). How was ${env.hop.to} tested before production?`, 'e.g. tested on the dev cluster', true);
      if (!why) return undefined;
      return { run: async () => ok(note(why)) };
    }
    return {
      run: async (signal) => {
        const session = await this.deps.models.session(staging);
        const v = await session.version({ signal, timeoutMs: 15_000 });
        const minor = parseMinorVersion(v.gitVersion);
        const to = parseMinorVersion(env.hop.to);
        if (minor && to && (minor.minor > to.minor || formatMinor(minor) === env.hop.to)) return ok(observed(`staging context ${staging} runs ${v.gitVersion}`));
        return failed(`staging context ${staging} runs ${v.gitVersion}, not ${env.hop.to} yet: upgrade staging first (or skip this step with a reason)`, observed(`staging ${staging}: ${v.gitVersion}`));
      },
    };
  }

  /** Asks before a destructive step; a protected context also needs its name typed. */
  private async confirmDestructive(env: StepEnv, message: string, detail: string, action: string): Promise<boolean> {
    if (env.auto) return true;
    if (!(await this.deps.ui().confirm(message, detail, action))) return false;
    if (isProtected(env.contextName)) return this.deps.ui().typeToConfirm(`${env.contextName} is a protected context. Type its name to go on.`, env.contextName);
    return true;
  }

  private commandRun(env: StepEnv, template: string, values: { node?: string; kubeconfig: readonly string[] }): PreparedStep | string {
    const plan = this.deps.plan(env.contextName);
    const files = values.kubeconfig;
    const expanded = expandCommand(template, { version: env.hop.to, patch: hopPatch(this.deps.store.getExtra(env.state.key, HOP_PATCHES), plan, env.hop.to), context: env.contextName, ...(values.node ? { node: values.node } : {}), ...(files.length ? { kubeconfig: files.join(path.delimiter) } : {}) }, process.platform === 'win32' ? 'win32' : 'posix');
    if (!expanded.ok) return expanded.reason;
    const command = expanded.command;
    return {
      command,
      run: async (signal, progress) => {
        const r = await runCommand({ command, cwd: this.cwd(), kubeconfig: files, title: `${env.contextName}: ${env.step.title}${env.step.node ? ` (${env.step.node})` : ''}`, signal });
        const evidence: Evidence = { kind: 'output', at: Date.now(), command, text: r.output, ...(r.exitCode !== null ? { exitCode: r.exitCode } : {}) };
        if (signal.aborted) return failed('cancelled', evidence);
        progress(observed(`command ended with exit status ${r.exitCode ?? r.signal ?? 'unknown'} after ${Math.round(r.durationMs / 1000)} s`));
        return r.exitCode === 0 ? ok(evidence) : failed(r.exitCode === null ? `the command could not run${r.signal ? ` (${r.signal})` : ''}` : `the command failed with exit status ${r.exitCode}`, evidence);
      },
    };
  }

  private cwd(): string {
    return this.settings().workingDirectory;
  }

  private async controlPlaneUpgrade(env: StepEnv): Promise<PreparedStep | undefined> {
    const template = this.settings().controlPlaneCommand;
    if (template) {
      const prepared = this.commandRun(env, template, { kubeconfig: await this.kubeconfigFiles() });
      if (typeof prepared === 'string') throw new Error(`kubeMaintenance.upgrade.controlPlaneCommand: ${prepared}`);
      const go = await this.confirmDestructive(env, `Upgrade the control plane of ${env.contextName} to ${env.hop.to}?`, `This runs in a terminal:\n${prepared.command}`, 'Run');
      return go ? prepared : undefined;
    }
    const platformCommand = this.deps.plan(env.contextName)?.hops.find((h) => h.version === env.hop.to)?.upgradeCommand;
    const go = await this.confirmDestructive(env, `Upgrade the control plane of ${env.contextName} to ${env.hop.to} yourself?`, `${platformCommand ? `The platform's command:\n${platformCommand}\n\n` : ''}This step waits until the API server reports ${env.hop.to} (kubeMaintenance.upgrade.controlPlaneCommand can run it from here).`, 'Wait for It');
    if (!go) return undefined;
    return { run: (signal, progress) => this.waitControlPlane(env, signal, progress) };
  }

  private async waitControlPlane(env: StepEnv, signal: AbortSignal, progress: (e: Evidence) => void): Promise<StepResult> {
    const ref = this.deps.models.acquire(env.contextName);
    try {
      const session = await this.deps.models.session(env.contextName);
      const r = await waitForControlPlane(ref.model, session, env.hop.to, {
        timeoutMs: this.settings().waitTimeoutMinutes * 60_000,
        signal,
        onProgress: (v) => progress(observed(v.done ? v.observed : `waiting for: ${v.stillOld.slice(0, 4).join(', ')}${v.stillOld.length > 4 ? ', …' : ''}`)),
      });
      return r.ok ? ok(observed(r.observed)) : failed(r.reason);
    } finally {
      ref.dispose();
    }
  }

  private async controlPlaneWait(env: StepEnv): Promise<PreparedStep> {
    return { run: (signal, progress) => this.waitControlPlane(env, signal, progress) };
  }

  private async drain(env: StepEnv): Promise<PreparedStep | undefined> {
    const node = env.step.node as string;
    const ref = { contextName: env.contextName, nodeName: node };
    const plan = env.auto ? { options: drainDefaults(), reason: `${env.state.mode === 'upgrade' ? `upgrade to ${env.hop.to}` : 'node maintenance'} (checklist)` } : await this.deps.nodeActions.prepareDrain(ref, 'It is cordoned first; its pods are then evicted and their controllers create them elsewhere. Cancelling leaves it cordoned; the checklist step fails and can be run again.');
    if (!plan) return undefined;
    return {
      run: async (signal, progress) => {
        if (env.auto) {
          const preview = await this.deps.nodeActions.preview(ref, plan.options, AbortSignal.any([signal, AbortSignal.timeout(60_000)]));
          if (!preview.canFinish) {
            const why = [
              ...preview.pods.filter((p) => p.action === 'block').map((p) => `${p.ref}: ${p.why}`),
              ...preview.pdbs.filter((b) => b.effect === 'blocks').map((b) => `PDB ${b.ref}: ${b.why}`),
            ];
            return failed(`the drain would not finish with the drain settings: ${why.slice(0, 4).join('; ') || 'see the preview'}. Run this step by hand to see the preview and its options.`);
          }
        }
        try {
          const session = await this.deps.models.session(env.contextName);
          await this.deps.store.setExtra(env.state.key, podsBeforeKey(env), await readPodsOnNode(session, node, AbortSignal.any([signal, AbortSignal.timeout(30_000)])));
        } catch {
          // Without them the Verify step skips the DaemonSet comparison; the drain itself does not depend on them.
        }
        let last = 0;
        const r = await this.deps.nodeActions.runDrain(ref, plan, signal, (text) => {
          if (Date.now() - last < 2000) return;
          last = Date.now();
          progress(observed(text));
        });
        const evidence: Evidence = { kind: 'drain', at: Date.now(), result: r };
        if (r.outcome === 'drained') return ok(evidence);
        return failed(r.outcome === 'cancelled' ? 'cancelled: the node stays cordoned' : `not drained: ${r.error ?? 'see the log'}`, evidence);
      },
    };
  }

  private async nodeChange(env: StepEnv): Promise<PreparedStep | undefined> {
    const node = env.step.node as string;
    const upgrade = env.step.kind === 'node-upgrade';
    const template = upgrade ? this.settings().nodeCommand : this.settings().patchCommand;
    const setting = upgrade ? 'kubeMaintenance.upgrade.nodeCommand' : 'kubeMaintenance.upgrade.patchCommand';
    const verify = (signal: AbortSignal, progress: (e: Evidence) => void): Promise<StepResult> => this.waitNode(env, signal, progress);
    if (template) {
      const prepared = this.commandRun(env, template, { node, kubeconfig: await this.kubeconfigFiles() });
      if (typeof prepared === 'string') throw new Error(`${setting}: ${prepared}`);
      if (!(await this.confirmDestructive(env, `${upgrade ? `Upgrade ${node} to ${env.hop.to}` : `Patch ${node}`}?`, `This runs in a terminal:\n${prepared.command}\nThen the step waits for the node to come back${upgrade ? ` on ${env.hop.to}` : ' with a new OS image or kernel'} and Ready.`, 'Run'))) return undefined;
      return {
        command: prepared.command,
        run: async (signal, progress) => {
          const r = await prepared.run(signal, progress);
          if (!r.ok) return r;
          const v = await verify(signal, progress);
          return v.ok ? ok(...r.evidence, ...v.evidence) : failed(v.reason, ...r.evidence, ...v.evidence);
        },
      };
    }
    if (env.auto && !upgrade) throw new Error(`patching ${node} needs ${setting} to run unattended; do this node by hand with its Start button`);
    if (!(await this.confirmDestructive(env, `${upgrade ? `Upgrade ${node} to ${env.hop.to}` : `Patch ${node}`} yourself?`, `The node is drained. ${upgrade ? `Install kubelet ${env.hop.to} on it and restart the kubelet` : 'Patch and reboot it'}; this step waits until it is back${upgrade ? ` on ${env.hop.to}` : ' with a new OS image or kernel'} and Ready (${setting} can run it from here).`, 'Wait for It'))) return undefined;
    return { run: verify };
  }

  private async waitNode(env: StepEnv, signal: AbortSignal, progress: (e: Evidence) => void): Promise<StepResult> {
    const node = env.step.node as string;
    const before = row(env);
    const ref = this.deps.models.acquire(env.contextName);
    try {
      const r = await waitForNode(ref.model, node, (live) => (env.step.kind === 'node-patch' && before ? nodePatchVerdict(before, live) : nodeUpgradeVerdict(live, env.hop.to)), {
        timeoutMs: this.settings().waitTimeoutMinutes * 60_000,
        signal,
        onProgress: (text: string) => progress(observed(text)),
      });
      if (r.ok) return ok(observed(r.observed));
      if (env.step.kind === 'node-patch' && !signal.aborted && (await this.deps.ui().confirm(`${node}: ${r.reason}`, 'Mark the patch as done anyway (for a patch that changes neither the OS image nor the kernel)?', 'Mark Done'))) return ok(note(`patch confirmed by hand: ${r.reason}`));
      return failed(r.reason);
    } finally {
      ref.dispose();
    }
  }

  private async uncordon(env: StepEnv): Promise<PreparedStep> {
    const node = env.step.node as string;
    const r = row(env);
    return {
      run: async (signal) => {
        if (r?.wasCordoned) return ok(observed(`left cordoned: ${node} was cordoned before the maintenance started`));
        await this.deps.nodeActions.uncordonQuietly({ contextName: env.contextName, nodeName: node }, signal);
        return ok(observed(`${node} is schedulable again`));
      },
    };
  }

  private async nodeVerify(env: StepEnv): Promise<PreparedStep> {
    const node = env.step.node as string;
    const r = row(env);
    const before = this.deps.store.getExtra<PodOnNode[]>(env.state.key, podsBeforeKey(env));
    return {
      run: async (signal, progress) => {
        if (!r) return failed(`${node} is not a row of this hop`);
        const session = await this.deps.models.session(env.contextName);
        const until = Date.now() + Math.min(this.settings().waitTimeoutMinutes * 60_000, 5 * 60_000);
        let lastReason = '';
        for (;;) {
          const info = this.deps.models.get(env.contextName).current;
          const live = info.phase === 'ready' ? info.snapshot.nodes.find((n) => n.name === node) : undefined;
          const pods = await readPodsOnNode(session, node, AbortSignal.any([signal, AbortSignal.timeout(30_000)]));
          const v = verifyNodeAfter(r, before, live ? nodeInput(live) : undefined, pods);
          const versionOk = env.state.mode !== 'upgrade' || !live || formatMinor(parseMinorVersion(live.kubeletVersion) ?? { major: 0, minor: 0 }) === env.hop.to;
          if (v.ok && versionOk) return ok(observed(`${v.observed}${before ? '' : ' (its pods before the drain were not recorded: DaemonSet pods not compared)'}`));
          const reason = v.ok ? `kubelet is ${live?.kubeletVersion ?? 'unknown'}, not ${env.hop.to}` : v.reason;
          if (reason !== lastReason) progress(observed(`waiting: ${reason}`));
          lastReason = reason;
          if (Date.now() > until) return failed(reason);
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 3000);
            signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
          });
          if (signal.aborted) return failed('cancelled');
        }
      },
    };
  }

  private async kubectl(env: StepEnv): Promise<PreparedStep> {
    return {
      run: async () => {
        const state = this.deps.models.get(env.contextName).current;
        const version = state.phase === 'ready' ? state.snapshot.kubectlVersion : undefined;
        const v = kubectlSkewVerdict(version, env.hop.to);
        return v.ok ? ok(observed(v.observed)) : failed(v.reason);
      },
    };
  }

  private async verifyCluster(env: StepEnv): Promise<PreparedStep> {
    return {
      run: async (signal) => {
        const session = await this.deps.models.session(env.contextName);
        const state = this.deps.models.get(env.contextName).current;
        if (state.phase !== 'ready') return failed('the cluster is not connected');
        const problems: string[] = [];
        for (const n of state.snapshot.nodes) {
          if (n.ready !== 'True') problems.push(`${n.name} is not Ready`);
          if (env.state.mode === 'upgrade' && formatMinor(parseMinorVersion(n.kubeletVersion) ?? { major: 0, minor: 0 }) !== env.hop.to) problems.push(`${n.name}'s kubelet is ${n.kubeletVersion}`);
        }
        for (const v of state.verdicts) if (v.severity === 'error') problems.push(v.message);
        const before = this.deps.store.getExtra<WorkloadSnapshot>(env.state.key, WORKLOADS_BEFORE);
        const after = await readWorkloadSnapshot(session, signal);
        const evidence: Evidence[] = [];
        if (before) {
          const cmp = compareWorkloads(before, after);
          problems.push(...cmp.regressions);
          evidence.push(observed(cmp.ok ? `workloads as available as at ${new Date(before.at).toISOString()}${cmp.improved.length ? `; better: ${cmp.improved.join(', ')}` : ''}` : `workloads less available than before: ${cmp.regressions.join('; ')}`));
        } else evidence.push(observed('no workload snapshot from the start of the checklist to compare with'));
        evidence.push(observed(await this.deprecatedApiMetric(session, env.hop.to, signal, problems)));
        return problems.length === 0 ? ok(observed(`${state.snapshot.nodes.length} nodes Ready${env.state.mode === 'upgrade' ? ` on ${env.hop.to}` : ''}, no skew error`), ...evidence) : failed(problems.slice(0, 8).join('; ') + (problems.length > 8 ? `; and ${problems.length - 8} more` : ''), ...evidence);
      },
    };
  }

  /**
   * apiserver_requested_deprecated_apis since the API servers restarted on the new version: a client
   * still asking for an API removed in this or the next minor fails the verification.
   */
  private async deprecatedApiMetric(session: ClusterSession, to: string, signal: AbortSignal, problems: string[]): Promise<string> {
    if (!session.getText) return 'deprecated-API metric: this session cannot read /metrics';
    let text: string;
    try {
      text = await session.getText('/metrics', { signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
    } catch (e) {
      return `deprecated-API metric not read: ${e instanceof Error ? e.message : String(e)}`;
    }
    const next = parseMinorVersion(to);
    const soon = parseDeprecatedApiMetrics(text).filter((m) => {
      const removed = parseMinorVersion(m.removedRelease);
      return m.value > 0 && removed !== undefined && next !== undefined && removed.major === next.major && removed.minor <= next.minor + 1;
    });
    const names = [...new Set(soon.map((m) => `${m.group ? `${m.group}/` : ''}${m.version} ${m.resource} (removed in ${m.removedRelease})`))];
    if (names.length === 0) return 'deprecated-API metric clean: no client asked for an API removed in this or the next minor since the API servers started';
    problems.push(`clients still request deprecated APIs: ${names.slice(0, 5).join(', ')}`);
    return `deprecated-API metric: ${names.join(', ')}`;
  }

  private async rollback(env: StepEnv): Promise<PreparedStep | undefined> {
    const text = await this.deps.ui().input(`What did you roll back on ${env.contextName}, and how? (recorded in the maintenance log)`, 'e.g. reinstalled kubelet 1.33 on worker-1, uncordoned', true);
    if (!text) return undefined;
    return { run: async () => ok(note(text)) };
  }
}
