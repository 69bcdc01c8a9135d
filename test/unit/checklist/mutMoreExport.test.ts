// "Export Checklist as Markdown", compared whole: every status mark, every kind of evidence, every
// section title, the header lines and the escaping an operator relies on when pasting it into a ticket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checklistMarkdown } from '../../../src/core/checklist/exportMarkdown';
import type { ChecklistState, Evidence, Hop, SectionId, Step, StepStatus } from '../../../src/core/checklist/types';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const KEY = { server: 'https://10.0.0.1:6443', context: 'prod' };

function step(section: SectionId, title: string, status: StepStatus, evidence: readonly Evidence[] = [], node?: string): Step {
  return { id: `${section}/${title}`, section, kind: 'review-plan', title, status, evidence, destructive: false, optional: false, ...(node !== undefined ? { node } : {}) };
}

function hop(from: string, to: string, steps: readonly Step[]): Hop {
  return { from, to, nodes: [], steps };
}

function state(o: Partial<ChecklistState>): ChecklistState {
  return { schema: 1, key: KEY, mode: 'upgrade', createdAt: T0, hops: [], auto: 'manual', updatedAt: T0, ...o };
}

describe('checklist export, whole documents', () => {
  it('writes every section, status mark and kind of evidence of an upgrade, exactly', () => {
    const first = hop('1.33', '1.34', [
      step('plan', 'Review the plan', { kind: 'pending' }),
      step('backup', 'Back up etcd', { kind: 'running', startedAt: T0 + 1000 }, [
        { kind: 'output', at: T0, command: 'etcdctl snapshot save', exitCode: 0, text: 'saved\n\nsize 12 MB\n' },
      ]),
      step('staging', 'Try it on staging', { kind: 'done', at: T0 + 2000 }, [
        { kind: 'output', at: T0, text: '  \n\t\n' },
      ]),
      step('control-plane', 'Upgrade the control plane', { kind: 'failed', at: T0 + 3000, reason: 'exit status 1 (see <log>)' }, [
        { kind: 'output', at: T0, command: 'up', text: 'boom' },
        { kind: 'output', at: T0, exitCode: 2, text: '' },
      ]),
      step('nodes', 'Drain', { kind: 'skipped', at: T0, reason: 'spot node | replaced' }, [
        { kind: 'drain', at: T0, result: { node: 'w1', outcome: 'failed', removed: ['a/p1', 'b/p2'], remaining: ['c/p3', 'd/p4'], error: 'PDB *blocks*' } },
      ], 'w1'),
      step('nodes', 'Drain', { kind: 'interrupted', at: T0, startedAt: T0, note: 'check `kubectl get nodes` first' }, [
        { kind: 'drain', at: T0, result: { node: 'w2', outcome: 'drained', removed: [], remaining: [] } },
        { kind: 'drain', at: T0, result: { node: 'w2', outcome: 'cancelled', removed: ['x/y'], remaining: [] } },
        { kind: 'observed', at: T0 + 4000, text: 'kubelet v1.34.1_rc, [Ready]' },
      ], 'w2'),
      step('kubectl', 'Check kubectl', { kind: 'done', at: T0 + 5000 }, [
        { kind: 'note', at: T0, by: 'alice #ops', text: 'ok\nlooks good' },
        { kind: 'note', at: T0, text: 'fine' },
        { kind: 'note', at: T0, by: '', text: 'anonymous' },
      ]),
      step('verify', 'Verify *all* `apps`', { kind: 'pending' }),
      step('rollback', 'Roll back', { kind: 'skipped', at: T0, reason: 'not needed' }),
    ]);
    // Steps out of the guide's order are written in it; sections without steps are left out.
    const second = hop('1.34', '1.35', [
      step('verify', 'Verify', { kind: 'pending' }),
      step('plan', 'Review', { kind: 'done', at: T0 }),
      step('verify', 'Verify again', { kind: 'pending' }),
    ]);
    const text = checklistMarkdown(state({ hops: [first, second], paused: { at: T0, reason: 'cluster <unreachable>' } }), T0 + 3_600_000);
    assert.equal(text, [
      '# Upgrade checklist: 1.33 → 1.35',
      '',
      '- Cluster: `https://10.0.0.1:6443`, context `prod`',
      '- Started 2026-12-01 09:00:00 UTC, exported 2026-12-01 10:00:00 UTC',
      '- Paused: cluster \\<unreachable\\>',
      '',
      '## Hop 1.33 → 1.34',
      '',
      '### Plan',
      '',
      '- [ ] Review the plan — pending',
      '',
      '### Back up',
      '',
      '- [~] Back up etcd — running since 2026-12-01 09:00:01 UTC',
      '  - command `etcdctl snapshot save` · exit status 0',
      '',
      '    ```text',
      '    saved',
      '',
      '    size 12 MB',
      '    ```',
      '',
      '### Staging',
      '',
      '- [x] Try it on staging — done 2026-12-01 09:00:02 UTC',
      '  - output',
      '',
      '### Control plane',
      '',
      '- [!] Upgrade the control plane — failed 2026-12-01 09:00:03 UTC: exit status 1 \\(see \\<log\\>\\)',
      '  - command `up`',
      '',
      '    ```text',
      '    boom',
      '    ```',
      '  - output · exit status 2',
      '',
      '### Nodes',
      '',
      '- [-] Drain · node `w1` — skipped: spot node \\| replaced',
      '  - drain failed: 2 pods moved, still there: `c/p3`, `d/p4` (PDB \\*blocks\\*)',
      '- [?] Drain · node `w2` — interrupted: check \\`kubectl get nodes\\` first',
      '  - drain drained: 0 pods moved',
      '  - drain cancelled: 1 pods moved',
      '  - observed 2026-12-01 09:00:04 UTC: kubelet v1.34.1\\_rc, \\[Ready\\]',
      '',
      '### kubectl',
      '',
      '- [x] Check kubectl — done 2026-12-01 09:00:05 UTC',
      '  - note by alice \\#ops: ok looks good',
      '  - note: fine',
      '  - note: anonymous',
      '',
      '### Verify',
      '',
      '- [ ] Verify \\*all\\* \\`apps\\` — pending',
      '',
      '### Roll back',
      '',
      '- [-] Roll back — skipped: not needed',
      '',
      '## Hop 1.34 → 1.35',
      '',
      '### Plan',
      '',
      '- [x] Review — done 2026-12-01 09:00:00 UTC',
      '',
      '### Verify',
      '',
      '- [ ] Verify — pending',
      '- [ ] Verify again — pending',
      '',
    ].join('\n'));
  });

  it('titles a rolling maintenance as such, without hop headings or a pause line', () => {
    const s = state({
      mode: 'rolling',
      hops: [hop('1.33', '1.33', [step('nodes', 'Patch the OS', { kind: 'pending' }, [], 'w1')])],
    });
    assert.equal(checklistMarkdown(s, T0), [
      '# Rolling node maintenance',
      '',
      '- Cluster: `https://10.0.0.1:6443`, context `prod`',
      '- Started 2026-12-01 09:00:00 UTC, exported 2026-12-01 09:00:00 UTC',
      '',
      '### Nodes',
      '',
      '- [ ] Patch the OS · node `w1` — pending',
      '',
    ].join('\n'));
  });

  it('writes just the header, ending in one newline, when there is nothing else', () => {
    const header = [
      '- Cluster: `https://10.0.0.1:6443`, context `prod`',
      '- Started 2026-12-01 09:00:00 UTC, exported 2026-12-01 09:00:00 UTC',
      '',
    ].join('\n');
    assert.equal(checklistMarkdown(state({ mode: 'rolling' }), T0), `# Rolling node maintenance\n\n${header}`);
    // An upgrade without hops has no versions to put in its title, and does not throw for it.
    assert.equal(checklistMarkdown(state({ mode: 'upgrade' }), T0), `# Rolling node maintenance\n\n${header}`);
    // A hop without steps adds only its heading.
    assert.equal(checklistMarkdown(state({ hops: [hop('1.33', '1.34', [])] }), T0), `# Upgrade checklist: 1.33 → 1.34\n\n${header}\n## Hop 1.33 → 1.34\n`);
  });

  it('escapes versions read back from storage in the title and the hop headings', () => {
    const text = checklistMarkdown(state({ hops: [hop('1.33*', '1.34', []), hop('1.34', '<1.35>', [])] }), T0);
    assert.deepEqual(text.split('\n').filter((l) => l.startsWith('#')), ['# Upgrade checklist: 1.33\\* → \\<1.35\\>', '## Hop 1.33\\* → 1.34', '## Hop 1.34 → \\<1.35\\>']);
  });

  it('keeps the last 50 lines of a long output and says how many were left out', () => {
    const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');
    const body = (n: number): string[] => checklistMarkdown(state({
      mode: 'rolling',
      hops: [hop('1.33', '1.33', [step('verify', 'Verify', { kind: 'done', at: T0 }, [{ kind: 'output', at: T0, command: 'kubectl get pods', text: lines(n) }])])],
    }), T0).split('\n').slice(10, -1);
    const kept = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `    line ${from + i}`);
    assert.deepEqual(body(50), ['    ```text', ...kept(1, 50), '    ```']);
    assert.deepEqual(body(52), ['    ```text', '    … 2 earlier lines left out', ...kept(3, 52), '    ```']);
  });

  it('puts a code span around a node, cluster or context with backticks or spaces in it', () => {
    const s = state({
      mode: 'rolling',
      key: { server: 'https://a`b', context: ' dev ' },
      hops: [hop('1.33', '1.33', [step('nodes', 'Drain', { kind: 'pending' }, [
        { kind: 'drain', at: T0, result: { node: 'n', outcome: 'failed', removed: [], remaining: ['ns/`odd`'] } },
      ], 'n`1')])],
    });
    assert.equal(checklistMarkdown(s, T0), [
      '# Rolling node maintenance',
      '',
      '- Cluster: ``https://a`b``, context `  dev  `',
      '- Started 2026-12-01 09:00:00 UTC, exported 2026-12-01 09:00:00 UTC',
      '',
      '### Nodes',
      '',
      '- [ ] Drain · node ``n`1`` — pending',
      '  - drain failed: 0 pods moved, still there: `` ns/`odd` ``',
      '',
    ].join('\n'));
  });
});
