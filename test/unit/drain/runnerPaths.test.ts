// The drain runner's less travelled paths, as kubectl drain v1.35 takes them (k8s.io/kubectl/pkg/drain/
// drain.go, pkg/cmd/drain/drain.go): cordon results, failures of the API in every phase, timeouts to
// the millisecond, terminating namespaces, deletion with --disable-eviction, and the progress events
// the editor shows.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ApiPod } from '../../../src/core/cluster/apiTypes';
import { ClusterError } from '../../../src/core/cluster/errors';
import { KUBECTL_DEFAULTS, type DrainOptions } from '../../../src/core/drain/filters';
import { cordonNode, drainNodes, kubectlErrorLine, type DrainEvent } from '../../../src/core/drain/runner';
import { FakeCluster, VirtualClock, apiError, io, pod } from './fakeApi';

const opts = (o: Partial<DrainOptions> = {}): DrainOptions => ({ ...KUBECTL_DEFAULTS, ...o });
const pdbRefusal = () => apiError({ status: 429, kind: 'too-many-requests', reason: 'TooManyRequests', serverMessage: "Cannot evict pod as it would violate the pod's disruption budget." });
const forbidden = (serverMessage: string) => new ClusterError({ kind: 'forbidden', message: 'Not allowed (check RBAC)', status: 403, reason: 'Forbidden', serverMessage });
const withEvents = (x: ReturnType<typeof io>): ReturnType<typeof io> & { events: DrainEvent[] } => {
  const events: DrainEvent[] = [];
  return { ...x, event: (e) => events.push(e), events };
};

describe('drain runner: cordon', () => {
  it('an already cordoned node is reported as such and not patched', async () => {
    const c = new FakeCluster();
    c.nodes.get('n1')!.unschedulable = true;
    const x = withEvents(io(new VirtualClock()));
    const r = await cordonNode(c, 'n1', true, { dryRun: 'none' }, x);
    assert.deepEqual(r, { ok: true, changed: false });
    assert.deepEqual(x.stdout, ['node/n1 already cordoned']);
    assert.deepEqual(x.events, [{ type: 'cordoned', node: 'n1', already: true }]);
    assert.deepEqual(c.calls, []);
  });

  it('uncordon: "already uncordoned" for a schedulable node; a real uncordon is no "cordoned" event', async () => {
    const c = new FakeCluster();
    const x = withEvents(io(new VirtualClock()));
    assert.deepEqual(await cordonNode(c, 'n1', false, { dryRun: 'server' }, x), { ok: true, changed: false });
    assert.deepEqual(x.stdout, ['node/n1 already uncordoned (server dry run)']);
    c.nodes.get('n1')!.unschedulable = true;
    const y = withEvents(io(new VirtualClock()));
    assert.deepEqual(await cordonNode(c, 'n1', false, { dryRun: 'none' }, y), { ok: true, changed: true });
    assert.deepEqual(y.stdout, ['node/n1 uncordoned']);
    assert.deepEqual(y.events, []);
    assert.equal(c.nodes.get('n1')?.unschedulable, false);
  });

  it('a cordon that changes the node says so, and a client dry run changes nothing', async () => {
    const c = new FakeCluster();
    const x = withEvents(io(new VirtualClock()));
    assert.deepEqual(await cordonNode(c, 'n1', true, { dryRun: 'client' }, x), { ok: true, changed: true });
    assert.deepEqual(x.stdout, ['node/n1 cordoned (dry run)']);
    assert.deepEqual(x.events, [{ type: 'cordoned', node: 'n1', already: false }]);
    assert.equal(c.nodes.get('n1')?.unschedulable, false);
  });

  it('a node that cannot be read or patched is not ok, with the error, and prints nothing', async () => {
    const c = new FakeCluster();
    const x = io(new VirtualClock());
    const missing = await cordonNode(c, 'nope', true, { dryRun: 'none' }, x);
    assert.equal(missing.ok, false);
    assert.equal(missing.changed, false);
    assert.match(kubectlErrorLine(missing.error), /^Error from server \(NotFound\): nodes "nope" not found$/);
    const denied = forbidden('nodes "n1" is forbidden: User "jane" cannot patch resource "nodes"');
    c.setUnschedulable = async () => {
      throw denied;
    };
    const patched = await cordonNode(c, 'n1', true, { dryRun: 'none' }, x);
    assert.deepEqual(patched, { ok: false, changed: false, error: denied });
    assert.deepEqual(x.stdout, []);
  });

  it('a node object without a name is printed with an empty name; a name given as text is used when the node has none', async () => {
    const c = new FakeCluster();
    c.getNode = async () => ({ spec: { unschedulable: true } });
    const x = io(new VirtualClock());
    await cordonNode(c, 'n1', true, { dryRun: 'none' }, x);
    await cordonNode(c, { spec: { unschedulable: true } }, true, { dryRun: 'none' }, x);
    assert.deepEqual(x.stdout, ['node/n1 already cordoned', 'node/ already cordoned']);
  });

  it('a cordon that fails is reported and the drain goes on, as kubectl does', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    c.setUnschedulable = async () => {
      throw forbidden('nodes "n1" is forbidden: User "jane" cannot patch resource "nodes"');
    };
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.deepEqual(x.stderr, ['error: unable to cordon node "n1": nodes "n1" is forbidden: User "jane" cannot patch resource "nodes"']);
    assert.deepEqual(x.stdout, ['evicting pod default/w', 'pod/w evicted', 'node/n1 drained']);
    assert.equal(r.exitCode, 0);
  });
});

