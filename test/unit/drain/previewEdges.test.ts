// The drain preview on objects with fields left out, as raw API JSON and client models may leave
// them: pods without metadata or spec, budgets without spec or metadata, init containers without
// resources.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ApiNode, ApiPod } from '../../../src/core/cluster/apiTypes';
import { decidePods, KUBECTL_DEFAULTS } from '../../../src/core/drain/filters';
import { buildPreview, explainPdb, placement, previewLines, type ApiPdb } from '../../../src/core/drain/preview';

const readyNode = (name: string, taints?: ApiNode['spec']): ApiNode => ({ metadata: { name }, ...(taints ? { spec: taints } : {}), status: { conditions: [{ type: 'Ready', status: 'True' }] } });

describe('drain preview: sparse objects', () => {
  it('a budget without spec reads "maxUnavailable ?"; a pod without metadata is named by an empty name', () => {
    const bare: ApiPod = { status: { phase: 'Running' } };
    const b = explainPdb({ metadata: { name: 'b', namespace: 'default' } }, [bare], ['default/']);
    assert.equal(b.why, 'maxUnavailable ? and  is not ready: allows 0 disruptions now for 1 pod to evict; evictions wait until replacements are ready');
  });

  it('pods without metadata and budgets without metadata are in "default"', () => {
    const anon: ApiPod = { spec: { containers: [] }, status: { phase: 'Running' } };
    const labelled: ApiPod = { metadata: { name: 'l', labels: { app: 'x' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'r', controller: true }] }, status: { phase: 'Running' } };
    const options = { ...KUBECTL_DEFAULTS, force: true };
    const decisions = decidePods({ pods: [anon, labelled], options, daemonSets: new Map(), nowMs: 0 });
    const pdbs: ApiPdb[] = [{ spec: { minAvailable: 1, selector: {} }, status: { disruptionsAllowed: 0, expectedPods: 2 } }];
    const p = buildPreview({ node: 'n1', decisions, options, pdbs, podsForPdbs: [anon, labelled], nodes: [readyNode('n2')], allPods: [anon, labelled] });
    assert.deepEqual(previewLines(p).slice(1, 6), [
      'Evicted (2):',
      '  default/ — deleting Pods that declare no controller — not recreated',
      '  default/l (ReplicaSet/r)',
      'Disruption budgets (1):',
      '  default/ [waits] — minAvailable 1 of 2 and , l are not ready: allows 0 disruptions now for 2 pods to evict; evictions wait until replacements are ready',
    ]);
  });

  it('a pod without spec meets a tainted node: it tolerates nothing', () => {
    const bare: ApiPod = { metadata: { name: 'bare', namespace: 'default' } };
    const r = placement('n1', [bare], [readyNode('n2', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })], []);
    assert.deepEqual(r.unplaceable, [{ pod: 'default/bare', why: 'no other node can take it: n2: taint gpu:NoSchedule' }]);
  });

  it('init containers without resources ask for nothing', () => {
    const p: ApiPod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }], initContainers: [{ name: 'i' }] } };
    const full: ApiNode = { metadata: { name: 'n2' }, status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { cpu: '500m' } } };
    assert.deepEqual(placement('n1', [p], [full], []).unplaceable, [{ pod: 'default/p', why: 'no other node can take it (it requests 1 CPU): n2: 500m CPU free' }]);
  });
});
