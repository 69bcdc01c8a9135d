// A control-plane upgrade as an operator running kubeadm sees it: what `kubeadm upgrade apply`
// refuses and with which words ([policy.go] cmd/kubeadm/app/phases/upgrade/policy.go,
// EnforceVersionPolicies), the order in which the static pods of a node restart
// ([staticpods.go] cmd/kubeadm/app/phases/upgrade/staticpods.go: etcd, then kube-apiserver,
// kube-controller-manager, kube-scheduler), /version while the API servers of an HA cluster differ,
// and the kube-proxy addon upgraded once the last control-plane node is done.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ControlPlaneUpgradeStatus } from '../../sim/controllers/controlPlaneUpgrade';
import type { StoreEvent } from '../../sim/store';
import type { Pod, Workload } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

const SPEC = 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1';
const FAST = `${SPEC}\n  staticPodRestartSeconds: 3`;
const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

const cpNode = (name: string, kubelet = 'v1.33.4'): string =>
  `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: {node-role.kubernetes.io/control-plane: ""}}\nspec: {taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}\nstatus: {nodeInfo: {kubeletVersion: ${kubelet}}}\n`;
const workerNode = (name: string, kubelet: string): string => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}}\nstatus: {nodeInfo: {kubeletVersion: ${kubelet}}}\n`;

const KUBE_PROXY = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      tolerations: [{operator: Exists}]
      containers:
        - {name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.33.4}
        - {name: helper, image: registry.example/my-kube-proxy:v1.0}
        - {name: sidecar, image: "busybox:1.36"}
`;

interface Restart {
  outage: number[];
  drops: number;
}

/** Records what the HTTP front end would be asked to do when an API server restarts. */
function hook(c: TestCluster): Restart {
  const r: Restart = { outage: [], drops: 0 };
  c.controllers.upgrades.restartHook = { outage: (ms) => r.outage.push(ms), dropWatches: () => r.drops++ };
  return r;
}

/** Each time a static pod of `node` restarts: which image tags that node then runs, and the cluster version. */
function trace(c: TestCluster, node: string): string[] {
  const seen: string[] = [];
  let before = { ...c.cluster.componentsOn(node) };
  c.cluster.onControlPlaneChange(() => {
    const now = c.cluster.componentsOn(node);
    const changed = COMPONENTS.filter((k) => now[k as keyof typeof now] !== before[k as keyof typeof before]);
    seen.push(`${changed.map((k) => `${k}=${now[k as keyof typeof now]}`).join(',')} @${c.cluster.settings.version.gitVersion}`);
    before = { ...now };
  });
  return seen;
}

/** Mirror pods created, in order. */
function recreated(c: TestCluster): string[] {
  const names: string[] = [];
  c.cluster.store.subscribe((e: StoreEvent) => {
    if (e.resource === '/pods' && e.type === 'ADDED' && e.object.metadata.annotations?.['kubernetes.io/config.mirror']) names.push(e.object.metadata.name ?? '');
  });
  return names;
}

const image = (c: TestCluster, pod: string): string | undefined => (c.cluster.store.get('/pods', 'kube-system', pod) as Pod | undefined)?.spec.containers[0]?.image;
const proxyImages = (c: TestCluster): string[] => (c.cluster.store.get('apps/daemonsets', 'kube-system', 'kube-proxy') as Workload).spec.template.spec.containers.map((x) => x.image ?? '');
const done = (c: TestCluster, node: string) => () => c.controllers.upgrades.list().find((u) => u.node === node && u.phase === 'Succeeded');
const stable = (s: ControlPlaneUpgradeStatus): Omit<ControlPlaneUpgradeStatus, 'startedAt' | 'finishedAt'> & { timestamps: string } => {
  const { startedAt, finishedAt, ...rest } = s;
  return { ...rest, timestamps: `${/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(startedAt) ? 'started' : startedAt}/${finishedAt === undefined ? '-' : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(finishedAt) ? 'finished' : finishedAt}` };
};

function rejects(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (err: unknown) => {
    const e = err as { code?: number; message?: string; status?: { reason?: string } };
    assert.equal(e.message, message);
    assert.equal(e.code, code);
    assert.equal(e.status?.reason, code === 409 ? 'Conflict' : 'BadRequest');
    return true;
  });
}

