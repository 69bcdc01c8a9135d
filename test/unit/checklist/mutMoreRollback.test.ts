// What the panel says can be undone, compared as whole sentences: per node, most recent first, per
// step status, per platform, and for the hop the checklist stands in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollbackAdvice } from '../../../src/core/checklist/rollback';
import type { ChecklistState, StepStatus } from '../../../src/core/checklist/types';
import { node, nodeStepIds, pass, rolling, throughControlPlane, upgrade } from './fixtures';

/** The state with one step's status set directly (as a reload or a failure would leave it). */
function withStatus(state: ChecklistState, id: string, status: StepStatus): ChecklistState {
  let found = false;
  const hops = state.hops.map((h) => ({ ...h, steps: h.steps.map((s) => (s.id === id ? (found = true, { ...s, status }) : s)) }));
  assert.ok(found, `no step ${id}`);
  return { ...state, hops };
}

const CP = (from: string): string => `Control plane: Kubernetes does not support downgrading it; the way back to ${from} is restoring the etcd backup taken before the upgrade onto control-plane nodes reinstalled on ${from}.`;
const KUBEADM = ' kubeadm keeps the previous static-pod manifests in /etc/kubernetes/tmp/kubeadm-backup-manifests-* and the etcd data in /etc/kubernetes/tmp/kubeadm-backup-etcd-*.';
const MANAGED = ' A managed control plane cannot be downgraded: restore the workloads from the backup into a new cluster on the old version.';
const reinstall = (n: string, from = '1.33'): string => `${n}: drain it again and reinstall kubelet ${from} (the kubelet may be one minor older than the API server), then uncordon.`;
const uncordon = (n: string): string => `${n}: nothing was changed on the node yet; uncordon it to give it back its workloads.`;

const DONE: StepStatus = { kind: 'done', at: 1 };

