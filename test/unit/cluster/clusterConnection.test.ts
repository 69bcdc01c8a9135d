// ClusterConnection only imports vscode types, so it runs in plain Node with a scripted session.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ClusterConnection, type ClusterState } from '../../../src/features/clusters/clusterConnection';
import { ClusterError } from '../../../src/core/cluster/errors';
import type { ClusterSession, ListResult, WatchHandlers } from '../../../src/cluster/types';
import type { ApiNode } from '../../../src/core/cluster/fromApi';

const node = (name: string, rv: number, ready = 'True', unschedulable = false): ApiNode => ({
  metadata: { name, uid: name, resourceVersion: String(rv) },
  spec: { unschedulable },
  status: { conditions: [{ type: 'Ready', status: ready }], nodeInfo: { kubeletVersion: 'v1.31.4' }, allocatable: { pods: '110' } },
});

class FakeSession implements Partial<ClusterSession> {
  nodes: ApiNode[] = [node('a', 1), node('b', 2)];
  rv = 10;
  lists: string[] = [];
  watches: { rv: string; handlers: WatchHandlers<ApiNode>; stopped: boolean }[] = [];
  failNextList: ClusterError | undefined;
  readonly contextName = 'fake';
  readonly server = 'https://fake';

  async version() {
    return { gitVersion: 'v1.31.4' };
  }
  async list<T>(path: string): Promise<ListResult<T>> {
    this.lists.push(path);
    if (path === '/api/v1/nodes' && this.failNextList) {
      const e = this.failNextList;
      this.failNextList = undefined;
      throw e;
    }
    const items = path === '/api/v1/nodes' ? this.nodes : [];
    return { items: items as T[], resourceVersion: String(this.rv) };
  }
  async watch<T>(_path: string, rv: string, handlers: WatchHandlers<T>) {
    const w = { rv, handlers: handlers as unknown as WatchHandlers<ApiNode>, stopped: false };
    this.watches.push(w);
    return { stop: () => (w.stopped = true) };
  }
  get lastWatch() {
    const w = this.watches[this.watches.length - 1];
    if (!w) throw new Error('no watch');
    return w;
  }
}

const silentLog = { info() {}, warn() {}, error() {}, debug() {}, trace() {} } as unknown as import('vscode').LogOutputChannel;

function connect(session: FakeSession) {
  const states: ClusterState[] = [];
  const conn = new ClusterConnection({
    contextName: 'fake',
    session: async () => session as unknown as ClusterSession,
    log: silentLog,
    kubectlVersion: async () => undefined,
    onChange: () => states.push(conn.current),
    backoff: { minMs: 5, maxMs: 20 },
  });
  return { conn, states };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never: ${what}`);
}

function readyNodes(conn: ClusterConnection): string[] {
  const s = conn.current;
  return s.phase === 'ready' ? s.snapshot.nodes.map((n) => `${n.name}:${n.ready}${n.unschedulable ? ':cordoned' : ''}`).sort() : [];
}

describe('ClusterConnection', () => {
  it('lists, then watches nodes from the list resourceVersion and applies events', async () => {
    const s = new FakeSession();
    const { conn } = connect(s);
    conn.start();
    await until(() => s.watches.length === 1, 'a watch');
    assert.equal(s.lastWatch.rv, '10');
    assert.deepEqual(readyNodes(conn), ['a:True', 'b:True']);
    s.lastWatch.handlers.onEvent('MODIFIED', node('a', 11, 'False'));
    s.lastWatch.handlers.onEvent('ADDED', node('c', 12, 'True', true));
    s.lastWatch.handlers.onEvent('DELETED', node('b', 13));
    await until(() => readyNodes(conn).length === 2 && readyNodes(conn)[0] === 'a:False', 'events applied');
    assert.deepEqual(readyNodes(conn), ['a:False', 'c:True:cordoned']);
    conn.dispose();
  });

  it('re-lists when the watch says 410 Gone, and watches from the new list', async () => {
    const s = new FakeSession();
    const { conn } = connect(s);
    conn.start();
    await until(() => s.watches.length === 1, 'a watch');
    s.rv = 50;
    s.nodes = [node('a', 40), node('z', 45)];
    s.lastWatch.handlers.onClose({ gone: true });
    await until(() => s.watches.length === 2, 'a second watch');
    assert.equal(s.lastWatch.rv, '50');
    assert.deepEqual(readyNodes(conn), ['a:True', 'z:True']);
    conn.dispose();
  });

  it('continues from the last seen resourceVersion when the server ends a watch normally', async () => {
    const s = new FakeSession();
    const { conn } = connect(s);
    conn.start();
    await until(() => s.watches.length === 1, 'a watch');
    s.lastWatch.handlers.onEvent('MODIFIED', node('a', 17));
    s.lastWatch.handlers.onClose({});
    await until(() => s.watches.length === 2, 'a second watch');
    assert.equal(s.lastWatch.rv, '17');
    assert.equal(s.lists.filter((p) => p === '/api/v1/nodes').length, 1, 'no re-list was needed');
    conn.dispose();
  });

  it('after a dropped watch, marks the data not live, backs off, re-lists and goes live again', async () => {
    const s = new FakeSession();
    const { conn } = connect(s);
    conn.start();
    await until(() => s.watches.length === 1, 'a watch');
    s.failNextList = new ClusterError({ kind: 'unreachable', message: 'down' });
    s.lastWatch.handlers.onClose({ error: { kind: 'unreachable', message: 'connection reset' } });
    assert.equal(conn.current.phase === 'ready' && conn.current.live, false);
    await until(() => s.watches.length === 2, 'a watch after the failed re-list and a second back-off');
    await until(() => conn.current.phase === 'ready' && conn.current.live, 'live again');
    assert.equal(s.lists.filter((p) => p === '/api/v1/nodes').length, 3, 'first list, failed re-list, good re-list');
    conn.dispose();
  });

  it('a failed first load is an error state that waits for a retry', async () => {
    const s = new FakeSession();
    s.failNextList = new ClusterError({ kind: 'forbidden', message: 'Access denied to list nodes (403 Forbidden)', status: 403 });
    const { conn } = connect(s);
    conn.start();
    await until(() => conn.current.phase === 'error', 'the error');
    assert.equal(conn.current.phase === 'error' && conn.current.error.kind, 'forbidden');
    assert.equal(conn.running, false);
    conn.refresh();
    await until(() => conn.current.phase === 'ready', 'ready after retry');
    conn.dispose();
  });

  it('stop cancels the watch and keeps the last data, marked not live', async () => {
    const s = new FakeSession();
    const { conn } = connect(s);
    conn.start();
    await until(() => s.watches.length === 1, 'a watch');
    conn.stop();
    assert.equal(s.lastWatch.stopped, true);
    assert.equal(conn.current.phase === 'ready' && conn.current.live, false);
    assert.deepEqual(readyNodes(conn), ['a:True', 'b:True']);
  });
});

describe('ClusterConnection change events', () => {
  it('does not refresh the tree for watch events that change nothing it shows (heartbeats)', async () => {
    const s = new FakeSession();
    const { conn, states } = connect(s);
    conn.start();
    await until(() => s.watches.length === 1, 'a watch');
    await new Promise((r) => setTimeout(r, 50));
    const before = states.length;
    s.lastWatch.handlers.onEvent('MODIFIED', node('a', 20));
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(states.length, before, 'an identical node causes no change event');
    s.lastWatch.handlers.onEvent('MODIFIED', node('a', 21, 'True', true));
    await until(() => states.length > before, 'a change event for a cordon');
    conn.dispose();
  });
});