describe('drain runner: errors in kubectl words', () => {
  it('an error without a server status prints "error: ", with our message or the text thrown', () => {
    assert.equal(kubectlErrorLine({ info: { kind: 'unreachable', message: 'Cannot reach the cluster: connection refused' } }), 'error: Cannot reach the cluster: connection refused');
    assert.equal(kubectlErrorLine({ info: { kind: 'server', message: 'status 500', status: 500 } }), 'error: status 500');
    assert.equal(kubectlErrorLine({ info: { kind: 'server', message: 'm', status: 500, serverMessage: 'etcdserver: request timed out' } }), 'Error from server (InternalError): etcdserver: request timed out');
    assert.equal(kubectlErrorLine(new Error('socket hang up')), 'error: socket hang up');
    assert.equal(kubectlErrorLine('plain text'), 'error: plain text');
    assert.equal(kubectlErrorLine(undefined), 'error: undefined');
  });

  it('a node that cannot be read ends the command with the result kubectl gives', async () => {
    const c = new FakeCluster();
    c.getNode = async () => {
      throw new ClusterError({ kind: 'unreachable', message: 'Cannot reach the cluster: connection refused' });
    };
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.deepEqual(r, { nodes: [{ node: 'n1', outcome: 'failed', removed: [], remaining: [], error: 'Cannot reach the cluster: connection refused' }], exitCode: 1 });
    assert.deepEqual(x.stderr, ['error: Cannot reach the cluster: connection refused']);
  });

  it('a drained node has nothing remaining', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    const r = await drainNodes(c, ['n1'], opts(), io(new VirtualClock()));
    assert.deepEqual(r, { nodes: [{ node: 'n1', outcome: 'drained', removed: ['default/w'], remaining: [] }], exitCode: 0 });
  });

  it("blocked pods: kubectl's lines, with no pending-pods list (nothing was started)", async () => {
    const c = new FakeCluster();
    c.pods = [pod('naked'), pod('w', { owner: 'ReplicaSet/r' })];
    const x = withEvents(io(new VirtualClock()));
    await drainNodes(c, ['n1'], opts(), x);
    const err = 'cannot delete cannot delete Pods that declare no controller (use --force to override): default/naked';
    assert.deepEqual(x.stderr, [`error: unable to drain node "n1" due to error: ${err}, continuing command...`, 'There are pending nodes to be drained:', ' n1', err]);
    const planned = x.events.find((e) => e.type === 'planned');
    assert.ok(planned?.type === 'planned' && planned.toRemove === 0, 'nothing will be removed');
    assert.deepEqual(x.events.at(-1), { type: 'node-failed', node: 'n1', message: err });
  });

  it("a DaemonSet that no longer exists blocks its pod with the server's NotFound (from the lookup the drain makes)", async () => {
    const c = new FakeCluster();
    const orphan: ApiPod = { ...pod('agent-x', { owner: 'DaemonSet/agent' }), metadata: { name: 'agent-x', uid: 'u', ownerReferences: [{ kind: 'DaemonSet', name: 'agent', controller: true }] } };
    c.pods = [orphan, pod('done', { owner: 'DaemonSet/old', phase: 'Succeeded' })];
    const looked: string[] = [];
    c.daemonSet = async (ns, name) => {
      looked.push(`${ns}/${name}`);
      return 'not-found';
    };
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ ignoreDaemonSets: true }), x);
    assert.equal(r.exitCode, 1);
    assert.ok(x.stderr.includes('cannot delete daemonsets.apps "agent" not found: default/agent-x'), x.stderr.join('\n'));
    assert.deepEqual(looked, ['default/agent'], 'finished pods need no lookup');
  });

  it('a DaemonSet lookup that fails blocks its pod with the API error, even under --force', async () => {
    const c = new FakeCluster();
    c.pods = [pod('agent-1', { owner: 'DaemonSet/agent' })];
    c.daemonSet = async () => {
      throw forbidden('daemonsets.apps "agent" is forbidden: User "jane" cannot get resource "daemonsets"');
    };
    const x = io(new VirtualClock());
    await drainNodes(c, ['n1'], opts({ ignoreDaemonSets: true, force: true }), x);
    assert.ok(x.stderr.includes('cannot delete daemonsets.apps "agent" is forbidden: User "jane" cannot get resource "daemonsets": default/agent-1'), x.stderr.join('\n'));
  });

  it('warnings go to stderr before the evictions', async () => {
    const c = new FakeCluster();
    c.pods = [pod('agent', { owner: 'DaemonSet/agent' }), pod('w', { owner: 'ReplicaSet/r' })];
    c.daemonSets.add('default/agent');
    const x = io(new VirtualClock());
    await drainNodes(c, ['n1'], opts({ ignoreDaemonSets: true }), x);
    assert.deepEqual(x.stderr, ['Warning: ignoring DaemonSet-managed Pods: default/agent']);
    assert.deepEqual(x.stdout, ['node/n1 cordoned', 'evicting pod default/w', 'pod/w evicted', 'node/n1 drained']);
  });

  it('a node with nothing to remove asks the server nothing more', async () => {
    const c = new FakeCluster();
    c.pods = [pod('static', { owner: 'Node/n1', mirror: true })];
    let discovery = 0;
    c.evictionVersion = async () => {
      discovery++;
      return 'policy/v1';
    };
    const x = io(new VirtualClock());
    assert.equal((await drainNodes(c, ['n1'], opts(), x)).exitCode, 0);
    assert.equal(discovery, 0);
    assert.deepEqual(x.stdout, ['node/n1 cordoned', 'node/n1 drained']);
  });

  it('an eviction that fails without an API status (a dropped connection) fails that pod with the text', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    c.evict = async () => {
      throw new Error('socket hang up');
    };
    const x = withEvents(io(new VirtualClock()));
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 1);
    assert.equal(x.stderr[0], 'There are pending pods in node "n1" when an error occurred: error when evicting pods/"w" -n "default": socket hang up');
    assert.ok(x.events.some((e) => e.type === 'pod-failed' && e.pod === 'default/w' && e.message === 'socket hang up'));
  });

  it("a failed node's error is the server's message, not our summary of it", async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    c.deletePod = async () => {
      throw forbidden('pods "w" is forbidden: User "jane" cannot delete resource "pods"');
    };
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ disableEviction: true }), x);
    assert.equal(r.nodes[0]?.error, 'pods "w" is forbidden: User "jane" cannot delete resource "pods"');
    assert.ok(x.stderr.includes('error: unable to drain node "n1" due to error: pods "w" is forbidden: User "jane" cannot delete resource "pods", continuing command...'), x.stderr.join('\n'));
  });
});

