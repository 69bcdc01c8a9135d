// Small builders for the checklist tests.
import assert from 'node:assert/strict';
import { createRollingChecklist, createUpgradeChecklist } from '../../../src/core/checklist/create';
import type { ChecklistEvent } from '../../../src/core/checklist/events';
import { transition } from '../../../src/core/checklist/reducer';
import type { ChecklistNodeInput, ChecklistState, ControlPlaneNodeHandling, Step } from '../../../src/core/checklist/types';

export const KEY = { server: 'https://10.0.0.1:6443', context: 'prod' };

export function node(name: string, o: Partial<ChecklistNodeInput> & { zone?: string; controlPlane?: boolean } = {}): ChecklistNodeInput {
  const { zone, controlPlane, ...rest } = o;
  return {
    name,
    labels: zone ? { 'topology.kubernetes.io/zone': zone } : {},
    roles: controlPlane ? ['control-plane'] : [],
    kubeletVersion: 'v1.33.2',
    unschedulable: false,
    ready: true,
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    kernelVersion: '6.1.0-26-amd64',
    ...rest,
  };
}

export function upgrade(nodes: readonly ChecklistNodeInput[] = [node('w1'), node('w2')], target = '1.34', handling: ControlPlaneNodeHandling = 'upgrade-first'): ChecklistState {
  const r = createUpgradeChecklist({ key: KEY, nodes, controlPlaneNodes: handling, now: 1000, currentVersion: 'v1.33.2', targetVersion: target });
  assert.ok(r.ok);
  return r.state;
}

export function rolling(nodes: readonly ChecklistNodeInput[] = [node('w1'), node('w2')]): ChecklistState {
  return createRollingChecklist({ key: KEY, nodes, controlPlaneNodes: 'upgrade-first', now: 1000, version: '1.33' });
}

/** Applies events that must all be accepted. */
export function apply(state: ChecklistState, ...events: ChecklistEvent[]): ChecklistState {
  return events.reduce((s, e) => {
    const t = transition(s, e);
    assert.equal(t.rejected, undefined, `${e.type} was rejected`);
    return t.state;
  }, state);
}

/** The rejection reason of an event that must be rejected, after checking the state did not change. */
export function rejection(state: ChecklistState, e: ChecklistEvent): string {
  const t = transition(state, e);
  assert.ok(t.rejected, `${e.type} was accepted`);
  assert.equal(t.state, state);
  return t.rejected;
}

export function stepOf(state: ChecklistState, id: string): Step {
  const s = state.hops.flatMap((h) => h.steps).find((x) => x.id === id);
  assert.ok(s, `no step ${id}`);
  return s;
}

export const statusOf = (state: ChecklistState, id: string): string => stepOf(state, id).status.kind;

let clock = 2000;
export const at = (): number => (clock += 1000);

/** Runs a step to success. */
export function pass(state: ChecklistState, id: string): ChecklistState {
  return apply(state, { type: 'start-step', stepId: id, at: at() }, { type: 'step-succeeded', stepId: id, at: at() });
}

/** Passes every step of hop h before the node loop. */
export function throughControlPlane(state: ChecklistState, h = 0): ChecklistState {
  return ['plan/review-plan', 'backup/backup', 'staging/staging', 'control-plane/control-plane-upgrade', 'control-plane/control-plane-wait']
    .reduce((s, id) => pass(s, `h${h}/${id}`), state);
}

export function nodeStepIds(h: number, n: string, patch = false): string[] {
  return ['drain', patch ? 'node-patch' : 'node-upgrade', 'uncordon', 'node-verify'].map((k) => `h${h}/nodes/${n}/${k}`);
}
