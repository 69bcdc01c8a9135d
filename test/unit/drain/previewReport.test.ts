// The drain preview as the CLI prints it and the editor shows it: every pod of the node under its
// verdict (with kubectl's filters, k8s.io/kubectl/pkg/drain/filters.go), the budgets the evictions
// meet, whether the pods fit elsewhere, and whether the drain can finish with these options.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ApiNode, ApiPod } from '../../../src/core/cluster/apiTypes';
import { decidePods, KUBECTL_DEFAULTS, type DaemonSetLookup, type DrainOptions } from '../../../src/core/drain/filters';
import { buildPreview, previewLines, type ApiPdb } from '../../../src/core/drain/preview';
import { pod } from './fakeApi';

const NOW = 1_000_000;
const ready = (p: ApiPod, ok = true): ApiPod => ({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: ok ? 'True' : 'False' }] } });
const at = (name: string, o: Parameters<typeof pod>[1] = {}, isReady = true): ApiPod => ready(pod(name, { ns: 'shop', now: NOW, ...o }), isReady);
const readyNode = (name: string, isReady = true): ApiNode => ({
  metadata: { name },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False' }], allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
});
const budget = (name: string, app: string, spec: NonNullable<ApiPdb['spec']>, status: ApiPdb['status']): ApiPdb => ({
  metadata: { name, namespace: 'shop' },
  spec: { ...spec, selector: { matchLabels: { app } } },
  ...(status ? { status } : {}),
});

function preview(o: { pods: ApiPod[]; elsewhere?: ApiPod[]; options?: Partial<DrainOptions>; daemonSets?: Record<string, DaemonSetLookup>; pdbs?: ApiPdb[]; nodes?: ApiNode[] }) {
  const options = { ...KUBECTL_DEFAULTS, ...o.options };
  const decisions = decidePods({ pods: o.pods, options, daemonSets: new Map(Object.entries(o.daemonSets ?? {})), nowMs: NOW });
  const everyPod = [...o.pods, ...(o.elsewhere ?? [])];
  return buildPreview({ node: 'n1', decisions, options, pdbs: o.pdbs ?? [], podsForPdbs: everyPod, nodes: o.nodes ?? [readyNode('n1'), readyNode('n2')], allPods: everyPod });
}

