// The checklist controller with its VS Code and cluster edges replaced: what the operator sees when
// they click, what is persisted and logged, the lock between windows, auto-run and unreachability.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import type { ClusterState } from '../../../src/cluster/clusterModel';
import type { ModelRef } from '../../../src/cluster/clusterModels';
import { lockStorageKey, type LockOwner } from '../../../src/core/checklist/lock';
import { loadChecklist, checklistStorageKey } from '../../../src/core/checklist/persist';
import type { ToWebview } from '../../../src/core/checklist/protocol';
import type { ChecklistState, Step } from '../../../src/core/checklist/types';
import { ChecklistController, type ChecklistUi, type ControllerDeps } from '../../../src/features/checklist/checklistController';
import { ChecklistStore } from '../../../src/features/checklist/checklistStore';
import { failed, ok, type PreparedStep, type StepEnv, type StepRunners } from '../../../src/features/checklist/steps';
import { KEY, node, stepOf, upgrade } from './fixtures';

class Memento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
  }
}

class FakeModel {
  private readonly listeners = new Set<(s: ClusterState) => void>();
  onDidChange(l: (s: ClusterState) => void): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
  emit(s: ClusterState): void {
    for (const l of this.listeners) l(s);
  }
  disposed = false;
}

interface Script {
  confirm?: boolean;
  input?: string | undefined;
  choose?: string;
}

interface Harness {
  c: ChecklistController;
  memento: Memento;
  lockStore: Memento;
  model: FakeModel;
  posted: ToWebview[];
  logText: () => string;
  asked: string[];
  ran: string[];
  script: Script;
  /** Makes the next run of these step ids fail (or hang until aborted: 'hang'). */
  outcomes: Map<string, 'fail' | 'hang'>;
}

const made: ChecklistController[] = [];
afterEach(() => {
  for (const c of made.splice(0)) c.dispose();
});

const ME: LockOwner = { ownerId: 'me', host: 'laptop', pid: 100 };

function harness(state: ChecklistState = upgrade(), o: { trusted?: boolean; lockStore?: Memento; me?: LockOwner; unreachablePauseMs?: number; memento?: Memento; alive?: (pid: number) => boolean; prepare?: (env: StepEnv) => Promise<void> } = {}): Harness {
  const memento = o.memento ?? new Memento();
  const lockStore = o.lockStore ?? new Memento();
  const model = new FakeModel();
  const posted: ToWebview[] = [];
  const log: string[] = [];
  const asked: string[] = [];
  const ran: string[] = [];
  const script: Script = { confirm: true, input: 'a reason' };
  const outcomes = new Map<string, 'fail' | 'hang'>();
  const ui: ChecklistUi = {
    async confirm(message) { asked.push(message); return script.confirm ?? true; },
    async input(prompt) { asked.push(prompt); return script.input; },
    async choose(message, _d, options) { asked.push(message); return (options.find((x) => x === script.choose) ?? options[0]) as typeof options[number]; },
    async typeToConfirm(prompt) { asked.push(prompt); return true; },
    info(message) { asked.push(message); },
  };
  const runners: StepRunners = {
    async prepare(env: StepEnv): Promise<PreparedStep | undefined> {
      await o.prepare?.(env);
      return {
        run: (signal) => {
          ran.push(env.step.id);
          const outcome = outcomes.get(env.step.id);
          if (outcome === 'hang') return new Promise((resolve) => signal.addEventListener('abort', () => resolve(failed('aborted', { kind: 'output', at: 1, command: 'kubeadm upgrade apply', text: 'half-way' }))));
          return Promise.resolve(outcome === 'fail' ? failed('exit status 1', { kind: 'output', at: 1, command: 'upgrade.sh', exitCode: 1, text: 'boom' }) : ok({ kind: 'observed', at: 1, text: `${env.step.kind} ok` }));
        },
      };
    },
  };
  const channel = { info: (l: string) => log.push(l), warn: (l: string) => log.push(l), error: (l: string) => log.push(l), debug: () => undefined } as unknown as vscode.LogOutputChannel;
  const ref = { model, dispose: () => { model.disposed = true; } } as unknown as ModelRef;
  let written = '';
  const deps: ControllerDeps = {
    contextName: 'prod',
    store: new ChecklistStore(memento as unknown as vscode.Memento),
    lockStore,
    me: o.me ?? ME,
    model: ref,
    runners,
    logWriter: { append: async (t) => { written += t; } },
    log: channel,
    ui: () => ui,
    who: async () => 'alice',
    trusted: () => o.trusted ?? true,
    isProtected: () => false,
    view: (s) => ({ type: 'view', view: { state: s } as never }),
    passThrough: async () => undefined,
    unreachablePauseMs: o.unreachablePauseMs ?? 20,
    storedState: () => {
      const r = loadChecklist(memento.get(checklistStorageKey(KEY)));
      return r.ok ? r.state : undefined;
    },
    reloadState: async () => {
      const r = loadChecklist(memento.get(checklistStorageKey(KEY)));
      return r.ok ? { state: r.state, notes: [] } : undefined;
    },
    ...(o.alive ? { isProcessAlive: o.alive } : {}),
  };
  const c = new ChecklistController(state, deps);
  made.push(c);
  return { c, memento, lockStore, model, posted, logText: () => written, asked, ran, script, outcomes, ...(c.attach({ post: (m) => posted.push(m) }), {}) };
}