describe('kubeadm upgrade apply on a single control-plane node', () => {
  const c = startCluster(`${cpNode('cp-1')}---\n${workerNode('w1', 'v1.33.4')}---\n${KUBE_PROXY}`, SPEC);
  after(() => c.stop());

  it('restarts etcd, kube-apiserver, kube-controller-manager, kube-scheduler in turn, then records the new version [staticpods.go]', async () => {
    await waitFor('static pods', () => image(c, 'kube-scheduler-cp-1'));
    assert.equal(image(c, 'etcd-cp-1'), 'registry.k8s.io/etcd:3.5.21-0');
    const restarts = hook(c);
    const steps = trace(c, 'cp-1');
    const pods = recreated(c);
    let catalogChanges = 0;
    c.cluster.onCatalogChange(() => catalogChanges++);
    const started = c.controllers.upgrades.start({ version: 'v1.34.2' });
    assert.deepEqual(stable(started), { node: 'cp-1', version: 'v1.34.2', components: COMPONENTS, phase: 'Upgrading', restarting: 'etcd', timestamps: 'started/-' });
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.33.4', 'nothing restarted yet');
    await waitFor('upgrade finished', done(c, 'cp-1'));
    assert.deepEqual(steps, [
      'etcd=3.6.4-0 @v1.33.4',
      'kube-apiserver=v1.34.2 @v1.34.2',
      'kube-controller-manager=v1.34.2 @v1.34.2',
      'kube-scheduler=v1.34.2 @v1.34.2',
    ]);
    assert.deepEqual(c.controllers.upgrades.list().map(stable), [{ node: 'cp-1', version: 'v1.34.2', components: COMPONENTS, phase: 'Succeeded', timestamps: 'started/finished' }]);
    assert.equal(catalogChanges, 1, 'the served API follows the new minor');
    assert.equal(c.cluster.catalog.minor, 34);
    // The only API server restarting: nothing answers for one restart interval (10 s simulated by default).
    assert.deepEqual(restarts, { outage: [100], drops: 0 });
    assert.equal(c.cluster.settings.nodeComponents, undefined, 'every control-plane node runs the same images again');
    assert.deepEqual(c.cluster.settings.components, { etcd: '3.6.4-0', 'kube-apiserver': 'v1.34.2', 'kube-controller-manager': 'v1.34.2', 'kube-scheduler': 'v1.34.2' });
    await waitFor('scheduler pod restarted', () => image(c, 'kube-scheduler-cp-1') === 'registry.k8s.io/kube-scheduler:v1.34.2');
    assert.deepEqual(pods.filter((p) => p.endsWith('-cp-1')), ['etcd-cp-1', 'kube-apiserver-cp-1', 'kube-controller-manager-cp-1', 'kube-scheduler-cp-1']);
    assert.equal(image(c, 'etcd-cp-1'), 'registry.k8s.io/etcd:3.6.4-0');
    assert.equal(image(c, 'kube-apiserver-cp-1'), 'registry.k8s.io/kube-apiserver:v1.34.2');
    assert.equal(image(c, 'kube-controller-manager-cp-1'), 'registry.k8s.io/kube-controller-manager:v1.34.2');
  });

  it('/version answers with the new version, and the kube-proxy addon follows (only its kube-proxy image)', () => {
    assert.equal(c.controllers.upgrades.nextServerVersion().gitVersion, 'v1.34.2');
    assert.equal(c.controllers.upgrades.nextServerVersion().gitVersion, 'v1.34.2');
    assert.deepEqual(c.controllers.upgrades.apiservers(), [{ node: 'cp-1', version: 'v1.34.2' }]);
    assert.deepEqual(c.controllers.upgrades.controlPlaneNodes(), ['cp-1']);
    assert.deepEqual(proxyImages(c), ['registry.k8s.io/kube-proxy:v1.34.2', 'registry.example/my-kube-proxy:v1.0', 'busybox:1.36']);
  });

  it('list() hands out copies', () => {
    const first = c.controllers.upgrades.list()[0]!;
    first.components.push('etcd');
    first.phase = 'Upgrading';
    assert.deepEqual(c.controllers.upgrades.list()[0]!.components, COMPONENTS);
    assert.equal(c.controllers.upgrades.list()[0]!.phase, 'Succeeded');
  });

  it('refuses a second upgrade of the node while one runs (409), and allows one once it has finished', async () => {
    c.controllers.upgrades.start({ version: 'v1.34.3' });
    rejects(() => c.controllers.upgrades.start({ version: 'v1.34.3' }), 409, 'an upgrade of control-plane node "cp-1" is already in progress');
    await waitFor('second upgrade finished', done(c, 'cp-1'));
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.34.3');
    assert.deepEqual(proxyImages(c)[0], 'registry.k8s.io/kube-proxy:v1.34.3');
    assert.equal(c.controllers.upgrades.list().length, 1, 'one entry per node');
  });
});