describe('drain preview: the report', () => {
  it('a drain that can finish: what is evicted (and whether it comes back), what stays, and each budget met', () => {
    const p = preview({
      pods: [
        at('web-1', { owner: 'ReplicaSet/web-abc', labels: { app: 'web' } }),
        at('db-0', { owner: 'StatefulSet/db', labels: { app: 'db' } }),
        at('report-x', { owner: 'Job/report' }),
        at('legacy-1', { owner: 'ReplicationController/legacy' }),
        at('custom-1', { owner: 'Rollout/canary' }),
        at('done-1', { owner: 'Job/report', phase: 'Succeeded', labels: { app: 'web' } }),
        at('scratch'),
        at('cache-1', { owner: 'ReplicaSet/cache', emptyDir: true }),
        at('web-9', { owner: 'ReplicaSet/web-ops', labels: { app: 'web' }, ns: 'ops' }),
        at('agent-1', { owner: 'DaemonSet/agent', ns: 'kube-system' }),
        at('etcd-n1', { owner: 'Node/n1', mirror: true, ns: 'kube-system' }),
        at('stuck', { owner: 'ReplicaSet/web-abc', labels: { app: 'web' }, deletedAgoMs: 120_000 }),
      ],
      elsewhere: [
        at('db-1', { node: 'n2', owner: 'StatefulSet/db', labels: { app: 'db' } }, false),
        at('db-2', { node: 'n2', owner: 'StatefulSet/db', labels: { app: 'db' } }),
        at('db-x', { node: 'n2', owner: 'StatefulSet/db', labels: { app: 'db' }, ns: 'ops' }, false),
        at('web-3', { node: 'n2', owner: 'ReplicaSet/web-abc', labels: { app: 'web' } }, false),
      ],
      options: { ignoreDaemonSets: true, deleteEmptyDirData: true, force: true, skipWaitForDeleteTimeoutSeconds: 60 },
      daemonSets: { 'kube-system/agent': 'found' },
      pdbs: [
        budget('web', 'web', { maxUnavailable: 1 }, { disruptionsAllowed: 1, expectedPods: 3 }),
        budget('db', 'db', { minAvailable: 2 }, { disruptionsAllowed: 0, expectedPods: 3 }),
        budget('idle', 'idle', { minAvailable: 1 }, { disruptionsAllowed: 0, expectedPods: 1 }),
      ],
      nodes: [readyNode('n1'), readyNode('n2'), readyNode('n3', false)],
    });
    assert.deepEqual(previewLines(p), [
      'Drain preview for node/n1:',
      'Evicted (9):',
      '  shop/web-1 (ReplicaSet/web-abc)',
      '  shop/db-0 (StatefulSet/db)',
      '  shop/report-x (Job/report)',
      '  shop/legacy-1 (ReplicationController/legacy)',
      '  shop/custom-1 (Rollout/canary) — not recreated',
      '  shop/done-1 (Job/report) — not recreated',
      '  shop/scratch — deleting Pods that declare no controller — not recreated',
      '  shop/cache-1 (ReplicaSet/cache)',
      '  ops/web-9 (ReplicaSet/web-ops)',
      'Stay on the node (3):',
      '  kube-system/agent-1 — DaemonSet pod (--ignore-daemonsets)',
      '  kube-system/etcd-n1 — static (mirror) pod: the kubelet runs it from a file',
      '  shop/stuck — deleted long ago; not waited for',
      'Disruption budgets (2):',
      '  shop/web [ok] — maxUnavailable 1: allows 1 disruption now',
      '  shop/db [waits] — minAvailable 2 of 3 and db-1 is not ready: allows 0 disruptions now for 1 pod to evict; evictions wait until replacements are ready',
      'The drain can finish with these options; 1 other node(s) have room.',
    ]);
    assert.equal(p.canFinish, true);
    assert.deepEqual(
      p.pdbs.map((b) => [b.ref, b.podsToEvict]),
      [
        ['shop/web', ['shop/web-1']],
        ['shop/db', ['shop/db-0']],
      ],
    );
  });

  it('a drain that cannot finish: each blocking pod with the option that would let it go, and no room for the rest', () => {
    const p = preview({
      pods: [
        at('web-1', { owner: 'ReplicaSet/web' }),
        at('agent', { owner: 'DaemonSet/agent' }),
        at('orphan', { owner: 'DaemonSet/gone' }),
        at('secret', { owner: 'DaemonSet/hidden' }),
        at('cache', { owner: 'ReplicaSet/cache', emptyDir: true }),
        at('naked'),
      ],
      daemonSets: { 'shop/agent': 'found', 'shop/gone': 'not-found', 'shop/hidden': { error: 'daemonsets.apps "hidden" is forbidden' } },
      nodes: [readyNode('n1')],
    });
    assert.deepEqual(previewLines(p), [
      'Drain preview for node/n1:',
      'Evicted (1):',
      '  shop/web-1 (ReplicaSet/web)',
      'Block the drain (5):',
      '  shop/agent — DaemonSet pod: it cannot leave the node (allowed by --ignore-daemonsets)',
      '  shop/orphan — daemonsets.apps "gone" not found (allowed by --force)',
      '  shop/secret — daemonsets.apps "hidden" is forbidden',
      '  shop/cache — uses emptyDir local storage, whose data is lost on eviction (allowed by --delete-emptydir-data)',
      '  shop/naked — has no controller: nothing would create it again (allowed by --force)',
      'No room elsewhere (1):',
      '  shop/web-1 — no other node is Ready and schedulable',
      'The drain cannot finish with these options.',
    ]);
    assert.equal(p.canFinish, false);
    assert.deepEqual(
      p.pods.map((x) => [x.action, x.recreated, x.unblockedBy ?? '-']),
      [
        ['evict', true, '-'],
        ['block', false, 'ignoreDaemonSets'],
        ['block', false, 'force'],
        ['block', false, '-'],
        ['block', false, 'deleteEmptyDirData'],
        ['block', false, 'force'],
      ],
    );
  });

  it('one blocking pod among pods that go is enough to stop the drain', () => {
    const p = preview({ pods: [at('a', { owner: 'ReplicaSet/r' }), at('naked'), at('b', { owner: 'ReplicaSet/r' })] });
    assert.equal(p.canFinish, false);
    assert.equal(previewLines(p).at(-1), 'The drain cannot finish with these options.');
  });

  it('a budget that never allows an eviction stops the drain even when every pod could go', () => {
    const p = preview({ pods: [at('web-1', { owner: 'ReplicaSet/web', labels: { app: 'web' } })], pdbs: [budget('frozen', 'web', { maxUnavailable: 0 }, { disruptionsAllowed: 0, expectedPods: 2 })] });
    assert.deepEqual(previewLines(p).slice(-3), [
      'Disruption budgets (1):',
      '  shop/frozen [blocks] — maxUnavailable 0: this budget never allows an eviction; the drain will wait until the budget or the workload changes',
      'The drain cannot finish with these options.',
    ]);
    assert.equal(p.canFinish, false);
  });

  it('--disable-eviction deletes instead, so no budget applies; pods that stay, stay', () => {
    const p = preview({
      pods: [at('web-1', { owner: 'ReplicaSet/web', labels: { app: 'web' } }), at('agent', { owner: 'DaemonSet/agent' })],
      options: { disableEviction: true, ignoreDaemonSets: true },
      daemonSets: { 'shop/agent': 'found' },
      pdbs: [budget('frozen', 'web', { maxUnavailable: 0 }, { disruptionsAllowed: 0, expectedPods: 2 })],
    });
    assert.deepEqual(previewLines(p), [
      'Drain preview for node/n1:',
      'Evicted (1):',
      '  shop/web-1 (ReplicaSet/web) — deleted, bypassing budgets',
      'Stay on the node (1):',
      '  shop/agent — DaemonSet pod (--ignore-daemonsets)',
      'The drain can finish with these options; 1 other node(s) have room.',
    ]);
    assert.deepEqual(
      p.pods.map((x) => x.action),
      ['delete', 'skip'],
    );
  });

  it('a node with nothing to move: only the verdict', () => {
    const p = preview({ pods: [], nodes: [readyNode('n1'), readyNode('n2'), readyNode('n3')] });
    assert.deepEqual(previewLines(p), ['Drain preview for node/n1:', 'The drain can finish with these options; 2 other node(s) have room.']);
  });

  it('only recreated pods need room elsewhere: finished, uncontrolled and DaemonSet-less custom pods do not', () => {
    const big = (name: string, o: Parameters<typeof pod>[1]): ApiPod => {
      const p = at(name, o);
      return { ...p, spec: { ...p.spec, containers: [{ name: 'c', resources: { requests: { cpu: '3' } } }] } };
    };
    const p = preview({
      pods: [big('rs', { owner: 'ReplicaSet/r' }), big('sts', { owner: 'StatefulSet/s' }), big('done', { owner: 'Job/j', phase: 'Failed' }), big('free', {}), big('custom', { owner: 'Rollout/x' })],
      options: { force: true },
    });
    assert.deepEqual(
      p.unplaceable.map((u) => u.pod),
      ['shop/sts'],
      'rs takes the room on n2; sts is the only other pod that comes back',
    );
  });
});

