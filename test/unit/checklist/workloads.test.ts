// Workloads as available as before the upgrade, and what is wrong right now beside a running step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podProblem } from '../../../src/core/checklist/podStatus';
import {
  compareWorkloads, notReadyPodIssues, warningEventIssues, workloadSnapshot,
  type ApiEvent, type WorkloadCount, type WorkloadSnapshot,
} from '../../../src/core/checklist/workloads';
import { iso, NOW, pod } from './podFixtures';

const w = (name: string, desired: number, ready: number, namespace = 'shop'): WorkloadCount => ({ namespace, name, desired, ready });

function snap(o: Partial<WorkloadSnapshot>): WorkloadSnapshot {
  return { at: NOW, deployments: [], statefulsets: [], daemonsets: [], podsNotRunning: [], ...o };
}

describe('why a pod is not ready, in kubectl\'s words', () => {
  it('names the container\'s waiting reason, the pod\'s reason, the scheduler\'s, or a failing init container', () => {
    assert.equal(podProblem(pod('a', { ready: false, waiting: 'CrashLoopBackOff' }))?.reason, 'CrashLoopBackOff');
    assert.equal(podProblem(pod('b', { phase: 'Failed', reason: 'Evicted' }))?.reason, 'Evicted');
    assert.equal(podProblem(pod('c', { phase: 'Pending', unschedulable: true }))?.reason, 'Pending: Unschedulable');
    assert.equal(podProblem(pod('d', { phase: 'Pending', init: 'ImagePullBackOff' }))?.reason, 'Init:ImagePullBackOff');
    assert.equal(podProblem(pod('e', { phase: 'Running', ready: false, terminated: 'OOMKilled' }))?.reason, 'OOMKilled');
    assert.equal(podProblem(pod('f', { phase: 'Running', ready: false }))?.reason, 'Running, not Ready');
    assert.equal(podProblem(pod('g')), undefined);
    assert.equal(podProblem(pod('h', { phase: 'Succeeded', ready: false })), undefined);
  });
});

describe('workload snapshot', () => {
  it('reads desired and ready counts (replicas default to 1) and the pods not running, leaving out pods going away', () => {
    const s = workloadSnapshot({
      at: NOW,
      deployments: [{ metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 3 }, status: { readyReplicas: 2 } }, { metadata: { name: 'api', namespace: 'shop' }, spec: {}, status: {} }],
      statefulsets: [{ metadata: { name: 'db', namespace: 'shop' }, spec: { replicas: 1 }, status: { readyReplicas: 1 } }],
      daemonsets: [{ metadata: { name: 'kube-proxy', namespace: 'kube-system' }, status: { desiredNumberScheduled: 4, numberReady: 4 } }],
      pods: [pod('web-1'), pod('web-2', { phase: 'Pending', unschedulable: true }), pod('old', { phase: 'Pending', deleting: true }), pod('job-1', { phase: 'Succeeded', ready: false }), pod('x', { phase: 'Failed', reason: 'Evicted' })],
    });
    assert.deepEqual(s.deployments, [w('api', 1, 0), w('web', 3, 2)]);
    assert.deepEqual(s.statefulsets, [w('db', 1, 1)]);
    assert.deepEqual(s.daemonsets, [w('kube-proxy', 4, 4, 'kube-system')]);
    assert.deepEqual(s.podsNotRunning, [
      { namespace: 'shop', name: 'web-2', phase: 'Pending', reason: 'Pending: Unschedulable' },
      { namespace: 'shop', name: 'x', phase: 'Failed', reason: 'Evicted' },
    ]);
  });
});

