// The maintenance log, compared exactly: each entry line by line, the entries an event produces, the
// window heading and the reminders, and what a log section appends to the file and when.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { ChecklistEvent } from '../../../src/core/checklist/events';
import {
  formatLogEntry, formatReminders, formatWindowHeading, LOG_FILE_TITLE, logEntriesFor, logEntriesForReload, MaintenanceLogSection, windowPurpose,
  type LogEntry, type LogWriter, type MaintenanceWindow,
} from '../../../src/core/checklist/maintenanceLog';
import { transition } from '../../../src/core/checklist/reducer';
import type { ChecklistState } from '../../../src/core/checklist/types';
import { apply, node, rolling, throughControlPlane, upgrade } from './fixtures';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const TIME = '2026-12-01 09:00:00 UTC';
const ctx = { who: 'alice', context: 'prod' };
const base = { at: T0, who: 'alice', context: 'prod' };

class MemoryWriter implements LogWriter {
  readonly writes: string[] = [];
  append(text: string): Promise<void> {
    this.writes.push(text);
    return Promise.resolve();
  }
}

/** The entries for an event that the reducer must accept. */
function entriesFor(before: ChecklistState, e: ChecklistEvent): LogEntry[] {
  const t = transition(before, e);
  assert.equal(t.rejected, undefined, `${e.type} was rejected`);
  return logEntriesFor(before, e, t.state, ctx);
}

const HOP = { hop: '1.33 → 1.34' };
const DRAIN_W1 = { ...HOP, step: 'Drain', node: 'w1' };
const running = (id = 'h0/nodes/w1/drain'): ChecklistState => apply(throughControlPlane(upgrade()), { type: 'start-step', stepId: id, at: T0 - 1 });

describe('maintenance log: window heading and purpose', () => {
  it('names the purpose of an upgrade, a rolling maintenance and a checklist without hops', () => {
    assert.equal(windowPurpose(upgrade(undefined, '1.35')), 'upgrade 1.33 → 1.35');
    assert.equal(windowPurpose(upgrade()), 'upgrade 1.33 → 1.34');
    assert.equal(windowPurpose(rolling()), 'rolling node maintenance on 1.33');
    assert.equal(windowPurpose({ ...upgrade(), hops: [] }), 'rolling node maintenance on ?');
    assert.equal(windowPurpose({ ...rolling(), hops: [] }), 'rolling node maintenance on ?');
  });

  it('writes the window heading exactly, escaping what came from the kubeconfig', () => {
    assert.equal(LOG_FILE_TITLE, '# Maintenance log\n');
    const w: MaintenanceWindow = { startedAt: T0 + 65_000, who: 'bob_smith <ops>', context: 'prod#1', server: 'https://a`b:6443', purpose: 'upgrade 1.33 → 1.34' };
    assert.equal(formatWindowHeading(w),
      '## Maintenance window 2026-12-01 09:01:05 UTC: prod\\#1\n'
      + '\n'
      + '- Cluster: ``https://a`b:6443``, context `prod#1`\n'
      + '- By: bob\\_smith \\<ops\\>\n'
      + '- Purpose: upgrade 1.33 → 1.34\n'
      + '\n');
  });
});