describe('drain runner: timing', () => {
  it('--timeout is in seconds: retries that fit in it succeed', async () => {
    const c = new FakeCluster();
    c.pods = [pod('db', { owner: 'ReplicaSet/db' })];
    c.refusals.set('db', [pdbRefusal(), pdbRefusal()]);
    const r = await drainNodes(c, ['n1'], opts({ timeoutSeconds: 30 }), io(new VirtualClock()));
    assert.equal(r.exitCode, 0);
  });

  it('an attempt due exactly at the deadline is too late', async () => {
    const c = new FakeCluster();
    c.pods = [pod('db', { owner: 'ReplicaSet/db' })];
    c.refusals.set('db', [pdbRefusal(), pdbRefusal()]);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ timeoutSeconds: 10 }), x);
    assert.equal(r.exitCode, 1);
    assert.equal(r.nodes[0]?.error, 'error when evicting pods/"db" -n "default": global timeout reached: 10s');
    assert.equal(c.calls.filter((l) => l.startsWith('evict')).length, 2);
  });

  it('without --timeout a terminating pod is waited for as long as it takes', async () => {
    const c = new FakeCluster();
    c.pods = [pod('slow', { owner: 'ReplicaSet/s' })];
    c.lingering.set('slow', 3);
    const clock = new VirtualClock();
    const x = io(clock);
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 0);
    assert.ok(x.stdout.includes('pod/slow evicted'));
    assert.deepEqual(clock.sleeps, [1000, 1000, 1000], "polled every second until it was gone");
  });

  it('--grace-period=0 is sent as 0 to evictions and deletions', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    await drainNodes(c, ['n1'], opts({ gracePeriodSeconds: 0 }), io(new VirtualClock()));
    assert.deepEqual(c.calls.filter((l) => l.startsWith('evict')), ['evict w policy/v1 grace=0']);
    const d = new FakeCluster();
    d.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    const sent: (number | undefined)[] = [];
    const del = d.deletePod.bind(d);
    d.deletePod = async (p: ApiPod, o: { gracePeriodSeconds?: number; dryRun: boolean }) => {
      sent.push(o.gracePeriodSeconds);
      return del(p, o);
    };
    await drainNodes(d, ['n1'], opts({ disableEviction: true, gracePeriodSeconds: 0 }), io(new VirtualClock()));
    await drainNodes(d, ['n1'], opts({ disableEviction: true }), io(new VirtualClock()));
    assert.deepEqual(sent, [0]);
  });

  it('a pod deleted longer ago than --skip-wait-for-delete-timeout is no longer waited for', async () => {
    const c = new FakeCluster();
    const clock = new VirtualClock();
    c.pods = [pod('stuck', { owner: 'ReplicaSet/r' })];
    c.evict = async () => undefined;
    c.getPod = async () => ({ ...pod('stuck', { owner: 'ReplicaSet/r' }), metadata: { name: 'stuck', namespace: 'default', uid: 'stuck-uid', deletionTimestamp: new Date(clock.t - 120_000).toISOString() } });
    const x = io(clock);
    const r = await drainNodes(c, ['n1'], opts({ skipWaitForDeleteTimeoutSeconds: 60 }), x);
    assert.deepEqual(x.stdout, ['node/n1 cordoned', 'evicting pod default/stuck', 'pod "stuck" has DeletionTimestamp older than 60 seconds, skipping', 'node/n1 drained']);
    assert.deepEqual(r.nodes[0], { node: 'n1', outcome: 'drained', removed: [], remaining: [] });
  });
});