describe('drain preview: objects with fields left out (raw API JSON omits empty fields)', () => {
  it('pods without spec, status or resources, nodes without spec, labels or allocatable, budgets without spec', () => {
    const rs = [{ kind: 'ReplicaSet', name: 'r', controller: true }];
    const bare: ApiPod = { metadata: { name: 'bare', namespace: 'shop', ownerReferences: rs } };
    const empty: ApiPod = { metadata: { name: 'empty', namespace: 'shop', ownerReferences: rs }, spec: { containers: [{ name: 'c', resources: {} }], initContainers: [{ name: 'i', resources: {} }] }, status: { phase: 'Running' } };
    const unnamedNode: ApiNode = { status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    const statusless: ApiNode = { metadata: { name: 'new' } };
    const plain: ApiNode = { metadata: { name: 'n2' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    const pdbs: ApiPdb[] = [{ metadata: { name: 'loose', namespace: 'shop' }, spec: { minAvailable: 1, selector: {} }, status: { disruptionsAllowed: 0, expectedPods: 2 } }, { metadata: { name: 'unset', namespace: 'shop' } }];
    const options = { ...KUBECTL_DEFAULTS };
    const decisions = decidePods({ pods: [bare, empty], options, daemonSets: new Map(), nowMs: NOW });
    const p = buildPreview({ node: 'n1', decisions, options, pdbs, podsForPdbs: [bare, empty], nodes: [unnamedNode, statusless, plain], allPods: [bare, empty] });
    assert.deepEqual(previewLines(p), [
      'Drain preview for node/n1:',
      'Evicted (2):',
      '  shop/bare (ReplicaSet/r)',
      '  shop/empty (ReplicaSet/r)',
      'Disruption budgets (1):',
      '  shop/loose [waits] — minAvailable 1 of 2 and bare, empty are not ready: allows 0 disruptions now for 2 pods to evict; evictions wait until replacements are ready',
      'The drain can finish with these options; 2 other node(s) have room.',
    ]);
  });

  it('a budget without a namespace guards pods of "default"; an owner without kind or name shows "?"', () => {
    const odd: ApiPod = { metadata: { name: 'odd', labels: { app: 'x' }, ownerReferences: [{ controller: true }] }, spec: { containers: [] }, status: { phase: 'Running' } };
    const options = { ...KUBECTL_DEFAULTS, force: true };
    const decisions = decidePods({ pods: [odd], options, daemonSets: new Map(), nowMs: NOW });
    const pdbs: ApiPdb[] = [{ metadata: { name: 'x' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } }, status: { disruptionsAllowed: 1, expectedPods: 1 } }];
    const p = buildPreview({ node: 'n1', decisions, options, pdbs, podsForPdbs: [odd], nodes: [], allPods: [odd] });
    assert.deepEqual(previewLines(p).slice(1, 5), ['Evicted (1):', '  default/odd (?/?) — not recreated', 'Disruption budgets (1):', '  default/x [ok] — maxUnavailable 1: allows 1 disruption now']);
  });

  it('a taint without a key keeps off a pod that tolerates nothing', () => {
    const p0 = at('w', { owner: 'ReplicaSet/r' });
    const tainted: ApiNode = { metadata: { name: 'n2' }, spec: { taints: [{ effect: 'NoSchedule' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    const options = { ...KUBECTL_DEFAULTS };
    const decisions = decidePods({ pods: [p0], options, daemonSets: new Map(), nowMs: NOW });
    const p = buildPreview({ node: 'n1', decisions, options, pdbs: [], podsForPdbs: [], nodes: [tainted], allPods: [p0] });
    assert.deepEqual(p.unplaceable, [{ pod: 'shop/w', why: 'no other node can take it: n2: taint :NoSchedule' }]);
  });
});
