/**
 * Control-plane and node upgrades as kubectl v1.35.2 sees them: kubeadm's order
 * (one control-plane node, one minor at a time; cmd/kubeadm/app/phases/upgrade/policy.go),
 * static pods restarted with the new images on that node only, HA API servers
 * answering /version with their own versions until all are upgraded, kube-proxy's
 * DaemonSet image following once the last node is done, the API going away while
 * a single API server restarts, and node reboots for OS patches.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminError } from '../sim/adminClient';
import { Kubectl, lines, waitUntil } from './harness';
import { scenario, type NodeSpec } from './scenarios';

const KUBE_PROXY = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system, labels: {k8s-app: kube-proxy}}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      tolerations: [{operator: Exists}]
      containers: [{name: kube-proxy, image: "registry.k8s.io/kube-proxy:v1.33.4"}]
`;

const HA_NODES: NodeSpec[] = [
  { name: 'cp-1', version: 'v1.33.4', ip: '10.0.0.10', controlPlane: true },
  { name: 'cp-2', version: 'v1.33.4', ip: '10.0.0.11', controlPlane: true },
  { name: 'cp-3', version: 'v1.33.4', ip: '10.0.0.12', controlPlane: true },
  { name: 'worker-1', version: 'v1.31.12', ip: '10.0.0.20' },
];

function selfManaged(name: string, nodes: NodeSpec[], restartSeconds: number, objects = KUBE_PROXY): string {
  return scenario(name, objects, { version: 'v1.33.4', nodes, managed: false }).replace('podStartSeconds: 1\n', `podStartSeconds: 1\n  staticPodRestartSeconds: ${restartSeconds}\n`);
}

/** NAME IMAGE of the control-plane static pods. */
async function staticPods(k: Kubectl): Promise<string[]> {
  const r = await k.run(['get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image']);
  assert.equal(r.code, 0, r.stderr);
  return lines(r.stdout).map((l) => l.trim().split(/\s+/).join(' '));
}

async function serverVersions(k: Kubectl, times: number): Promise<string[]> {
  const seen = new Set<string>();
  for (let i = 0; i < times; i++) {
    const r = await k.run(['get', '--raw', '/version']);
    assert.equal(r.code, 0, r.stderr);
    seen.add((JSON.parse(r.stdout) as { gitVersion: string }).gitVersion);
  }
  return [...seen].sort();
}

async function adminError(p: Promise<unknown>): Promise<AdminError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AdminError) return err;
    throw err;
  }
  throw new Error('expected the admin request to be refused');
}

