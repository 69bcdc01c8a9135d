/**
 * The simulator's disruption controller on a cluster held still: only this controller runs, once per
 * call, over objects stated as kube-controller-manager would find them. Each test is one rule of
 * kubernetes/kubernetes pkg/controller/disruption/disruption.go (getExpectedPodCount, getExpectedScale
 * and its finders, countHealthyPods, buildDisruptedPodMap, updatePdbStatus, failSafe).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { DELETION_TIMEOUT_SECONDS, DisruptionController } from '../../sim/controllers/disruption';
import { parseScenario } from '../../sim/scenario';
import { clone, type KubeObject, type Pod, type PodDisruptionBudget } from '../../sim/types';
import { waitFor } from './helpers';

type Status = NonNullable<PodDisruptionBudget['status']>;
interface PodOpts {
  app?: string;
  owner?: string;
  ready?: boolean;
  terminating?: boolean;
  ns?: string;
  extraLabels?: Record<string, string>;
}
const podYaml = (name: string, o: PodOpts = {}): string => {
  const [apiVersion, kind, ownerName] = (o.owner ?? '').split(' ');
  const labels = { app: o.app ?? 'web', ...o.extraLabels };
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${o.ns ?? 'default'}
  labels: ${JSON.stringify(labels)}${o.owner ? `\n  ownerReferences: [{apiVersion: ${apiVersion}, kind: ${kind}, name: ${ownerName}, controller: true}]` : ''}${o.terminating ? '\n  deletionTimestamp: "2026-01-01T00:00:00Z"\n  finalizers: [example.com/hold]' : ''}
spec: {nodeName: n1, containers: [{name: c, image: nginx}]}
status:
  phase: Running
  conditions: [{type: Ready, status: "${o.ready === false ? 'False' : 'True'}"}]
`;
};
const workloadYaml = (apiVersion: string, kind: string, name: string, replicas: number | undefined, extra = ''): string => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: ${name}, namespace: default${extra}}
spec:${replicas !== undefined ? `\n  replicas: ${replicas}` : ''}
  selector: ${kind === 'ReplicationController' ? `{app: ${name}}` : `{matchLabels: {app: ${name}}}`}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: nginx}]}
`;
const rs = (name: string, replicas?: number, extra = '') => workloadYaml('apps/v1', 'ReplicaSet', name, replicas, extra);
const budgetYaml = (spec: string, o: { name?: string; app?: string; selector?: string; status?: string } = {}): string => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${o.name ?? 'web'}, namespace: default}
spec:
  selector: ${o.selector ?? `{matchLabels: {app: ${o.app ?? 'web'}}}`}
  ${spec}
${o.status ?? ''}`;

const clusters: SimCluster[] = [];
after(() => clusters.forEach((c) => c.stop()));
function still(docs: string[], timeScale = 1): { c: SimCluster; sync: () => void; status: (name?: string) => Status; budget: (name?: string) => PodDisruptionBudget } {
  const text = `apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: still}\nspec:\n  kubernetesVersion: v1.33.4\n  timeScale: ${timeScale}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n${docs.join('---\n')}`;
  const c = buildCluster(parseScenario(text), true);
  clusters.push(c);
  const dc = new DisruptionController(c);
  const budget = (name = 'web') => c.store.get('policy/poddisruptionbudgets', 'default', name) as PodDisruptionBudget;
  return { c, sync: () => dc.reconcile(), budget, status: (name = 'web') => budget(name).status! };
}
const counts = (s: Status) => ({ currentHealthy: s.currentHealthy, desiredHealthy: s.desiredHealthy, disruptionsAllowed: s.disruptionsAllowed, expectedPods: s.expectedPods });
const ago = (c: SimCluster, seconds: number): string => c.clock.timestamp(new Date(Date.now() - seconds * 1000));
const pods = (n: number, o: PodOpts = {}, prefix = 'w'): string[] => Array.from({ length: n }, (_x, i) => podYaml(`${prefix}${i + 1}`, o));

describe('[disruption.go getExpectedPodCount]', () => {
  it('an integer minAvailable expects the selected pods, managed or not, and desires that many', () => {
    const s = still([rs('web', 5), ...pods(2, { owner: 'apps/v1 ReplicaSet web' }), podYaml('manual'), budgetYaml('minAvailable: 2')]);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 });
  });

  it("an integer maxUnavailable expects the controller's scale, not the pods that exist", () => {
    const s = still([rs('web', 5), ...pods(3, { owner: 'apps/v1 ReplicaSet web' }), budgetYaml('maxUnavailable: 1')]);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 3, desiredHealthy: 4, disruptionsAllowed: 0, expectedPods: 5 });
  });

  it('maxUnavailable above the scale desires no healthy pods at all (never below zero)', () => {
    const s = still([rs('web', 2), ...pods(2, { owner: 'apps/v1 ReplicaSet web' }), budgetYaml('maxUnavailable: 5')]);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 2, desiredHealthy: 0, disruptionsAllowed: 2, expectedPods: 2 });
  });

  it('a percentage of maxUnavailable rounds up: 25% of 3 is 1', () => {
    const s = still([rs('web', 3), ...pods(3, { owner: 'apps/v1 ReplicaSet web' }), budgetYaml('maxUnavailable: "25%"')]);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 });
  });

  it('a budget with neither field expects nothing and allows nothing', () => {
    const s = still([rs('web', 2), ...pods(2, { owner: 'apps/v1 ReplicaSet web' }), budgetYaml('')]);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 2, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
  });
});

describe('[disruption.go getExpectedScale] the finders', () => {
  it('sums the scale of each controller once, however many of its pods are selected', () => {
    const s = still([rs('a', 3), rs('b', 2), ...pods(3, { owner: 'apps/v1 ReplicaSet a', app: 'x' }, 'a'), ...pods(2, { owner: 'apps/v1 ReplicaSet b', app: 'x' }, 'b'), budgetYaml('maxUnavailable: 1', { app: 'x' })]);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 5, desiredHealthy: 4, disruptionsAllowed: 1, expectedPods: 5 });
  });

  it("a ReplicationController's replicas; a workload without replicas counts 1", () => {
    const s = still([workloadYaml('v1', 'ReplicationController', 'legacy', 4), ...pods(2, { owner: 'v1 ReplicationController legacy', app: 'legacy' }), budgetYaml('maxUnavailable: 1', { app: 'legacy' })]);
    s.sync();
    assert.equal(s.status().expectedPods, 4);
    const one = still([rs('web'), ...pods(1, { owner: 'apps/v1 ReplicaSet web' }), budgetYaml('maxUnavailable: 1')]);
    one.sync();
    assert.equal(one.status().expectedPods, 1);
  });

  it("a StatefulSet's replicas", () => {
    const s = still([workloadYaml('apps/v1', 'StatefulSet', 'db', 3, '').replace('template:', 'serviceName: db\n  template:'), ...pods(1, { owner: 'apps/v1 StatefulSet db', app: 'db' }, 'db-'), budgetYaml('minAvailable: "100%"', { app: 'db' })]);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 1, desiredHealthy: 3, disruptionsAllowed: 0, expectedPods: 3 });
  });

  it("a ReplicaSet of a Deployment expects the Deployment's replicas; if that Deployment is gone, the ReplicaSet's own", () => {
    const deployment = workloadYaml('apps/v1', 'Deployment', 'front', 6);
    const owned = rs('front-abc', 2, ', ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: front, controller: true}]').replace(/app: front-abc/g, 'app: front');
    const s = still([deployment, owned, ...pods(2, { owner: 'apps/v1 ReplicaSet front-abc', app: 'front' }), budgetYaml('maxUnavailable: 1', { app: 'front' })]);
    s.sync();
    assert.equal(s.status().expectedPods, 6);
    const def = s.c.catalog.lookup('apps', 'v1', 'deployments')!.def;
    s.c.delete(def, 'default', 'front', { propagationPolicy: 'Orphan' });
    s.sync();
    assert.equal(s.status().expectedPods, 2);
  });

  it('pods whose controller no longer exists (a new object under the old name) make the budget fail safe', () => {
    const s = still([rs('web', 2), ...pods(2, { owner: 'apps/v1 ReplicaSet web' }), budgetYaml('maxUnavailable: 1')]);
    s.sync();
    assert.equal(s.status().disruptionsAllowed, 1);
    const def = s.c.catalog.lookup('apps', 'v1', 'replicasets')!.def;
    const old = clone(s.c.store.get('apps/replicasets', 'default', 'web')!);
    s.c.delete(def, 'default', 'web', { propagationPolicy: 'Orphan' });
    s.c.create(def, 'default', { ...old, metadata: { name: 'web', namespace: 'default' } } as KubeObject);
    s.sync();
    const st = s.status();
    assert.equal(st.disruptionsAllowed, 0);
    const cond = st.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason, cond?.message], ['False', 'SyncFailed', 'found no controllers for pod "w1"']);
    assert.deepEqual([st.currentHealthy, st.desiredHealthy, st.expectedPods], [2, 1, 2], 'failSafe keeps the last counts');
  });

  it('a controller of a kind the cluster does not serve fails safe with "no matches for kind"', () => {
    const s = still([...pods(1, {}), budgetYaml('maxUnavailable: 1')]);
    const p = clone(s.c.store.get('/pods', 'default', 'w1')!) as Pod;
    p.metadata.ownerReferences = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'canary', uid: 'u-1', controller: true }];
    s.c.put('/pods', p as KubeObject);
    s.sync();
    const cond = s.status().conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.reason, cond?.message], ['SyncFailed', 'no matches for kind "Rollout" in version "argoproj.io/v1alpha1"']);
    assert.equal(cond?.observedGeneration, 0, 'nothing was observed before');
    assert.deepEqual(counts(s.status()), { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
  });
});

describe('[disruption.go getPodsForPdb] which pods a budget counts', () => {
  it('pods of its namespace that match every label and expression of its selector', () => {
    const s = still([
      ...pods(2, { extraLabels: { tier: 'front' } }),
      podYaml('back', { extraLabels: { tier: 'back' } }),
      podYaml('elsewhere', { ns: 'ops', extraLabels: { tier: 'front' } }),
      budgetYaml('minAvailable: 1', { selector: '{matchLabels: {app: web, tier: front}}' }),
      budgetYaml('minAvailable: 1', { name: 'expr', selector: '{matchExpressions: [{key: tier, operator: In, values: [back]}]}' }),
    ]);
    s.sync();
    assert.equal(s.status().currentHealthy, 2);
    assert.equal(s.status('expr').currentHealthy, 1);
  });
});

describe('[disruption.go countHealthyPods and buildDisruptedPodMap]', () => {
  it('unready and terminating pods are not healthy; pods the eviction API approved recently are counted out', () => {
    const s = still([...pods(2), podYaml('sick', { ready: false }), podYaml('going', { terminating: true }), podYaml('evicted'), budgetYaml('minAvailable: 1')]);
    const b = clone(s.budget());
    b.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, disruptedPods: { evicted: ago(s.c, 10) } };
    s.c.put('policy/poddisruptionbudgets', b as KubeObject);
    s.sync();
    assert.deepEqual(counts(s.status()), { currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 5 });
    assert.deepEqual(Object.keys(s.status().disruptedPods ?? {}), ['evicted']);
  });

  it('entries older than DeletionTimeout, for pods that are gone or already terminating, are dropped', () => {
    const s = still([...pods(2), podYaml('going', { terminating: true }), budgetYaml('minAvailable: 1')]);
    const b = clone(s.budget());
    b.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, disruptedPods: { w1: ago(s.c, DELETION_TIMEOUT_SECONDS + 30), gone: ago(s.c, 5), going: ago(s.c, 5), w2: ago(s.c, DELETION_TIMEOUT_SECONDS - 30) } };
    s.c.put('policy/poddisruptionbudgets', b as KubeObject);
    s.sync();
    assert.deepEqual(Object.keys(s.status().disruptedPods ?? {}), ['w2']);
    assert.equal(s.status().currentHealthy, 1);
  });

  it('an entry is rechecked when it expires, with no other change in the cluster', async () => {
    // timeScale 0.01: DeletionTimeout is 1.2 s of wall time.
    const s = still([...pods(2), budgetYaml('minAvailable: 1')], 0.01);
    const b = clone(s.budget());
    b.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, disruptedPods: { w1: s.c.clock.timestamp() } };
    s.c.put('policy/poddisruptionbudgets', b as KubeObject);
    s.sync();
    assert.equal(s.status().currentHealthy, 1);
    const st = await waitFor('the expired entry to be dropped', () => (s.status().disruptedPods === undefined ? s.status() : undefined), 10_000);
    assert.deepEqual(counts(st), { currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2 });
  });
});

describe('[disruption.go updatePdbStatus]', () => {
  it('writes observedGeneration and a DisruptionAllowed condition whose transition time moves only with its status', async () => {
    const s = still([...pods(2), budgetYaml('minAvailable: 1', { status: 'status: {currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, conditions: [{type: Other, status: "True", reason: r, message: m, lastTransitionTime: "2026-01-01T00:00:00Z"}]}\n' })]);
    s.sync();
    const first = s.status();
    assert.equal(first.observedGeneration, s.budget().metadata.generation ?? 1);
    const cond = first.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason, cond?.message, cond?.observedGeneration], ['True', 'SufficientPods', '', first.observedGeneration]);
    assert.ok(first.conditions?.some((x) => x.type === 'Other'), 'other conditions are kept');
    // A later sync with the same verdict keeps the transition time, even after the clock moved on.
    await new Promise((r) => setTimeout(r, 1100));
    const w2 = clone(s.c.store.get('/pods', 'default', 'w2')!) as Pod;
    w2.status = { ...w2.status, conditions: [{ type: 'Ready', status: 'False' }] };
    s.c.put('/pods', w2 as KubeObject);
    s.sync();
    assert.equal(s.status().disruptionsAllowed, 0);
    const flipped = s.status().conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([flipped?.status, flipped?.reason], ['False', 'InsufficientPods']);
    assert.notEqual(flipped?.lastTransitionTime, cond?.lastTransitionTime);
  });

  it('a status that would not change is not written again (no spurious update for watchers)', () => {
    const s = still([...pods(2), podYaml('other', { app: 'db' }), budgetYaml('minAvailable: 1')]);
    s.sync();
    const rv = s.budget().metadata.resourceVersion;
    const other = clone(s.c.store.get('/pods', 'default', 'other')!);
    other.metadata.labels = { app: 'db', touched: 'yes' };
    s.c.put('/pods', other);
    s.sync();
    assert.equal(s.budget().metadata.resourceVersion, rv);
  });
});
