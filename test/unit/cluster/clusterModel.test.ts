// ClusterModel and ListWatch import no vscode, so they run in plain Node with a scripted session.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ClusterModel, type ClusterState } from '../../../src/cluster/clusterModel';
import { ClusterError, type ClusterErrorInfo } from '../../../src/core/cluster/errors';
import type { ClusterSession, ListOptions, WatchHandlers } from '../../../src/cluster/types';
import type { ApiNode, ApiPod } from '../../../src/core/cluster/fromApi';

const node = (name: string, rv: number, ready = 'True', unschedulable = false): ApiNode => ({
  metadata: { name, uid: name, resourceVersion: String(rv) },
  spec: { unschedulable },
  status: { conditions: [{ type: 'Ready', status: ready }], nodeInfo: { kubeletVersion: 'v1.31.4' }, allocatable: { pods: '110' } },
});

const pod = (name: string, nodeName: string, phase = 'Running'): ApiPod => ({
  metadata: { name, namespace: 'apps', uid: name, resourceVersion: '1', labels: { big: 'x'.repeat(1000) } },
  spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase },
});

interface FakeWatch {
  path: string;
  rv: string;
  handlers: WatchHandlers<unknown>;
  stopped: boolean;
}

class FakeSession implements ClusterSession {
  nodes: ApiNode[] = [node('a', 1), node('b', 2)];
  pods: ApiPod[] = [];
  rv = 10;
  lists: string[] = [];
  watches: FakeWatch[] = [];
  listFailures: ClusterError[] = [];
  refreshes = 0;
  canRefresh = false;
  readonly contextName = 'fake';
  readonly server = 'https://fake';
  readonly runsProgram = false;

  async version() {
    return { gitVersion: 'v1.31.4' };
  }
  async get<T>(): Promise<T> {
    throw new Error('not used');
  }
  async listPages<T>(path: string, _o: ListOptions, onPage: (items: T[]) => void) {
    this.lists.push(path);
    if (path === '/api/v1/nodes') {
      const e = this.listFailures.shift();
      if (e) throw e;
    }
    const items = path === '/api/v1/nodes' ? this.nodes : path === '/api/v1/pods' ? this.pods : [];
    // Two pages, as a paginated server would send them.
    const half = Math.ceil(items.length / 2);
    onPage(items.slice(0, half) as T[]);
    onPage(items.slice(half) as T[]);
    return { resourceVersion: String(this.rv) };
  }
  async list<T>(): Promise<{ items: T[]; resourceVersion: string }> {
    throw new Error('not used');
  }
  watch<T>(path: string, rv: string, handlers: WatchHandlers<T>) {
    const w: FakeWatch = { path, rv, handlers: handlers as WatchHandlers<unknown>, stopped: false };
    this.watches.push(w);
    queueMicrotask(() => handlers.onOpen?.());
    return { stop: () => (w.stopped = true) };
  }
  nodeWatches(): FakeWatch[] {
    return this.watches.filter((w) => w.path === '/api/v1/nodes');
  }
  get lastNodeWatch(): FakeWatch {
    const w = this.nodeWatches().at(-1);
    if (!w) throw new Error('no node watch');
    return w;
  }
  nodeLists(): number {
    return this.lists.filter((p) => p === '/api/v1/nodes').length;
  }
  async patch<T>(): Promise<T> {
    throw new Error('not used');
  }
  async post<T>(): Promise<T> {
    throw new Error('not used');
  }
  async delete<T>(): Promise<T> {
    throw new Error('not used');
  }
  refreshCredentials(): boolean {
    this.refreshes++;
    return this.canRefresh;
  }
  dispose(): void {}
}

function connect(session: FakeSession, o: { healthyAfterMs?: number; initialMs?: number } = {}) {
  const states: ClusterState[] = [];
  const model = new ClusterModel({
    contextName: 'fake',
    session: async () => session,
    log: () => undefined,
    kubectlVersion: async () => undefined,
    backoff: { initialMs: o.initialMs ?? 5, maxMs: 40, factor: 2, jitter: 0 },
    healthyAfterMs: o.healthyAfterMs ?? 60_000,
    coalesceMs: 5,
  });
  model.onDidChange((s) => states.push(s));
  return { model, states };
}

