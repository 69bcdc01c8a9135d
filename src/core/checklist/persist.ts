// A checklist as stored across window reloads and restarts: plain JSON with a schema version, keyed by server URL and
// context, validated on the way back in (anything else is refused with the reason).
import type { NodeDrainResult } from '../drain/runner';
import { arr, bool, defined, num, obj, oneOf, opt, ShapeError, str, strList, type Obj } from './jsonShape';
import {
  CHECKLIST_SCHEMA, SECTION_ORDER, type AutoRun, type ChecklistKey, type ChecklistState, type Evidence, type Hop,
  type NodeRow, type Step, type StepKind, type StepStatus,
} from './types';

const STEP_KINDS: readonly StepKind[] = [
  'review-plan', 'backup', 'staging', 'control-plane-upgrade', 'control-plane-wait', 'drain', 'node-upgrade', 'node-patch',
  'uncordon', 'node-verify', 'kubectl-skew', 'verify-cluster', 'rollback',
];
const AUTO: readonly AutoRun[] = ['manual', 'next-node', 'all-remaining'];

/** The server URL as one spelling: no trailing slash, host in lower case, default port dropped. */
export function normalizeServer(server: string): string {
  try {
    const u = new URL(server.trim());
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return server.trim().replace(/\/+$/, '');
  }
}

/** The storage key of a cluster's checklist (a context name alone is not unique across kubeconfigs). */
export function checklistStorageKey(key: ChecklistKey): string {
  return `kubeMaintenance.checklist/${encodeURIComponent(normalizeServer(key.server))}/${encodeURIComponent(key.context)}`;
}

export function sameCluster(a: ChecklistKey, b: ChecklistKey): boolean {
  return a.context === b.context && normalizeServer(a.server) === normalizeServer(b.server);
}

export function serializeChecklist(state: ChecklistState): string {
  return JSON.stringify(state);
}

export type LoadResult = { readonly ok: true; readonly state: ChecklistState } | { readonly ok: false; readonly reason: string };

function status(v: unknown, p: string): StepStatus {
  const o = obj(v, p);
  const kind = oneOf(o.kind, ['pending', 'running', 'done', 'failed', 'skipped', 'interrupted'] as const, `${p}.kind`);
  switch (kind) {
    case 'pending': return { kind };
    case 'running': return { kind, startedAt: num(o.startedAt, `${p}.startedAt`) };
    case 'done': return { kind, at: num(o.at, `${p}.at`) };
    case 'failed':
    case 'skipped': return { kind, at: num(o.at, `${p}.at`), reason: str(o.reason, `${p}.reason`) };
    case 'interrupted': return { kind, at: num(o.at, `${p}.at`), startedAt: num(o.startedAt, `${p}.startedAt`), note: str(o.note, `${p}.note`) };
  }
}

function drainResult(v: unknown, p: string): NodeDrainResult {
  const o = obj(v, p);
  return defined({
    node: str(o.node, `${p}.node`),
    outcome: oneOf(o.outcome, ['drained', 'failed', 'cancelled'] as const, `${p}.outcome`),
    removed: strList(o.removed, `${p}.removed`),
    remaining: strList(o.remaining, `${p}.remaining`),
    error: opt(o.error, (x) => str(x, `${p}.error`)),
  });
}

function evidence(v: unknown, p: string): Evidence {
  const o = obj(v, p);
  const at = num(o.at, `${p}.at`);
  const kind = oneOf(o.kind, ['output', 'drain', 'observed', 'note'] as const, `${p}.kind`);
  switch (kind) {
    case 'output': return defined({ kind, at, text: str(o.text, `${p}.text`), command: opt(o.command, (x) => str(x, `${p}.command`)), exitCode: opt(o.exitCode, (x) => num(x, `${p}.exitCode`)) });
    case 'drain': return { kind, at, result: drainResult(o.result, `${p}.result`) };
    case 'observed': return { kind, at, text: str(o.text, `${p}.text`) };
    case 'note': return defined({ kind, at, text: str(o.text, `${p}.text`), by: opt(o.by, (x) => str(x, `${p}.by`)) });
  }
}

