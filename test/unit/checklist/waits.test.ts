// The checklist's waits against the simulator: an HA control plane upgraded node by node as kubeadm
// does it, seen through /version (answered by each API server in turn) and the static pods; a node's
// kubelet upgrade seen through the node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlaneVerdict } from '../../../src/core/checklist/controlPlaneWait';
import { nodePatchVerdict, nodeUpgradeVerdict } from '../../../src/core/checklist/verifyNode';
import { formatDuration, waitForControlPlane, waitForNode, type WaitResult } from '../../../src/features/checklist/waits';
import { clusterYaml, nodeYaml, startLiveCluster, type LiveCluster } from './simSession';

const HA = clusterYaml('ha', 'kubernetesVersion: v1.33.4\nmanaged: false\ntimeScale: 0.01\npodStartSeconds: 1\nnodeUpgradeSeconds: 20\nstaticPodRestartSeconds: 10', [
  nodeYaml('cp-1', 'v1.33.4', { controlPlane: true }),
  nodeYaml('cp-2', 'v1.33.4', { controlPlane: true }),
  nodeYaml('cp-3', 'v1.33.4', { controlPlane: true }),
  nodeYaml('worker-1', 'v1.33.4'),
]);

/** A wait whose outcome can be looked at while it runs. */
function track(p: Promise<WaitResult>): { result: () => WaitResult | undefined; done: Promise<WaitResult> } {
  let r: WaitResult | undefined;
  const done = p.then((x) => (r = x));
  return { result: () => r, done };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('waiting for an HA control plane upgraded node by node', () => {
  let c: LiveCluster;
  before(async () => {
    c = await startLiveCluster(HA);
  });
  after(() => c.stop());

  it('times out on a control plane nobody upgrades, naming what is still old', async () => {
    const r = await waitForControlPlane(c.model, c.session, '1.34', { timeoutMs: 800, pollMs: 100 });
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.match(r.reason, /^timed out after 0.8 s: still old: an API server answers v1\.33\.4, kube-apiserver-cp-1 on v1\.33\.4, /);
    assert.match(r.reason, /kube-scheduler-cp-3 on v1\.33\.4/);
  });

  it('is cancellable', async () => {
    const ac = new AbortController();
    const w = waitForControlPlane(c.model, c.session, '1.34', { timeoutMs: 60_000, pollMs: 100, signal: ac.signal });
    await tick(150);
    ac.abort();
    assert.deepEqual(await w, { ok: false, reason: 'cancelled', cancelled: true });
  });

  it('stays waiting while any API server or component is old, and finishes once the last node is upgraded', async () => {
    const progress: ControlPlaneVerdict[] = [];
    const w = track(waitForControlPlane(c.model, c.session, '1.34', { timeoutMs: 60_000, pollMs: 100, onProgress: (v) => progress.push(v) }));

    await c.sim.admin.upgradeControlPlane({ version: 'v1.34.1' });
    await c.sim.admin.waitForUpgrade('cp-1');
    await c.until('cp-1 pods on the new version in the model', (m) => m.current.phase === 'ready' && m.current.snapshot.components.filter((x) => x.nodeName === 'cp-1' && x.component !== 'etcd').every((x) => x.version === 'v1.34.1' && x.ready));
    await tick(600);
    assert.equal(w.result(), undefined, 'not done with cp-2 and cp-3 still on v1.33.4');
    const mid = progress.at(-1)!;
    assert.ok(mid.stillOld.includes('an API server answers v1.33.4'), mid.stillOld.join('; '));
    assert.ok(mid.stillOld.includes('kube-apiserver-cp-2 on v1.33.4'), mid.stillOld.join('; '));
    assert.ok(!mid.stillOld.some((s) => s.includes('-cp-1 ')), `cp-1 is done: ${mid.stillOld.join('; ')}`);
    assert.match(mid.observed, /\/version: .*v1\.34\.1.*v1\.33\.4|\/version: .*v1\.33\.4.*v1\.34\.1/, 'both API server versions answered');

    await c.sim.admin.upgradeControlPlane({ version: 'v1.34.1', node: 'cp-2' });
    await c.sim.admin.waitForUpgrade('cp-2');
    await tick(400);
    assert.equal(w.result(), undefined, 'not done with cp-3 still on v1.33.4');
    assert.ok(progress.at(-1)!.stillOld.includes('kube-apiserver-cp-3 on v1.33.4'));

    await c.sim.admin.upgradeControlPlane({ version: 'v1.34.1', node: 'cp-3' });
    const r = await w.done;
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.match(r.observed, /^\/version: v1\.34\.1 ×5; kube-apiserver ×3, kube-controller-manager ×3, kube-scheduler ×3 on 1\.34; cp-1, cp-2, cp-3 Ready$/);
    const info = await c.sim.admin.info();
    assert.ok(info.upgrades.every((u) => u.phase === 'Succeeded'), 'every node upgrade had finished');
  });

  it('waits for a node\'s kubelet upgrade: NotReady on the way, then Ready on the new version', async () => {
    const progress: string[] = [];
    const w = waitForNode(c.model, 'worker-1', (n) => nodeUpgradeVerdict(n, '1.34'), { timeoutMs: 30_000, onProgress: (p) => progress.push(p) });
    await tick(100);
    await c.sim.admin.setKubeletVersion('worker-1', 'v1.34.1');
    const r = await w;
    assert.deepEqual(r, { ok: true, observed: 'kubelet v1.34.1, Ready' });
    assert.equal(progress[0], 'kubelet is v1.33.4, not 1.34');
  });

  it('waits for an OS patch: the node reboots and comes back Ready with the new kernel', async () => {
    const row = { name: 'worker-1', controlPlane: false, wasCordoned: false, kubeletVersion: 'v1.34.1', osImage: 'Ubuntu 24.04.2 LTS', kernelVersion: '6.8.0-1029-aws' };
    const progress: string[] = [];
    const w = waitForNode(c.model, 'worker-1', (n) => nodePatchVerdict(row, n), { timeoutMs: 30_000, onProgress: (p) => progress.push(p) });
    await tick(100);
    await c.sim.admin.patchNodeOs('worker-1', { kernelVersion: '6.8.0-1031-aws' });
    assert.deepEqual(await w, { ok: true, observed: 'kernel 6.8.0-1029-aws → 6.8.0-1031-aws, Ready' });
    assert.match(progress[0]!, /^OS image and kernel unchanged/);
  });

  it('says how long it waited in words', () => {
    assert.deepEqual([300, 800, 12_000, 90_000, 600_000].map(formatDuration), ['0.3 s', '0.8 s', '12 s', '1.5 min', '10 min']);
  });

  it('times out on a node that is not upgraded, and on one that is not there', async () => {
    const r = await waitForNode(c.model, 'cp-1', (n) => nodeUpgradeVerdict(n, '1.34'), { timeoutMs: 300 });
    assert.deepEqual(r, { ok: false, reason: 'timed out after 0.3 s: kubelet is v1.33.4, not 1.34' });
    const gone = await waitForNode(c.model, 'worker-9', (n) => nodeUpgradeVerdict(n, '1.34'), { timeoutMs: 300 });
    assert.deepEqual(gone, { ok: false, reason: 'timed out after 0.3 s: node worker-9 is not in the cluster' });
  });
});

describe('waiting for a single control-plane node, whose API server goes away while it restarts', () => {
  let c: LiveCluster;
  before(async () => {
    c = await startLiveCluster(clusterYaml('single', 'kubernetesVersion: v1.33.4\nmanaged: false\ntimeScale: 0.01\npodStartSeconds: 1\nstaticPodRestartSeconds: 20', [
      nodeYaml('cp-1', 'v1.33.4', { controlPlane: true }),
      nodeYaml('worker-1', 'v1.33.4'),
    ]));
  });
  after(() => c.stop());

  it('waits through failed /version reads and finishes once the API server is back on the new version', async () => {
    const progress: ControlPlaneVerdict[] = [];
    const w = waitForControlPlane(c.model, c.session, '1.34', { timeoutMs: 60_000, pollMs: 50, onProgress: (v) => progress.push(v) });
    await c.sim.admin.upgradeControlPlane({ version: 'v1.34.1' });
    const r = await w;
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.match(r.observed, /^\/version: v1\.34\.1 ×5; kube-apiserver, kube-controller-manager, kube-scheduler on 1\.34; cp-1 Ready$/);
    assert.ok(progress.some((v) => v.stillOld.some((s) => s.startsWith('the last /version read failed: '))), 'the restart was seen as failed reads');
  });
});

describe('waiting for a managed control plane', () => {
  let c: LiveCluster;
  before(async () => {
    c = await startLiveCluster(clusterYaml('managed', 'kubernetesVersion: v1.33.4\nmanaged: true\ntimeScale: 0.01\npodStartSeconds: 1\nstaticPodRestartSeconds: 20', [nodeYaml('worker-1', 'v1.33.4')]));
  });
  after(() => c.stop());

  it('goes by /version alone: no component pods to look at', async () => {
    const early = await waitForControlPlane(c.model, c.session, '1.34', { timeoutMs: 400, pollMs: 50 });
    assert.deepEqual(early, { ok: false, reason: 'timed out after 0.4 s: still old: an API server answers v1.33.4' });
    const w = waitForControlPlane(c.model, c.session, '1.34', { timeoutMs: 30_000, pollMs: 50 });
    await c.sim.admin.upgradeControlPlane({ version: 'v1.34.1' });
    assert.deepEqual(await w, { ok: true, observed: '/version: v1.34.1 ×5; managed control plane: /version only' });
  });
});
