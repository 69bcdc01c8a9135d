// The drain preview's account of each PodDisruptionBudget: which pods it selects (policy/v1 label
// selectors), the rule in words, percentages scaled as the disruption controller scales them
// (kubernetes/kubernetes pkg/controller/disruption/disruption.go, getExpectedPodCount), and whether
// evictions go now, wait, or can never go.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ApiPod } from '../../../src/core/cluster/apiTypes';
import { explainPdb, selects, type ApiPdb } from '../../../src/core/drain/preview';
import { pod } from './fakeApi';

const ready = (p: ApiPod, ok = true): ApiPod => ({ ...p, status: { ...p.status, conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: ok ? 'True' : 'False' }] } });
const pdb = (spec: NonNullable<ApiPdb['spec']>, status?: ApiPdb['status'], name = 'b', namespace: string | null = 'shop'): ApiPdb => ({
  metadata: { name, ...(namespace !== null ? { namespace } : {}) },
  spec,
  ...(status ? { status } : {}),
});
const readyPods = (n: number): ApiPod[] => Array.from({ length: n }, (_x, i) => ready(pod(`p${i + 1}`)));

describe('drain preview: selectors', () => {
  const l = { app: 'web', tier: 'front' };
  it('matchLabels must all match', () => {
    assert.equal(selects({ matchLabels: { app: 'web', tier: 'front' } }, l), true);
    assert.equal(selects({ matchLabels: { app: 'web', tier: 'back' } }, l), false);
    assert.equal(selects({ matchLabels: { app: 'web' } }, undefined), false, 'a pod without labels');
  });
  it('In: the key is present with one of the values', () => {
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, l), true);
    assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['front'] }] }, l), false);
    assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'In', values: [''] }] }, l), false, 'a missing key is not an empty value');
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'In' }] }, l), false, 'no values: nothing is in');
  });
  it('NotIn: the key is absent or has none of the values', () => {
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, l), true);
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back', 'front'] }] }, l), false);
    assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a', ''] }] }, l), true);
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn' }] }, l), true);
  });
  it('Exists and DoesNotExist test the key only', () => {
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, l), true);
    assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, l), false);
    assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, l), true);
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, l), false);
  });
  it('every expression must hold, and an unknown operator selects nothing', () => {
    assert.equal(selects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }, { key: 'zone', operator: 'Exists' }] }, l), false);
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, l), false);
  });
});