describe('maintenance log: one entry', () => {
  it('writes an entry without step, node or hop as just time, outcome, context and who', () => {
    assert.equal(formatLogEntry({ ...base, outcome: 'resumed' }), `- ${TIME} · **resumed** · context \`prod\` · by alice\n`);
  });

  it('writes step, node and hop in that order, and escapes the step, hop and who', () => {
    assert.equal(formatLogEntry({ ...base, who: 'a*b', outcome: 'started', hop: '1.33 → 1.34 [x]', step: 'Drain <all>', node: 'w`1' }),
      `- ${TIME} · **started** · Drain \\<all\\> · node \`\`w\`1\`\` · hop 1.33 → 1.34 \\[x\\] · context \`prod\` · by a\\*b\n`);
  });

  it('writes a command line with whichever of command and exit status it has', () => {
    assert.equal(formatLogEntry({ ...base, outcome: 'done', command: 'kubectl drain w1' }), `- ${TIME} · **done** · context \`prod\` · by alice\n  command \`kubectl drain w1\`\n`);
    assert.equal(formatLogEntry({ ...base, outcome: 'done', exitCode: 0 }), `- ${TIME} · **done** · context \`prod\` · by alice\n  command · exit status 0\n`);
    assert.equal(formatLogEntry({ ...base, outcome: 'failed', command: '', exitCode: 3 }), `- ${TIME} · **failed** · context \`prod\` · by alice\n  command \`\` · exit status 3\n`);
  });

  it('writes the detail escaped on its own line, and nothing for an empty one', () => {
    assert.equal(formatLogEntry({ ...base, outcome: 'paused', detail: 'see #42\nthen _retry_' }), `- ${TIME} · **paused** · context \`prod\` · by alice\n  see \\#42 then \\_retry\\_\n`);
    assert.equal(formatLogEntry({ ...base, outcome: 'paused', detail: '' }), `- ${TIME} · **paused** · context \`prod\` · by alice\n`);
  });

  it('puts output after a blank line in a code block indented into the entry, and leaves out blank output', () => {
    assert.equal(formatLogEntry({ ...base, outcome: 'failed', command: 'up', exitCode: 1, detail: 'boom', output: 'E: one\n\nE: two\n' }), [
      `- ${TIME} · **failed** · context \`prod\` · by alice`,
      '  command `up` · exit status 1',
      '  boom',
      '',
      '  ```text',
      '  E: one',
      '',
      '  E: two',
      '  ```',
      '',
    ].join('\n'));
    assert.equal(formatLogEntry({ ...base, outcome: 'done', output: ' \n\t\n' }), `- ${TIME} · **done** · context \`prod\` · by alice\n`);
  });

  it('keeps the last 200 lines of output', () => {
    const output = Array.from({ length: 201 }, (_, i) => `l${i + 1}`).join('\n');
    const lines = formatLogEntry({ ...base, outcome: 'done', output }).split('\n');
    assert.deepEqual(lines.slice(2, 5), ['  ```text', '  … 1 earlier lines left out', '  l2']);
    assert.deepEqual(lines.slice(-3), ['  l201', '  ```', '']);
    const exact = formatLogEntry({ ...base, outcome: 'done', output: output.split('\n').slice(0, 200).join('\n') }).split('\n');
    assert.deepEqual(exact.slice(2, 4), ['  ```text', '  l1']);
  });
});