const refusals = (h: Harness): string[] => h.posted.flatMap((m) => (m.type === 'refused' ? [m.message] : []));
const stored = (h: Harness): ChecklistState => {
  const r = loadChecklist(h.memento.get(checklistStorageKey(KEY)));
  assert.ok(r.ok, 'a checklist is stored');
  return r.state;
};
const statusOf = (s: ChecklistState, id: string): Step['status']['kind'] => stepOf(s, id).status.kind;
const until = async (p: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200 && !p(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(p(), what);
};

/** The plan review started, hanging, then cancelled by the operator. */
async function cancelledWhileRunning(): Promise<Harness> {
    const h = harness();
    await h.c.claim();
    h.outcomes.set('h0/plan/review-plan', 'hang');
    const run = h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    await until(() => statusOf(h.c.state, 'h0/plan/review-plan') === 'running', 'the step runs');
    await h.c.handle({ type: 'cancel' });
    await run;
  return h;
}

describe('checklist controller', () => {
  it('refuses a step out of order and says why, without running or logging it', async () => {
    const h = harness();
    await h.c.claim();
    await h.c.handle({ type: 'start-step', stepId: 'h0/control-plane/control-plane-upgrade' });
    assert.deepEqual(h.ran, []);
    assert.match(refusals(h).join('\n'), /comes first/);
    assert.equal(h.logText(), '');
  });

  it('runs a step: persisted after each change, logged with who did it under a window heading', async () => {
    const h = harness();
    await h.c.claim();
    await h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    assert.deepEqual(h.ran, ['h0/plan/review-plan']);
    assert.equal(statusOf(stored(h), 'h0/plan/review-plan'), 'done');
    assert.match(h.logText(), /## Maintenance window .*prod/);
    assert.match(h.logText(), /\*\*started\*\* · Review the plan.* by alice/);
    assert.match(h.logText(), /\*\*done\*\* · Review the plan.*\n\s+review-plan ok/);
  });

  it('asks before running a failed destructive step again; declining leaves it failed', async () => {
    const h = harness();
    await h.c.claim();
    for (const id of ['h0/plan/review-plan', 'h0/backup/backup', 'h0/staging/staging']) await h.c.handle({ type: 'start-step', stepId: id });
    h.outcomes.set('h0/control-plane/control-plane-upgrade', 'fail');
    await h.c.handle({ type: 'start-step', stepId: 'h0/control-plane/control-plane-upgrade' });
    assert.equal(statusOf(h.c.state, 'h0/control-plane/control-plane-upgrade'), 'failed');
    assert.match(h.logText(), /\*\*failed\*\* · Upgrade the control plane[^\n]*\n\s+command `upgrade\.sh` · exit status 1/);
    h.outcomes.delete('h0/control-plane/control-plane-upgrade');
    h.script.confirm = false;
    await h.c.handle({ type: 'start-step', stepId: 'h0/control-plane/control-plane-upgrade' });
    assert.match(h.asked.at(-1) ?? '', /again\?/);
    assert.equal(statusOf(h.c.state, 'h0/control-plane/control-plane-upgrade'), 'failed');
    assert.equal(h.ran.filter((x) => x.endsWith('control-plane-upgrade')).length, 1);
    h.script.confirm = true;
    await h.c.handle({ type: 'start-step', stepId: 'h0/control-plane/control-plane-upgrade' });
    assert.equal(statusOf(h.c.state, 'h0/control-plane/control-plane-upgrade'), 'done');
    assert.match(h.logText(), /run again after confirmation/);
  });

  it('"do all remaining" asks once, runs node after node and stops on the first failure, paused with the reason', async () => {
    const h = harness(upgrade([node('w1'), node('w2'), node('w3')]));
    await h.c.claim();
    for (const id of ['h0/plan/review-plan', 'h0/backup/backup', 'h0/staging/staging', 'h0/control-plane/control-plane-upgrade', 'h0/control-plane/control-plane-wait']) await h.c.handle({ type: 'start-step', stepId: id });
    h.outcomes.set('h0/nodes/w2/node-upgrade', 'fail');
    const asked = h.asked.length;
    await h.c.handle({ type: 'run-all-remaining' });
    await until(() => h.c.state.auto === 'manual', 'the run stopped');
    assert.equal(h.asked.length - asked, 1, 'one confirmation for the whole run');
    assert.match(h.asked[asked] ?? '', /3 nodes/);
    assert.deepEqual(h.ran.filter((x) => x.includes('/nodes/')), ['h0/nodes/w1/drain', 'h0/nodes/w1/node-upgrade', 'h0/nodes/w1/uncordon', 'h0/nodes/w1/node-verify', 'h0/nodes/w2/drain', 'h0/nodes/w2/node-upgrade']);
    assert.match(h.c.state.paused?.reason ?? '', /first failure: Upgrade kubelet to 1\.34 \(w2\): exit status 1/);
    assert.equal(statusOf(h.c.state, 'h0/nodes/w3/drain'), 'pending');
  });

  it('cancel aborts the running step: it fails as cancelled and is logged', async () => {
    const h = await cancelledWhileRunning();
    const status = stepOf(h.c.state, 'h0/plan/review-plan').status;
    assert.equal(status.kind, 'failed');
    assert.equal(status.kind === 'failed' ? status.reason : '', 'cancelled: by the operator');
    assert.match(h.logText(), /\*\*cancelled\*\*/);
  });

  it('another window holds the lock: read-only with who holds it; take over asks, then drives', async () => {
    const lockStore = new Memento();
    const other = harness(upgrade(), { lockStore, me: { ownerId: 'other', host: 'build-7', pid: 4242 } });
    await other.c.claim();
    assert.ok(other.c.isDriving);
    const h = harness(upgrade(), { lockStore });
    await h.c.claim();
    assert.equal(h.c.isDriving, false);
    await h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    assert.deepEqual(h.ran, []);
    assert.match(refusals(h).at(-1) ?? '', /read-only: Another window \(pid 4242 on build-7\)/);
    h.script.confirm = false;
    await h.c.handle({ type: 'take-over' });
    assert.equal(h.c.isDriving, false, 'declined: still read-only');
    h.script.confirm = true;
    await h.c.handle({ type: 'take-over' });
    assert.ok(h.c.isDriving);
    assert.equal((lockStore.get(lockStorageKey(KEY)) as { ownerId: string }).ownerId, 'me');
    h.c.dispose();
    other.c.dispose();
  });

  it('an untrusted workspace is read-only: nothing runs', async () => {
    const h = harness(upgrade(), { trusted: false });
    await h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    assert.deepEqual(h.ran, []);
    assert.match(refusals(h).at(-1) ?? '', /not trusted/);
  });

  it('pauses when the cluster stays unreachable and resumes when it is back', async () => {
    const h = harness(upgrade(), { unreachablePauseMs: 10 });
    await h.c.claim();
    h.model.emit({ phase: 'error', error: { kind: 'network', message: 'connect ECONNREFUSED 127.0.0.1:6443' } as never });
    await until(() => h.c.state.paused !== undefined, 'paused');
    assert.match(h.c.state.paused?.reason ?? '', /unreachable: connect ECONNREFUSED/);
    await h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    assert.deepEqual(h.ran, [], 'nothing starts while paused');
    h.model.emit({ phase: 'ready', snapshot: {} as never, verdicts: [], live: true, podsCounted: true });
    await until(() => h.c.state.paused === undefined && /\*\*resumed\*\*/.test(h.logText()), 'resumed and logged');
    assert.match(h.logText(), /\*\*paused\*\*[\s\S]*\*\*resumed\*\*/);
    h.c.dispose();
  });

  it('closing writes the reminders for nodes left cordoned and releases the lock', async () => {
    const h = harness();
    await h.c.claim();
    for (const id of ['h0/plan/review-plan', 'h0/backup/backup', 'h0/staging/staging', 'h0/control-plane/control-plane-upgrade', 'h0/control-plane/control-plane-wait', 'h0/nodes/w1/drain']) await h.c.handle({ type: 'start-step', stepId: id });
    await h.c.close();
    assert.match(h.logText(), /### Reminders[\s\S]*w1 is still cordoned/);
    assert.equal(h.lockStore.get(lockStorageKey(KEY)), undefined);
    assert.ok(h.model.disposed, 'the cluster model is given back');
  });

  it('two quick clicks on Start run the step once, and the running step stays cancellable', async () => {
    const h = harness();
    await h.c.claim();
    h.outcomes.set('h0/plan/review-plan', 'hang');
    const first = h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    const second = h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    await until(() => statusOf(h.c.state, 'h0/plan/review-plan') === 'running', 'the step runs');
    await second;
    await h.c.handle({ type: 'cancel' });
    await first;
    assert.deepEqual(h.ran, ['h0/plan/review-plan']);
    assert.equal(statusOf(h.c.state, 'h0/plan/review-plan'), 'failed');
  });

  it('a cancelled step keeps the command and output it had', async () => {
    const h = await cancelledWhileRunning();
    assert.match(JSON.stringify(stepOf(h.c.state, 'h0/plan/review-plan').evidence), /half-way/);
    assert.match(h.logText(), /\*\*cancelled\*\*[^\n]*\n\s+command `kubeadm upgrade apply`/);
  });

  it('the lock taken while a question was open: the step does not start', async () => {
    const lockStore = new Memento();
    const memento = new Memento();
    const h = harness(upgrade(), {
      lockStore,
      memento,
      prepare: async () => {
        // Meanwhile another window takes the lock over.
        lockStore.data.set(lockStorageKey(KEY), { ownerId: 'other', host: 'build-7', pid: 4242, takenAt: Date.now(), heartbeatAt: Date.now() });
        // …and this window hears it from its heartbeat.
        (h.c as unknown as { driving: boolean }).driving = false;
      },
    });
    await h.c.claim();
    await h.c.handle({ type: 'start-step', stepId: 'h0/plan/review-plan' });
    assert.deepEqual(h.ran, []);
    assert.equal(statusOf(h.c.state, 'h0/plan/review-plan'), 'pending');
  });

  it('a lock left by a window of this machine that is gone is taken without asking; a live one is not', async () => {
    const lockStore = new Memento();
    lockStore.data.set(lockStorageKey(KEY), { ownerId: 'old-window', host: ME.host, pid: 999_999, takenAt: Date.now(), heartbeatAt: Date.now() });
    const h = harness(upgrade(), { lockStore, alive: () => false });
    await h.c.claim();
    assert.ok(h.c.isDriving);
    assert.deepEqual(h.asked, []);
    const lockStore2 = new Memento();
    lockStore2.data.set(lockStorageKey(KEY), { ownerId: 'old-window', host: ME.host, pid: 4242, takenAt: Date.now(), heartbeatAt: Date.now() });
    const h2 = harness(upgrade(), { lockStore: lockStore2, alive: () => true });
    await h2.c.claim();
    assert.equal(h2.c.isDriving, false);
  });

  it('taking over drives from what the other window stored, not from the stale copy', async () => {
    const lockStore = new Memento();
    const memento = new Memento();
    const other = harness(upgrade(), { lockStore, memento, me: { ownerId: 'other', host: 'build-7', pid: 4242 } });
    await other.c.claim();
    const h = harness(upgrade(), { lockStore, memento });
    await h.c.claim();
    for (const id of ['h0/plan/review-plan', 'h0/backup/backup']) await other.c.handle({ type: 'start-step', stepId: id });
    assert.equal(statusOf(h.c.state, 'h0/backup/backup'), 'pending', 'the watcher still shows its copy');
    await h.c.handle({ type: 'take-over' });
    assert.ok(h.c.isDriving);
    assert.equal(statusOf(h.c.state, 'h0/backup/backup'), 'done');
    await h.c.handle({ type: 'start-step', stepId: 'h0/backup/backup' });
    assert.deepEqual(h.ran, [], 'a step the other window did is not run again');
  });
});