describe('kubeadm upgrade apply: version policy [policy.go EnforceVersionPolicies]', () => {
  const fatal = (...errors: string[]) =>
    `[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n\n${errors.map((e) => `\t- ${e}\n`).join('')}\nPlease fix the misalignments highlighted above and try upgrading again`;
  const forcible = (...errors: string[]) => `[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n${errors.map((e) => `\t- ${e}\n`).join('')}\nCan be bypassed if you pass the --force flag`;
  const c = startCluster(`${cpNode('cp-1')}---\n${workerNode('w-old', 'v1.30.14')}---\n${workerNode('w-old2', 'v1.30.14')}---\n${workerNode('w-older', 'v1.29.15')}---\n${workerNode('w-ok', 'v1.31.9')}`, FAST);
  after(() => c.stop());
  const unchanged = () => {
    assert.deepEqual(c.controllers.upgrades.list(), []);
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.33.4');
  };

  it('refuses skipping a minor, a major change and going down two minors (MaximumAllowedMinorVersion{Upgrade,Downgrade}Skew = 1)', () => {
    const kubelets = 'There are kubelets in this cluster that are too old that have these versions [v1.29.15 v1.30.14 v1.31.9]';
    rejects(() => c.controllers.upgrades.start({ version: 'v1.35.0' }), 400, fatal('Specified version to upgrade to "v1.35.0" is too high; kubeadm can upgrade only 1 minor version at a time', kubelets));
    rejects(() => c.controllers.upgrades.start({ version: 'v1.35.0', force: true }), 400, fatal('Specified version to upgrade to "v1.35.0" is too high; kubeadm can upgrade only 1 minor version at a time', kubelets));
    rejects(() => c.controllers.upgrades.start({ version: '2.33.4' }), 400, fatal('Specified version to upgrade to "v2.33.4" is too high; kubeadm can upgrade only 1 minor version at a time', 'There are kubelets in this cluster that are too old that have these versions [v1.29.15]'));
    rejects(() => c.controllers.upgrades.start({ version: 'v1.31.8' }), 400, fatal('Specified version to downgrade to "v1.31.8" is too low; kubeadm can downgrade only 1 minor version at a time'));
    unchanged();
  });

  it('kubelets more than three minors older than the target are a skippable error: refused without --force [policy.go detectTooOldKubelets]', () => {
    rejects(() => c.controllers.upgrades.start({ version: 'v1.34.0' }), 400, forcible('There are kubelets in this cluster that are too old that have these versions [v1.29.15 v1.30.14]'));
    unchanged();
  });

  it('a downgrade by one minor passes (v1.31 kubelets are within three minors of v1.32 and older ones too)', async () => {
    const s = c.controllers.upgrades.start({ version: 'v1.32.11' });
    assert.equal(s.version, 'v1.32.11');
    await waitFor('downgrade finished', done(c, 'cp-1'));
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.32.11');
    assert.equal(c.cluster.componentsOn('cp-1').etcd, '3.5.21-0');
  });

  it('--force skips the kubelet check', async () => {
    rejects(() => c.controllers.upgrades.start({ version: 'v1.33.5' }), 400, forcible('There are kubelets in this cluster that are too old that have these versions [v1.29.15]'));
    c.controllers.upgrades.start({ version: 'v1.33.5', force: true });
    await waitFor('forced upgrade finished', done(c, 'cp-1'));
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.33.5');
  });

  it('refuses an unknown component and a node that is not a control-plane node', () => {
    rejects(() => c.controllers.upgrades.start({ version: 'v1.33.6', component: 'kubelet' as never }), 400, 'unknown component kubelet (expected one of kube-apiserver, kube-controller-manager, kube-scheduler, etcd)');
    rejects(() => c.controllers.upgrades.start({ version: 'v1.33.6', node: 'w-ok' }), 400, '"w-ok" is not a control-plane node (control-plane nodes: cp-1)');
  });
});