describe('kubectl sees an HA control plane upgraded node by node', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(selfManaged('ha', HA_NODES, 10));
  });
  after(() => k.stop());

  it('refuses a skipped minor with kubeadm\'s words, and nothing changes', async () => {
    const err = await adminError(k.sim.admin.upgradeControlPlane({ version: 'v1.35.0' }));
    assert.equal(err.statusCode, 400);
    assert.match(err.message, /Specified version to upgrade to "v1\.35\.0" is too high; kubeadm can upgrade only 1 minor version at a time/);
    assert.deepEqual(await serverVersions(k, 3), ['v1.33.4']);
  });

  it('upgrades the first control-plane node only: its static pods restart with the new images', async () => {
    await k.sim.admin.upgradeControlPlane({ version: 'v1.34.2' });
    await k.sim.admin.waitForUpgrade('cp-1');
    await waitUntil('cp-1 mirror pods replaced', () => k.pod('kube-system', 'kube-scheduler-cp-1')?.spec.containers[0]?.image === 'registry.k8s.io/kube-scheduler:v1.34.2');
    const pods = await staticPods(k);
    assert.deepEqual(pods.filter((p) => p.includes('-cp-1 ')), [
      'etcd-cp-1 registry.k8s.io/etcd:3.6.4-0',
      'kube-apiserver-cp-1 registry.k8s.io/kube-apiserver:v1.34.2',
      'kube-controller-manager-cp-1 registry.k8s.io/kube-controller-manager:v1.34.2',
      'kube-scheduler-cp-1 registry.k8s.io/kube-scheduler:v1.34.2',
    ]);
    assert.ok(pods.includes('kube-apiserver-cp-2 registry.k8s.io/kube-apiserver:v1.33.4'), pods.join('\n'));
    assert.ok(pods.includes('etcd-cp-3 registry.k8s.io/etcd:3.5.21-0'), pods.join('\n'));
  });

  it('answers /version from both API server versions while they differ', async () => {
    assert.deepEqual(await serverVersions(k, 3), ['v1.33.4', 'v1.34.2']);
  });

  it('refuses the next minor until every API server is on the current one; kube-proxy waits too', async () => {
    const err = await adminError(k.sim.admin.upgradeControlPlane({ version: 'v1.35.0' }));
    assert.match(err.message, /kube-apiserver on control-plane node "cp-2" is at v1\.33\.4/);
    const r = await k.run(['get', 'daemonset', 'kube-proxy', '-n', 'kube-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    assert.equal(r.stdout, 'registry.k8s.io/kube-proxy:v1.33.4');
  });

  it('refuses a scheduler newer than the API servers', async () => {
    const err = await adminError(k.sim.admin.upgradeControlPlane({ version: 'v1.34.2', node: 'cp-2', component: 'kube-scheduler' }));
    assert.match(err.message, /kube-scheduler v1\.34\.2 would be newer than kube-apiserver v1\.33\.4 on "cp-2"/);
  });

  it('after `upgrade node` on the others (whose restarts end a watch), one version answers and kube-proxy\'s image is the new version', async () => {
    const watch = k.spawn(['get', 'nodes', '--watch']);
    let watchOut = '';
    watch.stdout!.on('data', (c: Buffer) => (watchOut += c.toString('utf8')));
    let watchEnded = false;
    watch.on('close', () => (watchEnded = true));
    await waitUntil('watch listing', () => lines(watchOut).length >= 5);
    await k.sim.admin.upgradeControlPlane({ version: 'v1.34.2', node: 'cp-2' });
    await k.sim.admin.upgradeControlPlane({ version: 'v1.34.2', node: 'cp-3' });
    await k.sim.admin.waitForUpgrade();
    // The watch was served by an API server that restarted; the others kept answering.
    await waitUntil('the watch to end', () => watchEnded);
    assert.deepEqual(await serverVersions(k, 3), ['v1.34.2']);
    await waitUntil('cp-3 scheduler replaced', () => k.pod('kube-system', 'kube-scheduler-cp-3')?.spec.containers[0]?.image === 'registry.k8s.io/kube-scheduler:v1.34.2');
    const r = await k.run(['get', 'daemonset', 'kube-proxy', '-n', 'kube-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    assert.equal(r.stdout, 'registry.k8s.io/kube-proxy:v1.34.2');
    const v = await k.run(['version']);
    assert.match(v.stdout, /Server Version: v1\.34\.2/);
  });

  it('upgrades one component separately (etcd with its own version)', async () => {
    await k.sim.admin.upgradeControlPlane({ version: '3.6.5-0', node: 'cp-1', component: 'etcd' });
    await k.sim.admin.waitForUpgrade('cp-1');
    await waitUntil('etcd-cp-1 replaced', () => k.pod('kube-system', 'etcd-cp-1')?.spec.containers[0]?.image === 'registry.k8s.io/etcd:3.6.5-0');
    const pods = await staticPods(k);
    assert.ok(pods.includes('etcd-cp-1 registry.k8s.io/etcd:3.6.5-0'), pods.join('\n'));
    assert.ok(pods.includes('etcd-cp-2 registry.k8s.io/etcd:3.6.4-0'), pods.join('\n'));
  });

  it('refuses an upgrade that would leave kubelets more than three minors behind, unless forced', async () => {
    await k.sim.admin.setKubeletVersion('worker-1', 'v1.30.14');
    await waitUntil('worker-1 on v1.30', () => k.node('worker-1')?.status?.nodeInfo?.kubeletVersion === 'v1.30.14');
    const err = await adminError(k.sim.admin.upgradeControlPlane({ version: 'v1.35.0' }));
    assert.match(err.message, /There are kubelets in this cluster that are too old that have these versions \[v1\.30\.14\]/);
    assert.match(err.message, /Can be bypassed if you pass the --force flag/);
    await k.sim.admin.upgradeControlPlane({ version: 'v1.35.0', force: true });
    await k.sim.admin.waitForUpgrade('cp-1');
    assert.deepEqual(await serverVersions(k, 3), ['v1.34.2', 'v1.35.0']);
  });
});

describe('kubectl and a single control plane that restarts', () => {
  let k: Kubectl;
  before(async () => {
    // 50 simulated seconds per static pod at timeScale 0.02: the API server is away for about a second.
    k = await Kubectl.start(selfManaged('single', [{ name: 'cp-1', version: 'v1.33.4', ip: '10.0.0.10', controlPlane: true }, { name: 'worker-1', version: 'v1.33.4', ip: '10.0.0.11' }], 50));
  });
  after(() => k.stop());

  it('static pods follow a version set on an idle cluster', async () => {
    await k.sim.admin.setControlPlaneVersion('3.5.22-0', 'etcd');
    await waitUntil('etcd replaced', () => k.pod('kube-system', 'etcd-cp-1')?.spec.containers[0]?.image === 'registry.k8s.io/etcd:3.5.22-0');
    assert.ok((await staticPods(k)).includes('etcd-cp-1 registry.k8s.io/etcd:3.5.22-0'));
  });

  it('the API goes away while kube-apiserver restarts, a watch ends, and kubectl works again on the new version', async () => {
    const watch = k.spawn(['get', 'nodes', '--watch']);
    let watchOut = '';
    watch.stdout!.on('data', (c: Buffer) => (watchOut += c.toString('utf8')));
    let watchEnded = false;
    watch.on('close', () => (watchEnded = true));
    try {
      await waitUntil('watch listing', () => lines(watchOut).length >= 3);
      await k.sim.admin.upgradeControlPlane({ version: 'v1.34.2' });
      let refused = '';
      for (let i = 0; i < 200 && !refused; i++) {
        const r = await k.run(['get', '--raw', '/version', '--request-timeout=2s']);
        if (r.code !== 0) refused = r.stderr;
        else await new Promise((res) => setTimeout(res, 50));
      }
      // What kubectl prints when the only API server goes away: refused once the port is closed, or a reset
      // for a connection it caught while the server was shutting down (both happen with a real kube-apiserver).
      assert.match(refused, /^(The connection to the server 127\.0\.0\.1:\d+ was refused|Unable to connect to the server: read tcp [\d.:]+->127\.0\.0\.1:\d+: read: connection reset by peer)/);
      await waitUntil('the watch to end', () => watchEnded);
      await k.sim.admin.waitForUpgrade();
      const v = await k.run(['version']);
      assert.equal(v.code, 0, v.stderr);
      assert.match(v.stdout, /Server Version: v1\.34\.2/);
      const nodes = await k.run(['get', 'nodes', '--no-headers']);
      assert.equal(nodes.code, 0, nodes.stderr);
    } finally {
      watch.kill();
    }
  });
});

describe('kubectl sees node upgrades and OS patches', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(scenario('nodes', '', { version: 'v1.33.4', nodes: [{ name: 'worker-1', version: 'v1.30.14', ip: '10.0.0.11' }] }));
  });
  after(() => k.stop());

  it('a kubelet upgrade past 1.31 leaves no kubeProxyVersion behind', async () => {
    await k.sim.admin.applyObject({ ...k.node('worker-1')!, status: { ...k.node('worker-1')!.status, nodeInfo: { ...k.node('worker-1')!.status!.nodeInfo!, kubeProxyVersion: 'v1.30.14' } } });
    await k.sim.admin.setKubeletVersion('worker-1', 'v1.31.12');
    await waitUntil('worker-1 Ready on v1.31', () => k.node('worker-1')?.status?.nodeInfo?.kubeletVersion === 'v1.31.12' && k.node('worker-1')?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true);
    const r = await k.run(['get', 'node', 'worker-1', '-o', 'jsonpath={.status.nodeInfo.kubeletVersion}|{.status.nodeInfo.kubeProxyVersion}']);
    assert.equal(r.stdout, 'v1.31.12|');
  });

  it('an OS patch reboots the node: NotReady, then Ready with the new OS image and kernel', async () => {
    const bootBefore = k.node('worker-1')?.status?.nodeInfo?.bootID;
    await k.sim.admin.patchNodeOs('worker-1', { osImage: 'Ubuntu 24.04.3 LTS', kernelVersion: '6.8.0-1031-aws' });
    const during = await k.run(['get', 'node', 'worker-1', '--no-headers']);
    assert.match(during.stdout, /NotReady/);
    await waitUntil('worker-1 back', () => k.node('worker-1')?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true && k.node('worker-1')?.status?.nodeInfo?.kernelVersion === '6.8.0-1031-aws');
    const wide = await k.run(['get', 'node', 'worker-1', '-o', 'wide', '--no-headers']);
    assert.match(wide.stdout, /Ready .* Ubuntu 24\.04\.3 LTS\s+6\.8\.0-1031-aws/);
    assert.notEqual(k.node('worker-1')?.status?.nodeInfo?.bootID, bootBefore);
  });
});