async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what}`);
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readyNodes(model: ClusterModel): string[] {
  const s = model.current;
  return s.phase === 'ready' ? s.snapshot.nodes.map((n) => `${n.name}:${n.ready}${n.unschedulable ? ':cordoned' : ''}`).sort() : [];
}

const err = (info: ClusterErrorInfo): ClusterError => new ClusterError(info);

describe('ClusterModel: list and watch', () => {
  it('lists, then watches nodes from the list resourceVersion and applies events', async () => {
    const s = new FakeSession();
    const { model } = connect(s);
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    assert.equal(s.lastNodeWatch.rv, '10');
    assert.deepEqual(readyNodes(model), ['a:True', 'b:True']);
    s.lastNodeWatch.handlers.onEvent('MODIFIED', node('a', 11, 'False'));
    s.lastNodeWatch.handlers.onEvent('ADDED', node('c', 12, 'True', true));
    s.lastNodeWatch.handlers.onEvent('DELETED', node('b', 13));
    await until(() => readyNodes(model).join() === 'a:False,c:True:cordoned', 'events applied');
    model.dispose();
  });

  it('re-lists when the watch says 410 Gone, and watches from the new list', async () => {
    const s = new FakeSession();
    const { model } = connect(s);
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    s.rv = 50;
    s.nodes = [node('a', 40), node('z', 45)];
    s.lastNodeWatch.handlers.onClose({ gone: true });
    await until(() => s.nodeWatches().length === 2, 'a second watch');
    assert.equal(s.lastNodeWatch.rv, '50');
    assert.deepEqual(readyNodes(model), ['a:True', 'z:True']);
    model.dispose();
  });

  it('continues from the last resourceVersion, bookmarks included, when the server ends a watch cleanly', async () => {
    const s = new FakeSession();
    const { model } = connect(s);
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    s.lastNodeWatch.handlers.onEvent('MODIFIED', node('a', 17));
    s.lastNodeWatch.handlers.onEvent('BOOKMARK', { metadata: { resourceVersion: '23' } } as ApiNode);
    s.lastNodeWatch.handlers.onClose({});
    await until(() => s.nodeWatches().length === 2, 'a second watch');
    assert.equal(s.lastNodeWatch.rv, '23');
    assert.equal(s.nodeLists(), 1, 'no re-list was needed');
    model.dispose();
  });

  it('paces reconnects when the server ends every watch at once: back-off grows instead of a storm', async () => {
    const s = new FakeSession();
    const { model } = connect(s, { initialMs: 20 });
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    const started = Date.now();
    // Each new watch is closed cleanly right away, as a proxy or a busy apiserver may do.
    const closer = setInterval(() => {
      const w = s.lastNodeWatch;
      if (!w.stopped && !(w as { closed?: boolean }).closed) {
        (w as { closed?: boolean }).closed = true;
        w.handlers.onClose({});
      }
    }, 1);
    await delay(400);
    clearInterval(closer);
    const watches = s.nodeWatches().length;
    // 20 + 40 + 40 + … ms (max 40): at most ~12 in 400 ms, where an unpaced loop opens thousands.
    assert.ok(watches <= 14, `${watches} watches in ${Date.now() - started} ms`);
    assert.ok(watches >= 2, `reconnected (${watches} watches)`);
    assert.equal(model.current.phase === 'ready' && model.current.live, true, 'a clean close is not shown as a failure');
    model.dispose();
  });

  it('a watch that stayed up long enough resets the back-off', async () => {
    const s = new FakeSession();
    // Delays 50, 100, 200, 400, 400 … without a reset.
    const model = new ClusterModel({
      contextName: 'fake',
      session: async () => s,
      log: () => undefined,
      kubectlVersion: async () => undefined,
      backoff: { initialMs: 50, maxMs: 400, factor: 2, jitter: 0 },
      healthyAfterMs: 100,
      coalesceMs: 5,
    });
    model.start();
    for (let i = 0; i < 4; i++) {
      await until(() => s.nodeWatches().length === i + 1, `watch ${i + 1}`);
      s.lastNodeWatch.handlers.onClose({ error: { kind: 'unreachable', message: 'reset' } });
    }
    await until(() => s.nodeWatches().length === 5, 'watch 5');
    await delay(150); // up long enough to count as healthy
    const t = Date.now();
    s.lastNodeWatch.handlers.onClose({});
    await until(() => s.nodeWatches().length === 6, 'watch 6');
    assert.ok(Date.now() - t < 300, `reconnected after ${Date.now() - t} ms: the initial 50 ms again, not 400 ms`);
    model.dispose();
  });

  it('re-lists with back-off when 410 Gone keeps coming back', async () => {
    const s = new FakeSession();
    const { model } = connect(s, { initialMs: 20 });
    model.start();
    const closer = setInterval(() => {
      const w = s.nodeWatches().at(-1);
      if (w && !(w as { closed?: boolean }).closed) {
        (w as { closed?: boolean }).closed = true;
        w.handlers.onClose({ gone: true });
      }
    }, 1);
    await delay(400);
    clearInterval(closer);
    assert.ok(s.nodeLists() <= 14, `${s.nodeLists()} lists in 400 ms`);
    model.dispose();
  });

  it('honours Retry-After from the server on a reconnect', async () => {
    const s = new FakeSession();
    const { model } = connect(s, { initialMs: 1 });
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    const t = Date.now();
    s.lastNodeWatch.handlers.onClose({ error: { kind: 'too-many-requests', message: 'slow down', status: 429, retryAfterMs: 150 } });
    await until(() => s.nodeWatches().length === 2, 'a second watch');
    assert.ok(Date.now() - t >= 140, `waited ${Date.now() - t} ms`);
    model.dispose();
  });
});

describe('ClusterModel: failures', () => {
  it('a 401 during a watch with static credentials becomes the error state, not endless reconnecting', async () => {
    const s = new FakeSession();
    const { model } = connect(s);
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    s.lastNodeWatch.handlers.onClose({ error: { kind: 'unauthorized', message: 'The cluster rejected the credentials (401 Unauthorized)', status: 401 } });
    await until(() => model.current.phase === 'error', 'the error state');
    assert.equal(model.current.phase === 'error' && model.current.error.kind, 'unauthorized');
    assert.equal(model.current.phase === 'error' && model.current.retryAt, undefined, 'no automatic retry for a credential the user must renew');
    await delay(50);
    assert.equal(s.nodeWatches().length, 1);
    model.dispose();
  });

  it('a 401 with an exec plugin fetches fresh credentials once and carries on', async () => {
    const s = new FakeSession();
    s.canRefresh = true;
    const { model } = connect(s);
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    s.lastNodeWatch.handlers.onClose({ error: { kind: 'unauthorized', message: '401', status: 401 } });
    await until(() => s.nodeWatches().length === 2, 'a watch after the refresh');
    assert.equal(s.refreshes, 1);
    assert.equal(s.nodeLists(), 2, 'listed again with the fresh credential');
    assert.equal(model.current.phase, 'ready');
    model.dispose();
  });

  it('a 403 is the error state and waits for a retry', async () => {
    const s = new FakeSession();
    s.listFailures.push(err({ kind: 'forbidden', message: 'Access denied to list nodes (403 Forbidden)', status: 403 }));
    const { model } = connect(s);
    model.start();
    await until(() => model.current.phase === 'error', 'the error');
    assert.equal(model.current.phase === 'error' && model.current.error.kind, 'forbidden');
    assert.equal(model.running, false);
    model.refresh();
    await until(() => model.current.phase === 'ready', 'ready after retry');
    model.dispose();
  });

  it('a transient failure of the first load shows the error and retries by itself', async () => {
    const s = new FakeSession();
    s.listFailures.push(err({ kind: 'server', message: 'The cluster answered 500', status: 500 }), err({ kind: 'too-many-requests', message: '429', status: 429, retryAfterMs: 30 }));
    const { model, states } = connect(s);
    model.start();
    await until(() => model.current.phase === 'ready', 'ready without a click');
    const errors = states.filter((x) => x.phase === 'error');
    assert.ok(errors.length >= 1 && errors.every((e) => e.phase === 'error' && e.retryAt !== undefined), 'shown as retrying');
    assert.ok(!states.some((x) => x.phase === 'loading' && states.indexOf(x) > states.findIndex((y) => y.phase === 'error')), 'no flash of Loading between retries');
    assert.equal(s.nodeLists(), 3);
    model.dispose();
  });

  it('after a dropped watch, marks the data not live with the reason, backs off and goes live again', async () => {
    const s = new FakeSession();
    const { model } = connect(s, { initialMs: 150 });
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    s.lastNodeWatch.handlers.onClose({ error: { kind: 'unreachable', message: 'connection reset' } });
    await until(() => model.current.phase === 'ready' && !model.current.live, 'not live');
    const st = model.current;
    assert.equal(st.phase === 'ready' && st.live, false);
    assert.equal(st.phase === 'ready' && st.reconnect?.error.message, 'connection reset');
    await until(() => s.nodeWatches().length === 2, 'a new watch');
    assert.equal(s.lastNodeWatch.rv, '10', 'watched again from where it was');
    await until(() => model.current.phase === 'ready' && model.current.live, 'live again');
    model.dispose();
  });

  it('stop cancels the watches and keeps the last data, marked not live', async () => {
    const s = new FakeSession();
    const { model } = connect(s);
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    model.stop();
    assert.equal(s.lastNodeWatch.stopped, true);
    assert.equal(model.current.phase === 'ready' && model.current.live, false);
    assert.deepEqual(readyNodes(model), ['a:True', 'b:True']);
  });
});

describe('ClusterModel: pods', () => {
  it('counts running pods per node from pages and keeps them current from the watch', async () => {
    const s = new FakeSession();
    s.pods = [pod('p1', 'a'), pod('p2', 'a'), pod('p3', 'b'), pod('done', 'b', 'Succeeded')];
    const { model } = connect(s);
    model.start();
    const counts = (): string => {
      const st = model.current;
      return st.phase === 'ready' && st.podsCounted ? st.snapshot.nodes.map((n) => `${n.name}=${n.podsUsed}`).join() : '';
    };
    await until(() => counts() === 'a=2,b=1', 'counted');
    const podWatch = s.watches.find((w) => w.path === '/api/v1/pods');
    assert.ok(podWatch, 'pods are watched');
    podWatch.handlers.onEvent('DELETED', pod('p1', 'a'));
    podWatch.handlers.onEvent('ADDED', pod('p4', 'b'));
    await until(() => counts() === 'a=1,b=2', 'counts follow the watch');
    model.dispose();
  });

  it('does not keep pod objects whole: the labels and specs of listed pods are not retained', async () => {
    const s = new FakeSession();
    s.pods = Array.from({ length: 50 }, (_, i) => pod(`p${i}`, 'a'));
    const { model } = connect(s);
    model.start();
    await until(() => model.current.phase === 'ready' && model.current.podsCounted, 'counted');
    const held = JSON.stringify([...((model as unknown as { podWatch: { items: Map<string, unknown> } }).podWatch.items.values())]);
    assert.ok(!held.includes('xxxx') && !held.includes('nginx'), 'only the node name and phase are kept');
    model.dispose();
  });
});

describe('ClusterModel change events', () => {
  it('does not fire for watch events that change nothing shown (heartbeats)', async () => {
    const s = new FakeSession();
    const { model, states } = connect(s);
    model.start();
    await until(() => s.nodeWatches().length === 1, 'a watch');
    await delay(50);
    const before = states.length;
    s.lastNodeWatch.handlers.onEvent('MODIFIED', node('a', 20));
    await delay(60);
    assert.equal(states.length, before, 'an identical node causes no change event');
    s.lastNodeWatch.handlers.onEvent('MODIFIED', node('a', 21, 'True', true));
    await until(() => states.length > before, 'a change event for a cordon');
    model.dispose();
  });
});
