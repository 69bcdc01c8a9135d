// The control plane of a self-managed (kubeadm) cluster as kubectl shows it: one mirror pod per
// static pod manifest on each control-plane node, in kube-system, owned by the Node
// ([mirror_client.go] pkg/kubelet/pod/mirror_client.go: kubernetes.io/config.mirror holds config.hash,
// owner reference to the Node), replaced when kubeadm writes a new manifest; a managed cluster shows none.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Pod } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

const cp = (name: string, extra = '', label = 'node-role.kubernetes.io/control-plane'): string =>
  `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: {${label}: ""}}\n${extra}`;

const mirrorYaml = (name: string, namespace: string, labels: string, image: string, mirror = true): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {${labels}}
${mirror ? '  annotations: {kubernetes.io/config.mirror: abc, kubernetes.io/config.source: file}\n' : ''}spec:
  nodeName: cp-1
  containers: [{name: c, image: "${image}"}]
`;

const pod = (c: TestCluster, name: string, ns = 'kube-system'): Pod | undefined => c.cluster.store.get('/pods', ns, name) as Pod | undefined;
const mirrors = (c: TestCluster): string[] =>
  c
    .pods('kube-system')
    .filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror'])
    .map((p) => p.metadata.name ?? '')
    .sort();

describe('mirror pods of the static control-plane pods', () => {
  const c = startCluster(
    [
      cp('cp-1', 'status: {addresses: [{type: InternalIP, address: 192.168.10.11}, {type: Hostname, address: cp-1}]}\n'),
      cp('old-master', 'status: {addresses: [{type: Hostname, address: old-master}]}\n', 'node-role.kubernetes.io/master'),
      'apiVersion: v1\nkind: Node\nmetadata: {name: worker, labels: {node-role.kubernetes.io/worker: ""}}\n',
    ].join('---\n'),
  );
  after(() => c.stop());

  it('one per component on every control-plane node (also the legacy master role), none on workers', async () => {
    await waitFor('8 mirror pods', () => mirrors(c).length === 8 && mirrors(c));
    assert.deepEqual(mirrors(c), [
      'etcd-cp-1',
      'etcd-old-master',
      'kube-apiserver-cp-1',
      'kube-apiserver-old-master',
      'kube-controller-manager-cp-1',
      'kube-controller-manager-old-master',
      'kube-scheduler-cp-1',
      'kube-scheduler-old-master',
    ]);
    assert.equal(c.pods('kube-system').filter((p) => p.spec.nodeName === 'worker').length, 0);
  });

  it('kube-apiserver: metadata, spec and status as kubeadm and the kubelet write them', () => {
    const p = pod(c, 'kube-apiserver-cp-1')!;
    const node = c.node('cp-1');
    const ann = p.metadata.annotations ?? {};
    assert.deepEqual(p.metadata.labels, { component: 'kube-apiserver', tier: 'control-plane' });
    assert.match(ann['kubernetes.io/config.hash'] ?? '', /^[0-9a-f]{32}$/);
    assert.equal(ann['kubernetes.io/config.mirror'], ann['kubernetes.io/config.hash']);
    assert.match(ann['kubernetes.io/config.seen'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000000Z$/);
    assert.equal(ann['kubernetes.io/config.source'], 'file');
    assert.deepEqual(Object.keys(ann).sort(), ['kubernetes.io/config.hash', 'kubernetes.io/config.mirror', 'kubernetes.io/config.seen', 'kubernetes.io/config.source']);
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'cp-1', uid: node.metadata.uid, controller: true }]);
    const ctr = p.spec.containers[0]!;
    assert.equal(p.spec.containers.length, 1);
    assert.equal(ctr.name, 'kube-apiserver');
    assert.equal(ctr.image, 'registry.k8s.io/kube-apiserver:v1.33.4');
    assert.deepEqual(ctr.command, ['kube-apiserver', '--advertise-address=192.168.10.11', '--secure-port=6443', '--etcd-servers=https://127.0.0.1:2379']);
    assert.deepEqual(ctr.resources, { requests: { cpu: '250m' } });
    assert.equal(p.spec.hostNetwork, true);
    assert.equal(p.spec.nodeName, 'cp-1');
    assert.equal(p.spec.priority, 2000001000);
    assert.equal(p.spec.priorityClassName, 'system-node-critical');
    // [defaulttolerationseconds/admission.go] a toleration with an empty key already tolerates
    // not-ready and unreachable, so no tolerationSeconds defaults are added.
    assert.deepEqual(p.spec.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
    const st = p.status!;
    assert.equal(st.phase, 'Running');
    assert.equal(st.hostIP, '192.168.10.11');
    assert.equal(st.podIP, '192.168.10.11');
    assert.deepEqual(st.podIPs, [{ ip: '192.168.10.11' }]);
    assert.match(st.startTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(
      st.conditions?.map((x) => `${x.type}=${x.status} ${String(x.lastProbeTime)} ${x.lastTransitionTime === st.startTime ? 'start' : x.lastTransitionTime}`),
      ['PodReadyToStartContainers=True null start', 'Initialized=True null start', 'Ready=True null start', 'ContainersReady=True null start', 'PodScheduled=True null start'],
    );
    const cs = st.containerStatuses ?? [];
    assert.equal(cs.length, 1);
    const { imageID, containerID, ...rest } = cs[0]!;
    assert.deepEqual(rest, { name: 'kube-apiserver', ready: true, started: true, restartCount: 0, image: 'registry.k8s.io/kube-apiserver:v1.33.4', state: { running: { startedAt: st.startTime } }, lastState: {} });
    assert.match(imageID ?? '', /^registry\.k8s\.io\/kube-apiserver@sha256:[0-9a-f]{64}$/);
    assert.match(containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
  });

  it('each component runs its own command, image and requests', () => {
    const summary = (name: string) => {
      const p = pod(c, name)!;
      const ctr = p.spec.containers[0]!;
      return { labels: p.metadata.labels, name: ctr.name, image: ctr.image, command: ctr.command, cpu: ctr.resources?.requests?.cpu };
    };
    assert.deepEqual(summary('kube-controller-manager-cp-1'), {
      labels: { component: 'kube-controller-manager', tier: 'control-plane' },
      name: 'kube-controller-manager',
      image: 'registry.k8s.io/kube-controller-manager:v1.33.4',
      command: ['kube-controller-manager', '--leader-elect=true', '--use-service-account-credentials=true'],
      cpu: '100m',
    });
    assert.deepEqual(summary('kube-scheduler-cp-1'), {
      labels: { component: 'kube-scheduler', tier: 'control-plane' },
      name: 'kube-scheduler',
      image: 'registry.k8s.io/kube-scheduler:v1.33.4',
      command: ['kube-scheduler', '--leader-elect=true'],
      cpu: '100m',
    });
    assert.deepEqual(summary('etcd-cp-1'), {
      labels: { component: 'etcd', tier: 'control-plane' },
      name: 'etcd',
      image: 'registry.k8s.io/etcd:3.5.21-0',
      command: ['etcd', '--advertise-client-urls=https://192.168.10.11:2379', '--data-dir=/var/lib/etcd'],
      cpu: '100m',
    });
  });

  it('a node without an InternalIP address falls back to 10.0.0.2', () => {
    const p = pod(c, 'etcd-old-master')!;
    assert.deepEqual(p.spec.containers[0]!.command, ['etcd', '--advertise-client-urls=https://10.0.0.2:2379', '--data-dir=/var/lib/etcd']);
    assert.equal(p.status?.hostIP, '10.0.0.2');
    assert.deepEqual(pod(c, 'kube-apiserver-old-master')!.spec.containers[0]!.command, ['kube-apiserver', '--advertise-address=10.0.0.2', '--secure-port=6443', '--etcd-servers=https://127.0.0.1:2379']);
  });

  it('a new manifest for one component replaces only that component\'s mirror pods', async () => {
    const uids = new Map(c.pods('kube-system').map((p) => [p.metadata.name, p.metadata.uid]));
    c.cluster.setControlPlaneVersion('v1.33.3', 'kube-scheduler');
    await waitFor('scheduler pods replaced', () => pod(c, 'kube-scheduler-cp-1')?.spec.containers[0]!.image === 'registry.k8s.io/kube-scheduler:v1.33.3' && pod(c, 'kube-scheduler-old-master')?.spec.containers[0]!.image === 'registry.k8s.io/kube-scheduler:v1.33.3');
    const changed = c
      .pods('kube-system')
      .filter((p) => uids.get(p.metadata.name) !== p.metadata.uid)
      .map((p) => p.metadata.name)
      .sort();
    assert.deepEqual(changed, ['kube-scheduler-cp-1', 'kube-scheduler-old-master']);
    assert.equal(pod(c, 'kube-scheduler-cp-1')!.status?.containerStatuses?.[0]?.image, 'registry.k8s.io/kube-scheduler:v1.33.3');
    assert.equal(mirrors(c).length, 8);
  });

  it('a control-plane node that goes away takes its mirror pods with it', async () => {
    c.cluster.store.remove('/nodes', undefined, 'old-master');
    c.controllers.manager.schedule();
    await waitFor('old-master pods gone', () => mirrors(c).length === 4);
    assert.deepEqual(mirrors(c), ['etcd-cp-1', 'kube-apiserver-cp-1', 'kube-controller-manager-cp-1', 'kube-scheduler-cp-1']);
  });
});

describe('which pods are the control plane\'s mirror pods', () => {
  const c = startCluster(
    [
      cp('cp-1'),
      // A stale mirror pod from an older manifest, and one of a node that is gone.
      mirrorYaml('kube-scheduler-cp-1', 'kube-system', 'component: kube-scheduler, tier: control-plane', 'registry.k8s.io/kube-scheduler:v1.30.0'),
      mirrorYaml('kube-apiserver-gone', 'kube-system', 'component: kube-apiserver, tier: control-plane', 'registry.k8s.io/kube-apiserver:v1.33.4'),
      // Not the control plane's mirror pods: no mirror annotation, no tier, no component, another namespace.
      mirrorYaml('kube-apiserver-selfhosted', 'kube-system', 'component: kube-apiserver, tier: control-plane', 'registry.k8s.io/kube-apiserver:v1.33.4', false),
      mirrorYaml('static-web', 'kube-system', 'component: kube-apiserver', 'nginx:1.27'),
      mirrorYaml('static-agent', 'kube-system', 'tier: control-plane', 'agent:1.0'),
      mirrorYaml('kube-apiserver-elsewhere', 'default', 'component: kube-apiserver, tier: control-plane', 'registry.k8s.io/kube-apiserver:v1.30.0'),
    ].join('---\n'),
  );
  after(() => c.stop());

  it('replaces a stale one, removes the orphan, and leaves other pods alone', async () => {
    await waitFor('scheduler mirror pod current', () => pod(c, 'kube-scheduler-cp-1')?.spec.containers[0]!.image === 'registry.k8s.io/kube-scheduler:v1.33.4');
    const s = pod(c, 'kube-scheduler-cp-1')!;
    assert.equal(s.spec.containers[0]!.name, 'kube-scheduler');
    assert.equal(s.metadata.ownerReferences?.[0]?.kind, 'Node');
    assert.equal(pod(c, 'kube-apiserver-gone'), undefined);
    assert.deepEqual(
      c
        .pods('kube-system')
        .map((p) => p.metadata.name ?? '')
        .sort(),
      ['etcd-cp-1', 'kube-apiserver-cp-1', 'kube-apiserver-selfhosted', 'kube-controller-manager-cp-1', 'kube-scheduler-cp-1', 'static-agent', 'static-web'],
    );
    assert.equal(pod(c, 'kube-apiserver-elsewhere', 'default')?.spec.containers[0]!.image, 'registry.k8s.io/kube-apiserver:v1.30.0');
  });

  it('creates none while kube-system does not exist', () => {
    c.cluster.store.remove('/namespaces', undefined, 'kube-system');
    c.cluster.load({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp-2', labels: { 'node-role.kubernetes.io/control-plane': '' } } });
    c.controllers.manager.runNow();
    assert.deepEqual(
      c.pods('kube-system').filter((p) => p.spec.nodeName === 'cp-2'),
      [],
    );
    assert.equal(pod(c, 'kube-scheduler-cp-1')?.spec.containers[0]!.image, 'registry.k8s.io/kube-scheduler:v1.33.4');
  });
});

describe('a managed control plane', () => {
  const c = startCluster(
    [cp('cp-1'), mirrorYaml('kube-apiserver-cp-1', 'kube-system', 'component: kube-apiserver, tier: control-plane', 'registry.k8s.io/kube-apiserver:v1.33.4')].join('---\n'),
    'kubernetesVersion: v1.33.4\n  managed: true\n  timeScale: 0.01\n  podStartSeconds: 1',
  );
  after(() => c.stop());

  it('shows no static pods, even on a node labelled control-plane', async () => {
    await waitFor('leftover mirror pod removed', () => !pod(c, 'kube-apiserver-cp-1'));
    assert.deepEqual(mirrors(c), []);
  });
});

describe('default tolerationSeconds of pods that tolerate everything ([defaulttolerationseconds/admission.go])', () => {
  const c = startCluster('apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n');
  after(() => c.stop());
  const create = (name: string, tolerations: unknown[]): Pod => {
    const def = c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    return c.cluster.create(def, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { tolerations, containers: [{ name: 'c', image: 'nginx:1.27' }] } } as Pod) as Pod;
  };

  it('adds none to a pod tolerating every taint, with or without an effect', () => {
    assert.deepEqual(create('all', [{ operator: 'Exists' }]).spec.tolerations, [{ operator: 'Exists' }]);
    assert.deepEqual(create('all-noexec', [{ operator: 'Exists', effect: 'NoExecute' }]).spec.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
  });

  it('adds the missing one only, and both to a pod tolerating only NoSchedule taints', () => {
    assert.deepEqual(create('nr', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }]).spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    assert.deepEqual(create('nosched', [{ operator: 'Exists', effect: 'NoSchedule' }]).spec.tolerations, [
      { operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });
});
