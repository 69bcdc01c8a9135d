// Two windows on one cluster: only one drives it; the other sees who and since when, and can take over
// only with confirmation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acquireLock, describeLock, heartbeatLock, lockStorageKey, readLockStatus, releaseLock, stealLock, type LockRecord, type LockStore,
} from '../../../src/core/checklist/lock';
import { KEY } from './fixtures';

/** One store shared by the windows, as globalState is; `afterUpdate` lets another window write just after. */
class SharedStore implements LockStore {
  readonly data = new Map<string, unknown>();
  afterUpdate?: () => void;
  get(key: string): unknown {
    return structuredClone(this.data.get(key));
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
    const hook = this.afterUpdate;
    this.afterUpdate = undefined;
    hook?.();
    return Promise.resolve();
  }
}

const A = { ownerId: 'window-a', host: 'laptop', pid: 100 };
const B = { ownerId: 'window-b', host: 'laptop', pid: 200 };
const MIN = 60_000;

describe('checklist lock', () => {
  it('lets the first window take it and tells the second who has it', async () => {
    const store = new SharedStore();
    assert.deepEqual(await acquireLock(store, KEY, A, 1000), { kind: 'acquired', record: { ...A, takenAt: 1000, heartbeatAt: 1000 } });
    const b = await acquireLock(store, KEY, B, 1000 + 12 * MIN);
    assert.equal(b.kind, 'needs-confirmation');
    assert.equal(readLockStatus(store, KEY, A, 2000).kind, 'mine');
    assert.equal((store.data.get(lockStorageKey(KEY)) as LockRecord).ownerId, 'window-a', 'the second window did not overwrite it');
  });

  it('re-acquiring by the owner keeps when it was taken', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 1000);
    assert.deepEqual(await acquireLock(store, KEY, A, 5000), { kind: 'acquired', record: { ...A, takenAt: 1000, heartbeatAt: 5000 } });
  });

  it('says whether the holder is alive or stale, with its age', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    await heartbeatLock(store, KEY, A, 12 * MIN - 5000);
    const fresh = await acquireLock(store, KEY, B, 12 * MIN);
    assert.ok(fresh.kind === 'needs-confirmation');
    assert.equal(fresh.status.kind, 'held');
    assert.equal(describeLock(fresh.status), 'Another window (pid 100 on laptop) has driven this checklist for 12 min; last heard from 5 s ago.');
    const stale = await acquireLock(store, KEY, B, 14 * MIN);
    assert.ok(stale.kind === 'needs-confirmation' && stale.status.kind === 'stale');
    assert.match(describeLock(stale.status), /has not been heard from for 2 min; it is probably closed/);
  });

  it('steals with confirmation; the old owner\'s heartbeat then reports the loss', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    const seen = await acquireLock(store, KEY, B, 10 * MIN);
    assert.ok(seen.kind === 'needs-confirmation');
    const stolen = await stealLock(store, KEY, B, 10 * MIN + 1, seen.status.record);
    assert.deepEqual(stolen, { kind: 'acquired', record: { ...B, takenAt: 10 * MIN + 1, heartbeatAt: 10 * MIN + 1 } });
    const hb = await heartbeatLock(store, KEY, A, 10 * MIN + 2);
    assert.equal(hb.kind, 'lost');
    assert.equal((store.data.get(lockStorageKey(KEY)) as LockRecord).ownerId, 'window-b', 'a lost heartbeat does not take it back');
  });

  it('asks again when the lock changed after the operator was shown it', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    const seen = await acquireLock(store, KEY, B, 1000);
    assert.ok(seen.kind === 'needs-confirmation');
    await heartbeatLock(store, KEY, A, 2000);
    const r = await stealLock(store, KEY, B, 3000, seen.status.record);
    assert.ok(r.kind === 'needs-confirmation');
    assert.equal(r.status.record.heartbeatAt, 2000);
    assert.equal(readLockStatus(store, KEY, A, 3000).kind, 'mine');
  });

  it('loses a race to a window that wrote right after it, and says so', async () => {
    const store = new SharedStore();
    store.afterUpdate = () => store.data.set(lockStorageKey(KEY), { ...B, takenAt: 1000, heartbeatAt: 1000 });
    const r = await acquireLock(store, KEY, A, 1000);
    assert.ok(r.kind === 'needs-confirmation', JSON.stringify(r));
    assert.equal(r.status.record.ownerId, 'window-b');
  });

  it('releases only its own lock', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    assert.equal(await releaseLock(store, KEY, B), false);
    assert.equal(readLockStatus(store, KEY, B, 1).kind, 'held');
    assert.equal(await releaseLock(store, KEY, A), true);
    assert.equal(readLockStatus(store, KEY, B, 2).kind, 'free');
    assert.equal((await acquireLock(store, KEY, B, 3)).kind, 'acquired');
  });

  it('treats a stored value that is not a lock as no lock, and keeps locks per cluster', async () => {
    const store = new SharedStore();
    store.data.set(lockStorageKey(KEY), { ownerId: 7 });
    assert.equal((await acquireLock(store, KEY, A, 0)).kind, 'acquired');
    assert.equal((await acquireLock(store, { ...KEY, context: 'staging' }, B, 0)).kind, 'acquired');
  });
  it('a holder silent for exactly the stale time is still alive; one millisecond more and it is stale', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 10 * MIN);
    assert.deepEqual(readLockStatus(store, KEY, B, 11 * MIN), { kind: 'held', record: { ...A, takenAt: 10 * MIN, heartbeatAt: 10 * MIN }, ageMs: MIN, silentMs: MIN });
    assert.equal(readLockStatus(store, KEY, B, 11 * MIN + 1).kind, 'stale');
  });

  it('words long holds in hours and minutes, and a minute from 60 s', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    await heartbeatLock(store, KEY, A, 125 * MIN - 60_000);
    const r = await acquireLock(store, KEY, B, 125 * MIN);
    assert.ok(r.kind === 'needs-confirmation');
    assert.equal(describeLock(r.status), 'Another window (pid 100 on laptop) has driven this checklist for 2 h 5 min; last heard from 1 min ago.');
    await heartbeatLock(store, KEY, A, 125 * MIN);
    const hour = await acquireLock(store, KEY, B, 185 * MIN);
    assert.ok(hour.kind === 'needs-confirmation');
    assert.equal(describeLock(hour.status), 'Another window (pid 100 on laptop) took this checklist 3 h 5 min ago and has not been heard from for 1 h 0 min; it is probably closed.');
  });

  it('a lock that another window deleted right after this one wrote it is an error, not a silent success', async () => {
    const store = new SharedStore();
    store.afterUpdate = () => store.data.delete(lockStorageKey(KEY));
    await assert.rejects(acquireLock(store, KEY, A, 1000), /lock store did not keep the lock record/);
  });

  it('taking over a lock that was released meanwhile simply takes it', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    const seen = await acquireLock(store, KEY, B, 1000);
    assert.ok(seen.kind === 'needs-confirmation');
    await releaseLock(store, KEY, A);
    assert.deepEqual(await stealLock(store, KEY, B, 2000, seen.status.record), { kind: 'acquired', record: { ...B, takenAt: 2000, heartbeatAt: 2000 } });
  });

  it('asks again when a third window took the lock at the very moment shown', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    const seen = await acquireLock(store, KEY, B, 1000);
    assert.ok(seen.kind === 'needs-confirmation');
    const C = { ownerId: 'window-c', host: 'desktop', pid: 300 };
    store.data.set(lockStorageKey(KEY), { ...C, takenAt: 0, heartbeatAt: seen.status.record.heartbeatAt });
    const r = await stealLock(store, KEY, B, 2000, seen.status.record);
    assert.ok(r.kind === 'needs-confirmation');
    assert.equal(r.status.record.ownerId, 'window-c');
  });

  it('a heartbeat that loses a race says who holds the lock now', async () => {
    const store = new SharedStore();
    await acquireLock(store, KEY, A, 0);
    store.afterUpdate = () => store.data.set(lockStorageKey(KEY), { ...B, takenAt: 1000, heartbeatAt: 1000 });
    const hb = await heartbeatLock(store, KEY, A, 1000);
    assert.deepEqual(hb, { kind: 'lost', status: { kind: 'held', record: { ...B, takenAt: 1000, heartbeatAt: 1000 }, ageMs: 0, silentMs: 0 } });
    assert.deepEqual(await heartbeatLock(store, KEY, B, 2000), { kind: 'ok', record: { ...B, takenAt: 1000, heartbeatAt: 2000 } });
  });

  it('releasing when nothing is stored gives nothing up', async () => {
    assert.equal(await releaseLock(new SharedStore(), KEY, A), false);
  });
});
