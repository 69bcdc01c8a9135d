import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controlPlaneVerdict, type ControlPlaneFacts } from '../../../src/core/checklist/controlPlaneWait';
import type { ControlPlaneComponent, ControlPlaneComponentName } from '../../../src/core/cluster/types';

const comp = (component: ControlPlaneComponentName, node: string, version: string | undefined, ready = true): ControlPlaneComponent => ({
  component,
  podName: `${component}-${node}`,
  namespace: 'kube-system',
  nodeName: node,
  ...(version !== undefined ? { version } : {}),
  ready,
});

function haComponents(versions: Record<string, string>): ControlPlaneComponent[] {
  return Object.entries(versions).flatMap(([node, v]) => [
    comp('etcd', node, v.startsWith('v1.34') ? '3.6.4-0' : '3.5.21-0'),
    comp('kube-apiserver', node, v),
    comp('kube-controller-manager', node, v),
    comp('kube-scheduler', node, v),
  ]);
}

const cpNodes = (ready: Record<string, boolean>) => Object.entries(ready).map(([name, r]) => ({ name, ready: r, kubeletVersion: 'v1.33.4' }));

function facts(o: Partial<ControlPlaneFacts>): ControlPlaneFacts {
  return { serverVersions: ['v1.34.1', 'v1.34.1', 'v1.34.1'], components: [], controlPlaneNodes: [], managed: false, ...o };
}

describe('control-plane wait verdict', () => {
  it('is done when every API server answers the new minor, every component runs it Ready and the nodes are Ready', () => {
    const v = controlPlaneVerdict(facts({ components: haComponents({ 'cp-1': 'v1.34.1', 'cp-2': 'v1.34.1', 'cp-3': 'v1.34.1' }), controlPlaneNodes: cpNodes({ 'cp-1': true, 'cp-2': true, 'cp-3': true }) }), '1.34');
    assert.deepEqual(v.stillOld, []);
    assert.equal(v.done, true);
    assert.equal(v.observed, '/version: v1.34.1 ×3; kube-apiserver ×3, kube-controller-manager ×3, kube-scheduler ×3 on 1.34; cp-1, cp-2, cp-3 Ready');
  });

  it('midway through an HA upgrade: names the old API server answers and each component pod still on the old version', () => {
    const v = controlPlaneVerdict(facts({
      serverVersions: ['v1.34.1', 'v1.33.4', 'v1.33.4', 'v1.34.1', 'v1.33.4'],
      components: haComponents({ 'cp-1': 'v1.34.1', 'cp-2': 'v1.33.4', 'cp-3': 'v1.33.4' }),
      controlPlaneNodes: cpNodes({ 'cp-1': true, 'cp-2': true, 'cp-3': true }),
    }), '1.34');
    assert.equal(v.done, false);
    assert.deepEqual(v.stillOld, [
      'an API server answers v1.33.4',
      'kube-apiserver-cp-2 on v1.33.4',
      'kube-controller-manager-cp-2 on v1.33.4',
      'kube-scheduler-cp-2 on v1.33.4',
      'kube-apiserver-cp-3 on v1.33.4',
      'kube-controller-manager-cp-3 on v1.33.4',
      'kube-scheduler-cp-3 on v1.33.4',
    ]);
    assert.match(v.observed, /\/version: v1\.34\.1 ×2, v1\.33\.4 ×3/);
  });

  it('one /version answer is not enough: behind a load balancer the others may not have answered yet', () => {
    const v = controlPlaneVerdict(facts({ serverVersions: ['v1.34.1'], components: haComponents({ 'cp-1': 'v1.34.1' }) }), '1.34');
    assert.deepEqual(v.stillOld, ['only 1 of 3 /version answers so far']);
    assert.deepEqual(controlPlaneVerdict(facts({ serverVersions: [], managed: true }), '1.34').stillOld, ['no /version answer yet']);
  });

  it('waits for restarting pods: not Ready, or gone from the list while the kubelet recreates them', () => {
    const components = haComponents({ 'cp-1': 'v1.34.1' }).map((c) => (c.component === 'kube-scheduler' ? { ...c, ready: false } : c)).filter((c) => c.component !== 'kube-controller-manager');
    const v = controlPlaneVerdict(facts({ components, expectedPods: ['etcd-cp-1', 'kube-apiserver-cp-1', 'kube-controller-manager-cp-1', 'kube-scheduler-cp-1'], controlPlaneNodes: cpNodes({ 'cp-1': false }) }), '1.34');
    assert.deepEqual(v.stillOld, ['kube-controller-manager-cp-1 not running (restarting?)', 'kube-scheduler-cp-1 on v1.34.1 but not Ready', 'cp-1 not Ready']);
  });

  it('holds etcd to readiness only (it has its own versions), and does not wait forever on an image without a version', () => {
    const components = [comp('etcd', 'cp-1', '3.5.21-0'), comp('kube-apiserver', 'cp-1', 'v1.34.1'), comp('kube-scheduler', 'cp-1', undefined)];
    const v = controlPlaneVerdict(facts({ components }), '1.34');
    assert.equal(v.done, true, v.stillOld.join('; '));
    assert.match(v.observed, /version not in the image of kube-scheduler-cp-1/);
    assert.deepEqual(controlPlaneVerdict(facts({ components: [comp('etcd', 'cp-1', '3.6.4-0', false)] }), '1.34').stillOld, ['etcd-cp-1 not Ready']);
  });

  it('a component newer than the hop is not on the hop either', () => {
    assert.deepEqual(controlPlaneVerdict(facts({ components: [comp('kube-apiserver', 'cp-1', 'v1.35.0')] }), '1.34').stillOld, ['kube-apiserver-cp-1 on v1.35.0']);
  });

  it('a managed control plane goes by /version alone', () => {
    const done = controlPlaneVerdict(facts({ managed: true, serverVersions: ['v1.34.2-eks-1', 'v1.34.2-eks-1', 'v1.34.2-eks-1'] }), '1.34');
    assert.deepEqual(done, { done: true, stillOld: [], observed: '/version: v1.34.2-eks-1 ×3; managed control plane: /version only' });
    const old = controlPlaneVerdict(facts({ managed: true, serverVersions: ['v1.33.9-eks-1', 'v1.33.9-eks-1', 'v1.33.9-eks-1'] }), '1.34');
    assert.deepEqual(old.stillOld, ['an API server answers v1.33.9-eks-1']);
  });

  it('a self-managed control plane whose pods all vanished is not done on /version alone', () => {
    assert.deepEqual(controlPlaneVerdict(facts({ components: [] }), '1.34').stillOld, ['no control-plane pods are visible in kube-system']);
  });
});
