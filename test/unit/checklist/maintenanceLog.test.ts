// The maintenance log as Markdown, read back through markdown-it (the parser VS Code's preview uses):
// what came from the cluster or a command can never change the document's structure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import {
  formatLogEntry, formatWindowHeading, logEntriesFor, logEntriesForReload, MaintenanceLogSection, windowPurpose, type LogEntry, type LogWriter,
} from '../../../src/core/checklist/maintenanceLog';
import { codeBlock, codeSpan, inlineText } from '../../../src/core/checklist/markdownText';
import { transition } from '../../../src/core/checklist/reducer';
import { reconcileChecklist } from '../../../src/core/checklist/reconcile';
import { checklistReminders } from '../../../src/core/checklist/reminders';
import type { ChecklistEvent } from '../../../src/core/checklist/events';
import type { ChecklistState } from '../../../src/core/checklist/types';
import { apply, node, pass, rolling, throughControlPlane, upgrade } from './fixtures';

const md = new MarkdownIt();
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const EVIL = 'w1\n## Owned\n- [click](https://evil.example) <script>alert(1)</script> **bold** _em_ `tick` ``` ~~~ &amp; | a | b |\n1. list';
const ctx = { who: 'alice', context: 'prod' };

function html(markdown: string): string {
  return md.render(markdown);
}

function tags(markdown: string): string[] {
  return md.parse(markdown, {}).flatMap((t) => [t.type, ...(t.children ?? []).map((c) => c.type)]).filter((t) => t.endsWith('_open') || t === 'fence' || t === 'code_inline' || t === 'html_inline' || t === 'html_block');
}

class MemoryWriter implements LogWriter {
  text = '';
  append(text: string): Promise<void> {
    this.text += text;
    return Promise.resolve();
  }
}

function entry(o: Partial<LogEntry> = {}): LogEntry {
  return { at: T0 + 65_000, who: 'alice', context: 'prod', outcome: 'done', hop: '1.33 → 1.34', step: 'Drain', node: 'w1', ...o };
}

