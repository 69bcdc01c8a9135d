/**
 * Edges of the simulator's disruption controller (kubernetes/kubernetes pkg/controller/disruption/
 * disruption.go) on a cluster held still: budgets that select nothing, unmanaged pods under
 * maxUnavailable, controllers without a scale subresource, percentages, generations, and the
 * DisruptionAllowed condition of a budget that had none.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { DisruptionController } from '../../sim/controllers/disruption';
import { parseScenario } from '../../sim/scenario';
import { clone, type KubeObject, type PodDisruptionBudget } from '../../sim/types';

const clusters: SimCluster[] = [];
after(() => clusters.forEach((c) => c.stop()));
function still(docs: string[], timeScale = 1) {
  const text = `apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: still}\nspec:\n  kubernetesVersion: v1.33.4\n  timeScale: ${timeScale}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n${docs.join('---\n')}`;
  const c = buildCluster(parseScenario(text), true);
  clusters.push(c);
  const dc = new DisruptionController(c);
  const budget = (name = 'web') => c.store.get('policy/poddisruptionbudgets', 'default', name) as PodDisruptionBudget | undefined;
  return { c, sync: () => dc.reconcile(), budget, status: (name = 'web') => budget(name)!.status! };
}
const pod = (name: string, owner = '', extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
  labels: {app: web}${owner ? `\n  ownerReferences: [${owner}]` : ''}${extra}
spec: {nodeName: n1, containers: [{name: c, image: nginx}]}
status:
  phase: Running
  conditions: [{type: Ready, status: "True"}]
`;
const budget = (spec: string, selector = '\n  selector: {matchLabels: {app: web}}', name = 'web', status = '') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: default}
spec:
  ${spec}${selector}
${status}`;
const rs = `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, namespace: default}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
const ds = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: default}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: agent}]}\n`;
const owned = (kind: string, name: string, apiVersion = 'apps/v1', controller = true) => `{apiVersion: ${apiVersion}, kind: ${kind}, name: ${name}, controller: ${controller}}`;
const counts = (s: NonNullable<PodDisruptionBudget['status']>) => [s.currentHealthy, s.desiredHealthy, s.disruptionsAllowed, s.expectedPods];

describe('[disruption.go getPodsForPdb] budgets that select nothing', () => {
  it('a missing selector, a label no pod has, and an expression in a namespace without pods: all zeros', () => {
    const s = still([
      pod('a'),
      budget('minAvailable: 1', '', 'none'),
      budget('minAvailable: 1', '\n  selector: {matchLabels: {app: nobody}}', 'nobody'),
      `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: empty, namespace: quiet}\nspec:\n  minAvailable: 1\n  selector: {matchExpressions: [{key: app, operator: Exists}]}\n`,
    ]);
    s.sync();
    for (const name of ['none', 'nobody']) assert.deepEqual(counts(s.status(name)), [0, 1, 0, 0], name);
    const quiet = s.c.store.get('policy/poddisruptionbudgets', 'quiet', 'empty') as PodDisruptionBudget;
    assert.deepEqual(counts(quiet.status!), [0, 1, 0, 0]);
  });
});

describe('[disruption.go getExpectedScale] pods without a usable controller', () => {
  it('unmanaged pods, and pods whose owner reference is not a controller, expect nothing under maxUnavailable', () => {
    const s = still([rs, pod('free'), pod('owned', owned('ReplicaSet', 'r', 'apps/v1', false)), budget('maxUnavailable: 1')]);
    s.sync();
    assert.deepEqual(counts(s.status()), [2, 0, 0, 0]);
  });

  it('a DaemonSet (no scale subresource) fails safe naming the resource with its group', () => {
    const s = still([ds, pod('agent-1', owned('DaemonSet', 'agent')), budget('maxUnavailable: 1')]);
    s.sync();
    const cond = s.status().conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.reason, cond?.message], ['SyncFailed', 'daemonsets.apps does not implement the scale subresource']);
  });

  it('a static pod (owned by its Node, a core kind without scale) fails safe too', () => {
    const s = still([pod('etcd-n1', owned('Node', 'n1', 'v1')), budget('maxUnavailable: 1')]);
    s.sync();
    assert.equal(s.status().conditions?.find((x) => x.type === 'DisruptionAllowed')?.message, 'nodes does not implement the scale subresource');
  });

  it('a string that is not a percentage fails safe with the IntOrString error', () => {
    const s = still([rs, pod('a', owned('ReplicaSet', 'r')), budget('minAvailable: "2"')]);
    s.sync();
    assert.equal(s.status().conditions?.find((x) => x.type === 'DisruptionAllowed')?.message, 'invalid value for IntOrString: invalid value "2"');
  });
});

describe('[disruption.go getExpectedPodCount and updatePdbStatus]', () => {
  it('minAvailable "50%" of a scale of 3 desires 2 (rounded up)', () => {
    const s = still([rs, pod('a', owned('ReplicaSet', 'r')), pod('b', owned('ReplicaSet', 'r')), pod('c', owned('ReplicaSet', 'r')), budget('minAvailable: "50%"')]);
    s.sync();
    assert.deepEqual(counts(s.status()), [3, 2, 1, 3]);
  });

  it('observedGeneration follows the budget\'s generation after a spec change', () => {
    const s = still([pod('a'), pod('b'), budget('minAvailable: 1')]);
    s.sync();
    const def = s.c.catalog.lookup('policy', 'v1', 'poddisruptionbudgets')!.def;
    const next = clone(s.budget()!);
    next.spec.minAvailable = 2;
    s.c.update(def, 'default', 'web', next as KubeObject);
    s.sync();
    assert.ok((s.budget()!.metadata.generation ?? 1) > 1);
    assert.equal(s.status().observedGeneration, s.budget()!.metadata.generation);
    assert.equal(s.status().disruptionsAllowed, 0);
  });

  it('a budget without conditions gets exactly DisruptionAllowed, timed now even when another condition has the same status', () => {
    const s = still([pod('a'), pod('b'), budget('minAvailable: 1'), budget('minAvailable: 1', '\n  selector: {matchLabels: {app: web}}', 'other', 'status: {currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, conditions: [{type: Other, status: "True", reason: r, message: m, lastTransitionTime: "2026-01-01T00:00:00Z"}]}\n')]);
    s.sync();
    assert.deepEqual(
      s.status().conditions?.map((x) => x.type),
      ['DisruptionAllowed'],
    );
    const cond = s.status('other').conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.equal(cond?.status, 'True');
    assert.notEqual(cond?.lastTransitionTime, '2026-01-01T00:00:00Z');
  });
});

describe('[disruption.go buildDisruptedPodMap] the recheck of an expiring entry', () => {
  it('a budget deleted before its recheck is simply gone (the recheck finds nothing to do)', async () => {
    const s = still([pod('a'), pod('b'), budget('minAvailable: 1')], 0.01);
    const b = clone(s.budget()!);
    b.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, disruptedPods: { a: s.c.clock.timestamp() } };
    s.c.put('policy/poddisruptionbudgets', b as KubeObject);
    s.sync();
    const def = s.c.catalog.lookup('policy', 'v1', 'poddisruptionbudgets')!.def;
    s.c.delete(def, 'default', 'web');
    let crashed: unknown;
    const onError = (e: unknown) => {
      crashed = e;
    };
    process.on('uncaughtException', onError);
    try {
      await new Promise((r) => setTimeout(r, 2500));
    } finally {
      process.off('uncaughtException', onError);
    }
    assert.equal(crashed, undefined);
    assert.equal(s.budget(), undefined);
  });
});
