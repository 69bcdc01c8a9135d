/**
 * The Deployment controller's RollingUpdate arithmetic, step by step, against
 * kubernetes/kubernetes pkg/controller/deployment (rolling.go reconcileNewReplicaSet,
 * reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate;
 * util/deployment_util.go NewRSNewReplicas, ResolveFenceposts, SetReplicasAnnotations).
 * The controller is driven by hand, one sync at a time, and the ReplicaSet status
 * (what the ReplicaSet controller and kubelets would report) is written by the test,
 * so every intermediate replica count is exact.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { DeploymentController, resolveFenceposts } from '../../sim/controllers/deployment';
import { parseScenario } from '../../sim/scenario';
import { clone, type KubeObject, type Workload } from '../../sim/types';

const HEADER = 'apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: unit}\nspec:\n  kubernetesVersion: v1.33.4\n  timeScale: 0.01\n---\n';

interface Rig {
  cluster: SimCluster;
  sync(): void;
  deployment(): Workload;
  sets(): Workload[];
  rs(image: string): Workload;
  replicas(): Record<string, number>;
  report(image: string, available: number, replicas?: number): void;
  edit(f: (d: Workload) => void): void;
}

function deploymentYaml(o: { replicas: number; strategy?: string; image?: string; extra?: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: ${o.replicas}
${o.strategy ? `  strategy: ${o.strategy}\n` : ''}${o.extra ?? ''}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "${o.image ?? 'web:1'}"}]}
`;
}

const clusters: SimCluster[] = [];

function rig(yaml: string): Rig {
  const cluster = buildCluster(parseScenario(HEADER + yaml), true);
  clusters.push(cluster);
  const controller = new DeploymentController(cluster);
  const sets = (): Workload[] => (cluster.store.all('apps/replicasets', 'default') as Workload[]).filter((rs) => !rs.metadata.deletionTimestamp);
  const rs = (image: string): Workload => {
    const found = sets().find((s) => s.spec.template.spec.containers[0]!.image === image);
    assert.ok(found, `a ReplicaSet for ${image}`);
    return found;
  };
  return {
    cluster,
    sync: () => controller.reconcile(),
    deployment: () => cluster.store.get('apps/deployments', 'default', 'web') as Workload,
    sets,
    rs,
    replicas: () => Object.fromEntries(sets().map((s) => [s.spec.template.spec.containers[0]!.image, s.spec.replicas ?? 1])),
    report(image, available, replicas) {
      const current = rs(image);
      const n = replicas ?? current.spec.replicas ?? 1;
      cluster.put('apps/replicasets', { ...current, status: { replicas: n, readyReplicas: available, availableReplicas: available, observedGeneration: current.metadata.generation } } as KubeObject);
    },
    edit(f) {
      const next = clone(cluster.store.get('apps/deployments', 'default', 'web')) as Workload;
      f(next);
      cluster.update(cluster.catalog.definition('apps', 'deployments')!, 'default', 'web', next as KubeObject);
    },
  };
}

const setImage = (image: string) => (d: Workload): void => {
  d.spec.template.spec.containers[0]!.image = image;
};

/** A Deployment whose first ReplicaSet is fully available. */
function rolledOut(o: { replicas: number; strategy?: string; extra?: string }): Rig {
  const r = rig(deploymentYaml(o));
  r.sync();
  r.report('web:1', o.replicas);
  r.sync();
  return r;
}