describe('drain runner: terminating namespaces (NamespaceTerminating)', () => {
  const nsTerminating = () =>
    apiError({ status: 403, kind: 'forbidden', reason: 'Forbidden', serverMessage: 'pods "w" is forbidden: unable to create new content in namespace shop because it is being terminated', causes: ['NamespaceTerminating'] });

  it('a pod already being deleted is waited for instead of evicted', async () => {
    const c = new FakeCluster();
    const w: ApiPod = { ...pod('w', { owner: 'ReplicaSet/r', ns: 'shop' }), metadata: { ...pod('w', { owner: 'ReplicaSet/r', ns: 'shop' }).metadata, deletionTimestamp: new Date(0).toISOString() } };
    c.pods = [w];
    c.refusals.set('w', [nsTerminating()]);
    c.lingering.set('w', 1);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(x.stderr, []);
    assert.ok(x.stdout.includes('pod/w evicted'));
  });

  it('a pod not yet being deleted is retried every 5 s with its own message', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r', ns: 'shop' })];
    c.refusals.set('w', [nsTerminating()]);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(x.stderr, ['error when evicting pod "w" from terminating namespace "shop" (will retry after 5s): pods "w" is forbidden: unable to create new content in namespace shop because it is being terminated']);
  });

  it('any other 403 fails the pod at once', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r', ns: 'shop' })];
    c.refusals.set('w', [apiError({ status: 403, kind: 'forbidden', reason: 'Forbidden', serverMessage: 'denied', causes: ['FieldValueForbidden'] })]);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.nodes[0]?.error, 'error when evicting pods/"w" -n "shop": denied');
  });
});