describe('rollback advice, whole sentences', () => {
  it('words the control plane\'s way back for each platform', () => {
    const s = throughControlPlane(upgrade());
    assert.deepEqual(rollbackAdvice(s), [CP('1.33')]);
    assert.deepEqual(rollbackAdvice(s, 'unknown'), [CP('1.33')]);
    assert.deepEqual(rollbackAdvice(s, 'k3s'), [CP('1.33')]);
    assert.deepEqual(rollbackAdvice(s, 'rke2'), [CP('1.33')]);
    assert.deepEqual(rollbackAdvice(s, 'kubeadm'), [CP('1.33') + KUBEADM]);
    for (const p of ['eks', 'gke', 'aks'] as const) assert.deepEqual(rollbackAdvice(s, p), [CP('1.33') + MANAGED], p);
  });

  it('counts the control plane as changed once its upgrade started, failed or was interrupted, not when skipped', () => {
    const id = 'h0/control-plane/control-plane-upgrade';
    const base = pass(pass(pass(upgrade(), 'h0/plan/review-plan'), 'h0/backup/backup'), 'h0/staging/staging');
    assert.deepEqual(rollbackAdvice(base), []);
    for (const status of [{ kind: 'running', startedAt: 1 }, { kind: 'failed', at: 1, reason: 'x' }, { kind: 'interrupted', at: 1, startedAt: 1, note: 'n' }, DONE] as StepStatus[]) {
      assert.deepEqual(rollbackAdvice(withStatus(base, id, status)), [CP('1.33')], status.kind);
    }
    assert.deepEqual(rollbackAdvice(withStatus(base, id, { kind: 'skipped', at: 1, reason: 'done by the provider' })), []);
  });

  it('lists the nodes last in the run order first, then the control plane', () => {
    let s = throughControlPlane(upgrade([node('w1'), node('w2'), node('w3')]));
    s = ['drain', 'node-upgrade'].reduce((x, k) => pass(x, `h0/nodes/w1/${k}`), s);
    s = withStatus(s, 'h0/nodes/w1/uncordon', DONE);
    s = withStatus(s, 'h0/nodes/w2/drain', DONE);
    s = withStatus(s, 'h0/nodes/w3/drain', { kind: 'failed', at: 1, reason: 'PDB' });
    assert.deepEqual(rollbackAdvice(s, 'kubeadm'), [uncordon('w3'), uncordon('w2'), reinstall('w1'), CP('1.33') + KUBEADM]);
  });

  it('counts a node as upgraded once its upgrade left pending, and not when it was skipped', () => {
    const s = pass(throughControlPlane(upgrade([node('w1')])), 'h0/nodes/w1/drain');
    const up = 'h0/nodes/w1/node-upgrade';
    for (const status of [{ kind: 'running', startedAt: 1 }, { kind: 'failed', at: 1, reason: 'x' }, { kind: 'interrupted', at: 1, startedAt: 1, note: 'n' }, DONE] as StepStatus[]) {
      assert.deepEqual(rollbackAdvice(withStatus(s, up, status)), [reinstall('w1'), CP('1.33')], status.kind);
    }
    assert.deepEqual(rollbackAdvice(withStatus(s, up, { kind: 'skipped', at: 1, reason: 'x' })), [uncordon('w1'), CP('1.33')]);
    assert.deepEqual(rollbackAdvice(s), [uncordon('w1'), CP('1.33')]);
  });

  it('asks to uncordon a drained node only while it is cordoned by the maintenance', () => {
    const s = throughControlPlane(upgrade([node('w1'), node('w2', { unschedulable: true })]));
    for (const status of [{ kind: 'running', startedAt: 1 }, { kind: 'failed', at: 1, reason: 'x' }, { kind: 'interrupted', at: 1, startedAt: 1, note: 'n' }, DONE] as StepStatus[]) {
      assert.deepEqual(rollbackAdvice(withStatus(s, 'h0/nodes/w1/drain', status)), [uncordon('w1'), CP('1.33')], status.kind);
    }
    assert.deepEqual(rollbackAdvice(withStatus(s, 'h0/nodes/w1/drain', { kind: 'skipped', at: 1, reason: 'x' })), [CP('1.33')]);
    const drained = withStatus(s, 'h0/nodes/w1/drain', DONE);
    assert.deepEqual(rollbackAdvice(withStatus(drained, 'h0/nodes/w1/uncordon', DONE)), [CP('1.33')], 'uncordoned already');
    assert.deepEqual(rollbackAdvice(withStatus(drained, 'h0/nodes/w1/uncordon', { kind: 'skipped', at: 1, reason: 'x' })), [uncordon('w1'), CP('1.33')], 'uncordon skipped: still cordoned');
    assert.deepEqual(rollbackAdvice(withStatus(s, 'h0/nodes/w2/drain', DONE)), [CP('1.33')], 'w2 was cordoned before the maintenance');
  });

  it('speaks of the hop the checklist stands in, and of the last hop once all are done', () => {
    let s = throughControlPlane(upgrade([node('w1')], '1.35'));
    for (const id of [...nodeStepIds(0, 'w1'), 'h0/kubectl/kubectl-skew', 'h0/verify/verify-cluster']) s = pass(s, id);
    assert.deepEqual(rollbackAdvice(s), [], 'the second hop has not changed anything yet');
    s = throughControlPlane(s, 1);
    s = pass(s, 'h1/nodes/w1/drain');
    s = pass(s, 'h1/nodes/w1/node-upgrade');
    assert.deepEqual(rollbackAdvice(s), [reinstall('w1', '1.34'), CP('1.34')]);
    for (const id of ['h1/nodes/w1/uncordon', 'h1/nodes/w1/node-verify', 'h1/kubectl/kubectl-skew', 'h1/verify/verify-cluster']) s = pass(s, id);
    assert.deepEqual(rollbackAdvice(s), [reinstall('w1', '1.34'), CP('1.34')], 'finished: the last hop\'s way back');
  });

  it('has nothing to say about a checklist without hops', () => {
    assert.deepEqual(rollbackAdvice({ ...upgrade(), hops: [] }), []);
  });

  it('points a rolling maintenance at each patched node\'s previous image and kernel, and never at the control plane', () => {
    let s = rolling([node('w1', { osImage: 'Ubuntu 22.04', kernelVersion: '5.15.0-1' }), node('w2')]);
    const drain = (n: string): string => s.hops[0]?.steps.find((x) => x.node === n && x.kind === 'drain')?.id ?? '';
    const patch = (n: string): string => s.hops[0]?.steps.find((x) => x.node === n && x.kind === 'node-patch')?.id ?? '';
    s = withStatus(withStatus(s, drain('w1'), DONE), patch('w1'), DONE);
    s = withStatus(s, drain('w2'), { kind: 'running', startedAt: 1 });
    assert.deepEqual(rollbackAdvice(s, 'kubeadm'), [
      uncordon('w2'),
      'w1: boot the previous OS image or kernel (Ubuntu 22.04, 5.15.0-1) if the patch misbehaves, then uncordon.',
    ]);
  });
});
