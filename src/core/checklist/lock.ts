// One window drives a cluster's checklist at a time: a lock record in a shared store, kept fresh by a
// heartbeat, taken over only with the operator's confirmation (and only if it is still the record they
// were shown), and given up only by its owner.
import { num, obj, str } from './jsonShape';
import { checklistStorageKey } from './persist';
import type { ChecklistKey } from './types';

/** A Memento-like store shared by the windows (VS Code's globalState, or a file): update(key, undefined) removes. */
export interface LockStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface LockOwner {
  /** One id per window, made when the window starts. */
  readonly ownerId: string;
  readonly host: string;
  readonly pid: number;
}

export interface LockRecord extends LockOwner {
  readonly takenAt: number;
  readonly heartbeatAt: number;
}

export interface LockTiming {
  /** A lock whose heartbeat is older than this was left by a window that is gone. */
  readonly staleAfterMs: number;
}

/** Heartbeat every 15 s; a minute without one is stale. */
export const HEARTBEAT_MS = 15_000;
export const DEFAULT_LOCK_TIMING: LockTiming = { staleAfterMs: 60_000 };

export type LockStatus =
  | { readonly kind: 'free' }
  | { readonly kind: 'mine'; readonly record: LockRecord }
  | { readonly kind: 'held' | 'stale'; readonly record: LockRecord; readonly ageMs: number; readonly silentMs: number };

export type AcquireResult =
  | { readonly kind: 'acquired'; readonly record: LockRecord }
  /** Another window holds it (or held it and went quiet): ask before stealLock. */
  | { readonly kind: 'needs-confirmation'; readonly status: Extract<LockStatus, { kind: 'held' | 'stale' }> };

export function lockStorageKey(key: ChecklistKey): string {
  return `${checklistStorageKey(key)}/lock`;
}

/** The stored lock, or undefined when there is none or what is stored is not a lock. */
export function parseLock(v: unknown): LockRecord | undefined {
  try {
    const o = obj(v, 'lock');
    return { ownerId: str(o.ownerId, 'ownerId'), host: str(o.host, 'host'), pid: num(o.pid, 'pid'), takenAt: num(o.takenAt, 'takenAt'), heartbeatAt: num(o.heartbeatAt, 'heartbeatAt') };
  } catch {
    return undefined;
  }
}

export function lockStatus(record: LockRecord | undefined, me: LockOwner, now: number, timing: LockTiming = DEFAULT_LOCK_TIMING): LockStatus {
  if (!record) return { kind: 'free' };
  if (record.ownerId === me.ownerId) return { kind: 'mine', record };
  const silentMs = Math.max(0, now - record.heartbeatAt);
  return { kind: silentMs > timing.staleAfterMs ? 'stale' : 'held', record, ageMs: Math.max(0, now - record.takenAt), silentMs };
}

export function readLockStatus(store: LockStore, key: ChecklistKey, me: LockOwner, now: number, timing: LockTiming = DEFAULT_LOCK_TIMING): LockStatus {
  return lockStatus(parseLock(store.get(lockStorageKey(key))), me, now, timing);
}

async function write(store: LockStore, key: ChecklistKey, me: LockOwner, takenAt: number, now: number): Promise<AcquireResult | undefined> {
  const record: LockRecord = { ownerId: me.ownerId, host: me.host, pid: me.pid, takenAt, heartbeatAt: now };
  await store.update(lockStorageKey(key), record);
  // Read back: when another window wrote in between, the last writer holds it.
  const after = parseLock(store.get(lockStorageKey(key)));
  return after?.ownerId === me.ownerId ? { kind: 'acquired', record: after } : undefined;
}

function contested(store: LockStore, key: ChecklistKey, me: LockOwner, now: number, timing: LockTiming): AcquireResult {
  const s = readLockStatus(store, key, me, now, timing);
  if (s.kind === 'held' || s.kind === 'stale') return { kind: 'needs-confirmation', status: s };
  throw new Error('lock store did not keep the lock record');
}

/** Takes the lock when it is free or already this window's; otherwise says who has it. */
export async function acquireLock(store: LockStore, key: ChecklistKey, me: LockOwner, now: number, timing: LockTiming = DEFAULT_LOCK_TIMING): Promise<AcquireResult> {
  const s = readLockStatus(store, key, me, now, timing);
  if (s.kind === 'held' || s.kind === 'stale') return { kind: 'needs-confirmation', status: s };
  return (await write(store, key, me, s.kind === 'mine' ? s.record.takenAt : now, now)) ?? contested(store, key, me, now, timing);
}

/**
 * Takes the lock from another window after the operator confirmed, only if it is still the record they
 * were shown (same owner, same heartbeat); if it changed meanwhile, they are asked again.
 */
export async function stealLock(store: LockStore, key: ChecklistKey, me: LockOwner, now: number, confirmed: LockRecord, timing: LockTiming = DEFAULT_LOCK_TIMING): Promise<AcquireResult> {
  const current = parseLock(store.get(lockStorageKey(key)));
  const unchanged = current !== undefined && current.ownerId === confirmed.ownerId && current.heartbeatAt === confirmed.heartbeatAt;
  if (!unchanged) return acquireLock(store, key, me, now, timing);
  return (await write(store, key, me, now, now)) ?? contested(store, key, me, now, timing);
}

export type HeartbeatResult = { readonly kind: 'ok'; readonly record: LockRecord } | { readonly kind: 'lost'; readonly status: LockStatus };

/** Keeps this window's lock fresh; 'lost' means another window took it over and this one must stop driving. */
export async function heartbeatLock(store: LockStore, key: ChecklistKey, me: LockOwner, now: number, timing: LockTiming = DEFAULT_LOCK_TIMING): Promise<HeartbeatResult> {
  const s = readLockStatus(store, key, me, now, timing);
  if (s.kind !== 'mine') return { kind: 'lost', status: s };
  const r = await write(store, key, me, s.record.takenAt, now);
  return r?.kind === 'acquired' ? { kind: 'ok', record: r.record } : { kind: 'lost', status: readLockStatus(store, key, me, now, timing) };
}

/** Gives the lock up if this window holds it; another window's lock is left alone. */
export async function releaseLock(store: LockStore, key: ChecklistKey, me: LockOwner): Promise<boolean> {
  if (parseLock(store.get(lockStorageKey(key)))?.ownerId !== me.ownerId) return false;
  await store.update(lockStorageKey(key), undefined);
  return true;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** For the confirmation: "Another window (pid 4242 on build-7) has driven this checklist for 12 min; last heard from 5 s ago." */
export function describeLock(status: Extract<LockStatus, { kind: 'held' | 'stale' }>): string {
  const who = `Another window (pid ${status.record.pid} on ${status.record.host})`;
  return status.kind === 'stale'
    ? `${who} took this checklist ${duration(status.ageMs)} ago and has not been heard from for ${duration(status.silentMs)}; it is probably closed.`
    : `${who} has driven this checklist for ${duration(status.ageMs)}; last heard from ${duration(status.silentMs)} ago.`;
}
