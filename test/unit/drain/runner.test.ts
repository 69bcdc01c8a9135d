// The drain runner against a scripted cluster with a virtual clock: retries, timeouts, cancel, pods that vanish.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { KUBECTL_DEFAULTS, type DrainOptions } from '../../../src/core/drain/filters';
import { CORDON_ANNOTATIONS, aggregate, cordonNode, drainNodes } from '../../../src/core/drain/runner';
import { formatGoDuration, parseGoDuration } from '../../../src/core/drain/goDuration';
import { FakeCluster, VirtualClock, apiError, io, pod } from './fakeApi';

const opts = (o: Partial<DrainOptions> = {}): DrainOptions => ({ ...KUBECTL_DEFAULTS, ...o });
const pdbRefusal = () => apiError({ status: 429, kind: 'too-many-requests', reason: 'TooManyRequests', serverMessage: "Cannot evict pod as it would violate the pod's disruption budget." });

describe('drain runner', () => {
  it('cordons, evicts, waits until each pod is gone and prints kubectl\'s lines', async () => {
    const c = new FakeCluster();
    c.pods = [pod('web-1', { owner: 'ReplicaSet/web' })];
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(x.stdout, ['node/n1 cordoned', 'evicting pod default/web-1', 'pod/web-1 evicted', 'node/n1 drained']);
    assert.equal(c.nodes.get('n1')?.unschedulable, true);
    assert.deepEqual(r.nodes[0]?.removed, ['default/web-1']);
  });

  it('retries a 429 every 5 s with kubectl\'s message until the budget allows it', async () => {
    const c = new FakeCluster();
    c.pods = [pod('db-1', { owner: 'ReplicaSet/db' })];
    c.refusals.set('db-1', [pdbRefusal(), pdbRefusal()]);
    const clock = new VirtualClock();
    const x = io(clock);
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(x.stderr, [
      'error when evicting pods/"db-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
      'error when evicting pods/"db-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
    ]);
    assert.deepEqual(clock.sleeps.filter((s) => s === 5000).length, 2);
    assert.equal(x.stdout.filter((l) => l === 'evicting pod default/db-1').length, 3);
  });

  it('gives up at the global timeout and never calls a node drained while pods remain', async () => {
    const c = new FakeCluster();
    c.pods = [pod('db-1', { owner: 'ReplicaSet/db' })];
    c.refusals.set('db-1', Array.from({ length: 10 }, pdbRefusal));
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ timeoutSeconds: 3 }), x);
    assert.equal(r.exitCode, 1);
    assert.ok(!x.stdout.includes('node/n1 drained'));
    assert.deepEqual(x.stderr.slice(1), [
      'There are pending pods in node "n1" when an error occurred: error when evicting pods/"db-1" -n "default": global timeout reached: 3s',
      'pod/db-1',
      'error: unable to drain node "n1" due to error: error when evicting pods/"db-1" -n "default": global timeout reached: 3s, continuing command...',
      'There are pending nodes to be drained:',
      ' n1',
      'error when evicting pods/"db-1" -n "default": global timeout reached: 3s',
    ]);
    assert.deepEqual(r.nodes[0]?.remaining, ['default/db-1']);
    assert.equal(c.nodes.get('n1')?.unschedulable, true, 'the node stays cordoned');
  });

  it('waits for a pod that lingers while terminating, and times out waiting with Go\'s context error', async () => {
    const c = new FakeCluster();
    c.pods = [pod('slow', { owner: 'ReplicaSet/s' })];
    c.lingering.set('slow', 1000);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts({ timeoutSeconds: 2 }), x);
    assert.equal(r.exitCode, 1);
    assert.ok(x.stderr.includes('error when waiting for pod "slow" in namespace "default" to terminate: context deadline exceeded'));
  });

  it('treats a pod replaced under the same name (new UID) as gone, and a 404 on eviction as done', async () => {
    const c = new FakeCluster();
    c.pods = [pod('sts-0', { owner: 'StatefulSet/sts' }), pod('vanished', { owner: 'ReplicaSet/r' })];
    c.replaceSameName.add('sts-0');
    c.refusals.set('vanished', [apiError({ status: 404, reason: 'NotFound', serverMessage: 'pods "vanished" not found' })]);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 0);
    assert.ok(x.stdout.includes('pod/sts-0 evicted'));
    assert.ok(!x.stdout.includes('pod/vanished evicted'), 'kubectl prints nothing for a pod that was already gone');
  });

  it('stops on an API error for one pod, finishes the others, and reports it as kubectl does', async () => {
    const c = new FakeCluster();
    c.pods = [pod('a', { owner: 'ReplicaSet/r' }), pod('b', { owner: 'ReplicaSet/r' })];
    c.refusals.set('b', [apiError({ status: 403, kind: 'forbidden', reason: 'Forbidden', serverMessage: 'pods "b" is forbidden: User "jane" cannot create resource "pods/eviction" in API group "" in the namespace "default"' })]);
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 1);
    assert.ok(x.stdout.includes('pod/a evicted'));
    assert.ok(x.stderr.at(-1)?.includes('cannot create resource "pods/eviction"'), 'the denied verb and resource are named');
  });

  it('a server that becomes unreachable mid-drain stops it cleanly: node cordoned, an accurate account', async () => {
    const c = new FakeCluster();
    c.pods = [pod('a', { owner: 'ReplicaSet/r' }), pod('b', { owner: 'ReplicaSet/r' })];
    c.lingering.set('b', 1000);
    const down = { info: { kind: 'unreachable' as const, message: 'Cannot reach the cluster to get pods/b: connection refused' } };
    const getPod = c.getPod.bind(c);
    c.getPod = async (ns, name) => {
      if (name === 'b') throw down;
      return getPod(ns, name);
    };
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 1);
    assert.equal(r.nodes[0]?.outcome, 'failed');
    assert.deepEqual(r.nodes[0]?.removed, ['default/a']);
    assert.deepEqual(r.nodes[0]?.remaining, ['default/b']);
    assert.ok(!x.stdout.includes('node/n1 drained'));
    assert.match(x.stderr.join('\n'), /error when waiting for pod "b" in namespace "default" to terminate: Cannot reach the cluster/);
    assert.equal(c.nodes.get('n1')?.unschedulable, true);
  });

  it('cancel stops new evictions, keeps the node cordoned and accounts for what was done', async () => {
    const c = new FakeCluster();
    c.pods = [pod('a', { owner: 'ReplicaSet/r' }), pod('db', { owner: 'ReplicaSet/db' })];
    c.refusals.set('db', Array.from({ length: 100 }, pdbRefusal));
    const abort = new AbortController();
    const clock = new VirtualClock();
    const realSleep = clock.sleep.bind(clock);
    clock.sleep = async (ms, signal) => {
      if (ms === 5000) abort.abort();
      return realSleep(ms, signal);
    };
    const x = io(clock, abort.signal);
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.nodes[0]?.outcome, 'cancelled');
    assert.deepEqual(r.nodes[0]?.remaining, ['default/db']);
    assert.ok(!x.stdout.includes('node/n1 drained'));
    assert.equal(c.nodes.get('n1')?.unschedulable, true);
    const evictions = c.calls.filter((l) => l.startsWith('evict db')).length;
    assert.equal(evictions, 1, 'no eviction after the cancel');
  });

  it('deletes instead of evicting with --disable-eviction or where eviction is not served; passes the grace period', async () => {
    for (const [o, version] of [[opts({ disableEviction: true, gracePeriodSeconds: 3 }), 'policy/v1'], [opts({ gracePeriodSeconds: 3 }), undefined]] as const) {
      const c = new FakeCluster();
      c.version = version;
      c.pods = [pod('db-1', { owner: 'ReplicaSet/db' })];
      const x = io(new VirtualClock());
      const r = await drainNodes(c, ['n1'], o, x);
      assert.equal(r.exitCode, 0);
      assert.deepEqual(x.stdout, ['node/n1 cordoned', 'pod/db-1 deleted', 'node/n1 drained']);
      assert.deepEqual(c.calls.filter((l) => l.startsWith('delete')), ['delete db-1']);
    }
  });

  it('uses policy/v1beta1 evictions where only that is served, and passes --grace-period', async () => {
    const c = new FakeCluster();
    c.version = 'policy/v1beta1';
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    await drainNodes(c, ['n1'], opts({ gracePeriodSeconds: 7 }), io(new VirtualClock()));
    assert.deepEqual(c.calls.filter((l) => l.startsWith('evict')), ['evict w policy/v1beta1 grace=7']);
  });

  it('dry runs: client changes nothing; server sends dryRun and does not wait', async () => {
    const c = new FakeCluster();
    c.pods = [pod('w', { owner: 'ReplicaSet/r' })];
    const x = io(new VirtualClock());
    await drainNodes(c, ['n1'], opts({ dryRun: 'client' }), x);
    assert.deepEqual(x.stdout, ['node/n1 cordoned (dry run)', 'evicting pod default/w (dry run)', 'node/n1 drained (dry run)']);
    assert.deepEqual(c.calls, []);
    const y = io(new VirtualClock());
    await drainNodes(c, ['n1'], opts({ dryRun: 'server' }), y);
    assert.deepEqual(y.stdout, ['node/n1 cordoned (server dry run)', 'evicting pod default/w (server dry run)', 'node/n1 drained (server dry run)']);
    assert.deepEqual(c.calls, ['patch node/n1 unschedulable=true dry', 'evict w policy/v1 dry']);
    assert.equal(c.nodes.get('n1')?.unschedulable, false);
  });

  it('an unknown node ends the command before any change, in kubectl\'s words', async () => {
    const c = new FakeCluster();
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1', 'nope'], opts(), x);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(x.stderr, ['Error from server (NotFound): nodes "nope" not found']);
    assert.equal(c.nodes.get('n1')?.unschedulable, false);
  });

  it('refuses blocked pods without evicting any, after cordoning', async () => {
    const c = new FakeCluster();
    c.pods = [pod('naked'), pod('web', { owner: 'ReplicaSet/w' })];
    const x = io(new VirtualClock());
    const r = await drainNodes(c, ['n1'], opts(), x);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(c.calls, ['patch node/n1 unschedulable=true']);
  });

  it('records who cordoned, when and why in annotations, and removes them on uncordon', async () => {
    const c = new FakeCluster();
    const clock = new VirtualClock();
    await cordonNode(c, 'n1', true, { dryRun: 'none', record: { who: 'alice', reason: 'kernel patch' } }, io(clock));
    assert.deepEqual(c.nodes.get('n1')?.annotations, { [CORDON_ANNOTATIONS.by]: 'alice', [CORDON_ANNOTATIONS.at]: new Date(clock.t).toISOString(), [CORDON_ANNOTATIONS.reason]: 'kernel patch' });
    const x = io(clock);
    await cordonNode(c, 'n1', false, { dryRun: 'none' }, x);
    assert.deepEqual(x.stdout, ['node/n1 uncordoned']);
    assert.deepEqual(c.nodes.get('n1')?.annotations, {});
  });
});

describe('kubectl formats', () => {
  it('aggregates errors as utilerrors does', () => {
    assert.equal(aggregate(['a']), 'a');
    assert.equal(aggregate(['a', 'b', 'a']), '[a, b]');
  });
  it('reads and prints Go durations', () => {
    assert.equal(parseGoDuration('3s'), 3000);
    assert.equal(parseGoDuration('1m30s'), 90_000);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('10'), undefined);
    assert.equal(formatGoDuration(3000), '3s');
    assert.equal(formatGoDuration(90_000), '1m30s');
    assert.equal(formatGoDuration(3_600_000), '1h0m0s');
  });
});
