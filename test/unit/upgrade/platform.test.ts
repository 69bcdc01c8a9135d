import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectPlatform } from '../../../src/core/upgrade/platform';

const base = { gitVersion: 'v1.31.4', providerIds: [], nodeLabels: [], kubeadmConfig: false };

describe('platform detection', () => {
  it('recognises each platform from what the API shows', () => {
    assert.equal(detectPlatform({ ...base, gitVersion: 'v1.31.4-eks-0a21954' }).platform, 'eks');
    assert.equal(detectPlatform({ ...base, gitVersion: 'v1.31.4-gke.1072000' }).platform, 'gke');
    assert.equal(detectPlatform({ ...base, gitVersion: 'v1.31.4+k3s1' }).platform, 'k3s');
    assert.equal(detectPlatform({ ...base, gitVersion: 'v1.31.4+rke2r1' }).platform, 'rke2');
    assert.equal(detectPlatform({ ...base, providerIds: ['azure:///subscriptions/x/vm-0'], nodeLabels: [{ 'kubernetes.azure.com/cluster': 'MC_rg' }] }).platform, 'aks');
    assert.equal(detectPlatform({ ...base, nodeLabels: [{ 'eks.amazonaws.com/nodegroup': 'ng-1' }] }).platform, 'eks');
    assert.equal(detectPlatform({ ...base, nodeLabels: [{ 'cloud.google.com/gke-nodepool': 'default-pool' }] }).platform, 'gke');
    const kubeadm = detectPlatform({ ...base, kubeadmConfig: true });
    assert.equal(kubeadm.platform, 'kubeadm');
    assert.match(kubeadm.evidence, /kubeadm-config/);
  });

  it('says unknown, with the reason, when nothing points anywhere or signals disagree', () => {
    const none = detectPlatform(base);
    assert.equal(none.platform, 'unknown');
    assert.match(none.evidence, /no platform signal/);
    const hidden = detectPlatform({ ...base, kubeadmConfig: undefined });
    assert.match(hidden.evidence, /could not be read/);
    const both = detectPlatform({ ...base, gitVersion: 'v1.31.4-eks-1', nodeLabels: [{ 'cloud.google.com/gke-nodepool': 'p' }] });
    assert.equal(both.platform, 'unknown');
    assert.match(both.evidence, /disagree/);
    // An azure:// provider ID alone may be a self-managed cluster on Azure VMs.
    assert.equal(detectPlatform({ ...base, providerIds: ['azure:///x'] }).platform, 'unknown');
  });
});
