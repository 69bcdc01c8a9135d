// A node row's Verify step: Ready, schedulable, its DaemonSet pods back, no workload pod newly not ready.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeRow } from '../../../src/core/checklist/types';
import { podsOnNode, verifyNodeAfter } from '../../../src/core/checklist/verifyNodeAfter';
import { node } from './fixtures';
import { pod } from './podFixtures';

const row: NodeRow = { name: 'worker-1', controlPlane: false, wasCordoned: false, kubeletVersion: 'v1.33.2', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-26-amd64' };
const live = node('worker-1', { kubeletVersion: 'v1.34.1' });

const before = podsOnNode([
  pod('kube-proxy-a', { ns: 'kube-system', owner: ['DaemonSet', 'kube-proxy'] }),
  pod('node-exporter-a', { ns: 'monitoring', owner: ['DaemonSet', 'node-exporter'] }),
  pod('web-1', { owner: ['ReplicaSet', 'web-7d9'] }),
  pod('flaky-1', { ready: false, waiting: 'CrashLoopBackOff', owner: ['ReplicaSet', 'flaky-5c'] }),
  pod('elsewhere', { node: 'worker-2', owner: ['ReplicaSet', 'web-7d9'] }),
], 'worker-1');

describe('verifying a node after its upgrade', () => {
  it('reads the node\'s own pods with their owners and readiness', () => {
    assert.deepEqual(before.map((p) => [p.name, p.ownerKind, p.ready, p.reason]), [
      ['kube-proxy-a', 'DaemonSet', true, undefined],
      ['node-exporter-a', 'DaemonSet', true, undefined],
      ['web-1', 'ReplicaSet', true, undefined],
      ['flaky-1', 'ReplicaSet', false, 'CrashLoopBackOff'],
    ]);
  });

  it('passes when the node is Ready and schedulable and its DaemonSet pods are back (new pod names)', () => {
    const now = podsOnNode([
      pod('kube-proxy-b', { ns: 'kube-system', owner: ['DaemonSet', 'kube-proxy'] }),
      pod('node-exporter-b', { ns: 'monitoring', owner: ['DaemonSet', 'node-exporter'] }),
      pod('flaky-1', { ready: false, waiting: 'CrashLoopBackOff', owner: ['ReplicaSet', 'flaky-5c'] }),
    ], 'worker-1');
    assert.deepEqual(verifyNodeAfter(row, before, live, now), { ok: true, observed: 'Ready and schedulable, 2 DaemonSet pods back, 2 pods ready on it' });
  });

  it('fails while a DaemonSet pod is missing or a workload pod on the node is newly not ready', () => {
    const now = podsOnNode([
      pod('kube-proxy-b', { ns: 'kube-system', owner: ['DaemonSet', 'kube-proxy'] }),
      pod('node-exporter-b', { ns: 'monitoring', ready: false, waiting: 'ContainerCreating', owner: ['DaemonSet', 'node-exporter'] }),
      pod('web-2', { ready: false, waiting: 'ImagePullBackOff', owner: ['ReplicaSet', 'web-7d9'] }),
      pod('bare', { ready: false, waiting: 'CrashLoopBackOff' }),
    ], 'worker-1');
    const v = verifyNodeAfter(row, before, live, now);
    assert.deepEqual(v, {
      ok: false,
      reason: 'DaemonSet monitoring/node-exporter has no ready pod on the node yet; monitoring/node-exporter-b not ready: ContainerCreating; shop/web-2 not ready: ImagePullBackOff',
    });
  });

  it('fails on a node not Ready, still cordoned or gone; a node cordoned before the maintenance may stay so', () => {
    assert.deepEqual(verifyNodeAfter(row, before, { ...live, ready: false, unschedulable: true }, []).ok, false);
    const r = verifyNodeAfter(row, undefined, { ...live, ready: false, unschedulable: true }, []);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'the node is not Ready; the node is still cordoned');
    assert.deepEqual(verifyNodeAfter(row, before, undefined, []), { ok: false, reason: 'node worker-1 is not in the cluster' });
    assert.deepEqual(verifyNodeAfter({ ...row, wasCordoned: true }, undefined, { ...live, unschedulable: true }, []), { ok: true, observed: 'Ready, left cordoned as it was before the maintenance, 0 pods ready on it' });
  });
});
