// Whether the other nodes have room for the pods a drain sends away: requests against allocatable,
// what is already running there, node selectors, taints and tolerations, and the words the preview
// uses for each node that cannot take a pod.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ApiNode, ApiPod, ApiTaint, ApiToleration } from '../../../src/core/cluster/apiTypes';
import { parseQuantity, placement } from '../../../src/core/drain/preview';
import { pod } from './fakeApi';

interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: ApiTaint[];
  conditions?: { type: string; status: string }[];
  unschedulable?: boolean;
}
const node = (name: string, o: NodeOpts = {}): ApiNode => ({
  metadata: { name, labels: o.labels ?? {} },
  spec: { ...(o.unschedulable !== undefined ? { unschedulable: o.unschedulable } : {}), ...(o.taints ? { taints: o.taints } : {}) },
  status: { conditions: o.conditions ?? [{ type: 'Ready', status: 'True' }], allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' } },
});
const asking = (name: string, cpu: string | undefined, memory: string | undefined, o: { node?: string; nodeSelector?: Record<string, string>; tolerations?: ApiToleration[]; init?: { cpu?: string; memory?: string } } = {}): ApiPod => {
  const requests = { ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) };
  const base = pod(name, { node: o.node ?? 'n1', owner: 'ReplicaSet/r' });
  return {
    ...base,
    spec: {
      ...base.spec,
      containers: [{ name: 'c', resources: { requests } }],
      ...(o.init ? { initContainers: [{ name: 'i', resources: { requests: o.init } }] } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
    },
  };
};
const why = (r: ReturnType<typeof placement>): string[] => r.unplaceable.map((u) => `${u.pod}: ${u.why}`);

describe('drain preview: quantities', () => {
  it('reads plain numbers, decimals, signs, exponents and every suffix', () => {
    assert.equal(parseQuantity(3), 3);
    assert.equal(parseQuantity('1.25'), 1.25);
    assert.equal(parseQuantity('+2'), 2);
    assert.equal(parseQuantity('-2'), -2);
    assert.equal(parseQuantity('12e10'), 12e10);
    assert.equal(parseQuantity(' 250m '), 0.25);
    assert.equal(parseQuantity('1.5Gi'), 1.5 * 2 ** 30);
    assert.equal(parseQuantity('2k'), 2000);
    assert.equal(parseQuantity('3M'), 3e6);
    assert.equal(parseQuantity('1Ki'), 1024);
    assert.equal(parseQuantity('128974848'), 128974848);
    assert.equal(parseQuantity(undefined), undefined);
  });
  it('rejects what Kubernetes would not accept', () => {
    for (const bad of ['', '1.', '1.x', '2Xi', 'Gi', 'x1', '1Gi!', '1 Gi']) assert.equal(parseQuantity(bad), undefined, JSON.stringify(bad));
  });
});

describe('drain preview: which nodes can take a pod', () => {
  it('only Ready, schedulable nodes other than the drained one count', () => {
    const p = asking('a', '1', '1Gi');
    const nodes = [
      node('n1'),
      node('down', { conditions: [{ type: 'MemoryPressure', status: 'True' }, { type: 'Ready', status: 'False' }] }),
      node('unknown', { conditions: [{ type: 'DiskPressure', status: 'True' }] }),
      node('cordoned', { unschedulable: true }),
    ];
    const r = placement('n1', [p], nodes, [p]);
    assert.deepEqual(why(r), ['default/a: no other node is Ready and schedulable']);
    assert.equal(r.nodesWithRoom, 0);
    const ok = placement('n1', [p], [...nodes, node('fine', { unschedulable: false, conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }] })], [p]);
    assert.deepEqual(why(ok), []);
    assert.equal(ok.nodesWithRoom, 1);
  });

  it('a node without allocatable figures is taken to have room', () => {
    const p = asking('a', '64', '512Gi');
    const bare: ApiNode = { metadata: { name: 'n2' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    assert.deepEqual(why(placement('n1', [p], [bare], [p])), []);
  });

  it('counts what already runs on each node, except finished pods and pods of other nodes', () => {
    const p = asking('a', '1', '3Gi');
    const there = [asking('x', '1', '4Gi', { node: 'n2' }), asking('y', '1', '2Gi', { node: 'n2' }), { ...asking('done', '2', '4Gi', { node: 'n2' }), status: { phase: 'Succeeded' } }];
    assert.deepEqual(why(placement('n1', [p], [node('n2', { memory: '8Gi' })], [p, ...there])), ['default/a: no other node can take it (it requests 1 CPU, 3Gi): n2: 2Gi memory free']);
    assert.deepEqual(why(placement('n1', [p], [node('n2', { memory: '8Gi' })], [p, ...there.slice(1)])), []);
    const slots = [asking('x', undefined, undefined, { node: 'n2' }), asking('y', undefined, undefined, { node: 'n2' })];
    assert.deepEqual(why(placement('n1', [p], [node('n2', { pods: '2' })], [p, ...slots])), ['default/a: no other node can take it (it requests 1 CPU, 3Gi): n2: no pod slots left']);
    const r = placement('n1', [p], [node('n2', { pods: '3' })], [p, ...slots]);
    assert.deepEqual(why(r), [], 'one slot left is enough');
    assert.equal(r.nodesWithRoom, 0, 'the last slot was taken');
  });

  it('a request exactly equal to what is free fits', () => {
    const p = asking('a', '2', '2Gi');
    assert.deepEqual(why(placement('n1', [p], [node('n2', { cpu: '2', memory: '2Gi' })], [p])), []);
    assert.deepEqual(why(placement('n1', [p], [node('n2', { cpu: '1500m', memory: '2Gi' })], [p])), ['default/a: no other node can take it (it requests 2 CPU, 2Gi): n2: 1.5 CPU free']);
  });

  it('uses up the room of a node as pods land on it: CPU, memory and pod slots', () => {
    const three = ['a', 'b', 'c'].map((n) => asking(n, '100m', '1Gi'));
    assert.deepEqual(why(placement('n1', three, [node('n2', { memory: '2Gi' })], three)), ['default/c: no other node can take it (it requests 100m CPU, 1Gi): n2: 0Mi memory free']);
    assert.deepEqual(why(placement('n1', three, [node('n2', { pods: '2' })], three)), ['default/c: no other node can take it (it requests 100m CPU, 1Gi): n2: no pod slots left']);
  });

  it('places the largest pods first (CPU, then memory), so a small pod does not take the only big slot', () => {
    const small = asking('small', '1', '1Gi');
    const big = asking('big', '4', '1Gi');
    assert.deepEqual(why(placement('n1', [small, big], [node('n2', { cpu: '4' }), node('n3', { cpu: '1' })], [small, big])), []);
    const light = asking('light', '1', '1Gi');
    const heavy = asking('heavy', '1', '4Gi');
    assert.deepEqual(why(placement('n1', [light, heavy], [node('n2', { memory: '4Gi' }), node('n3', { memory: '1Gi' })], [light, heavy])), []);
  });

  it('an init container that asks for more than the app containers sets the need', () => {
    const p = asking('a', '500m', '256Mi', { init: { cpu: '2', memory: '3Gi' } });
    assert.deepEqual(why(placement('n1', [p], [node('n2', { cpu: '1', memory: '8Gi' })], [p])), ['default/a: no other node can take it (it requests 2 CPU, 3Gi): n2: 1 CPU free']);
    const modest = asking('b', '2', '1Gi', { init: { cpu: '100m', memory: '64Mi' } });
    assert.deepEqual(why(placement('n1', [modest], [node('n2', { cpu: '2', memory: '1Gi' })], [modest])), [], 'the larger of the two, not the sum');
  });

  it('says what a pod asks for only when it asks', () => {
    const mem = asking('mem', undefined, '512Mi');
    const cpu = asking('cpu', '250m', undefined);
    const none = asking('none', undefined, undefined);
    const full = node('n2', { cpu: '0', memory: '0', pods: '0' });
    assert.deepEqual(why(placement('n1', [mem, cpu, none], [full], [])), [
      'default/cpu: no other node can take it (it requests 250m CPU): n2: no pod slots left',
      'default/mem: no other node can take it (it requests 512Mi): n2: no pod slots left',
      'default/none: no other node can take it: n2: no pod slots left',
    ]);
  });

  it('names a nodeSelector the node does not satisfy', () => {
    const p = asking('a', '1', '1Gi', { nodeSelector: { disk: 'ssd' } });
    assert.deepEqual(why(placement('n1', [p], [node('n2', { labels: { disk: 'hdd' } }), node('n3', { labels: { disk: 'ssd' } })], [p])), []);
    assert.deepEqual(why(placement('n1', [p], [node('n2', { labels: { disk: 'hdd' } })], [p])), ['default/a: no other node can take it (it requests 1 CPU, 1Gi): n2: nodeSelector disk=ssd']);
  });

  it('NoSchedule and NoExecute taints keep pods off unless tolerated; PreferNoSchedule does not', () => {
    const p = asking('a', '1', '1Gi');
    const soft = node('n2', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] });
    assert.deepEqual(why(placement('n1', [p], [soft], [p])), []);
    const hard = [node('n2', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }), node('n3', { taints: [{ key: 'drain', effect: 'NoExecute' }] })];
    assert.deepEqual(why(placement('n1', [p], hard, [p])), ['default/a: no other node can take it (it requests 1 CPU, 1Gi): n2: taint gpu=true:NoSchedule; n3: taint drain:NoExecute']);
  });

  it('tolerations: Exists with no key tolerates all, Exists with a key that key, Equal the key and value, each for its effect', () => {
    const taint: ApiTaint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };
    const fits = (tolerations: ApiToleration[]): boolean => {
      const p = asking('a', '1', '1Gi', { tolerations });
      return placement('n1', [p], [node('n2', { taints: [taint] })], [p]).unplaceable.length === 0;
    };
    assert.equal(fits([{ operator: 'Exists' }]), true);
    assert.equal(fits([{ operator: 'Exists', key: '' }]), true);
    assert.equal(fits([{ operator: 'Exists', key: 'gpu' }]), true);
    assert.equal(fits([{ operator: 'Exists', key: 'other' }]), false);
    assert.equal(fits([{ key: 'gpu', operator: 'Equal', value: 'true' }]), true);
    assert.equal(fits([{ key: 'gpu', operator: 'Equal', value: 'false' }]), false);
    assert.equal(fits([{ key: 'gpu', value: 'true', effect: 'NoSchedule' }]), true);
    assert.equal(fits([{ key: 'gpu', value: 'true', effect: 'NoExecute' }]), false, 'a toleration for another effect');
    assert.equal(fits([{ key: 'other', value: 'true' }]), false);
    assert.equal(fits([{ key: 'gpu' }]), false, 'Equal with no value matches only a taint with no value');
    const bare = asking('b', '1', '1Gi', { tolerations: [{ key: 'dedicated' }] });
    assert.deepEqual(why(placement('n1', [bare], [node('n2', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] })], [bare])), []);
  });

  it('lists at most four nodes, then "…"', () => {
    const p = asking('a', '8', '1Gi');
    const nodes = (n: number): ApiNode[] => Array.from({ length: n }, (_x, i) => node(`w${i + 1}`, { cpu: '500m' }));
    assert.deepEqual(why(placement('n1', [p], nodes(4), [p])), ['default/a: no other node can take it (it requests 8 CPU, 1Gi): w1: 500m CPU free; w2: 500m CPU free; w3: 500m CPU free; w4: 500m CPU free']);
    assert.deepEqual(why(placement('n1', [p], nodes(5), [p])), ['default/a: no other node can take it (it requests 8 CPU, 1Gi): w1: 500m CPU free; w2: 500m CPU free; w3: 500m CPU free; w4: 500m CPU free; …']);
  });

  it('prints CPU in millicores under one core and memory in Mi under one Gi, never below zero', () => {
    const p = asking('a', '1', '1536Mi');
    const over = [asking('x', '3500m', '7680Mi', { node: 'n2' })];
    assert.deepEqual(why(placement('n1', [p], [node('n2', { cpu: '4.5', memory: '8Gi' })], [p, ...over])), ['default/a: no other node can take it (it requests 1 CPU, 1.5Gi): n2: 512Mi memory free']);
    const crowded = [asking('x', '5', '9Gi', { node: 'n2' })];
    assert.deepEqual(why(placement('n1', [p], [node('n2', { cpu: '4', memory: '8Gi' })], [p, ...crowded])), ['default/a: no other node can take it (it requests 1 CPU, 1.5Gi): n2: 0m CPU free']);
    const q = asking('b', '100m', '9Gi');
    assert.deepEqual(why(placement('n1', [q], [node('n2', { memory: '8Gi' })], [q])), ['default/b: no other node can take it (it requests 100m CPU, 9Gi): n2: 8Gi memory free']);
  });
});