describe('drain preview: budget verdicts', () => {
  it('a budget that allows as many disruptions as there are pods to evict is "ok", in the singular or plural', () => {
    const one = explainPdb(pdb({ maxUnavailable: 1 }, { disruptionsAllowed: 1, expectedPods: 3 }), readyPods(3), ['shop/p1']);
    assert.deepEqual(one, { ref: 'shop/b', allowed: 1, podsToEvict: ['shop/p1'], effect: 'ok', why: 'maxUnavailable 1: allows 1 disruption now' });
    const two = explainPdb(pdb({ maxUnavailable: 2 }, { disruptionsAllowed: 2, expectedPods: 3 }), readyPods(3), ['shop/p1', 'shop/p2']);
    assert.equal(two.effect, 'ok');
    assert.equal(two.why, 'maxUnavailable 2: allows 2 disruptions now');
  });

  it('fewer disruptions than pods to evict: evictions wait, with the count of each', () => {
    const w = explainPdb(pdb({ minAvailable: 2 }, { disruptionsAllowed: 1, expectedPods: 4 }), readyPods(4), ['shop/p1', 'shop/p2']);
    assert.equal(w.effect, 'waits');
    assert.equal(w.why, 'minAvailable 2 of 4: allows 1 disruption now for 2 pods to evict; evictions wait until replacements are ready');
    const z = explainPdb(pdb({ minAvailable: 2 }, { disruptionsAllowed: 0, expectedPods: 4 }), readyPods(4), ['shop/p1']);
    assert.equal(z.why, 'minAvailable 2 of 4: allows 0 disruptions now for 1 pod to evict; evictions wait until replacements are ready');
  });

  it('names every pod that is not ready, leaving out finished ones', () => {
    const pods = [ready(pod('a')), ready(pod('b'), false), pod('c'), ready(pod('done', { phase: 'Succeeded' }), false)];
    const w = explainPdb(pdb({ minAvailable: 1 }, { disruptionsAllowed: 0, expectedPods: 3 }), pods, ['shop/a']);
    assert.equal(w.why, 'minAvailable 1 of 3 and b, c are not ready: allows 0 disruptions now for 1 pod to evict; evictions wait until replacements are ready');
    const okay = explainPdb(pdb({ minAvailable: 1 }, { disruptionsAllowed: 1, expectedPods: 1 }), [ready(pod('a'))], ['shop/a']);
    assert.equal(okay.why, 'minAvailable 1 of 1: this budget never allows an eviction; the drain will wait until the budget or the workload changes');
  });

  it('without a status yet: no disruptions allowed, and the expected count is the selected pods that are not finished', () => {
    const pods = [ready(pod('a')), ready(pod('b')), ready(pod('old', { phase: 'Failed' }))];
    const w = explainPdb(pdb({ minAvailable: 1 }), pods, ['shop/a']);
    assert.equal(w.allowed, 0);
    assert.equal(w.effect, 'waits');
    assert.equal(w.why, 'minAvailable 1 of 2: allows 0 disruptions now for 1 pod to evict; evictions wait until replacements are ready');
  });

  it("a budget's own namespace and name; a budget without a namespace is in default", () => {
    assert.equal(explainPdb(pdb({ maxUnavailable: 1 }, { disruptionsAllowed: 1 }, 'web', null), readyPods(2), ['default/p1']).ref, 'default/web');
    assert.equal(explainPdb({ spec: { maxUnavailable: 1 }, status: { disruptionsAllowed: 1 } }, readyPods(2), ['default/p1']).ref, 'default/');
  });

  it('minAvailable as high as the expected pods, maxUnavailable 0 and 0%: never', () => {
    for (const spec of [{ minAvailable: 3 }, { minAvailable: 4 }, { minAvailable: '100%' }, { maxUnavailable: 0 }, { maxUnavailable: '0%' }]) {
      const b = explainPdb(pdb(spec, { disruptionsAllowed: 0, expectedPods: 3 }), readyPods(3), ['shop/p1']);
      assert.equal(b.effect, 'blocks', JSON.stringify(spec));
      assert.match(b.why, /: this budget never allows an eviction; the drain will wait until the budget or the workload changes$/);
    }
    assert.equal(explainPdb(pdb({ minAvailable: 2 }, { disruptionsAllowed: 0, expectedPods: 3 }), readyPods(3), ['shop/p1']).effect, 'waits');
  });

  it('a budget that expects no pods yet (the controller has not counted them) waits rather than blocks', () => {
    const b = explainPdb(pdb({ minAvailable: 0 }, { disruptionsAllowed: 0, expectedPods: 0 }), readyPods(1), ['shop/p1']);
    assert.equal(b.effect, 'waits');
  });

  it('percentages of minAvailable round up; the rule shows the value and its scale', () => {
    const b = explainPdb(pdb({ minAvailable: '50%' }, { disruptionsAllowed: 1, expectedPods: 3 }), readyPods(3), ['shop/p1']);
    assert.equal(b.why, 'minAvailable 50% (2) of 3: allows 1 disruption now');
    assert.equal(explainPdb(pdb({ minAvailable: ' 67% ' }, { disruptionsAllowed: 0, expectedPods: 3 }), readyPods(3), ['shop/p1']).effect, 'blocks', '67% of 3 rounds up to 3');
  });

  it('percentages of maxUnavailable round up too (disruption.go: GetScaledValueFromIntOrPercent(maxUnavailable, expected, true))', () => {
    const b = explainPdb(pdb({ maxUnavailable: '10%' }, { disruptionsAllowed: 1, expectedPods: 3 }), readyPods(3), ['shop/p1']);
    assert.equal(b.effect, 'ok', '10% of 3 pods is 1 pod, not 0');
    assert.equal(b.why, 'maxUnavailable 10%: allows 1 disruption now');
  });

  it('a number written as a string counts as that number; text that is not one is ignored', () => {
    assert.equal(explainPdb(pdb({ minAvailable: '3' }, { disruptionsAllowed: 0, expectedPods: 3 }), readyPods(3), ['shop/p1']).effect, 'blocks');
    assert.equal(explainPdb(pdb({ minAvailable: '3' }, { disruptionsAllowed: 0, expectedPods: 3 }), readyPods(3), ['shop/p1']).why.slice(0, 23), 'minAvailable 3 (3) of 3');
    for (const bad of ['many', '50%x', 'x50%']) {
      const b = explainPdb(pdb({ minAvailable: bad }, { disruptionsAllowed: 0, expectedPods: 2 }), readyPods(2), ['shop/p1']);
      assert.equal(b.effect, 'waits', bad);
      assert.match(b.why, /^maxUnavailable \?: allows 0 disruptions now/, bad);
    }
  });
});
