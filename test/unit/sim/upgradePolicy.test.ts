import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPolicyErrors, upgradePolicyErrors } from '../../sim/controllers/controlPlaneUpgrade';
import { parseKubeVersion } from '../../sim/versions';

const policy = (cluster: string, target: string, kubelets: string[] = [], others: { node: string; version: string }[] = []) =>
  upgradePolicyErrors({ clusterVersion: parseKubeVersion(cluster), target: parseKubeVersion(target), kubeletVersions: kubelets, otherApiservers: others });

describe('control-plane upgrade policy (kubeadm)', () => {
  it('allows one minor up, patches and one minor down', () => {
    assert.deepEqual(policy('v1.33.4', 'v1.34.2'), { mandatory: [], skippable: [] });
    assert.deepEqual(policy('v1.33.4', 'v1.33.9'), { mandatory: [], skippable: [] });
    assert.deepEqual(policy('v1.33.4', 'v1.32.9'), { mandatory: [], skippable: [] });
  });

  it('refuses skipping a minor, or going down two', () => {
    assert.deepEqual(policy('v1.33.4', 'v1.35.0').mandatory, ['Specified version to upgrade to "v1.35.0" is too high; kubeadm can upgrade only 1 minor version at a time']);
    assert.deepEqual(policy('v1.33.4', 'v1.31.0').mandatory, ['Specified version to downgrade to "v1.31.0" is too low; kubeadm can downgrade only 1 minor version at a time']);
  });

  it('refuses moving an API server more than one minor away from another', () => {
    const errors = policy('v1.34.2', 'v1.35.0', [], [{ node: 'cp-2', version: 'v1.33.4' }, { node: 'cp-3', version: 'v1.34.2' }]);
    assert.equal(errors.mandatory.length, 1);
    assert.match(errors.mandatory[0]!, /^kube-apiserver on control-plane node "cp-2" is at v1\.33\.4/);
  });

  it('kubelets more than three minors behind the target are a skippable error', () => {
    const errors = policy('v1.33.4', 'v1.34.0', ['v1.33.4', 'v1.30.14', 'v1.29.15', 'v1.29.15']);
    assert.deepEqual(errors, { mandatory: [], skippable: ['There are kubelets in this cluster that are too old that have these versions [v1.29.15 v1.30.14]'] });
    assert.equal(
      formatPolicyErrors(errors),
      '[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n\t- There are kubelets in this cluster that are too old that have these versions [v1.29.15 v1.30.14]\n\nCan be bypassed if you pass the --force flag',
    );
    assert.match(formatPolicyErrors(policy('v1.33.4', 'v1.35.0')), /fatal errors:[\s\S]*Please fix the misalignments highlighted above and try upgrading again$/);
  });
});