describe('drain runner: deleting (--disable-eviction)', () => {
  it('a pod already gone when deleted counts as deleted; the wait confirms it', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    c.deletePod = async () => {
      c.pods = [];
      throw apiError({ status: 404, kind: 'not-found', reason: 'NotFound', serverMessage: 'pods "w" not found' });
    };
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ disableEviction: true }), x);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(x.stdout, ['node/n1 cordoned', 'pod/w deleted', 'node/n1 drained']);
  });

  it('a server dry run sends the deletion with dryRun and waits for nothing', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ disableEviction: true, dryRun: 'server' }), x);
    assert.deepEqual(c.calls, ['patch node/n1 unschedulable=true dry', 'delete w dry']);
    assert.deepEqual(x.stdout, ['node/n1 cordoned (server dry run)', 'node/n1 drained (server dry run)']);
    assert.deepEqual(r.nodes[0]?.remaining, []);
  });

  it('a deleted pod that does not go before the timeout fails the node with the wait error', async () => {
    const c = new FakeCluster();
    c.pods = [pod('a', { owner: 'ReplicaSet/r' }), pod('slow', { owner: 'ReplicaSet/r' })];
    c.lingering.set('slow', 1000);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ disableEviction: true, timeoutSeconds: 2 }), x);
    assert.equal(r.exitCode, 1);
    assert.equal(r.nodes[0]?.error, 'context deadline exceeded');
    assert.deepEqual(r.nodes[0]?.removed, ['default/a']);
    assert.deepEqual(r.nodes[0]?.remaining, ['default/slow']);
    assert.ok(!x.stdout.includes('node/n1 drained'));
  });
});

describe('drain runner: progress events', () => {
  it('cordoned, planned, each attempt and refusal, the wait, each pod gone (replaced or not), drained', async () => {
    const c = new FakeCluster();
    c.pods = [pod('db', { owner: 'ReplicaSet/db' }), pod('sts-0', { owner: 'StatefulSet/s' }), pod('slow', { owner: 'ReplicaSet/s' })];
    c.refusals.set('db', [pdbRefusal()]);
    c.replaceSameName.add('sts-0');
    c.lingering.set('slow', 2);
    const x = withEvents({ ...io(new VirtualClock()), retryMs: 3000, pollMs: 500 });
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 0);
    const byPod = (pod: string) => x.events.filter((e) => 'pod' in e && e.pod === pod);
    assert.deepEqual(x.events[0], { type: 'cordoned', node: 'n1', already: false });
    assert.equal(x.events[1]?.type, 'planned');
    assert.ok(x.events[1]?.type === 'planned' && x.events[1].toRemove === 3 && x.events[1].decisions.length === 3);
    assert.deepEqual(byPod('default/db'), [
      { type: 'evicting', pod: 'default/db', attempt: 1 },
      { type: 'refused', pod: 'default/db', message: "Cannot evict pod as it would violate the pod's disruption budget.", retryInMs: 3000 },
      { type: 'evicting', pod: 'default/db', attempt: 2 },
      { type: 'gone', pod: 'default/db', how: 'evicted', replaced: false },
    ]);
    assert.deepEqual(byPod('default/sts-0'), [
      { type: 'evicting', pod: 'default/sts-0', attempt: 1 },
      { type: 'gone', pod: 'default/sts-0', how: 'evicted', replaced: true },
    ]);
    assert.deepEqual(byPod('default/slow'), [
      { type: 'evicting', pod: 'default/slow', attempt: 1 },
      { type: 'terminating', pod: 'default/slow', sinceMs: 0 },
      { type: 'terminating', pod: 'default/slow', sinceMs: 500 },
      { type: 'gone', pod: 'default/slow', how: 'evicted', replaced: false },
    ]);
    assert.deepEqual(x.events.at(-1), { type: 'drained', node: 'n1' });
  });

  it('deletions report each pod gone as deleted', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    const x = withEvents(io(new VirtualClock()));
    await drainNodes(c, ['n1'], opts({ disableEviction: true }), x);
    assert.deepEqual(
      x.events.filter((e) => e.type === 'gone'),
      [{ type: 'gone', pod: 'default/w', how: 'deleted', replaced: false }],
    );
  });

  it('a cancel during an eviction request is a cancel, not a failed pod', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    const abort = new AbortController();
    c.evict = async () => {
      abort.abort();
      throw new ClusterError({ kind: 'cancelled', message: 'Cancelled' });
    };
    const x = withEvents(io(new VirtualClock(), abort.signal));
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.nodes[0]?.outcome, 'cancelled');
    assert.deepEqual(r.nodes[0]?.remaining, ['default/w']);
    assert.ok(!x.events.some((e) => e.type === 'pod-failed' || e.type === 'node-failed'), JSON.stringify(x.events));
  });
});
