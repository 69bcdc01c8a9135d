/**
 * Pods and nodes while a node's kubelet is down or restarting, against
 * kubernetes/kubernetes: pkg/controller/nodelifecycle (MarkPodsNotReady turns the
 * Ready condition of a NotReady node's pods False; ContainersReady and the phase
 * stay), pkg/kubelet (a kubelet that is not running starts nothing; once back it
 * reports Ready again), kubelet_node_status.go (the Ready condition's reasons and
 * messages, nodeInfo after an upgrade: kubeletVersion, and from 1.31 no
 * kubeProxyVersion, KEP-4004) and a reboot giving a new bootID.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type Condition, type Pod } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const podYaml = (name: string, nodeName: string, status = ''): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec: {nodeName: ${nodeName}, terminationGracePeriodSeconds: 1, containers: [{name: c, image: busybox}]}
${status}`;

describe('kubelet: NotReady nodes', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (yaml: string, spec?: string): TestCluster => {
    const c = startCluster(yaml, spec);
    clusters.push(c);
    return c;
  };
  const get = (c: TestCluster, name: string): Pod | undefined => c.cluster.store.get('/pods', 'default', name) as Pod | undefined;
  const cond = (c: TestCluster, name: string, type: string): Condition | undefined => get(c, name)?.status?.conditions?.find((x) => x.type === type);
  const podsDef = (c: TestCluster) => c.cluster.catalog.lookup('', 'v1', 'pods')!.def;

  it('[MarkPodsNotReady] running pods on a NotReady node turn Ready=False (reason NodeNotReady) and back to True when it is Ready; other pods are left alone', async () => {
    const c = start(`${nodesYaml(['n1', 'n2'])}---
${podYaml('a-run', 'n1')}---
${podYaml('b-gated', 'n1')}---
${podYaml('c-done', 'n1', 'status:\n  phase: Succeeded\n  conditions: [{type: Ready, status: "False", reason: PodCompleted, lastTransitionTime: "2020-01-01T00:00:00Z"}]\n')}---
${podYaml('d-away', 'n2')}`);
    await waitFor('pods Running', () => ['a-run', 'b-gated', 'd-away'].every((n) => get(c, n)?.status?.phase === 'Running'));
    // b-gated is not ready for a reason of its own (say a readiness gate).
    const gated = clone(get(c, 'b-gated')!);
    gated.status!.conditions = gated.status!.conditions!.map((x) => (x.type === 'Ready' ? { ...x, status: 'False' as const, reason: 'ReadinessGatesNotReady' } : x));
    c.cluster.put('/pods', gated);
    const before = get(c, 'a-run')!;
    const beforeDone = JSON.stringify(get(c, 'c-done'));
    c.controllers.kubelet.setNodeReady('n1', false);
    const ready = await waitFor('a-run not ready', () => (cond(c, 'a-run', 'Ready')?.status === 'False' ? cond(c, 'a-run', 'Ready') : undefined));
    assert.deepEqual({ ...ready, lastTransitionTime: 'T' }, { type: 'Ready', status: 'False', reason: 'NodeNotReady', lastProbeTime: null, lastTransitionTime: 'T' });
    const run = get(c, 'a-run')!;
    assert.equal(run.status?.phase, 'Running');
    assert.equal(cond(c, 'a-run', 'ContainersReady')?.status, 'True');
    assert.deepEqual(run.status?.containerStatuses, before.status?.containerStatuses);
    assert.equal(run.status?.conditions?.length, before.status?.conditions?.length);
    assert.equal(cond(c, 'b-gated', 'Ready')?.reason, 'ReadinessGatesNotReady');
    assert.equal(JSON.stringify(get(c, 'c-done')), beforeDone, 'a finished pod is not rewritten');
    assert.equal(cond(c, 'd-away', 'Ready')?.status, 'True', 'pods on other nodes stay ready');
    c.controllers.kubelet.setNodeReady('n1', true);
    const back = await waitFor('a-run ready again', () => (cond(c, 'a-run', 'Ready')?.status === 'True' ? cond(c, 'a-run', 'Ready') : undefined));
    assert.deepEqual({ ...back, lastTransitionTime: 'T' }, { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: 'T' });
    assert.deepEqual({ status: cond(c, 'b-gated', 'Ready')?.status, reason: cond(c, 'b-gated', 'Ready')?.reason }, { status: 'False', reason: 'ReadinessGatesNotReady' });
    assert.equal(JSON.stringify(get(c, 'c-done')), beforeDone);
  });

  it('a pod bound to a NotReady node stays Pending until the node is Ready, then starts', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: down}
status:
  conditions: [{type: Ready, status: "False", reason: KubeletNotReady, message: down}]
---
${nodesYaml(['up'])}---
${podYaml('a-waiting', 'down')}---
${podYaml('b-witness', 'up')}`);
    await waitFor('b-witness Running', () => get(c, 'b-witness')?.status?.phase === 'Running');
    const waiting = get(c, 'a-waiting')!;
    assert.equal(waiting.status?.phase, 'Pending');
    assert.equal(waiting.status?.conditions?.find((x) => x.type === 'Ready'), undefined);
    c.controllers.kubelet.setNodeReady('down', true);
    await waitFor('a-waiting Running', () => get(c, 'a-waiting')?.status?.phase === 'Running');
  });

  it('a node that goes NotReady before a pod\'s start is due keeps it Pending; the pod starts once the node is back', async () => {
    const c = start(nodesYaml(['n1', 'n2']), 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 20');
    c.cluster.create(podsDef(c), 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a-early' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } } as Pod);
    c.controllers.manager.runNow();
    c.controllers.kubelet.setNodeReady('n1', false);
    c.cluster.create(podsDef(c), 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b-later' }, spec: { nodeName: 'n2', containers: [{ name: 'c', image: 'busybox' }] } } as Pod);
    await waitFor('b-later Running', () => get(c, 'b-later')?.status?.phase === 'Running');
    assert.equal(get(c, 'a-early')?.status?.phase, 'Pending');
    c.controllers.kubelet.setNodeReady('n1', true);
    await waitFor('a-early Running', () => get(c, 'a-early')?.status?.phase === 'Running');
  });
});

describe('kubelet: node restarts', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (yaml: string): TestCluster => {
    const c = startCluster(yaml, 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  nodeUpgradeSeconds: 10');
    clusters.push(c);
    return c;
  };
  const ready = (c: TestCluster, name: string): Condition | undefined => c.node(name).status?.conditions?.find((x) => x.type === 'Ready');

  it('[kubelet_node_status.go] a kubelet upgrade: NotReady "kubelet is restarting", then Ready on the new version with the rest of nodeInfo unchanged', async () => {
    const c = start(nodesYaml(['n1']));
    const info = { ...c.node('n1').status!.nodeInfo! };
    assert.equal(info.kubeProxyVersion, undefined);
    c.controllers.kubelet.upgradeKubelet('n1', '1.34.1');
    const down = ready(c, 'n1')!;
    assert.deepEqual(
      { ...down, lastHeartbeatTime: 'T', lastTransitionTime: 'T' },
      { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'kubelet is restarting', lastHeartbeatTime: 'T', lastTransitionTime: 'T' },
    );
    assert.equal(down.lastHeartbeatTime, down.lastTransitionTime);
    assert.equal(c.node('n1').status!.nodeInfo!.kubeletVersion, 'v1.33.4', 'the version changes only when the kubelet is back');
    await waitFor('Ready', () => ready(c, 'n1')?.status === 'True');
    const up = ready(c, 'n1')!;
    assert.deepEqual(
      { ...up, lastHeartbeatTime: 'T', lastTransitionTime: 'T' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: 'T', lastTransitionTime: 'T' },
    );
    assert.deepEqual(c.node('n1').status!.nodeInfo, { ...info, kubeletVersion: 'v1.34.1' });
    const others = c.node('n1').status!.conditions!.filter((x) => x.type !== 'Ready').map((x) => `${x.type}=${x.status}`);
    assert.deepEqual(others, ['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False']);
  });

  it('[KEP-4004] before 1.31 the kubelet reports kube-proxy at its own version; from 1.31 it drops the field; a node without it does not gain it', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: old}
status: {nodeInfo: {kubeletVersion: v1.30.4}}
---
${nodesYaml(['new'])}`);
    assert.equal(c.node('old').status!.nodeInfo!.kubeProxyVersion, 'v1.30.4');
    c.controllers.kubelet.upgradeKubelet('old', 'v1.30.9');
    c.controllers.kubelet.upgradeKubelet('new', 'v1.30.9');
    await waitFor('old on v1.30.9', () => c.node('old').status!.nodeInfo!.kubeletVersion === 'v1.30.9' && ready(c, 'old')?.status === 'True');
    await waitFor('new on v1.30.9', () => c.node('new').status!.nodeInfo!.kubeletVersion === 'v1.30.9' && ready(c, 'new')?.status === 'True');
    assert.equal(c.node('old').status!.nodeInfo!.kubeProxyVersion, 'v1.30.9');
    assert.equal('kubeProxyVersion' in c.node('new').status!.nodeInfo!, false);
    c.controllers.kubelet.upgradeKubelet('old', 'v1.31.0');
    await waitFor('old on v1.31.0', () => c.node('old').status!.nodeInfo!.kubeletVersion === 'v1.31.0' && ready(c, 'old')?.status === 'True');
    assert.equal('kubeProxyVersion' in c.node('old').status!.nodeInfo!, false);
  });

  it('an OS patch reboots the node: NotReady "node is rebooting", then Ready with only the changed fields and a new bootID', async () => {
    const c = start(nodesYaml(['n1']));
    const info = { ...c.node('n1').status!.nodeInfo! };
    c.controllers.kubelet.patchOs('n1', { osImage: 'Ubuntu 24.04.9 LTS' });
    assert.equal(ready(c, 'n1')?.message, 'node is rebooting');
    assert.equal(ready(c, 'n1')?.reason, 'KubeletNotReady');
    await waitFor('Ready after the reboot', () => ready(c, 'n1')?.status === 'True');
    const after1 = c.node('n1').status!.nodeInfo!;
    assert.notEqual(after1.bootID, info.bootID);
    assert.match(after1.bootID!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(after1, { ...info, osImage: 'Ubuntu 24.04.9 LTS', bootID: after1.bootID });
    c.controllers.kubelet.patchOs('n1', { kernelVersion: '6.8.0-2000-aws', containerRuntimeVersion: 'containerd://2.1.9' });
    await waitFor('Ready after the second reboot', () => ready(c, 'n1')?.status === 'True' && c.node('n1').status!.nodeInfo!.kernelVersion === '6.8.0-2000-aws');
    const after2 = c.node('n1').status!.nodeInfo!;
    assert.notEqual(after2.bootID, after1.bootID);
    assert.deepEqual(after2, { ...after1, kernelVersion: '6.8.0-2000-aws', containerRuntimeVersion: 'containerd://2.1.9', bootID: after2.bootID });
  });

  it('restarting an unknown node fails; a node deleted while restarting is not brought back; setNodeReady on an unknown node does nothing', async () => {
    const c = start(nodesYaml(['n1', 'n2']));
    assert.throws(() => c.controllers.kubelet.upgradeKubelet('nope', 'v1.34.0'), /^Error: node nope not found$/);
    assert.throws(() => c.controllers.kubelet.patchOs('nope', { osImage: 'x' }), /^Error: node nope not found$/);
    c.controllers.kubelet.setNodeReady('nope', true);
    assert.equal(c.cluster.store.get('/nodes', undefined, 'nope'), undefined);
    c.controllers.kubelet.upgradeKubelet('n1', 'v1.34.0');
    c.controllers.kubelet.upgradeKubelet('n2', 'v1.34.0');
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, 'n1');
    await waitFor('n2 back on v1.34.0', () => c.node('n2').status!.nodeInfo!.kubeletVersion === 'v1.34.0' && ready(c, 'n2')?.status === 'True');
    assert.equal(c.cluster.store.get('/nodes', undefined, 'n1'), undefined);
  });

  it('[kubelet_node_status.go] setNodeReady writes the given reason and message, or the kubelet\'s defaults', () => {
    const c = start(nodesYaml(['n1']));
    const kubelet = c.controllers.kubelet;
    kubelet.setNodeReady('n1', false);
    assert.deepEqual(
      { status: ready(c, 'n1')?.status, reason: ready(c, 'n1')?.reason, message: ready(c, 'n1')?.message },
      { status: 'False', reason: 'KubeletNotReady', message: 'container runtime status check may not have completed yet' },
    );
    kubelet.setNodeReady('n1', false, 'NetworkUnavailable', 'cni plugin not initialized');
    assert.deepEqual({ reason: ready(c, 'n1')?.reason, message: ready(c, 'n1')?.message }, { reason: 'NetworkUnavailable', message: 'cni plugin not initialized' });
    kubelet.setNodeReady('n1', true);
    assert.deepEqual(
      { status: ready(c, 'n1')?.status, reason: ready(c, 'n1')?.reason, message: ready(c, 'n1')?.message },
      { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    );
    assert.equal(c.node('n1').status!.conditions!.filter((x) => x.type === 'Ready').length, 1);
  });
});