describe('maintenance log', () => {
  it('writes who, when, context, step, node, outcome, command and exit status', () => {
    assert.equal(formatLogEntry(entry({ outcome: 'failed', step: 'Upgrade kubelet to 1.34', command: 'ssh w1 sudo apt-get install -y kubelet=1.34.0-*', exitCode: 100, detail: 'exit status 100' })),
      '- 2026-12-01 09:01:05 UTC · **failed** · Upgrade kubelet to 1.34 · node `w1` · hop 1.33 → 1.34 · context `prod` · by alice\n'
      + '  command `ssh w1 sudo apt-get install -y kubelet=1.34.0-*` · exit status 100\n'
      + '  exit status 100\n');
  });

  it('keeps text from the cluster inline: no heading, list, link, HTML or emphasis comes out of it', () => {
    const text = formatLogEntry(entry({ node: EVIL, step: EVIL, detail: EVIL, who: EVIL, context: EVIL }));
    assert.deepEqual(tags(text), ['bullet_list_open', 'list_item_open', 'paragraph_open', 'strong_open', 'code_inline', 'code_inline']);
    const out = html(text);
    assert.ok(!/<script|<a |<h2|<em>|<table/.test(out), out);
    assert.ok(out.includes('[click](https://evil.example) &lt;script&gt;alert(1)&lt;/script&gt; **bold** _em_ `tick` ``` ~~~ &amp;amp; | a | b | 1. list'), out);
  });

  it('puts command output in one code block that nothing inside can close, inside its list item', () => {
    const output = 'line 1\n```\n## not a heading\n````\n~~~\n\n    indented\n\u001b[31mred\u001b[0m\r\nlast';
    const text = formatLogEntry(entry({ output })) + formatLogEntry(entry({ step: 'Uncordon' }));
    const tokens = md.parse(text, {});
    const fences = tokens.filter((t) => t.type === 'fence');
    assert.equal(fences.length, 1);
    assert.equal(fences[0]?.content, 'line 1\n```\n## not a heading\n````\n~~~\n\n    indented\nred\nlast\n');
    assert.equal(tokens.filter((t) => t.type === 'list_item_open').length, 2, 'the next entry is still a list item');
    assert.equal(tokens.filter((t) => t.type === 'bullet_list_open').length, 1, 'the block stays inside its entry: one list');
    assert.equal(tokens.filter((t) => t.type === 'heading_open').length, 0);
  });

  it('keeps the last lines of a long output', () => {
    const block = codeBlock(Array.from({ length: 250 }, (_, i) => `line ${i}`).join('\n'));
    assert.match(block, /^```text\n… 50 earlier lines left out\nline 50\n/);
    assert.match(block, /line 249\n```$/);
  });

  it('escapes code spans and inline text by construction', () => {
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x`'), '`` `x` ``');
    assert.equal(md.renderInline(codeSpan('``a```b')), '<code>``a```b</code>');
    assert.equal(md.renderInline(inlineText('*a* <b>&lt;\\')), '*a* &lt;b&gt;&amp;lt;\\');
  });

  it('writes one section per maintenance window, the heading with the first entry', async () => {
    const w = new MemoryWriter();
    const win = { startedAt: T0, who: 'alice', context: 'prod', server: 'https://10.0.0.1:6443', purpose: windowPurpose(upgrade(undefined, '1.35')) };
    const first = new MaintenanceLogSection(w, win);
    await first.record([]);
    assert.equal(w.text, '', 'nothing is written before there is something to log');
    await first.record([entry()]);
    await first.record([entry({ step: 'Uncordon' })]);
    const second = new MaintenanceLogSection(w, { ...win, startedAt: T0 + 86_400_000, purpose: windowPurpose(rolling()) });
    await second.record([entry({ at: T0 + 86_400_000 })]);
    const tokens = md.parse(w.text, {});
    assert.deepEqual(tokens.filter((t) => t.type === 'inline' && tokens[tokens.indexOf(t) - 1]?.type === 'heading_open').map((t) => t.content),
      ['Maintenance window 2026-12-01 09:00:00 UTC: prod', 'Maintenance window 2026-12-02 09:00:00 UTC: prod']);
    assert.match(w.text, /- Purpose: upgrade 1\.33 → 1\.35\n[\s\S]*- Purpose: rolling node maintenance on 1\.33\n/);
    assert.equal(w.text.split('\n').filter((l) => l.startsWith('- 2026-12-0')).length, 3);
    assert.ok(formatWindowHeading({ ...win, context: EVIL }).split('\n')[0]?.startsWith('## Maintenance window 2026-12-01 09:00:00 UTC: w1 \\#\\# Owned'));
  });

  it('logs every action of a run from the transitions, with the command and its exit status', () => {
    let s = throughControlPlane(upgrade());
    const entries: LogEntry[] = [];
    const step = (e: ChecklistEvent) => {
      const t = transition(s, e);
      assert.equal(t.rejected, undefined);
      entries.push(...logEntriesFor(s, e, t.state, ctx));
      s = t.state;
    };
    step({ type: 'start-step', stepId: 'h0/nodes/w1/drain', at: T0 });
    step({ type: 'step-progress', stepId: 'h0/nodes/w1/drain', at: T0 + 1, evidence: { kind: 'output', at: T0 + 1, text: 'node/w1 cordoned' } });
    step({ type: 'step-succeeded', stepId: 'h0/nodes/w1/drain', at: T0 + 2, evidence: [{ kind: 'drain', at: T0 + 2, result: { node: 'w1', outcome: 'drained', removed: ['a/web-1', 'a/web-2'], remaining: [] } }] });
    step({ type: 'start-step', stepId: 'h0/nodes/w1/node-upgrade', at: T0 + 3 });
    step({ type: 'step-failed', stepId: 'h0/nodes/w1/node-upgrade', at: T0 + 4, reason: 'the command failed', evidence: [{ kind: 'output', at: T0 + 4, command: 'upgrade-node w1', exitCode: 2, text: 'E: no such package' }] });
    step({ type: 'skip-step', stepId: 'h0/nodes/w1/node-upgrade', at: T0 + 5, reason: 'done by hand' });
    step({ type: 'start-step', stepId: 'h0/nodes/w1/uncordon', at: T0 + 6 });
    step({ type: 'cancel', at: T0 + 7, reason: 'wrong node' });
    step({ type: 'pause', at: T0 + 8, reason: 'cluster unreachable' });
    assert.deepEqual(entries.map((e) => [e.outcome, e.step, e.node]), [
      ['started', 'Drain', 'w1'], ['done', 'Drain', 'w1'], ['started', 'Upgrade kubelet to 1.34', 'w1'], ['failed', 'Upgrade kubelet to 1.34', 'w1'],
      ['skipped', 'Upgrade kubelet to 1.34', 'w1'], ['started', 'Uncordon', 'w1'], ['cancelled', 'Uncordon', 'w1'], ['paused', undefined, undefined],
    ]);
    assert.equal(entries[1]?.detail, 'drain drained: 2 pods moved, 0 left');
    assert.deepEqual([entries[3]?.command, entries[3]?.exitCode, entries[3]?.output, entries[3]?.detail], ['upgrade-node w1', 2, 'E: no such package', 'the command failed']);
    assert.ok(entries.every((e) => e.who === 'alice' && e.context === 'prod' && e.hop === '1.33 → 1.34' || e.outcome === 'paused'));
  });

  it('logs what a reload found', () => {
    const s = apply(throughControlPlane(upgrade()), { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 1 });
    const r = reconcileChecklist(s, { now: T0, nodes: [node('w1', { unschedulable: true }), node('w2')] });
    const [e] = logEntriesForReload(r.state, r.notes, T0, ctx);
    assert.deepEqual([e?.outcome, e?.step, e?.node], ['interrupted', 'Drain', 'w1']);
    assert.match(e?.detail ?? '', /check before draining again/);
  });
});

describe('reminders', () => {
  const drained = (state: ChecklistState) => pass(throughControlPlane(state), 'h0/nodes/w1/drain');

  it('reminds of nodes left cordoned and an upgrade stopped between versions', async () => {
    const s = drained(upgrade());
    const r = checklistReminders(s);
    assert.deepEqual(r, [{ kind: 'cordoned', node: 'w1' }, { kind: 'mid-upgrade', from: '1.33', to: '1.34', target: '1.34', next: 'Upgrade kubelet to 1.34 (w1)' }]);
    const w = new MemoryWriter();
    await new MaintenanceLogSection(w, { startedAt: T0, who: 'alice', context: 'prod', server: 'https://x', purpose: 'upgrade' }).close(r);
    assert.ok(html(w.text).includes('<h3>Reminders</h3>\n<ul>\n<li>w1 is still cordoned: uncordon it when it is ready for workloads.</li>\n'
      + '<li>The upgrade stopped in the 1.33 → 1.34 hop (target 1.34); next: Upgrade kubelet to 1.34 (w1).</li>\n</ul>'), html(w.text));
    assert.match(w.text, /^\n## Maintenance window/, 'reminders get their window heading even when nothing else was logged');
  });

  it('uses the live nodes when given: cordoned now and not before the maintenance', () => {
    const s = pass(throughControlPlane(upgrade([node('w1'), node('w2', { unschedulable: true }), node('w3')])), 'h0/nodes/w2/drain');
    assert.deepEqual(checklistReminders(s).filter((r) => r.kind === 'cordoned'), [{ kind: 'cordoned', node: 'w2' }]);
    const live = [node('w1'), node('w2', { unschedulable: true }), node('w3', { unschedulable: true })];
    assert.deepEqual(checklistReminders(s, live).filter((r) => r.kind === 'cordoned'), [{ kind: 'cordoned', node: 'w3' }], 'w2 was cordoned before the maintenance');
  });

  it('reminds of interrupted steps, and of nothing when the checklist is untouched or finished', () => {
    const s = apply(throughControlPlane(upgrade([node('w1')])), { type: 'start-step', stepId: 'h0/nodes/w1/drain', at: 1 });
    const r = reconcileChecklist(s, { now: 2, nodes: [node('w1', { unschedulable: true })] }).state;
    assert.deepEqual(checklistReminders(r).filter((x) => x.kind === 'interrupted'), [{ kind: 'interrupted', step: 'Drain', node: 'w1' }]);
    assert.deepEqual(checklistReminders(upgrade()), []);
    const done = ['h0/nodes/w1/drain', 'h0/nodes/w1/node-upgrade', 'h0/nodes/w1/uncordon', 'h0/nodes/w1/node-verify', 'h0/kubectl/kubectl-skew', 'h0/verify/verify-cluster']
      .reduce(pass, throughControlPlane(upgrade([node('w1')])));
    assert.deepEqual(checklistReminders(done), []);
  });
});