function step(v: unknown, p: string): Step {
  const o = obj(v, p);
  return defined({
    id: str(o.id, `${p}.id`),
    section: oneOf(o.section, SECTION_ORDER, `${p}.section`),
    kind: oneOf(o.kind, STEP_KINDS, `${p}.kind`),
    title: str(o.title, `${p}.title`),
    node: opt(o.node, (x) => str(x, `${p}.node`)),
    destructive: bool(o.destructive, `${p}.destructive`),
    optional: bool(o.optional, `${p}.optional`),
    status: status(o.status, `${p}.status`),
    evidence: arr(o.evidence, `${p}.evidence`).map((e, i) => evidence(e, `${p}.evidence[${i}]`)),
  });
}

function nodeRow(v: unknown, p: string): NodeRow {
  const o = obj(v, p);
  return defined({
    name: str(o.name, `${p}.name`),
    zone: opt(o.zone, (x) => str(x, `${p}.zone`)),
    controlPlane: bool(o.controlPlane, `${p}.controlPlane`),
    wasCordoned: bool(o.wasCordoned, `${p}.wasCordoned`),
    kubeletVersion: str(o.kubeletVersion, `${p}.kubeletVersion`),
    osImage: str(o.osImage, `${p}.osImage`),
    kernelVersion: str(o.kernelVersion, `${p}.kernelVersion`),
  });
}

function hop(v: unknown, p: string): Hop {
  const o = obj(v, p);
  const nodes = arr(o.nodes, `${p}.nodes`).map((n, i) => nodeRow(n, `${p}.nodes[${i}]`));
  const steps = arr(o.steps, `${p}.steps`).map((s, i) => step(s, `${p}.steps[${i}]`));
  const names = new Set(nodes.map((n) => n.name));
  steps.forEach((s, i) => {
    if (s.node !== undefined && !names.has(s.node)) throw new ShapeError(`${p}.steps[${i}].node`, `"${s.node}" is not one of the hop's nodes`);
  });
  return { from: str(o.from, `${p}.from`), to: str(o.to, `${p}.to`), nodes, steps };
}

function paused(v: unknown, p: string): { at: number; reason: string } {
  const o: Obj = obj(v, p);
  return { at: num(o.at, `${p}.at`), reason: str(o.reason, `${p}.reason`) };
}

function validate(input: unknown, expected?: ChecklistKey): ChecklistState {
  const o = obj(input, '');
  const schema = num(o.schema, 'schema');
  if (schema > CHECKLIST_SCHEMA) throw new ShapeError('schema', `written by a newer version of the extension (schema ${schema}; this one reads ${CHECKLIST_SCHEMA})`);
  if (schema !== CHECKLIST_SCHEMA) throw new ShapeError('schema', `unknown schema ${schema}`);
  const k = obj(o.key, 'key');
  const key: ChecklistKey = { server: str(k.server, 'key.server'), context: str(k.context, 'key.context') };
  if (expected && !sameCluster(key, expected)) throw new ShapeError('key', `belongs to ${key.context} at ${key.server}, not ${expected.context} at ${expected.server}`);
  const hops = arr(o.hops, 'hops').map((h, i) => hop(h, `hops[${i}]`));
  if (hops.length === 0) throw new ShapeError('hops', 'a checklist has at least one hop');
  const ids = new Set<string>();
  for (const s of hops.flatMap((h) => h.steps)) {
    if (ids.has(s.id)) throw new ShapeError('hops', `step id ${s.id} appears twice`);
    ids.add(s.id);
  }
  const running = hops.flatMap((h) => h.steps).filter((s) => s.status.kind === 'running');
  if (running.length > 1) throw new ShapeError('hops', `${running.length} steps are running at once`);
  return defined({
    schema: CHECKLIST_SCHEMA,
    key,
    mode: oneOf(o.mode, ['upgrade', 'rolling'] as const, 'mode'),
    createdAt: num(o.createdAt, 'createdAt'),
    updatedAt: num(o.updatedAt, 'updatedAt'),
    hops,
    auto: oneOf(o.auto, AUTO, 'auto'),
    paused: opt(o.paused, (x) => paused(x, 'paused')),
  });
}

/**
 * Reads a stored checklist (the JSON text or the parsed value). With `expected`, a checklist of another
 * cluster is refused too. The result is rebuilt from the checked fields; unknown fields are dropped.
 */
export function loadChecklist(stored: unknown, expected?: ChecklistKey): LoadResult {
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch (e) {
      return { ok: false, reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  try {
    return { ok: true, state: validate(value, expected) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, reason: e.message };
    throw e;
  }
}