describe('upgrading one component (version skew policy: components no newer than, and at most one minor behind, kube-apiserver)', () => {
  const c = startCluster(`${cpNode('cp-1')}`, FAST);
  after(() => c.stop());

  it('refuses a controller-manager or scheduler newer than the API server, by minor or by patch', () => {
    rejects(() => c.controllers.upgrades.start({ version: 'v1.34.0', component: 'kube-scheduler' }), 400, 'kube-scheduler v1.34.0 would be newer than kube-apiserver v1.33.4 on "cp-1"; upgrade kube-apiserver first');
    rejects(() => c.controllers.upgrades.start({ version: 'v1.33.5', component: 'kube-controller-manager' }), 400, 'kube-controller-manager v1.33.5 would be newer than kube-apiserver v1.33.4 on "cp-1"; upgrade kube-apiserver first');
    rejects(() => c.controllers.upgrades.start({ version: 'v1.31.9', component: 'kube-scheduler' }), 400, 'kube-scheduler v1.31.9 would be more than one minor version older than kube-apiserver v1.33.4 on "cp-1"');
    assert.deepEqual(c.controllers.upgrades.list(), []);
  });

  it('an older component within one minor is allowed and restarts only its own pod, without an API outage', async () => {
    const restarts = hook(c);
    const steps = trace(c, 'cp-1');
    const s = c.controllers.upgrades.start({ version: 'v1.32.11', component: 'kube-scheduler' });
    assert.deepEqual(stable(s), { node: 'cp-1', version: 'v1.32.11', components: ['kube-scheduler'], phase: 'Upgrading', restarting: 'kube-scheduler', timestamps: 'started/-' });
    await waitFor('scheduler upgraded', done(c, 'cp-1'));
    assert.deepEqual(steps, ['kube-scheduler=v1.32.11 @v1.33.4']);
    assert.deepEqual(restarts, { outage: [], drops: 0 });
    await waitFor('scheduler pod on v1.32.11', () => image(c, 'kube-scheduler-cp-1') === 'registry.k8s.io/kube-scheduler:v1.32.11');
    assert.equal(image(c, 'kube-apiserver-cp-1'), 'registry.k8s.io/kube-apiserver:v1.33.4');
  });

  it('the same patch as the API server is allowed', async () => {
    c.controllers.upgrades.start({ version: 'v1.33.4', component: 'kube-scheduler' });
    await waitFor('scheduler back', done(c, 'cp-1'));
    assert.equal(c.cluster.componentsOn('cp-1')['kube-scheduler'], 'v1.33.4');
  });

  it('etcd takes its own image tag and no Kubernetes version policy', async () => {
    const steps = trace(c, 'cp-1');
    const s = c.controllers.upgrades.start({ version: 'v3.6.5-0', component: 'etcd' });
    assert.deepEqual(stable(s), { node: 'cp-1', version: '3.6.5-0', components: ['etcd'], phase: 'Upgrading', restarting: 'etcd', timestamps: 'started/-' });
    await waitFor('etcd upgraded', done(c, 'cp-1'));
    assert.deepEqual(steps, ['etcd=3.6.5-0 @v1.33.4']);
    await waitFor('etcd pod', () => image(c, 'etcd-cp-1') === 'registry.k8s.io/etcd:3.6.5-0');
  });

  it('kube-apiserver alone goes through the version policy, then moves the cluster version', async () => {
    rejects(() => c.controllers.upgrades.start({ version: 'v1.35.1', component: 'kube-apiserver' }), 400, /* too high */ `[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "v1.35.1" is too high; kubeadm can upgrade only 1 minor version at a time\n\nPlease fix the misalignments highlighted above and try upgrading again`);
    const restarts = hook(c);
    c.controllers.upgrades.start({ version: 'v1.34.1', component: 'kube-apiserver' });
    await waitFor('apiserver upgraded', done(c, 'cp-1'));
    assert.deepEqual(restarts, { outage: [30], drops: 0 });
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.34.1');
    assert.deepEqual(c.cluster.componentsOn('cp-1'), { etcd: '3.6.5-0', 'kube-apiserver': 'v1.34.1', 'kube-controller-manager': 'v1.33.4', 'kube-scheduler': 'v1.33.4' });
  });
});

