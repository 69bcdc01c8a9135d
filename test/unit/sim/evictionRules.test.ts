/**
 * The simulator's eviction subresource on a cluster held still (no controllers): each budget and pod
 * is stated as the API server would find it, and each rule of kube-apiserver's EvictionREST is checked
 * on its own (kubernetes/kubernetes pkg/registry/core/pod/storage/eviction.go: Create, canIgnorePDB,
 * checkAndDecrement, addConditionAndDeletePod).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { evictPod, parseEviction, type EvictionRequest } from '../../sim/eviction';
import { parseScenario } from '../../sim/scenario';
import { ApiError } from '../../sim/status';
import type { Pod, PodDisruptionBudget } from '../../sim/types';

interface PodSpec {
  name: string;
  app?: string;
  phase?: string;
  ready?: boolean;
  terminating?: boolean;
  ns?: string;
}
const podYaml = (p: PodSpec): string => `apiVersion: v1
kind: Pod
metadata: {name: ${p.name}, namespace: ${p.ns ?? 'default'}, labels: {app: ${p.app ?? 'web'}}${p.terminating ? ', deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: [example.com/hold]' : ''}}
spec: {nodeName: n1, terminationGracePeriodSeconds: 30, containers: [{name: c, image: nginx}]}
status:
  phase: ${p.phase ?? 'Running'}
  conditions: [{type: Ready, status: "${p.ready === false ? 'False' : 'True'}"}]
`;
interface BudgetSpec {
  name?: string;
  app?: string | null;
  ns?: string;
  policy?: string;
  generation?: number;
  status?: { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number; expectedPods?: number; observedGeneration?: number; disruptedPods?: Record<string, string>; allowedCondition?: 'True' | 'False' } | null;
}
const budgetYaml = (b: BudgetSpec): string => {
  const st = b.status === undefined ? { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 } : b.status;
  const selector = b.app === null ? '' : `\n  selector: {matchLabels: {app: ${b.app ?? 'web'}}}`;
  const status =
    st === null
      ? ''
      : `status:
  currentHealthy: ${st.currentHealthy}
  desiredHealthy: ${st.desiredHealthy}
  disruptionsAllowed: ${st.disruptionsAllowed}
  expectedPods: ${st.expectedPods ?? 3}
  observedGeneration: ${st.observedGeneration ?? 1}${st.disruptedPods ? `\n  disruptedPods: ${JSON.stringify(st.disruptedPods)}` : ''}
  conditions: [{type: DisruptionAllowed, status: "${st.allowedCondition ?? (st.disruptionsAllowed > 0 ? 'True' : 'False')}", reason: x, message: "", lastTransitionTime: "2026-01-01T00:00:00Z", observedGeneration: 1}]
`;
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${b.name ?? 'web'}, namespace: ${b.ns ?? 'default'}${b.generation ? `, generation: ${b.generation}` : ''}}
spec:
  minAvailable: 2${selector}${b.policy ? `\n  unhealthyPodEvictionPolicy: ${b.policy}` : ''}
${status}`;
};

const clusters: SimCluster[] = [];
after(() => clusters.forEach((c) => c.stop()));
function still(docs: string[], version = 'v1.33.4'): SimCluster {
  const text = `apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: still}\nspec:\n  kubernetesVersion: ${version}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n${docs.join('---\n')}`;
  const c = buildCluster(parseScenario(text), true);
  clusters.push(c);
  return c;
}
const getPod = (c: SimCluster, name: string, ns = 'default'): Pod | undefined => c.store.get('/pods', ns, name) as Pod | undefined;
const getPdb = (c: SimCluster, name = 'web', ns = 'default'): PodDisruptionBudget => c.store.get('policy/poddisruptionbudgets', ns, name) as PodDisruptionBudget;
const evict = (c: SimCluster, name: string, request: EvictionRequest = {}, queryDryRun = false, ns = 'default') => evictPod(c, ns, name, request, queryDryRun);
function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  assert.fail('not refused');
}
const isTerminating = (c: SimCluster, name: string): boolean => getPod(c, name)?.metadata.deletionTimestamp !== undefined;

describe('[eviction.go] reading the Eviction', () => {
  const c = still([podYaml({ name: 'w' })]);
  it('anything but an object is a 400', () => {
    for (const body of [null, 'x', 3, []]) {
      const e = refusal(() => parseEviction(body, c));
      assert.equal(e.code, 400);
      assert.equal(e.message, 'not a Eviction object');
    }
  });
  it('another kind is a 400 naming it; no kind and no apiVersion read as a policy/v1 Eviction', () => {
    const e = refusal(() => parseEviction({ apiVersion: 'policy/v1', kind: 'DeleteOptions' }, c));
    assert.equal(e.code, 400);
    assert.equal(e.message, 'not a Eviction object: DeleteOptions');
    assert.deepEqual(parseEviction({ metadata: { name: 'w' } }, c), { metadata: { name: 'w' } });
  });
  it('a version that is not an Eviction version is a 400; one the cluster does not serve names the cluster version', () => {
    assert.equal(refusal(() => parseEviction({ apiVersion: 'v1', kind: 'Eviction' }, c)).message, 'unsupported Eviction version v1');
    assert.equal(refusal(() => parseEviction({ apiVersion: 'policy/v1beta1', kind: 'Eviction' }, c)).message, 'no kind "Eviction" is registered for version "policy/v1beta1" in this cluster (Kubernetes v1.33.4)');
  });
  it('a name in the body that is not the name in the URL is a 400, and the pod stays', () => {
    const e = refusal(() => evict(c, 'w', { metadata: { name: 'other' } }));
    assert.equal(e.code, 400);
    assert.equal(e.message, 'name in URL does not match name in Eviction object');
    assert.equal(isTerminating(c, 'w'), false);
  });
});

describe('[eviction.go canIgnorePDB] pods evicted without asking the budget', () => {
  it('Succeeded, Failed and Pending pods, and pods already terminating, go under an exhausted budget', () => {
    const c = still([
      podYaml({ name: 'ok', phase: 'Succeeded' }),
      podYaml({ name: 'bad', phase: 'Failed' }),
      podYaml({ name: 'wait', phase: 'Pending', ready: false }),
      podYaml({ name: 'going', terminating: true }),
      podYaml({ name: 'up' }),
      budgetYaml({ status: { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 } }),
    ]);
    for (const name of ['ok', 'bad', 'wait', 'going']) assert.equal(evict(c, name).code, 201, name);
    assert.equal(getPdb(c).status?.disruptionsAllowed, 0);
    assert.equal(getPdb(c).status?.disruptedPods, undefined, 'nothing was charged');
    assert.equal(refusal(() => evict(c, 'up')).code, 429, 'a Running pod is guarded');
  });
});

describe('[eviction.go getPodDisruptionBudgets] which budgets guard a pod', () => {
  it('only budgets of its own namespace whose selector matches; a budget without a selector guards nothing', () => {
    const c = still([
      podYaml({ name: 'w' }),
      budgetYaml({ name: 'other-app', app: 'db', status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 } }),
      budgetYaml({ name: 'no-selector', app: null, status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 } }),
      budgetYaml({ name: 'elsewhere', ns: 'ops', status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 } }),
    ]);
    assert.equal(evict(c, 'w').code, 201);
  });
  it('two budgets in the pod\'s namespace that select it are a 500, whatever they allow', () => {
    const c = still([podYaml({ name: 'w' }), budgetYaml({ name: 'a' }), budgetYaml({ name: 'b' })]);
    assert.equal(refusal(() => evict(c, 'w')).code, 500);
    assert.equal(isTerminating(c, 'w'), false);
  });
});

describe('[eviction.go checkAndDecrement] the budget check', () => {
  it('approves while disruptions are allowed: the budget is decremented and the pod recorded in disruptedPods at the current time', () => {
    const c = still([podYaml({ name: 'w' }), budgetYaml({ status: { currentHealthy: 4, desiredHealthy: 2, disruptionsAllowed: 2 } })]);
    const st = evict(c, 'w');
    assert.deepEqual([st.status, st.code], ['Success', 201]);
    const pdb = getPdb(c);
    assert.equal(pdb.status?.disruptionsAllowed, 1);
    assert.deepEqual(pdb.status?.disruptedPods, { w: c.clock.timestamp() });
    const cond = pdb.status?.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.equal(cond?.status, 'True', 'still allowed: the condition is left alone');
    assert.equal(isTerminating(c, 'w'), true);
  });

  it('the last allowed disruption flips DisruptionAllowed to False (InsufficientPods) at that moment', () => {
    const c = still([podYaml({ name: 'w' }), podYaml({ name: 'x' }), budgetYaml({ status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, disruptedPods: { x: '2026-01-01T00:00:00Z' } } })]);
    evict(c, 'w');
    const st = getPdb(c).status!;
    assert.equal(st.disruptionsAllowed, 0);
    const cond = st.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason, cond?.lastTransitionTime], ['False', 'InsufficientPods', c.clock.timestamp()]);
    assert.deepEqual(Object.keys(st.disruptedPods ?? {}).sort(), ['w', 'x'], 'earlier entries are kept');
  });

  it('a condition that was already False keeps its transition time', () => {
    const c = still([podYaml({ name: 'w' }), budgetYaml({ status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, allowedCondition: 'False' } })]);
    evict(c, 'w');
    const cond = getPdb(c).status?.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.lastTransitionTime], ['False', '2026-01-01T00:00:00Z']);
  });

  it('no disruptions allowed: 429 naming the desired and current healthy counts, Retry-After 0', () => {
    const c = still([podYaml({ name: 'w' }), budgetYaml({ status: { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 } })]);
    const e = refusal(() => evict(c, 'w'));
    assert.equal(e.code, 429);
    assert.equal(e.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(e.status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }]);
    assert.equal(e.status.details?.retryAfterSeconds ?? 0, 0);
    assert.equal(isTerminating(c, 'w'), false);
  });

  it('a budget the controller has not seen (no status, or an older generation) is a 429 "still being processed", Retry-After 10', () => {
    for (const b of [budgetYaml({ status: null }), budgetYaml({ generation: 2, status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, observedGeneration: 1 } })]) {
      const c = still([podYaml({ name: 'w' }), b]);
      const e = refusal(() => evict(c, 'w'));
      assert.equal(e.code, 429);
      assert.deepEqual(e.status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }]);
      assert.equal(e.status.details?.retryAfterSeconds, 10);
    }
    const seen = still([podYaml({ name: 'w' }), budgetYaml({ generation: 2, status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, observedGeneration: 2 } })]);
    assert.equal(evict(seen, 'w').code, 201, 'observedGeneration equal to generation is current');
  });

  it('negative disruptionsAllowed is a 403', () => {
    const c = still([podYaml({ name: 'w' }), budgetYaml({ status: { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: -1 } })]);
    const e = refusal(() => evict(c, 'w'));
    assert.equal(e.code, 403);
    assert.equal(e.message, 'poddisruptionbudget.policy "web" is forbidden: pdb disruptions allowed is negative');
  });

  it('exactly MaxDisruptedPodSize unconfirmed evictions still pass; one more is a 403', () => {
    const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_x, i) => [`gone-${i}`, '2026-01-01T00:00:00Z']));
    const atLimit = still([podYaml({ name: 'w' }), budgetYaml({ status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, disruptedPods: entries(2000) } })]);
    assert.equal(evict(atLimit, 'w').code, 201);
    const over = still([podYaml({ name: 'w' }), budgetYaml({ status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, disruptedPods: entries(2001) } })]);
    assert.equal(refusal(() => evict(over, 'w')).code, 403);
  });

  it('a dry run (query or deleteOptions) passes the check but charges nothing and deletes nothing', () => {
    for (const [request, query] of [
      [{}, true],
      [{ deleteOptions: { dryRun: ['All'] } }, false],
      [{ deleteOptions: { dryRun: true } }, false],
    ] as [EvictionRequest, boolean][]) {
      const c = still([podYaml({ name: 'w' }), budgetYaml({})]);
      assert.equal(evict(c, 'w', request, query).code, 201);
      assert.equal(getPdb(c).status?.disruptionsAllowed, 1);
      assert.equal(getPdb(c).status?.disruptedPods, undefined);
      assert.equal(isTerminating(c, 'w'), false);
      assert.equal(getPod(c, 'w')?.status?.conditions?.some((x) => x.type === 'DisruptionTarget'), false, 'no condition on a dry run');
    }
    const c = still([podYaml({ name: 'w' }), budgetYaml({})]);
    evict(c, 'w', { deleteOptions: { dryRun: ['Other'] } } as EvictionRequest);
    assert.equal(isTerminating(c, 'w'), true, 'only dryRun: [All] is a dry run');
  });
});

describe('[eviction.go Create] unready pods', () => {
  it('IfHealthyBudget: an unready pod goes without charging the budget while currentHealthy >= desiredHealthy > 0', () => {
    const c = still([podYaml({ name: 'sick', ready: false }), budgetYaml({ status: { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 } })]);
    assert.equal(evict(c, 'sick').code, 201);
    assert.equal(getPdb(c).status?.disruptedPods, undefined);
    assert.equal(getPdb(c).status?.disruptionsAllowed, 0);
  });
  it('IfHealthyBudget: below the minimum, or with nothing desired, the unready pod is checked like any other', () => {
    const below = still([podYaml({ name: 'sick', ready: false }), budgetYaml({ status: { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 } })]);
    assert.equal(refusal(() => evict(below, 'sick')).code, 429);
    const none = still([podYaml({ name: 'sick', ready: false }), budgetYaml({ status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0 } })]);
    assert.equal(refusal(() => evict(none, 'sick')).code, 429);
    const charged = still([podYaml({ name: 'sick', ready: false }), budgetYaml({ status: { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 1 } })]);
    evict(charged, 'sick');
    assert.deepEqual(Object.keys(getPdb(charged).status?.disruptedPods ?? {}), ['sick'], 'approved by the budget, so charged to it');
  });
  it('AlwaysAllow (from 1.27): an unready pod goes whatever the budget says; a ready one is still checked', () => {
    const c = still([podYaml({ name: 'sick', ready: false }), podYaml({ name: 'fine' }), budgetYaml({ policy: 'AlwaysAllow', status: { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 } })]);
    assert.equal(evict(c, 'sick').code, 201);
    assert.equal(refusal(() => evict(c, 'fine')).code, 429);
    const old = still([podYaml({ name: 'sick', ready: false }), budgetYaml({ policy: 'AlwaysAllow', status: { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 } })], 'v1.26.15');
    assert.equal(refusal(() => evict(old, 'sick')).code, 429, '1.26 does not know AlwaysAllow');
    const first = still([podYaml({ name: 'sick', ready: false }), budgetYaml({ policy: 'AlwaysAllow', status: { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 } })], 'v1.27.16');
    assert.equal(evict(first, 'sick').code, 201);
  });
});

describe('[eviction.go addConditionAndDeletePod] the deletion', () => {
  it('the pod gets DisruptionTarget (EvictionByEvictionAPI) at the current time, then is deleted with its grace period', () => {
    const c = still([podYaml({ name: 'w' })]);
    evict(c, 'w');
    const p = getPod(c, 'w')!;
    const cond = p.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
    assert.deepEqual(cond, { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null, lastTransitionTime: c.clock.timestamp() });
    assert.equal(p.metadata.deletionGracePeriodSeconds, 30);
  });
  it('the request\'s delete options are applied: a grace period of its own', () => {
    const c = still([podYaml({ name: 'w' })]);
    evict(c, 'w', { deleteOptions: { gracePeriodSeconds: 5 } });
    assert.equal(getPod(c, 'w')?.metadata.deletionGracePeriodSeconds, 5);
  });
  it('before 1.26 no condition is added', () => {
    const c = still([podYaml({ name: 'w' })], 'v1.25.16');
    evict(c, 'w');
    assert.equal(getPod(c, 'w')?.status?.conditions?.some((x) => x.type === 'DisruptionTarget'), false);
    assert.equal(isTerminating(c, 'w'), true);
  });
  it('preconditions: a wrong UID or resourceVersion is a 409 naming both, and the pod is untouched; the right ones pass', () => {
    const c = still([podYaml({ name: 'w' })]);
    const p = getPod(c, 'w')!;
    const uid = refusal(() => evict(c, 'w', { deleteOptions: { preconditions: { uid: 'other' } } }));
    assert.equal(uid.code, 409);
    assert.equal(uid.message, `Operation cannot be fulfilled on pods "w": Precondition failed: UID in precondition: other, UID in object meta: ${p.metadata.uid ?? ''}`);
    const rv = refusal(() => evict(c, 'w', { deleteOptions: { preconditions: { resourceVersion: '1' } } }));
    assert.equal(rv.code, 409);
    assert.equal(rv.message, `Operation cannot be fulfilled on pods "w": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${p.metadata.resourceVersion ?? ''}`);
    assert.deepEqual(getPod(c, 'w'), p, 'no condition was written');
    assert.equal(evict(c, 'w', { deleteOptions: { preconditions: { uid: p.metadata.uid, resourceVersion: p.metadata.resourceVersion } } }).code, 201, 'the condition write does not break a matching resourceVersion precondition');
    assert.equal(isTerminating(c, 'w'), true);
  });
});
