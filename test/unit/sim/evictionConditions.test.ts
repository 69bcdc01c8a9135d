/**
 * The simulator's eviction subresource and the conditions and options around it
 * (kubernetes/kubernetes pkg/registry/core/pod/storage/eviction.go): an empty selector guards
 * nothing, the last allowed disruption sets DisruptionAllowed (pdbhelper.UpdateDisruptionAllowedCondition,
 * which adds the condition if the budget has none), the pod's DisruptionTarget condition, and delete
 * options kept when a resourceVersion precondition is carried over.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { evictPod } from '../../sim/eviction';
import { parseScenario } from '../../sim/scenario';
import type { Pod, PodDisruptionBudget } from '../../sim/types';

const clusters: SimCluster[] = [];
after(() => clusters.forEach((c) => c.stop()));
function still(docs: string[]): SimCluster {
  const text = `apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: still}\nspec:\n  kubernetesVersion: v1.33.4\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n${docs.join('---\n')}`;
  const c = buildCluster(parseScenario(text), true);
  clusters.push(c);
  return c;
}
const pod = (conditions = '\n  conditions: [{type: Ready, status: "True"}]') => `apiVersion: v1
kind: Pod
metadata: {name: w, namespace: default, labels: {app: web}}
spec: {nodeName: n1, terminationGracePeriodSeconds: 30, containers: [{name: c, image: nginx}]}
status:
  phase: Running${conditions}
`;
const budget = (selector: string, allowed: number, conditions: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: default}
spec:
  minAvailable: 1
  selector: ${selector}
status: {currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: ${allowed}, expectedPods: 2, observedGeneration: 1${conditions}}
`;
const getPdb = (c: SimCluster) => c.store.get('policy/poddisruptionbudgets', 'default', 'web') as PodDisruptionBudget;
const getPod = (c: SimCluster) => c.store.get('/pods', 'default', 'w') as Pod;

describe('[eviction.go] budgets and conditions', () => {
  it('a budget with an empty selector guards no eviction, even with no disruptions allowed', () => {
    const c = still([pod(), budget('{}', 0, '')]);
    assert.equal(evictPod(c, 'default', 'w', {}, false).code, 201);
    assert.ok(getPod(c).metadata.deletionTimestamp);
  });

  it('the last allowed disruption adds DisruptionAllowed=False (InsufficientPods) to a budget that had no conditions', () => {
    const c = still([pod(), budget('{matchLabels: {app: web}}', 1, '')]);
    evictPod(c, 'default', 'w', {}, false);
    const conditions = getPdb(c).status?.conditions ?? [];
    assert.deepEqual(
      conditions.map((x) => [x.type, x.status, x.reason]),
      [['DisruptionAllowed', 'False', 'InsufficientPods']],
    );
    assert.equal(conditions[0]?.lastTransitionTime, c.clock.timestamp());
    assert.equal(conditions[0]?.message, '');
  });

  it('other conditions of the budget are left as they are', () => {
    const c = still([pod(), budget('{matchLabels: {app: web}}', 1, ', conditions: [{type: Other, status: "True", reason: r, message: m, lastTransitionTime: "2026-01-01T00:00:00Z"}, {type: DisruptionAllowed, status: "True", reason: SufficientPods, message: "", lastTransitionTime: "2026-01-01T00:00:00Z"}]')]);
    evictPod(c, 'default', 'w', {}, false);
    assert.deepEqual(
      getPdb(c).status?.conditions?.map((x) => [x.type, x.status, x.reason]),
      [
        ['Other', 'True', 'r'],
        ['DisruptionAllowed', 'False', 'InsufficientPods'],
      ],
    );
  });

  it('a pod without conditions gets exactly the DisruptionTarget condition', () => {
    const c = still([pod('')]);
    evictPod(c, 'default', 'w', {}, false);
    assert.deepEqual(
      getPod(c).status?.conditions?.map((x) => x.type),
      ['DisruptionTarget'],
    );
  });

  it('with a resourceVersion precondition the other delete options still apply', () => {
    const c = still([pod()]);
    const rv = getPod(c).metadata.resourceVersion;
    evictPod(c, 'default', 'w', { deleteOptions: { gracePeriodSeconds: 5, preconditions: { resourceVersion: rv } } }, false);
    assert.equal(getPod(c).metadata.deletionGracePeriodSeconds, 5);
  });
});