describe('an HA control plane upgraded node by node (kubeadm upgrade apply, then kubeadm upgrade node)', () => {
  // Listed out of order: `kubeadm upgrade apply` runs on the first control-plane node by name.
  const c = startCluster(`${cpNode('cp-b')}---\n${cpNode('cp-c')}---\n${cpNode('cp-a')}---\n${workerNode('w1', 'v1.33.4')}---\n${KUBE_PROXY}`, FAST);
  after(() => c.stop());
  let restarts: Restart;

  it('apply upgrades the first node; its API server restarts without an outage, the other instances keep serving', async () => {
    await waitFor('static pods', () => image(c, 'kube-scheduler-cp-c'));
    restarts = hook(c);
    assert.deepEqual(c.controllers.upgrades.controlPlaneNodes(), ['cp-a', 'cp-b', 'cp-c']);
    const s = c.controllers.upgrades.start({ version: 'v1.34.2' });
    assert.equal(s.node, 'cp-a');
    await waitFor('cp-a upgraded', done(c, 'cp-a'));
    assert.deepEqual(restarts, { outage: [], drops: 1 });
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.34.2');
    assert.deepEqual(c.controllers.upgrades.apiservers(), [
      { node: 'cp-a', version: 'v1.34.2' },
      { node: 'cp-b', version: 'v1.33.4' },
      { node: 'cp-c', version: 'v1.33.4' },
    ]);
    assert.deepEqual(Object.keys(c.cluster.settings.nodeComponents ?? {}), ['cp-a'], 'only the upgraded node has its own images (admin info nodeComponents)');
    assert.deepEqual(c.cluster.componentsOn('cp-b'), { etcd: '3.5.21-0', 'kube-apiserver': 'v1.33.4', 'kube-controller-manager': 'v1.33.4', 'kube-scheduler': 'v1.33.4' });
    await waitFor('cp-a pods', () => image(c, 'kube-scheduler-cp-a') === 'registry.k8s.io/kube-scheduler:v1.34.2');
    assert.equal(image(c, 'kube-scheduler-cp-b'), 'registry.k8s.io/kube-scheduler:v1.33.4');
    assert.equal(image(c, 'etcd-cp-c'), 'registry.k8s.io/etcd:3.5.21-0');
    assert.equal(proxyImages(c)[0], 'registry.k8s.io/kube-proxy:v1.33.4', 'addons wait for the last control-plane node');
  });

  it('/version is answered by each API server in turn while they differ', () => {
    const seen = Array.from({ length: 6 }, () => c.controllers.upgrades.nextServerVersion().gitVersion);
    assert.deepEqual(seen.slice(0, 3).sort(), ['v1.33.4', 'v1.33.4', 'v1.34.2']);
    assert.deepEqual(seen.slice(3), seen.slice(0, 3), 'round robin over the three instances');
  });

  it('refuses moving an API server more than one minor away from another one', () => {
    rejects(
      () => c.controllers.upgrades.start({ version: 'v1.35.0', node: 'cp-b' }),
      400,
      '[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n\n\t- kube-apiserver on control-plane node "cp-c" is at v1.33.4; the API servers of a cluster may differ by one minor version at most, so upgrade that node to v1.34 first ("kubeadm upgrade node")\n\nPlease fix the misalignments highlighted above and try upgrading again',
    );
    rejects(() => c.controllers.upgrades.start({ version: 'v1.34.2', component: 'kube-scheduler', node: 'cp-b' }), 400, 'kube-scheduler v1.34.2 would be newer than kube-apiserver v1.33.4 on "cp-b"; upgrade kube-apiserver first');
  });

  it('upgrade node catches the other nodes up; the last one brings the images together and upgrades kube-proxy', async () => {
    let catalogChanges = 0;
    c.cluster.onCatalogChange(() => catalogChanges++);
    const steps = trace(c, 'cp-b');
    c.controllers.upgrades.start({ version: 'v1.34.2', node: 'cp-b' });
    rejects(() => c.controllers.upgrades.start({ version: 'v1.34.2', node: 'cp-b' }), 409, 'an upgrade of control-plane node "cp-b" is already in progress');
    await waitFor('cp-b upgraded', done(c, 'cp-b'));
    assert.deepEqual(steps, ['etcd=3.6.4-0 @v1.34.2', 'kube-apiserver=v1.34.2 @v1.34.2', 'kube-controller-manager=v1.34.2 @v1.34.2', 'kube-scheduler=v1.34.2 @v1.34.2']);
    assert.equal(proxyImages(c)[0], 'registry.k8s.io/kube-proxy:v1.33.4', 'cp-c still runs v1.33.4');
    assert.notEqual(c.cluster.settings.nodeComponents, undefined);
    c.controllers.upgrades.start({ version: 'v1.34.2', node: 'cp-c' });
    await waitFor('cp-c upgraded', done(c, 'cp-c'));
    assert.equal(catalogChanges, 0, 'the cluster version was already v1.34.2');
    assert.deepEqual(restarts, { outage: [], drops: 3 });
    assert.equal(c.cluster.settings.nodeComponents, undefined);
    assert.deepEqual(c.cluster.settings.components, { etcd: '3.6.4-0', 'kube-apiserver': 'v1.34.2', 'kube-controller-manager': 'v1.34.2', 'kube-scheduler': 'v1.34.2' });
    assert.deepEqual(proxyImages(c), ['registry.k8s.io/kube-proxy:v1.34.2', 'registry.example/my-kube-proxy:v1.0', 'busybox:1.36']);
    assert.deepEqual(Array.from({ length: 4 }, () => c.controllers.upgrades.nextServerVersion().gitVersion), ['v1.34.2', 'v1.34.2', 'v1.34.2', 'v1.34.2']);
    assert.deepEqual(c.controllers.upgrades.list().map((u) => `${u.node} ${u.version} ${u.phase}`), ['cp-a v1.34.2 Succeeded', 'cp-b v1.34.2 Succeeded', 'cp-c v1.34.2 Succeeded']);
  });
});

