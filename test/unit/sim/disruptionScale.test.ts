/**
 * More of disruption.go and eviction.go on a cluster held still: the scale of a Deployment during a
 * rollout (two ReplicaSets, one scale), a pod whose controller is found through the scale subresource
 * (getScaleController), a JSON null maxUnavailable, the DisruptionAllowed transition time, and the
 * version from which evictions add the DisruptionTarget condition.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { POOL_CRD as crd } from '../../kubectl/scenarios';
import { DisruptionController } from '../../sim/controllers/disruption';
import { evictPod } from '../../sim/eviction';
import { parseScenario } from '../../sim/scenario';
import { ApiError } from '../../sim/status';
import { clone, type KubeObject, type Pod, type PodDisruptionBudget } from '../../sim/types';

const clusters: SimCluster[] = [];
after(() => clusters.forEach((c) => c.stop()));
function still(docs: string[], version = 'v1.33.4') {
  const text = `apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: still}\nspec:\n  kubernetesVersion: ${version}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n${docs.join('---\n')}`;
  const c = buildCluster(parseScenario(text), true);
  clusters.push(c);
  const dc = new DisruptionController(c);
  const status = (name = 'web') => (c.store.get('policy/poddisruptionbudgets', 'default', name) as PodDisruptionBudget).status!;
  return { c, sync: () => dc.reconcile(), status };
}
const pod = (name: string, owner: string, ready = true): string => {
  const [apiVersion, kind, ownerName] = owner.split(' ');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
  labels: {app: web}
  ownerReferences: [{apiVersion: ${apiVersion}, kind: ${kind}, name: ${ownerName}, controller: true}]
spec: {nodeName: n1, containers: [{name: c, image: nginx}]}
status:
  phase: Running
  conditions: [{type: Ready, status: "${ready ? 'True' : 'False'}"}]
`;
};
const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
`;
const replicaSetOf = (name: string, replicas: number) => `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: ${name}, namespace: default, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web, rs: ${name}}}
  template:
    metadata: {labels: {app: web, rs: ${name}}}
    spec: {containers: [{name: c, image: nginx}]}
`;
const budget = (spec: string, status = '') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  ${spec}
${status}`;
const allowedCondition = (s: NonNullable<PodDisruptionBudget['status']>) => s.conditions?.find((x) => x.type === 'DisruptionAllowed');

describe('[disruption.go getExpectedScale] Deployments and the scale subresource', () => {
  it("during a rollout the pods of both ReplicaSets expect the Deployment's replicas once", () => {
    const s = still([deployment(4), replicaSetOf('web-old', 2), replicaSetOf('web-new', 2), pod('o1', 'apps/v1 ReplicaSet web-old'), pod('o2', 'apps/v1 ReplicaSet web-old'), pod('n1', 'apps/v1 ReplicaSet web-new'), budget('maxUnavailable: 1')]);
    s.sync();
    assert.equal(s.status().expectedPods, 4);
    assert.equal(s.status().desiredHealthy, 3);
  });

  it('a pod controlled by a Deployment itself is scaled through the scale subresource (getScaleController)', () => {
    const s = still([deployment(5), pod('p1', 'apps/v1 Deployment web'), budget('maxUnavailable: 1')]);
    s.sync();
    assert.equal(s.status().expectedPods, 5);
  });

  it('a scale-subresource controller that was replaced under the same name is no controller: fail safe', () => {
    const s = still([deployment(5), pod('p1', 'apps/v1 Deployment web'), budget('maxUnavailable: 1')]);
    const p = clone(s.c.store.get('/pods', 'default', 'p1')!) as Pod;
    p.metadata.ownerReferences = p.metadata.ownerReferences?.map((r) => ({ ...r, uid: 'an-older-uid' }));
    s.c.put('/pods', p as KubeObject);
    s.sync();
    assert.deepEqual([allowedCondition(s.status())?.reason, allowedCondition(s.status())?.message], ['SyncFailed', 'found no controllers for pod "p1"']);
  });

  it('a ReplicationController without replicas counts 1', () => {
    const rc = `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: legacy, namespace: default}\nspec:\n  selector: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const s = still([rc, pod('l1', 'v1 ReplicationController legacy'), budget('maxUnavailable: 0')]);
    s.sync();
    assert.equal(s.status().expectedPods, 1);
  });
});

describe('[disruption.go getExpectedPodCount] an explicit null', () => {
  it('maxUnavailable: null with minAvailable counts like minAvailable alone', () => {
    const rs = `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, namespace: default}\nspec:\n  replicas: 5\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const s = still([rs, pod('a', 'apps/v1 ReplicaSet r'), pod('b', 'apps/v1 ReplicaSet r'), budget('minAvailable: 1\n  maxUnavailable: null')]);
    s.sync();
    assert.deepEqual([s.status().expectedPods, s.status().desiredHealthy, s.status().disruptionsAllowed], [2, 1, 1]);
  });
});

describe('[disruption.go updatePdbStatus] the DisruptionAllowed condition', () => {
  it('keeps its transition time while the verdict stays the same', async () => {
    const rs = `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, namespace: default}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const s = still([rs, pod('a', 'apps/v1 ReplicaSet r'), pod('b', 'apps/v1 ReplicaSet r'), pod('c', 'apps/v1 ReplicaSet r', false), budget('minAvailable: 1')]);
    s.sync();
    const before = allowedCondition(s.status());
    assert.equal(before?.status, 'True');
    await new Promise((r) => setTimeout(r, 1100));
    const c = clone(s.c.store.get('/pods', 'default', 'c')!) as Pod;
    c.status = { ...c.status, conditions: [{ type: 'Ready', status: 'True' }] };
    s.c.put('/pods', c as KubeObject);
    s.sync();
    assert.equal(s.status().currentHealthy, 3, 'the status was rewritten');
    assert.deepEqual(allowedCondition(s.status()), before);
  });
});

describe('[eviction.go] feature gates and unready pods', () => {
  it('1.26 is the first version whose evictions add the DisruptionTarget condition', () => {
    const s = still([`apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec: {nodeName: n1, containers: [{name: c, image: nginx}]}\nstatus: {phase: Running}\n`], 'v1.26.15');
    evictPod(s.c, 'default', 'p', {}, false);
    const p = s.c.store.get('/pods', 'default', 'p') as Pod;
    assert.equal(p.status?.conditions?.find((x) => x.type === 'DisruptionTarget')?.reason, 'EvictionByEvictionAPI');
  });

  it('an unready pod under a budget the controller has not processed yet waits (429), as a ready one does', () => {
    const s = still([`apiVersion: v1\nkind: Pod\nmetadata: {name: sick, namespace: default, labels: {app: web}}\nspec: {nodeName: n1, containers: [{name: c, image: nginx}]}\nstatus:\n  phase: Running\n  conditions: [{type: Ready, status: "False"}]\n`, budget('minAvailable: 1')]);
    let err: unknown;
    try {
      evictPod(s.c, 'default', 'sick', {}, false);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ApiError && err.code === 429, String(err));
  });
});

describe('[disruption.go finders] each finder checks the group of the controller reference (verifyGroupKind)', () => {
  const rs = (name: string, replicas: number, owner = '') => `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: ${name}, namespace: default${owner}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
  /** The pod's controller reference rewritten after the scenario resolved its uid. */
  const referTo = (s: ReturnType<typeof still>, name: string, ref: { apiVersion: string; kind?: string }) => {
    const p = clone(s.c.store.get('/pods', 'default', name)!) as Pod;
    p.metadata.ownerReferences = p.metadata.ownerReferences?.map((r) => ({ ...r, ...ref }));
    s.c.put('/pods', p as KubeObject);
  };
  const failure = (s: ReturnType<typeof still>) => [allowedCondition(s.status())?.reason, allowedCondition(s.status())?.message];

  it('a ReplicationController reference outside the core group is looked up by the RESTMapper, which knows no such kind', () => {
    const rc = `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: legacy, namespace: default}\nspec:\n  replicas: 3\n  selector: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const s = still([rc, pod('l1', 'v1 ReplicationController legacy'), budget('maxUnavailable: 1')]);
    referTo(s, 'l1', { apiVersion: 'apps/v1' });
    s.sync();
    assert.deepEqual(failure(s), ['SyncFailed', 'no matches for kind "ReplicationController" in version "apps/v1"']);
  });

  it('a ReplicaSet reference in the core group is no ReplicaSet: the sync fails', () => {
    const s = still([rs('r', 3), pod('a', 'apps/v1 ReplicaSet r'), budget('maxUnavailable: 1')]);
    referTo(s, 'a', { apiVersion: 'v1' });
    s.sync();
    assert.deepEqual(failure(s), ['SyncFailed', 'no matches for kind "ReplicaSet" in version "v1"']);
  });

  it('a StatefulSet reference outside the apps group is no StatefulSet: the sync fails', () => {
    const ss = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: default}\nspec:\n  replicas: 3\n  serviceName: db\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const s = still([ss, pod('db-0', 'apps/v1 StatefulSet db'), budget('maxUnavailable: 1')]);
    s.sync();
    assert.equal(s.status().expectedPods, 3);
    referTo(s, 'db-0', { apiVersion: 'v1' });
    s.sync();
    assert.deepEqual(failure(s), ['SyncFailed', 'no matches for kind "StatefulSet" in version "v1"']);
  });

  it('a ReplicaSet reference in the old extensions group still finds the ReplicaSet by name', () => {
    const s = still([rs('r', 3), pod('a', 'apps/v1 ReplicaSet r'), budget('maxUnavailable: 1')]);
    referTo(s, 'a', { apiVersion: 'extensions/v1beta1' });
    s.sync();
    assert.deepEqual([s.status().expectedPods, s.status().desiredHealthy, allowedCondition(s.status())?.reason], [3, 2, 'InsufficientPods']);
  });

  it("a ReplicaSet that a Deployment owns without controlling it is scaled by its own replicas", () => {
    const owned = rs('r', 2, ', ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: false}]');
    const s = still([deployment(7), owned, pod('a', 'apps/v1 ReplicaSet r'), budget('maxUnavailable: 1')]);
    s.sync();
    assert.equal(s.status().expectedPods, 2);
  });

  it('a custom resource with a scale subresource is scaled by its spec.replicas', () => {
    const s = still([crd, 'apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p, namespace: default}\nspec: {replicas: 6}\n', pod('a', 'example.com/v1 Pool p'), budget('maxUnavailable: 2')]);
    s.sync();
    assert.deepEqual([s.status().expectedPods, s.status().desiredHealthy], [6, 4]);
  });

  it('a custom resource without a spec has a scale of 0: no pods are expected, nothing may be disrupted', () => {
    const s = still([crd, 'apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p, namespace: default}\n', pod('a', 'example.com/v1 Pool p'), budget('minAvailable: "50%"')]);
    s.sync();
    assert.deepEqual([s.status().expectedPods, s.status().disruptionsAllowed, allowedCondition(s.status())?.reason], [0, 0, 'InsufficientPods']);
  });
});
