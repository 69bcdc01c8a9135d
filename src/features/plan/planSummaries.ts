// The latest plan's one-line summary per context ("next: 1.34 · 3 blockers"), for the cluster row.
// A tiny shared store so the Clusters view can show it without knowing how plans are made.
import * as vscode from 'vscode';
import { countBlockers } from '../../core/upgrade/plan';
import type { UpgradePlan } from '../../core/upgrade/planTypes';

const summaries = new Map<string, string>();
const changed = new vscode.EventEmitter<string>();

/** Fires with the context name when its summary changes. */
export const onDidChangePlanSummary = changed.event;

export function planSummaryText(plan: UpgradePlan): string {
  const blockers = countBlockers(plan);
  const next = plan.hops[0]?.version ?? plan.to;
  return `next: ${next} · ${blockers === 0 ? 'no blockers' : `${blockers} blocker${blockers === 1 ? '' : 's'}`}${plan.incomplete ? ' (incomplete)' : ''}`;
}

export function setPlanSummary(context: string, plan: UpgradePlan | undefined): void {
  const text = plan ? planSummaryText(plan) : undefined;
  if (summaries.get(context) === text) return;
  if (text === undefined) summaries.delete(context);
  else summaries.set(context, text);
  changed.fire(context);
}

export function planSummary(context: string): string | undefined {
  return summaries.get(context);
}