describe('a managed control plane: no nodes to go through', () => {
  const c = startCluster(`${cpNode('cp-1')}---\n${workerNode('w-old', 'v1.29.15')}`, `${FAST}\n  managed: true`);
  after(() => c.stop());

  it('has no control-plane nodes and no static pods; /version is the cluster version', () => {
    assert.deepEqual(c.controllers.upgrades.controlPlaneNodes(), []);
    assert.deepEqual(c.controllers.upgrades.apiservers(), []);
    assert.equal(c.controllers.upgrades.nextServerVersion(), c.cluster.settings.version);
  });

  it('refuses skipping a minor, but not old kubelets (the provider checks those)', () => {
    rejects(() => c.controllers.upgrades.start({ version: 'v1.35.0' }), 400, '[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "v1.35.0" is too high; kubeadm can upgrade only 1 minor version at a time\n\nPlease fix the misalignments highlighted above and try upgrading again');
    assert.deepEqual(c.controllers.upgrades.list(), []);
  });

  it('changes the version after one restart interval, refusing a second upgrade meanwhile', async () => {
    const restarts = hook(c);
    const s = c.controllers.upgrades.start({ version: 'v1.34.0' });
    assert.deepEqual(stable(s), { node: '', version: 'v1.34.0', components: ['kube-apiserver'], phase: 'Upgrading', timestamps: 'started/-' });
    rejects(() => c.controllers.upgrades.start({ version: 'v1.34.0' }), 409, 'an upgrade of the control plane is already in progress');
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.33.4');
    await waitFor('managed upgrade done', done(c, ''));
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.34.0');
    assert.equal(c.controllers.upgrades.nextServerVersion().gitVersion, 'v1.34.0');
    assert.deepEqual(c.controllers.upgrades.list().map(stable), [{ node: '', version: 'v1.34.0', components: ['kube-apiserver'], phase: 'Succeeded', timestamps: 'started/finished' }]);
    assert.deepEqual(restarts, { outage: [], drops: 0 });
    assert.equal(c.pods('kube-system').filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror']).length, 0);
  });

  it('names the component asked for', async () => {
    const s = c.controllers.upgrades.start({ version: 'v1.34.1', component: 'kube-scheduler' });
    assert.deepEqual(s.components, ['kube-scheduler']);
    await waitFor('done', done(c, ''));
    assert.equal(c.cluster.settings.version.gitVersion, 'v1.34.1');
  });
});
