// What must not be forgotten when a maintenance window ends: nodes left cordoned, an upgrade stopped
// between versions, steps that were interrupted and still need a look.
import { currentHopIndex, hopComplete, nextStep } from './query';
import type { ChecklistNodeInput, ChecklistState } from './types';

export type Reminder =
  | { readonly kind: 'cordoned'; readonly node: string }
  | { readonly kind: 'mid-upgrade'; readonly from: string; readonly to: string; readonly target: string; readonly next: string }
  | { readonly kind: 'interrupted'; readonly step: string; readonly node?: string };

/**
 * The reminders for a checklist. With the live nodes, "cordoned" means cordoned now and not before the
 * maintenance; without them, drained (or drain started) and not uncordoned.
 */
export function checklistReminders(state: ChecklistState, liveNodes?: readonly ChecklistNodeInput[]): Reminder[] {
  const out: Reminder[] = [];
  const cordoned = new Set<string>();
  for (const hop of state.hops) {
    for (const row of hop.nodes) {
      if (liveNodes) {
        if (!row.wasCordoned && liveNodes.some((n) => n.name === row.name && n.unschedulable)) cordoned.add(row.name);
        continue;
      }
      const step = (kind: string) => hop.steps.find((s) => s.node === row.name && s.kind === kind);
      const drain = step('drain')?.status.kind;
      const uncordon = step('uncordon')?.status.kind;
      if (drain !== undefined && drain !== 'pending' && drain !== 'skipped' && uncordon !== 'done') cordoned.add(row.name);
    }
  }
  for (const node of cordoned) out.push({ kind: 'cordoned', node });

  const h = currentHopIndex(state);
  const hop = state.hops[h];
  const started = hop?.steps.some((s) => !s.optional && ['done', 'failed', 'running', 'interrupted'].includes(s.status.kind));
  const target = state.hops.at(-1)?.to ?? '';
  if (hop && !hopComplete(hop) && (h > 0 || started)) {
    const next = nextStep(state);
    const title = next ? `${next.step.title}${next.step.node ? ` (${next.step.node})` : ''}` : '';
    out.push({ kind: 'mid-upgrade', from: hop.from, to: hop.to, target, next: title });
  }
  for (const s of state.hops.flatMap((x) => x.steps)) {
    if (s.status.kind === 'interrupted' || s.status.kind === 'running') out.push({ kind: 'interrupted', step: s.title, ...(s.node ? { node: s.node } : {}) });
  }
  return out;
}

export function reminderText(r: Reminder, mode: ChecklistState['mode'] = 'upgrade'): string {
  switch (r.kind) {
    case 'cordoned':
      return `${r.node} is still cordoned: uncordon it when it is ready for workloads.`;
    case 'mid-upgrade':
      return mode === 'rolling'
        ? `The rolling maintenance is not finished; next: ${r.next}.`
        : `The upgrade stopped in the ${r.from} → ${r.to} hop (target ${r.target}); next: ${r.next}.`;
    case 'interrupted':
      return `"${r.step}"${r.node ? ` on ${r.node}` : ''} did not finish in this window: check it before running it again.`;
  }
}