describe('Deployment RollingUpdate arithmetic', () => {
  after(() => clusters.forEach((c) => c.stop()));
  it('[deployment_util.go ResolveFenceposts] surge rounds up, unavailable rounds down, both 0 gives 1 unavailable; Recreate has neither', () => {
    const d = (replicas: number, strategy: unknown): Workload => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: { replicas, strategy, template: { spec: { containers: [] } } } }) as unknown as Workload;
    assert.deepEqual(resolveFenceposts(d(10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } })), { maxSurge: 3, maxUnavailable: 2 });
    assert.deepEqual(resolveFenceposts(d(5, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '30%', maxUnavailable: '30%' } })), { maxSurge: 2, maxUnavailable: 1 });
    assert.deepEqual(resolveFenceposts(d(5, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } })), { maxSurge: 0, maxUnavailable: 1 });
    assert.deepEqual(resolveFenceposts(d(5, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })), { maxSurge: 0, maxUnavailable: 1 });
    assert.deepEqual(resolveFenceposts(d(5, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } })), { maxSurge: 3, maxUnavailable: 2 });
    // The API default (25%/25%) when rollingUpdate is left out.
    assert.deepEqual(resolveFenceposts(d(8, { type: 'RollingUpdate' })), { maxSurge: 2, maxUnavailable: 2 });
    assert.deepEqual(resolveFenceposts(d(8, { type: 'RollingUpdate', rollingUpdate: {} })), { maxSurge: 2, maxUnavailable: 2 });
    assert.deepEqual(resolveFenceposts(d(8, { type: 'Recreate' })), { maxSurge: 0, maxUnavailable: 0 });
    // replicas left out counts as 1: 25% of 1 is a surge of 1 and 0 unavailable.
    const noReplicas = d(1, { type: 'RollingUpdate' });
    delete noReplicas.spec.replicas;
    assert.deepEqual(resolveFenceposts(noReplicas), { maxSurge: 1, maxUnavailable: 0 });
  });

  it('[sync.go getNewReplicaSet] the first ReplicaSet: name, hash label and selector, annotations, owner, full size at once', () => {
    const r = rig(deploymentYaml({ replicas: 4 }));
    r.sync();
    const sets = r.sets();
    assert.equal(sets.length, 1);
    const rs = sets[0]!;
    const hash = rs.metadata.labels?.['pod-template-hash'];
    assert.match(hash ?? '', /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.equal(rs.metadata.namespace, 'default');
    assert.deepEqual(rs.metadata.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(rs.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(rs.spec.template.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs.spec.template.spec.containers[0]!.image, 'web:1');
    assert.equal(rs.spec.replicas, 4);
    assert.deepEqual(rs.metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5', 'deployment.kubernetes.io/revision': '1' });
    const d = r.deployment();
    assert.deepEqual(rs.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    // The Deployment's own selector is left alone.
    assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
  });

  it('[rolling.go] default 25%/25% of 4: surge 1 and 1 unavailable, new grows and old shrinks as pods become available', () => {
    const r = rolledOut({ replicas: 4 });
    r.edit(setImage('web:2'));
    r.sync(); // new created at 4+1-4 = 1; old: 5 total - 3 min available - 1 new unavailable = 1 may go
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 1 });
    assert.deepEqual(r.rs('web:2').metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5', 'deployment.kubernetes.io/revision': '2' });
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(r.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    r.report('web:1', 3, 3);
    r.report('web:2', 0, 1);
    r.sync(); // room for one more surge pod
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 2 });
    r.report('web:2', 0, 2);
    r.sync();
    r.sync(); // nothing may go while the new pods are unavailable
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 2 });
    r.report('web:2', 2, 2);
    r.sync(); // 5 total - 3 min available - 0 new unavailable = 2 may go
    assert.deepEqual(r.replicas(), { 'web:1': 1, 'web:2': 2 });
    r.report('web:1', 1, 1);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 1, 'web:2': 4 });
    r.report('web:2', 2, 4);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 1, 'web:2': 4 });
    r.report('web:2', 4, 4);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 0, 'web:2': 4 });
    assert.deepEqual(r.rs('web:1').metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5', 'deployment.kubernetes.io/revision': '1' });
  });

  it('[rolling.go] maxSurge 0 with 25% of 10 unavailable (2): old goes down by 2 first, then new comes up by 2', () => {
    const r = rolledOut({ replicas: 10, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: "25%"}}' });
    r.edit(setImage('web:2'));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 8, 'web:2': 0 });
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '10');
    r.report('web:1', 8, 8);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 8, 'web:2': 2 });
    r.report('web:2', 0, 2);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 8, 'web:2': 2 });
  });

  it('[rolling.go] maxSurge 30% of 5 rounds up to 2: the new ReplicaSet starts at 2, old loses 1 (25% of 5 rounds down to 1)', () => {
    const r = rolledOut({ replicas: 5, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: "30%"}}' });
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '7');
    r.edit(setImage('web:2'));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 4, 'web:2': 2 });
  });

  it('[rolling.go] maxSurge 0 and 10% of 3 (0) still lets one pod go at a time', () => {
    const r = rolledOut({ replicas: 3, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: "10%"}}' });
    r.edit(setImage('web:2'));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 2, 'web:2': 0 });
    r.report('web:1', 2, 2);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 2, 'web:2': 1 });
  });

  it('[rolling.go] maxSurge 2 and maxUnavailable 0 as numbers: two new pods first, no old pod goes until they are available', () => {
    const r = rolledOut({ replicas: 3, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 2, maxUnavailable: 0}}' });
    r.edit(setImage('web:2'));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 2 });
    r.report('web:2', 1, 2);
    r.sync(); // 5 total - 3 min available - 1 new unavailable = 1 may go
    assert.deepEqual(r.replicas(), { 'web:1': 2, 'web:2': 2 });
    r.report('web:1', 2, 2);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 2, 'web:2': 3 });
  });

  it('[rolling.go cleanupUnhealthyReplicas] unavailable old pods go first, even below the availability minimum', () => {
    const r = rig(deploymentYaml({ replicas: 4, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}' }));
    r.sync();
    r.report('web:1', 2, 4); // two of four old pods are not available
    r.sync();
    r.edit(setImage('web:2'));
    r.sync(); // 4 total - 3 min available = 1 unhealthy pod may be cleaned up; none of the available ones
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 0 });
    r.report('web:1', 2, 3);
    r.sync(); // room for one new pod
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 1 });
    r.report('web:2', 0, 1);
    r.sync(); // 4 - 3 - 1 unavailable new = 0
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 1 });
  });

  it('[rolling.go] several old ReplicaSets: unhealthy ones are cleaned up first, then available pods go from the oldest set', () => {
    const r = rig(
      [
        deploymentYaml({ replicas: 4, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 2}}', image: 'web:3' }),
        ...[
          ['web-old1', 'web:1', 2, 2, '1', '2024-01-01T00:00:00Z'],
          ['web-old2', 'web:2', 2, 1, '2', '2024-01-02T00:00:00Z'],
        ].map(
          ([name, image, replicas, available, revision, created]) => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
  namespace: default
  creationTimestamp: "${created}"
  labels: {app: web, pod-template-hash: ${name}}
  annotations: {deployment.kubernetes.io/revision: "${revision}"}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web, pod-template-hash: ${name}}}
  template:
    metadata: {labels: {app: web, pod-template-hash: ${name}}}
    spec: {containers: [{name: web, image: "${image}"}]}
status: {replicas: ${replicas}, readyReplicas: ${available}, availableReplicas: ${available}}
`,
        ),
      ].join('---\n'),
    );
    r.sync();
    // New at 4+0-4 = 0, revision 3. Old: 4 total - 2 min available = 2 may go: the one
    // unhealthy pod of web:2, then one available pod of the oldest set (web:1).
    assert.deepEqual(r.replicas(), { 'web:1': 1, 'web:2': 1, 'web:3': 0 });
    assert.equal(r.rs('web:3').metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(r.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  });

  const oldSet = (name: string, image: string, revision: string, replicas: number, created: string): string => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
  namespace: default
  creationTimestamp: "${created}"
  labels: {app: web, pod-template-hash: ${name}}
  annotations: {deployment.kubernetes.io/revision: "${revision}"}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web, pod-template-hash: ${name}}}
  template:
    metadata: {labels: {app: web, pod-template-hash: ${name}}}
    spec: {containers: [{name: web, image: "${image}"}]}
status: {replicas: ${replicas}, readyReplicas: ${replicas}, availableReplicas: ${replicas}}
`;

  it('[controller_utils.go ReplicaSetsByCreationTimestamp] old ReplicaSets created in the same second scale down in name order', () => {
    const r = rig(
      [
        deploymentYaml({ replicas: 4, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}', image: 'web:3' }),
        oldSet('web-zzz', 'web:1', '1', 2, '2024-01-01T00:00:00Z'),
        oldSet('web-aaa', 'web:2', '2', 2, '2024-01-01T00:00:00Z'),
      ].join('---\n'),
    );
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 2, 'web:2': 1, 'web:3': 0 });
  });

  it('[sync.go getNewReplicaSet] revisions: a new ReplicaSet not above the old ones gets max + 1; unreadable revisions count as 0', () => {
    const r = rig(
      [
        deploymentYaml({ replicas: 2, image: 'web:2' }),
        oldSet('web-a', 'web:1', '2', 0, '2024-01-01T00:00:00Z'),
        oldSet('web-b', 'web:2', '2', 2, '2024-01-02T00:00:00Z'),
        oldSet('web-c', 'web:3', 'junk', 0, '2024-01-03T00:00:00Z'),
      ].join('---\n'),
    );
    r.sync();
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(r.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    const fresh = rig([deploymentYaml({ replicas: 1, image: 'web:5' }), oldSet('web-x', 'web:4', 'junk', 1, '2024-01-01T00:00:00Z')].join('---\n'));
    fresh.sync();
    assert.equal(fresh.rs('web:5').metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(fresh.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  });

  it('[rolling.go reconcileNewReplicaSet] scaling a rolled-out Deployment: down at once, up within the surge', () => {
    const r = rolledOut({ replicas: 4 });
    r.edit((d) => (d.spec.replicas = 2));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 2 });
    assert.deepEqual(r.rs('web:1').metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' });
    r.report('web:1', 2, 2);
    r.sync();
    r.edit((d) => (d.spec.replicas = 8));
    r.sync(); // 2 now, at most 8 + 2 in all
    assert.deepEqual(r.replicas(), { 'web:1': 8 });
    assert.deepEqual(r.rs('web:1').metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '8', 'deployment.kubernetes.io/max-replicas': '10', 'deployment.kubernetes.io/revision': '1' });
  });

  it('[deployment_util.go SetReplicasAnnotations] a strategy change alone refreshes max-replicas on the ReplicaSet', () => {
    const r = rolledOut({ replicas: 4 });
    r.edit((d) => (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } }));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 4 });
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '7');
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '4');
  });

  it('[rolling.go] a second template change mid-rollout: the surge is counted over all ReplicaSets', () => {
    const r = rolledOut({ replicas: 4 });
    r.edit(setImage('web:2'));
    r.sync();
    r.report('web:1', 3, 3);
    r.report('web:2', 0, 1);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 2 });
    r.report('web:2', 0, 2);
    r.edit(setImage('web:3'));
    r.sync(); // 5 pods already: web:3 starts at 0; web:2's two unavailable pods are cleaned up first
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 0, 'web:3': 0 });
    assert.equal(r.rs('web:3').metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  });
});
