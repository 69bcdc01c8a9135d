// What the panel says can be undone when a step fails, at each point of a hop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollbackAdvice } from '../../../src/core/checklist/rollback';
import { apply, at, node, pass, throughControlPlane, upgrade, rolling } from './fixtures';

describe('rollback advice', () => {
  it('before anything changed the cluster there is nothing to undo', () => {
    const s = pass(pass(upgrade(), 'h0/plan/review-plan'), 'h0/backup/backup');
    assert.deepEqual(rollbackAdvice(s), []);
  });

  it('after the control plane: restore the etcd backup, with kubeadm\'s backup folders on kubeadm', () => {
    const s = throughControlPlane(upgrade());
    const [cp] = rollbackAdvice(s, 'kubeadm');
    assert.match(cp ?? '', /^Control plane: .*restoring the etcd backup.*1\.33/);
    assert.match(cp ?? '', /kubeadm-backup-manifests/);
    assert.doesNotMatch(rollbackAdvice(s, 'eks')[0] ?? '', /kubeadm/);
    assert.match(rollbackAdvice(s, 'eks')[0] ?? '', /cannot be downgraded/);
  });

  it('a drained node that was not changed yet only needs uncordoning; an upgraded one needs the old kubelet', () => {
    let s = throughControlPlane(upgrade([node('w1'), node('w2', { kubeletVersion: 'v1.33.7' })]));
    s = pass(s, 'h0/nodes/w1/drain');
    s = pass(s, 'h0/nodes/w1/node-upgrade');
    s = pass(s, 'h0/nodes/w1/uncordon');
    s = pass(s, 'h0/nodes/w1/node-verify');
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w2/drain', at: at() }, { type: 'step-failed', stepId: 'h0/nodes/w2/drain', at: at(), reason: 'PDB' });
    const advice = rollbackAdvice(s, 'kubeadm');
    assert.match(advice[0] ?? '', /^w2: nothing was changed on the node yet; uncordon it/);
    assert.match(advice[1] ?? '', /^w1: drain it again and reinstall kubelet v1\.33\.2/);
    assert.match(advice[2] ?? '', /^Control plane/);
  });

  it('a rolling maintenance points at the previous OS image and kernel', () => {
    let s = rolling([node('w1')]);
    s = pass(s, 'h0/nodes/w1/drain');
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w1/node-patch', at: at() }, { type: 'step-failed', stepId: 'h0/nodes/w1/node-patch', at: at(), reason: 'exit 1' });
    assert.deepEqual(rollbackAdvice(s), ['w1: boot the previous OS image or kernel (Debian GNU/Linux 12 (bookworm), 6.1.0-26-amd64) if the patch misbehaves, then uncordon.']);
  });
});
