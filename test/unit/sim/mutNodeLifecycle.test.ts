/**
 * Node taints of the node lifecycle controller, against kubernetes/kubernetes
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go: doNoScheduleTaintingPass
 * (unschedulable, not-ready and unreachable NoSchedule taints, only NoSchedule taints
 * compared), doNoExecuteTaintingPass / markNodeAsReachable (the not-ready and
 * unreachable NoExecute taints, swapped as the Ready condition goes False / Unknown,
 * removed when it is True again), a node that never posted a Ready condition taken as
 * Unknown (tryUpdateNodeHealth), and SwapNodeControllerTaint's timeAdded.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import { NodeLifecycle } from '../../sim/controllers/nodeLifecycle';
import { parseScenario } from '../../sim/scenario';
import { clone, type KubeObject, type Node, type Taint } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

const node = (name: string, spec = '', status = ''): string =>
  `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}}\n${spec ? `spec: ${spec}\n` : ''}${status ? `status: ${status}\n` : ''}`;

const ready = (status: 'True' | 'False' | 'Unknown'): string =>
  `{conditions: [{type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory}, {type: Ready, status: "${status}", reason: Test}]}`;

const NR = 'node.kubernetes.io/not-ready';
const UR = 'node.kubernetes.io/unreachable';
const US = 'node.kubernetes.io/unschedulable';

/** Key and effect of each taint, in order. */
const keys = (n: Node): string[] => (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
const taint = (n: Node, key: string, effect: string): Taint | undefined => n.spec?.taints?.find((t) => t.key === key && t.effect === effect);

describe('node lifecycle taints (node_lifecycle_controller.go)', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (yaml: string): TestCluster => {
    const c = startCluster(yaml);
    clusters.push(c);
    return c;
  };
  const change = (c: TestCluster, name: string, edit: (n: Node) => void): void => {
    const next = clone(c.node(name));
    edit(next);
    c.cluster.put('/nodes', next as KubeObject);
  };
  const setReady = (status: 'True' | 'False' | 'Unknown') => (n: Node): void => {
    n.status!.conditions = n.status!.conditions!.map((x) => (x.type === 'Ready' ? { ...x, status } : x));
  };

  it('[node_lifecycle_controller.go] nodes as declared get their taints at start: cordoned, NotReady (the missing half added), Unknown, never reported', () => {
    const c = start(
      [
        node('cordoned', '{unschedulable: true}'),
        node('half', `{taints: [{key: ${NR}, effect: NoSchedule, timeAdded: "2025-01-01T00:00:00Z"}]}`, ready('False')),
        node('unknown', '', ready('Unknown')),
        node('silent', '', '{conditions: [{type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory}]}'),
        node('healthy'),
      ].join('---\n'),
    );
    // The controllers' first pass runs before startCluster returns.
    assert.deepEqual(keys(c.node('cordoned')), [`${US}:NoSchedule`]);
    assert.match(taint(c.node('cordoned'), US, 'NoSchedule')?.timeAdded ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(keys(c.node('half')), [`${NR}:NoSchedule`, `${NR}:NoExecute`]);
    assert.equal(taint(c.node('half'), NR, 'NoSchedule')?.timeAdded, '2025-01-01T00:00:00Z', 'a taint already there keeps its timeAdded');
    assert.ok(taint(c.node('half'), NR, 'NoExecute')?.timeAdded);
    assert.deepEqual(keys(c.node('unknown')), [`${UR}:NoSchedule`, `${UR}:NoExecute`]);
    assert.deepEqual(keys(c.node('silent')), [`${UR}:NoSchedule`, `${UR}:NoExecute`], 'no Ready condition counts as Unknown');
    assert.equal(c.node('healthy').spec?.taints, undefined);
  });

  it('[node_lifecycle_controller.go] cordon, NotReady, Unknown, Ready, uncordon: taints are added, swapped and removed exactly', async () => {
    const c = start(node('n1'));
    const taintsBecome = async (what: string, expected: string[]): Promise<Node> => waitFor(what, () => JSON.stringify(keys(c.node('n1'))) === JSON.stringify(expected) && c.node('n1'));

    change(c, 'n1', (n) => (n.spec = { ...n.spec, unschedulable: true }));
    const cordoned = await taintsBecome('cordoned', [`${US}:NoSchedule`]);
    const cordonedAt = taint(cordoned, US, 'NoSchedule')!.timeAdded;

    c.controllers.kubelet.setNodeReady('n1', false);
    await taintsBecome('not-ready taints beside the cordon', [`${US}:NoSchedule`, `${NR}:NoSchedule`, `${NR}:NoExecute`]);

    change(c, 'n1', setReady('Unknown'));
    const unreachable = await taintsBecome('not-ready swapped for unreachable', [`${US}:NoSchedule`, `${UR}:NoSchedule`, `${UR}:NoExecute`]);
    assert.equal(taint(unreachable, US, 'NoSchedule')!.timeAdded, cordonedAt, 'the cordon taint is kept, not re-added');

    change(c, 'n1', setReady('False'));
    await taintsBecome('unreachable swapped back for not-ready', [`${US}:NoSchedule`, `${NR}:NoSchedule`, `${NR}:NoExecute`]);

    change(c, 'n1', setReady('Unknown'));
    await taintsBecome('unreachable again', [`${US}:NoSchedule`, `${UR}:NoSchedule`, `${UR}:NoExecute`]);

    c.controllers.kubelet.setNodeReady('n1', true);
    await taintsBecome('only the cordon left once Ready', [`${US}:NoSchedule`]);

    change(c, 'n1', (n) => (n.spec = { ...n.spec, unschedulable: false }));
    await waitFor('no taints field at all', () => c.node('n1').spec?.taints === undefined);
  });

  it('[node_lifecycle_controller.go doNoScheduleTaintingPass] taints with the same keys but another effect, and other taints, are left alone', async () => {
    const own = `[{key: ${US}, effect: NoExecute}, {key: ${NR}, effect: PreferNoSchedule}, {key: ${UR}, effect: PreferNoSchedule}, {key: dedicated, value: db, effect: NoSchedule}]`;
    const c = start([node('custom', `{taints: ${own}}`), node('n2')].join('---\n'));
    const declared = [`${US}:NoExecute`, `${NR}:PreferNoSchedule`, `${UR}:PreferNoSchedule`, 'dedicated:NoSchedule'];
    assert.deepEqual(keys(c.node('custom')), declared);
    const rv = c.node('custom').metadata.resourceVersion;
    // Cordon another node and wait for it: the controller has looked at every queued node since.
    change(c, 'custom', (n) => (n.metadata.labels = { ...n.metadata.labels, touched: 'yes' }));
    change(c, 'n2', (n) => (n.spec = { ...n.spec, unschedulable: true }));
    await waitFor('n2 cordoned', () => keys(c.node('n2')).length === 1);
    assert.deepEqual(keys(c.node('custom')), declared);
    assert.notEqual(c.node('custom').metadata.resourceVersion, rv);
    assert.equal(c.node('custom').metadata.labels?.touched, 'yes');

    change(c, 'custom', (n) => (n.spec = { ...n.spec, unschedulable: true }));
    await waitFor('cordon taint added', () => keys(c.node('custom')).length === 5);
    assert.deepEqual(keys(c.node('custom')), [...declared, `${US}:NoSchedule`]);
  });

  it('[node_lifecycle_controller.go] a node changed and deleted before the pass does not keep the others from being handled', async () => {
    const c = start([node('gone'), node('n1')].join('---\n'));
    change(c, 'gone', (n) => (n.metadata.labels = { ...n.metadata.labels, retiring: 'yes' }));
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, 'gone');
    change(c, 'n1', (n) => (n.spec = { ...n.spec, unschedulable: true }));
    await waitFor('n1 cordoned', () => keys(c.node('n1')).join() === `${US}:NoSchedule`);
    assert.equal(c.cluster.store.get('/nodes', undefined, 'gone'), undefined);
  });

  it('a stopped controller no longer follows node changes', () => {
    const text = `apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: unit}\nspec:\n  kubernetesVersion: v1.33.4\n---\n${node('n1')}---\n${node('n2')}`;
    const cluster = buildCluster(parseScenario(text), true);
    try {
      const stopped = new NodeLifecycle(cluster);
      const live = new NodeLifecycle(cluster);
      stopped.reconcile();
      live.reconcile();
      stopped.stop();
      for (const name of ['n1', 'n2']) {
        const next = clone(cluster.store.get('/nodes', undefined, name) as Node);
        next.spec = { ...next.spec, unschedulable: true };
        cluster.put('/nodes', next as KubeObject);
      }
      stopped.reconcile();
      const n1 = cluster.store.get('/nodes', undefined, 'n1') as Node;
      assert.equal(n1.spec?.taints, undefined, 'the stopped controller saw nothing');
      live.reconcile();
      assert.deepEqual(keys(cluster.store.get('/nodes', undefined, 'n1') as Node), [`${US}:NoSchedule`]);
      live.stop();
    } finally {
      cluster.stop();
    }
  });
});