describe('maintenance log: reminders', () => {
  it('writes nothing without reminders, and a section of escaped items with them', () => {
    assert.equal(formatReminders([]), '');
    assert.equal(formatReminders([{ kind: 'cordoned', node: 'w_1' }, { kind: 'interrupted', step: 'Drain' }]),
      '\n### Reminders\n\n- w\\_1 is still cordoned: uncordon it when it is ready for workloads.\n- "Drain" did not finish in this window: check it before running it again.\n\n');
  });

  it('words an unfinished run by the mode', () => {
    const r = [{ kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.35', next: 'Drain (w1)' }] as const;
    assert.equal(formatReminders(r), '\n### Reminders\n\n- The upgrade stopped in the 1.33 → 1.34 hop \\(target 1.35\\); next: Drain \\(w1\\).\n\n');
    assert.equal(formatReminders(r, 'rolling'), '\n### Reminders\n\n- The rolling maintenance is not finished; next: Drain \\(w1\\).\n\n');
  });
});

describe('maintenance log: entries for each event', () => {
  it('logs a started step with its hop, title and node, and a confirmed re-run', () => {
    const s = throughControlPlane(upgrade());
    assert.deepEqual(entriesFor(s, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: T0 }), [{ ...base, outcome: 'started', ...DRAIN_W1 }]);
    const failed = apply(running(), { type: 'step-failed', stepId: 'h0/nodes/w1/drain', at: T0 - 1, reason: 'x' });
    assert.deepEqual(entriesFor(failed, { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: T0, confirmRerun: true }),
      [{ ...base, outcome: 'started', ...DRAIN_W1, detail: 'run again after confirmation' }]);
    const plan = upgrade();
    assert.deepEqual(entriesFor(plan, { type: 'start-step', stepId: 'h0/plan/review-plan', at: T0 }),
      [{ ...base, outcome: 'started', ...HOP, step: 'Review the plan for 1.33 → 1.34: release notes, removed APIs, skew blockers' }], 'a step without a node has no node field');
  });

  it('logs no hop in a rolling maintenance', () => {
    const s = rolling();
    const id = s.hops[0]?.steps.find((x) => x.node === 'w1' && x.kind === 'drain')?.id ?? '';
    assert.deepEqual(entriesFor(s, { type: 'start-step', stepId: id, at: T0 }), [{ ...base, outcome: 'started', step: 'Drain', node: 'w1' }]);
  });

  it('logs nothing for an unknown step or for progress', () => {
    const s = running();
    for (const e of [
      { type: 'start-step', stepId: 'nope', at: T0 },
      { type: 'step-succeeded', stepId: 'nope', at: T0 },
      { type: 'step-failed', stepId: 'nope', at: T0, reason: 'x' },
      { type: 'skip-step', stepId: 'nope', at: T0, reason: 'x' },
      { type: 'resolve-interrupted', stepId: 'nope', at: T0, outcome: 'done', note: 'x' },
    ] as const) assert.deepEqual(logEntriesFor(s, e, s, ctx), [], e.type);
    assert.deepEqual(entriesFor(s, { type: 'step-progress', stepId: 'h0/nodes/w1/drain', at: T0, evidence: { kind: 'output', at: T0, text: 'cordoned' } }), []);
  });

  it('logs a success with no detail when there is no evidence', () => {
    assert.deepEqual(entriesFor(running(), { type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: T0 }), [{ ...base, outcome: 'done', ...DRAIN_W1 }]);
    assert.deepEqual(entriesFor(running(), { type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: T0, evidence: [] }), [{ ...base, outcome: 'done', ...DRAIN_W1 }]);
  });

  it('gathers the evidence of a success: the last command and exit status, all output, every drain and observation', () => {
    const e = entriesFor(running(), {
      type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: T0, evidence: [
        { kind: 'output', at: T0, command: 'first', exitCode: 1, text: 'one' },
        { kind: 'drain', at: T0, result: { node: 'w1', outcome: 'failed', removed: ['a/x'], remaining: ['b/y', 'c/z'], error: 'PDB' } },
        { kind: 'output', at: T0, text: 'two' },
        { kind: 'observed', at: T0, text: 'node Ready' },
        { kind: 'output', at: T0, command: 'second', exitCode: 0, text: 'three' },
        { kind: 'note', at: T0, by: 'bob', text: 'looked fine' },
        { kind: 'drain', at: T0, result: { node: 'w1', outcome: 'drained', removed: [], remaining: [] } },
      ],
    });
    assert.deepEqual(e, [{
      ...base, outcome: 'done', ...DRAIN_W1, command: 'second', exitCode: 0, output: 'one\ntwo\nthree',
      detail: 'drain failed: 1 pods moved, 2 left (b/y, c/z): PDB; node Ready; looked fine; drain drained: 0 pods moved, 0 left',
    }]);
  });

  it('keeps the command of an earlier output when a later one has none, and skips an empty first output', () => {
    const e = entriesFor(running(), {
      type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: T0, evidence: [
        { kind: 'output', at: T0, command: 'kubectl drain w1', exitCode: 2, text: '' },
        { kind: 'output', at: T0, text: 'later' },
      ],
    });
    assert.deepEqual(e, [{ ...base, outcome: 'done', ...DRAIN_W1, command: 'kubectl drain w1', exitCode: 2, output: 'later' }]);
  });

  it('logs a failure with its reason first, then the evidence details', () => {
    const ev = [{ kind: 'drain', at: T0, result: { node: 'w1', outcome: 'failed', removed: [], remaining: ['db/db-0'] } }] as const;
    assert.deepEqual(entriesFor(running(), { type: 'step-failed', stepId: 'h0/nodes/w1/drain', at: T0, reason: 'timed out', evidence: ev }),
      [{ ...base, outcome: 'failed', ...DRAIN_W1, detail: 'timed out; drain failed: 0 pods moved, 1 left (db/db-0)' }]);
    assert.deepEqual(entriesFor(running(), { type: 'step-failed', stepId: 'h0/nodes/w1/drain', at: T0, reason: 'timed out' }),
      [{ ...base, outcome: 'failed', ...DRAIN_W1, detail: 'timed out' }]);
  });

  it('logs skips of a step and of a node with the reason', () => {
    const s = throughControlPlane(upgrade());
    assert.deepEqual(entriesFor(s, { type: 'skip-step', stepId: 'h0/rollback/rollback', at: T0, reason: 'not needed' }),
      [{ ...base, outcome: 'skipped', ...HOP, step: 'Roll back', detail: 'not needed' }]);
    assert.deepEqual(entriesFor(s, { type: 'skip-node', node: 'w2', at: T0, reason: 'spot' }), [{ ...base, outcome: 'skipped', step: 'Node', node: 'w2', detail: 'spot' }]);
  });

  it('logs how an interrupted step was resolved', () => {
    const interrupted = (): ChecklistState => {
      const s = running();
      // A reload while the step ran marks it interrupted.
      const step = s.hops[0]?.steps.find((x) => x.id === 'h0/nodes/w1/drain');
      assert.ok(step);
      const hop0 = s.hops[0];
      assert.ok(hop0);
      const steps = hop0.steps.map((x) => (x.id === step.id ? { ...x, status: { kind: 'interrupted', at: T0 - 1, startedAt: T0 - 1, note: 'n' } as const } : x));
      return { ...s, hops: [{ ...hop0, steps }, ...s.hops.slice(1)] };
    };
    assert.deepEqual(entriesFor(interrupted(), { type: 'resolve-interrupted', stepId: 'h0/nodes/w1/drain', at: T0, outcome: 'done', note: 'drained by hand' }),
      [{ ...base, outcome: 'checked', ...DRAIN_W1, detail: 'marked done: drained by hand' }]);
    assert.deepEqual(entriesFor(interrupted(), { type: 'resolve-interrupted', stepId: 'h0/nodes/w1/drain', at: T0, outcome: 'failed', note: 'pods stuck' }),
      [{ ...base, outcome: 'checked', ...DRAIN_W1, detail: 'marked failed: pods stuck' }]);
  });

  it('logs pause, resume and the automatic-run choices in words', () => {
    const s = throughControlPlane(upgrade());
    assert.deepEqual(entriesFor(s, { type: 'pause', at: T0, reason: 'lunch' }), [{ ...base, outcome: 'paused', detail: 'lunch' }]);
    const paused = apply(s, { type: 'pause', at: T0, reason: 'lunch' });
    assert.deepEqual(entriesFor(paused, { type: 'resume', at: T0 }), [{ ...base, outcome: 'resumed' }]);
    assert.deepEqual(logEntriesFor(s, { type: 'run-next-node', at: T0 }, s, ctx), [{ ...base, outcome: 'note', detail: 'Do the next node' }]);
    assert.deepEqual(logEntriesFor(s, { type: 'run-all-remaining', at: T0 }, s, ctx), [{ ...base, outcome: 'note', detail: 'Do all remaining nodes, stopping on the first failure' }]);
  });

  it('logs a cancel against the step that was running, with reason and evidence, and nothing when none was', () => {
    const s = running('h0/nodes/w1/drain');
    assert.deepEqual(entriesFor(s, { type: 'cancel', at: T0 }), [{ ...base, outcome: 'cancelled', ...DRAIN_W1 }]);
    assert.deepEqual(entriesFor(s, { type: 'cancel', at: T0, reason: 'wrong node', evidence: [{ kind: 'output', at: T0, command: 'kubectl drain w1', text: 'evicting' }, { kind: 'observed', at: T0, text: 'half done' }] }),
      [{ ...base, outcome: 'cancelled', ...DRAIN_W1, command: 'kubectl drain w1', output: 'evicting', detail: 'wrong node; half done' }]);
    assert.deepEqual(entriesFor(s, { type: 'cancel', at: T0, evidence: [{ kind: 'observed', at: T0, text: 'half done' }] }),
      [{ ...base, outcome: 'cancelled', ...DRAIN_W1, detail: 'half done' }]);
    const idle = throughControlPlane(upgrade());
    assert.deepEqual(logEntriesFor(idle, { type: 'cancel', at: T0, reason: 'x' }, idle, ctx), []);
  });
});

describe('maintenance log: what a reload found', () => {
  it('logs an interrupted step as interrupted, another step as a note, and a node or nothing else as given', () => {
    const s = running();
    const hop0 = s.hops[0];
    assert.ok(hop0);
    const steps = hop0.steps.map((x) => (x.id === 'h0/nodes/w1/drain' ? { ...x, status: { kind: 'interrupted', at: 1, startedAt: 1, note: 'n' } as const } : x));
    const r = { ...s, hops: [{ ...hop0, steps }] };
    const at = T0 + 5;
    assert.deepEqual(logEntriesForReload(r, [
      { stepId: 'h0/nodes/w1/drain', node: 'w1', text: 'was draining' },
      { stepId: 'h0/nodes/w2/drain', text: 'w2 is cordoned' },
      { stepId: 'gone', node: 'w9', text: 'w9 left the cluster' },
      { node: 'w3', text: 'w3 is new' },
      { text: 'the server moved' },
    ], at, ctx), [
      { at, who: 'alice', context: 'prod', outcome: 'interrupted', ...DRAIN_W1, detail: 'was draining' },
      { at, who: 'alice', context: 'prod', outcome: 'note', ...HOP, step: 'Drain', node: 'w2', detail: 'w2 is cordoned' },
      { at, who: 'alice', context: 'prod', outcome: 'note', node: 'w9', detail: 'w9 left the cluster' },
      { at, who: 'alice', context: 'prod', outcome: 'note', node: 'w3', detail: 'w3 is new' },
      { at, who: 'alice', context: 'prod', outcome: 'note', detail: 'the server moved' },
    ]);
    assert.deepEqual(logEntriesForReload(r, [], at, ctx), []);
  });
});

describe('maintenance log: a window\'s section in the file', () => {
  const win: MaintenanceWindow = { startedAt: T0, who: 'alice', context: 'prod', server: 'https://x', purpose: 'upgrade 1.33 → 1.34' };
  const heading = formatWindowHeading(win);
  const e1: LogEntry = { ...base, outcome: 'started', step: 'Drain' };
  const e2: LogEntry = { ...base, outcome: 'done', step: 'Drain' };
  const reminders = [{ kind: 'cordoned', node: 'w1' }] as const;

  it('appends the heading with the first entries, all of them in one write, and never again', async () => {
    const w = new MemoryWriter();
    const section = new MaintenanceLogSection(w, win);
    await section.record([]);
    await section.record([e1, e2]);
    await section.record([]);
    await section.record([e2]);
    assert.deepEqual(w.writes, [`\n${heading}${formatLogEntry(e1)}${formatLogEntry(e2)}`, formatLogEntry(e2)]);
    assert.equal(w.writes[0], `\n${heading}- ${TIME} · **started** · Drain · context \`prod\` · by alice\n- ${TIME} · **done** · Drain · context \`prod\` · by alice\n`);
  });

  it('ends the section with its reminders after a blank line, in the mode\'s words', async () => {
    const w = new MemoryWriter();
    const section = new MaintenanceLogSection(w, win);
    await section.record([e1]);
    await section.close(reminders);
    await section.close([{ kind: 'mid-upgrade', from: '1.33', to: '1.33', target: '1.33', next: 'Drain' }], 'rolling');
    assert.deepEqual(w.writes.slice(1), [
      '\n### Reminders\n\n- w1 is still cordoned: uncordon it when it is ready for workloads.\n\n',
      '\n### Reminders\n\n- The rolling maintenance is not finished; next: Drain.\n\n',
    ]);
  });

  it('gives reminders their own heading when nothing else was logged, and does not repeat it', async () => {
    const w = new MemoryWriter();
    const section = new MaintenanceLogSection(w, win);
    await section.close([]);
    assert.deepEqual(w.writes, [], 'no reminders, nothing written');
    await section.close(reminders);
    await section.record([e1]);
    assert.deepEqual(w.writes, [
      `\n${heading}### Reminders\n\n- w1 is still cordoned: uncordon it when it is ready for workloads.\n\n`,
      formatLogEntry(e1),
    ]);
    assert.ok(heading.endsWith('- Purpose: upgrade 1.33 → 1.34\n\n'));
  });

  it('writes nothing for a quiet window', async () => {
    const w = new MemoryWriter();
    const section = new MaintenanceLogSection(w, win);
    await section.record([]);
    await section.close([]);
    assert.deepEqual(w.writes, []);
  });
});

describe('maintenance log: a run end to end', () => {
  it('writes the exact section for a drain that failed and was skipped', async () => {
    const w = new MemoryWriter();
    let s = throughControlPlane(upgrade([node('w1')]));
    const section = new MaintenanceLogSection(w, { startedAt: T0, who: 'alice', context: 'prod', server: 'https://10.0.0.1:6443', purpose: windowPurpose(s) });
    for (const e of [
      { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: T0 },
      { type: 'step-failed', stepId: 'h0/nodes/w1/drain', at: T0 + 1000, reason: 'PDB', evidence: [{ kind: 'output', at: T0, command: 'kubectl drain w1', exitCode: 1, text: 'error: cannot evict' }] },
      { type: 'skip-node', node: 'w1', at: T0 + 2000, reason: 'spot node' },
    ] as const) {
      const t = transition(s, e);
      assert.equal(t.rejected, undefined);
      await section.record(logEntriesFor(s, e, t.state, ctx));
      s = t.state;
    }
    assert.equal(w.writes.join(''), [
      '',
      '## Maintenance window 2026-12-01 09:00:00 UTC: prod',
      '',
      '- Cluster: `https://10.0.0.1:6443`, context `prod`',
      '- By: alice',
      '- Purpose: upgrade 1.33 → 1.34',
      '',
      '- 2026-12-01 09:00:00 UTC · **started** · Drain · node `w1` · hop 1.33 → 1.34 · context `prod` · by alice',
      '- 2026-12-01 09:00:01 UTC · **failed** · Drain · node `w1` · hop 1.33 → 1.34 · context `prod` · by alice',
      '  command `kubectl drain w1` · exit status 1',
      '  PDB',
      '',
      '  ```text',
      '  error: cannot evict',
      '  ```',
      '- 2026-12-01 09:00:02 UTC · **skipped** · Node · node `w1` · context `prod` · by alice',
      '  spot node',
      '',
    ].join('\n'));
  });
});

describe('maintenance log: a detail that starts like a block', () => {
  // The detail is the only text that starts a line of its own: a reason such as "- done by hand" or
  // "---" must stay text in the entry, not become a nested list or turn the entry into a heading.
  const md = new MarkdownIt();
  const head = `- ${TIME} · **skipped** · Drain · context \`prod\` · by alice`;
  const html = (detail: string): string => md.render(formatLogEntry({ ...base, outcome: 'skipped', step: 'Drain', detail }));

  it('escapes a leading list marker, ordered-list number or setext underline', () => {
    const cases: [string, string][] = [
      ['- done by hand', '  \\- done by hand'],
      ['+ by hand', '  \\+ by hand'],
      ['1. by hand', '  1\\. by hand'],
      ['12.\tby hand', '  12\\.\tby hand'],
      ['---', '  \\---'],
      ['===', '  \\==='],
      ['   - x', '     \\- x'],
    ];
    for (const [detail, line] of cases) assert.equal(formatLogEntry({ ...base, outcome: 'skipped', step: 'Drain', detail }), `${head}\n${line}\n`, detail);
  });

  it('renders such a detail as text inside the entry', () => {
    for (const detail of ['- done by hand', '+ by hand', '1. by hand', '---', '===', '   - x', '- - -']) {
      const out = html(detail);
      assert.ok(!/<ul>[\s\S]*<ul>|<ol>|<h[1-6]>|<hr/.test(out), `${detail}: ${out}`);
      assert.ok(out.includes(`by alice\n${detail.trim()}</li>`), `${detail}: ${out}`);
    }
  });

  it('leaves text that only looks like a number or a dash alone', () => {
    assert.equal(formatLogEntry({ ...base, outcome: 'paused', detail: '1.34 is out' }), `- ${TIME} · **paused** · context \`prod\` · by alice\n  1.34 is out\n`);
    assert.equal(formatLogEntry({ ...base, outcome: 'paused', detail: 'w-1 - done' }), `- ${TIME} · **paused** · context \`prod\` · by alice\n  w-1 - done\n`);
  });
});