describe('comparing the snapshots of before and after the upgrade', () => {
  it('the same availability is ok; fewer ready replicas is a regression named with both counts', () => {
    const before = snap({ deployments: [w('web', 3, 3), w('api', 2, 1)], statefulsets: [w('db', 1, 1)] });
    assert.deepEqual(compareWorkloads(before, before), { ok: true, regressions: [], improved: [], changed: [] });
    const after = snap({ deployments: [w('web', 3, 2), w('api', 2, 2)], statefulsets: [w('db', 1, 1)] });
    const r = compareWorkloads(before, after);
    assert.equal(r.ok, false);
    assert.deepEqual(r.regressions, ['shop/web (Deployment): 3/3 ready before, 2/3 now']);
    assert.deepEqual(r.improved, ['shop/api (Deployment): 1/2 ready before, 2/2 now']);
  });

  it('a workload deleted, created or scaled meanwhile is recorded as a change, not an upgrade failure', () => {
    const before = snap({ deployments: [w('web', 3, 3), w('gone', 2, 2), w('batch', 4, 4)] });
    const after = snap({ deployments: [w('web', 5, 4), w('batch', 1, 1), w('new', 2, 1)] });
    const r = compareWorkloads(before, after);
    assert.deepEqual(r.regressions, []);
    assert.equal(r.ok, true);
    assert.deepEqual(r.changed, [
      'shop/web (Deployment): scaled from 3 to 5',
      'shop/gone (Deployment): deleted since the snapshot (2/2 ready then)',
      'shop/batch (Deployment): scaled from 4 to 1',
      'shop/new (Deployment): created since the snapshot, 1/2 ready',
    ]);
    // Scaled down but even fewer ready than wanted now: less available.
    assert.deepEqual(compareWorkloads(before, snap({ deployments: [w('web', 2, 1)] })).regressions, ['shop/web (Deployment): 3/3 ready before, 1/2 now']);
  });

  it('a DaemonSet following the node count is not scaling; one pod short of it is a regression', () => {
    const before = snap({ daemonsets: [w('kube-proxy', 4, 4, 'kube-system')] });
    assert.deepEqual(compareWorkloads(before, snap({ daemonsets: [w('kube-proxy', 5, 5, 'kube-system')] })), { ok: true, regressions: [], improved: [], changed: [] });
    assert.deepEqual(compareWorkloads(before, snap({ daemonsets: [w('kube-proxy', 4, 3, 'kube-system')] })).regressions, ['kube-system/kube-proxy (DaemonSet): 4/4 ready before, 3/4 now']);
  });

  it('a pod newly not running is a regression; one that recovered is an improvement', () => {
    const before = snap({ podsNotRunning: [{ namespace: 'shop', name: 'stuck', phase: 'Pending', reason: 'Pending: Unschedulable' }] });
    const after = snap({ podsNotRunning: [{ namespace: 'shop', name: 'web-9', phase: 'Pending', reason: 'Init:ImagePullBackOff' }] });
    const r = compareWorkloads(before, after);
    assert.deepEqual(r.regressions, ['shop/web-9 (pod): Init:ImagePullBackOff, not running']);
    assert.deepEqual(r.improved, ['shop/stuck (pod): was Pending: Unschedulable, no longer pending or failed']);
  });
});

describe('live issues beside a running step', () => {
  it('lists pods not Ready and not completed with their reason, leaving out Ready, Succeeded and terminating pods', () => {
    const issues = notReadyPodIssues([
      pod('web-1'),
      pod('web-2', { ready: false, waiting: 'CrashLoopBackOff' }),
      pod('job-1', { phase: 'Succeeded', ready: false }),
      pod('old', { phase: 'Running', ready: false, deleting: true }),
      pod('dns', { ns: 'kube-system', phase: 'Pending', unschedulable: true }),
    ]);
    assert.deepEqual(issues, [
      { namespace: 'kube-system', name: 'dns', reason: 'Pending: Unschedulable', message: '0/3 nodes are available', at: NOW - 60_000 },
      { namespace: 'shop', name: 'web-2', reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container', at: NOW - 60_000 },
    ]);
    assert.equal(notReadyPodIssues(Array.from({ length: 80 }, (_, i) => pod(`p${i}`, { phase: 'Pending' }))).length, 50);
  });

  it('lists warning events of the last 15 minutes, newest first, at most 20, with repeats counted', () => {
    const ev = (name: string, msAgo: number, o: Partial<ApiEvent> = {}): ApiEvent => ({
      metadata: { name, namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: name.split('.')[0], namespace: 'shop' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      lastTimestamp: iso(msAgo),
      ...o,
    });
    const issues = warningEventIssues([
      ev('web-1.a', 5 * 60_000),
      ev('web-2.b', 60_000, { count: 7 }),
      ev('web-3.c', 20 * 60_000),
      ev('web-4.d', 30_000, { type: 'Normal', reason: 'Pulled' }),
      ev('node.e', 2 * 60_000, { involvedObject: { kind: 'Node', name: 'worker-1' }, metadata: { name: 'worker-1.e', namespace: 'default' }, reason: 'NodeNotReady', message: 'Node worker-1 status is now: NodeNotReady', lastTimestamp: null, eventTime: iso(2 * 60_000) }),
    ], NOW);
    assert.deepEqual(issues, [
      { namespace: 'shop', name: 'pod/web-2', reason: 'BackOff', message: 'Back-off restarting failed container (×7)', at: NOW - 60_000 },
      { namespace: 'default', name: 'node/worker-1', reason: 'NodeNotReady', message: 'Node worker-1 status is now: NodeNotReady', at: NOW - 2 * 60_000 },
      { namespace: 'shop', name: 'pod/web-1', reason: 'BackOff', message: 'Back-off restarting failed container', at: NOW - 5 * 60_000 },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => ev(`p${i}.x`, i * 1000));
    const capped = warningEventIssues(many, NOW);
    assert.equal(capped.length, 20);
    assert.equal(capped[0]!.name, 'pod/p0');
  });
});
