// What a screen reader hears when a new view arrives: the steps whose status changed, and pausing.
import type { ChecklistState, Step } from '../../core/checklist/types';
import { statusText, stepName } from './labels';

const MAX_LINES = 3;

function byId(state: ChecklistState): Map<string, Step> {
  return new Map(state.hops.flatMap((h) => h.steps).map((s) => [s.id, s]));
}

/** Sentences for what changed from `prev` to `next`; nothing for the first view. */
export function changes(prev: ChecklistState | undefined, next: ChecklistState): string[] {
  if (!prev) return [];
  const before = byId(prev);
  const lines: string[] = [];
  for (const s of next.hops.flatMap((h) => h.steps)) {
    const old = before.get(s.id);
    if (old && old.status.kind !== s.status.kind) lines.push(`${stepName(s)}: ${statusText(s.status)}`);
  }
  if (next.paused && !prev.paused) lines.push(`Paused: ${next.paused.reason}`);
  if (!next.paused && prev.paused) lines.push('Resumed');
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), `and ${lines.length - MAX_LINES + 1} more changes`] : lines;
}

/** Steps that just started or failed (or are so in a first view): their evidence opens by itself. */
export function newlyActive(prev: ChecklistState | undefined, next: ChecklistState): string[] {
  const before = prev ? byId(prev) : undefined;
  return next.hops.flatMap((h) => h.steps)
    .filter((s) => (s.status.kind === 'running' || s.status.kind === 'failed') && before?.get(s.id)?.status.kind !== s.status.kind)
    .map((s) => s.id);
}
