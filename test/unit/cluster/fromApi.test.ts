import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import {
  buildSnapshot,
  controlPlaneComponents,
  countPodsByNode,
  isoTimestamp,
  kubeProxyVersions,
  nodeInfo,
  nodeRoles,
  quantityCount,
  type ApiPod,
} from '../../../src/core/cluster/fromApi';
import { controlPlaneNode, kubeProxyPod, notReadyWorker, staticPod, workloadPod } from './fixtures';

describe('nodeInfo', () => {
  test('converts a ready kubeadm control-plane node', () => {
    assert.deepEqual(nodeInfo(controlPlaneNode), {
      name: 'cp-1',
      uid: '6f1c2b0e-6b1a-4f0e-9d53-0c1f3f1a9a01',
      roles: ['control-plane'],
      ready: 'True',
      unschedulable: false,
      kubeletVersion: 'v1.31.4',
      kubeProxyVersion: 'v1.31.4',
      containerRuntime: 'containerd://1.7.22',
      osImage: 'Ubuntu 22.04.5 LTS',
      kernelVersion: '5.15.0-125-generic',
      architecture: 'amd64',
      operatingSystem: 'linux',
      internalIP: '10.0.0.11',
      podsAllocatable: 110,
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      createdAt: '2024-11-03T09:15:42.000Z',
      labels: controlPlaneNode.metadata?.labels,
    });
  });

  test('converts a cordoned, unreachable worker', () => {
    const info = nodeInfo(notReadyWorker, { podsUsed: 12 });
    assert.deepEqual(info.roles, ['ingress', 'worker']);
    assert.equal(info.ready, 'Unknown');
    assert.equal(info.readyReason, 'NodeStatusUnknown: Kubelet stopped posting node status.');
    assert.equal(info.unschedulable, true);
    assert.equal(info.kubeProxyVersion, undefined, 'an empty nodeInfo.kubeProxyVersion means none');
    assert.equal(info.internalIP, '10.0.1.20', 'the first InternalIP');
    assert.equal(info.podsUsed, 12);
    assert.equal(info.podsAllocatable, 250);
    assert.deepEqual(info.taints, [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ]);
  });

  test('a kube-proxy pod version wins over status.nodeInfo', () => {
    assert.equal(nodeInfo(controlPlaneNode, { kubeProxyVersion: 'v1.30.8' }).kubeProxyVersion, 'v1.30.8');
    assert.equal(nodeInfo(notReadyWorker, { kubeProxyVersion: 'v1.29.10' }).kubeProxyVersion, 'v1.29.10');
  });

  test('Ready condition: missing is Unknown, False carries reason and message', () => {
    const missing = nodeInfo({ metadata: { name: 'n' }, status: { conditions: [{ type: 'DiskPressure', status: 'False' }] } });
    assert.equal(missing.ready, 'Unknown');
    assert.equal(missing.readyReason, undefined);
    const notReady = nodeInfo({
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false' }] },
    });
    assert.equal(notReady.ready, 'False');
    assert.equal(notReady.readyReason, 'KubeletNotReady: container runtime network not ready: NetworkReady=false');
    assert.equal(nodeInfo({ status: { conditions: [{ type: 'Ready', status: 'False', message: 'only a message' }] } }).readyReason, 'only a message');
    assert.equal(nodeInfo({ status: { conditions: [{ type: 'Ready', status: 'Bogus' }] } }).ready, 'Unknown');
  });

  test('an empty object gives empty strings, no roles and no optional fields', () => {
    assert.deepEqual(nodeInfo({}), {
      name: '', uid: '', roles: [], ready: 'Unknown', unschedulable: false, kubeletVersion: '', containerRuntime: '',
      osImage: '', kernelVersion: '', architecture: '', operatingSystem: '', taints: [], labels: {},
    });
  });

  test('labels are copied, not shared', () => {
    const info = nodeInfo(controlPlaneNode);
    assert.notEqual(info.labels, controlPlaneNode.metadata?.labels);
  });

  test('accepts a @kubernetes/client-node object with Date timestamps, before and after JSON', () => {
    const clientNode: V1Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'gke-pool-1-abcd', uid: 'u-1', creationTimestamp: new Date('2025-03-04T05:06:07Z'), labels: { 'cloud.google.com/gke-nodepool': 'pool-1' } },
      spec: { taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1741064767', effect: 'NoSchedule', timeAdded: new Date('2025-03-04T05:07:00Z') }] },
      status: {
        allocatable: { pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: new Date('2025-03-04T05:10:00Z') }],
        nodeInfo: {
          architecture: 'amd64', bootID: 'b', containerRuntimeVersion: 'containerd://1.7.24', kernelVersion: '6.6.56+',
          kubeProxyVersion: 'v1.31.5-gke.1233000', kubeletVersion: 'v1.31.5-gke.1233000', machineID: 'm',
          operatingSystem: 'linux', osImage: 'Container-Optimized OS from Google', systemUUID: 's',
        },
      },
    };
    const fromClient = nodeInfo(clientNode);
    assert.equal(fromClient.createdAt, '2025-03-04T05:06:07.000Z');
    assert.equal(fromClient.kubeletVersion, 'v1.31.5-gke.1233000');
    assert.deepEqual(fromClient.taints, [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1741064767', effect: 'NoSchedule' }]);
    const roundTripped = JSON.parse(JSON.stringify(clientNode)) as V1Node;
    assert.equal(typeof roundTripped.metadata?.creationTimestamp, 'string');
    assert.deepEqual(nodeInfo(roundTripped), fromClient);
  });
});

describe('nodeRoles', () => {
  test('follows kubectl: node-role.kubernetes.io/<role> (any value) and kubernetes.io/role=<role>, sorted', () => {
    assert.deepEqual(nodeRoles({
      'node-role.kubernetes.io/worker': '',
      'node-role.kubernetes.io/infra': 'false',
      'node-role.kubernetes.io/': 'ignored: empty role',
      'node-role.kubernetes.io': 'ignored: no slash',
      'kubernetes.io/role': 'master',
      'example.com/node-role.kubernetes.io/x': '',
    }), ['infra', 'master', 'worker']);
    assert.deepEqual(nodeRoles({ 'kubernetes.io/role': '' }), []);
    assert.deepEqual(nodeRoles({ 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/worker': '' }), ['worker']);
  });
});

describe('small conversions', () => {
  test('isoTimestamp normalises text and Dates, rejects junk', () => {
    assert.equal(isoTimestamp('2024-01-02T03:04:05Z'), '2024-01-02T03:04:05.000Z');
    assert.equal(isoTimestamp('2024-01-02T04:04:05+01:00'), '2024-01-02T03:04:05.000Z');
    assert.equal(isoTimestamp(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '2024-01-02T03:04:05.000Z');
    assert.equal(isoTimestamp('yesterday'), undefined);
    assert.equal(isoTimestamp(new Date(Number.NaN)), undefined);
    assert.equal(isoTimestamp(null), undefined);
    assert.equal(isoTimestamp(undefined), undefined);
  });

  test('quantityCount reads plain and scaled counts', () => {
    assert.equal(quantityCount('110'), 110);
    assert.equal(quantityCount(' 250 '), 250);
    assert.equal(quantityCount('1k'), 1000);
    assert.equal(quantityCount('1Ki'), 1024);
    assert.equal(quantityCount(58), 58);
    assert.equal(quantityCount('100m'), undefined);
    assert.equal(quantityCount('many'), undefined);
    assert.equal(quantityCount(''), undefined);
    assert.equal(quantityCount(undefined), undefined);
    assert.equal(quantityCount(Number.POSITIVE_INFINITY), undefined);
  });
});

function digestOnly(pod: ApiPod, statusImage: string): ApiPod {
  const image = 'registry.k8s.io/kube-controller-manager@sha256:0b7a1f58e3c2d4b6f8a0c2e4d6b8f0a2c4e6d8b0f2a4c6e8d0b2f4a6c8e0d2b4';
  return {
    ...pod,
    metadata: { ...pod.metadata, labels: {} },
    spec: { ...pod.spec, containers: [{ name: 'kube-controller-manager', image }] },
    status: { ...pod.status, containerStatuses: [{ name: 'kube-controller-manager', image: statusImage }] },
  };
}

describe('controlPlaneComponents', () => {
  test('recognises kubeadm static pods by their component label and reads the image tag', () => {
    const pods = [
      staticPod('kube-apiserver', 'cp-1', 'registry.k8s.io/kube-apiserver:v1.31.4'),
      staticPod('etcd', 'cp-1', 'registry.k8s.io/etcd:3.5.15-0'),
      staticPod('kube-scheduler', 'cp-1', 'registry.k8s.io/kube-scheduler:v1.31.4', false),
    ];
    assert.deepEqual(controlPlaneComponents(pods), [
      { component: 'etcd', podName: 'etcd-cp-1', namespace: 'kube-system', nodeName: 'cp-1', version: '3.5.15-0', ready: true },
      { component: 'kube-apiserver', podName: 'kube-apiserver-cp-1', namespace: 'kube-system', nodeName: 'cp-1', version: 'v1.31.4', ready: true },
      { component: 'kube-scheduler', podName: 'kube-scheduler-cp-1', namespace: 'kube-system', nodeName: 'cp-1', version: 'v1.31.4', ready: false },
    ]);
  });

  test('recognises k8s-app labels, tier=control-plane with a container name, and mirror-pod names', () => {
    const kops = staticPod('kube-apiserver', 'cp-a', 'host.example:5000/kube-apiserver:v1.30.1');
    const byApp: ApiPod = { ...kops, metadata: { ...kops.metadata, labels: { 'k8s-app': 'kube-apiserver' } } };
    const tierOnly = staticPod('kube-scheduler', 'cp-a', 'host.example:5000/kube-scheduler:v1.30.1');
    const byTier: ApiPod = { ...tierOnly, metadata: { ...tierOnly.metadata, name: 'scheduler-xyz', labels: { tier: 'control-plane' } } };
    const mirror = digestOnly(staticPod('kube-controller-manager', 'cp-a', 'unused'), 'registry.k8s.io/kube-controller-manager:v1.30.1');
    const found = controlPlaneComponents([byApp, byTier, mirror]);
    assert.deepEqual(found.map((c) => [c.component, c.podName, c.version]), [
      ['kube-apiserver', 'kube-apiserver-cp-a', 'v1.30.1'],
      ['kube-controller-manager', 'kube-controller-manager-cp-a', 'v1.30.1'],
      ['kube-scheduler', 'scheduler-xyz', 'v1.30.1'],
    ]);
  });

  test('a digest-only image without a tagged status image has no version', () => {
    const pod = digestOnly(staticPod('kube-controller-manager', 'cp-1', 'unused'), 'sha256:9f8e7d');
    assert.equal(controlPlaneComponents([pod])[0]?.version, undefined);
    assert.equal('version' in (controlPlaneComponents([pod])[0] ?? {}), false);
  });

  test('picks the component container among sidecars', () => {
    const pod = staticPod('kube-apiserver', 'cp-1', 'registry.k8s.io/kube-apiserver:v1.32.0');
    const withSidecar: ApiPod = {
      ...pod,
      spec: { ...pod.spec, containers: [{ name: 'konnectivity-agent', image: 'registry.k8s.io/kas-network-proxy/proxy-agent:v0.31.0' }, ...(pod.spec?.containers ?? [])] },
    };
    assert.equal(controlPlaneComponents([withSidecar])[0]?.version, 'v1.32.0');
  });

  test('ignores other namespaces, add-ons and kube-proxy; accepts pods listed without a namespace', () => {
    const elsewhere = { ...staticPod('kube-apiserver', 'cp-1', 'x/kube-apiserver:v1.31.0'), metadata: { name: 'kube-apiserver-cp-1', namespace: 'default', labels: { component: 'kube-apiserver' } } };
    const coredns: ApiPod = { metadata: { name: 'coredns-7db6d8ff4d-abcde', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, spec: { nodeName: 'cp-1', containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' }] } };
    const proxy = kubeProxyPod('kube-proxy-x7k2p', 'cp-1', 'registry.k8s.io/kube-proxy:v1.31.4');
    const bare: ApiPod = { metadata: { name: 'etcd-cp-9', labels: { component: 'etcd' } }, spec: { nodeName: 'cp-9', containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.5.16-0' }] } };
    assert.deepEqual(controlPlaneComponents([elsewhere, coredns, proxy, bare]).map((c) => [c.podName, c.namespace]), [['etcd-cp-9', 'kube-system']]);
  });

  test('accepts client-node pods typed as V1Pod', () => {
    const pod: V1Pod = {
      metadata: { name: 'kube-apiserver-cp-1', namespace: 'kube-system', labels: { component: 'kube-apiserver' }, creationTimestamp: new Date() },
      spec: { nodeName: 'cp-1', containers: [{ name: 'kube-apiserver', image: 'registry.k8s.io/kube-apiserver:v1.33.1' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date() }] },
    };
    assert.deepEqual(controlPlaneComponents([pod]).map((c) => [c.version, c.ready]), [['v1.33.1', true]]);
  });
});

describe('kubeProxyVersions', () => {
  test('maps nodes to kube-proxy image tags, preferring the live pod during a rollout', () => {
    const versions = kubeProxyVersions([
      kubeProxyPod('kube-proxy-old', 'worker-1', 'registry.k8s.io/kube-proxy:v1.30.8', { deleting: true }),
      kubeProxyPod('kube-proxy-new', 'worker-1', 'registry.k8s.io/kube-proxy:v1.31.4'),
      kubeProxyPod('kube-proxy-b', 'worker-2', 'registry.k8s.io/kube-proxy:v1.30.8@sha256:feed'),
      kubeProxyPod('kube-proxy-failed', 'worker-3', 'registry.k8s.io/kube-proxy:v1.29.0', { phase: 'Failed' }),
      kubeProxyPod('kube-proxy-gone', 'worker-4', 'registry.k8s.io/kube-proxy:v1.29.0', { deleting: true }),
      kubeProxyPod('kube-proxy-untagged', 'worker-5', 'registry.k8s.io/kube-proxy'),
      { ...kubeProxyPod('kube-proxy-pending', '', 'registry.k8s.io/kube-proxy:v1.31.4'), spec: { containers: [] } },
      staticPod('kube-apiserver', 'worker-6', 'registry.k8s.io/kube-apiserver:v1.31.4'),
    ]);
    assert.deepEqual([...versions], [['worker-1', 'v1.31.4'], ['worker-2', 'v1.30.8'], ['worker-4', 'v1.29.0']]);
  });
});

describe('countPodsByNode', () => {
  test('counts bound pods that are not Succeeded or Failed', () => {
    const counts = countPodsByNode([
      workloadPod('a', 'n1', 'Running'),
      workloadPod('b', 'n1', 'Pending'),
      workloadPod('c', 'n1', 'Succeeded'),
      workloadPod('d', 'n1', 'Failed'),
      workloadPod('e', 'n2', 'Unknown'),
      workloadPod('f', undefined, 'Pending'),
      { metadata: { name: 'g' }, spec: { nodeName: 'n2' } },
    ]);
    assert.deepEqual([...counts], [['n1', 2], ['n2', 2]]);
  });
});

describe('buildSnapshot', () => {
  const systemPods = [
    staticPod('kube-apiserver', 'cp-1', 'registry.k8s.io/kube-apiserver:v1.31.4'),
    staticPod('kube-controller-manager', 'cp-1', 'registry.k8s.io/kube-controller-manager:v1.31.4'),
    kubeProxyPod('kube-proxy-a', 'cp-1', 'registry.k8s.io/kube-proxy:v1.31.4'),
    kubeProxyPod('kube-proxy-b', 'worker-10', 'registry.k8s.io/kube-proxy:v1.29.10'),
  ];

  test('assembles a self-managed cluster', () => {
    const snapshot = buildSnapshot({
      version: { gitVersion: 'v1.31.4', platform: 'linux/amd64' },
      nodes: [notReadyWorker, controlPlaneNode],
      systemPods,
      allPods: [...systemPods, workloadPod('web', 'worker-10', 'Running'), workloadPod('job', 'worker-10', 'Succeeded')],
      kubectlVersion: 'v1.32.0',
    });
    assert.deepEqual(snapshot.serverVersion, { gitVersion: 'v1.31.4', platform: 'linux/amd64' });
    assert.equal(snapshot.managed, false);
    assert.deepEqual(snapshot.components.map((c) => c.podName), ['kube-apiserver-cp-1', 'kube-controller-manager-cp-1']);
    assert.deepEqual(snapshot.nodes.map((n) => [n.name, n.podsUsed, n.kubeProxyVersion]), [['cp-1', 3, 'v1.31.4'], ['worker-10', 2, 'v1.29.10']]);
    assert.equal(snapshot.kubectlVersion, 'v1.32.0');
  });

  test('a cluster without visible kube-apiserver pods is managed; pods are not counted unless listed', () => {
    const snapshot = buildSnapshot({ version: { gitVersion: 'v1.31.4-eks-1234' }, nodes: [controlPlaneNode], systemPods: [systemPods[2]] });
    assert.equal(snapshot.managed, true);
    assert.deepEqual(snapshot.serverVersion, { gitVersion: 'v1.31.4-eks-1234' });
    assert.equal(snapshot.nodes[0]?.podsUsed, undefined);
    assert.equal('kubectlVersion' in snapshot, false);
  });

  test('nodes sort naturally by name', () => {
    const named = (name: string) => ({ metadata: { name } });
    const snapshot = buildSnapshot({ version: { gitVersion: 'v1.31.0' }, nodes: [named('node-10'), named('node-2'), named('node-1')], systemPods: [] });
    assert.deepEqual(snapshot.nodes.map((n) => n.name), ['node-1', 'node-2', 'node-10']);
  });
});
