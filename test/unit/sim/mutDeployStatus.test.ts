/**
 * Deployment status, conditions, pause, Recreate, revisions and history cleanup,
 * against kubernetes/kubernetes pkg/controller/deployment (sync.go calculateStatus,
 * cleanupDeployment, getNewReplicaSet; progress.go syncRolloutStatus; recreate.go;
 * util/deployment_util.go SetNewReplicaSetAnnotations, DeploymentProgressing,
 * DeploymentTimedOut). The controller is driven one sync at a time and the
 * ReplicaSet status is written by the test, so every value is exact.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { DeploymentController } from '../../sim/controllers/deployment';
import { parseScenario } from '../../sim/scenario';
import { clone, type KubeObject, type Workload } from '../../sim/types';
import { waitFor } from './helpers';

const HEADER = 'apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: unit}\nspec:\n  kubernetesVersion: v1.33.4\n  timeScale: 0.01\n---\n';

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

interface Rig {
  cluster: SimCluster;
  sync(): void;
  deployment(): Workload;
  sets(): Workload[];
  rs(image: string): Workload;
  replicas(): Record<string, number>;
  report(image: string, available: number, replicas?: number, ready?: number): void;
  edit(f: (d: Workload) => void): void;
  status(): Record<string, unknown>;
  conditions(): { type: string; status: string; reason?: string; message?: string }[];
  progressing(): Cond;
}

const clusters: SimCluster[] = [];

function deploymentYaml(o: { replicas: number; strategy?: string; image?: string; extra?: string; annotations?: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default${o.annotations ? `, annotations: ${o.annotations}` : ''}}
spec:
  replicas: ${o.replicas}
${o.strategy ? `  strategy: ${o.strategy}\n` : ''}${o.extra ?? ''}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "${o.image ?? 'web:1'}"}]}
`;
}

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
  const deployment = (): Workload => cluster.store.get('apps/deployments', 'default', 'web') as Workload;
  const conds = (): Cond[] => ((deployment().status as { conditions?: Cond[] } | undefined)?.conditions ?? []);
  return {
    cluster,
    sync: () => controller.reconcile(),
    deployment,
    sets,
    rs,
    replicas: () => Object.fromEntries(sets().map((s) => [s.spec.template.spec.containers[0]!.image, s.spec.replicas ?? 1])),
    report(image, available, replicas, ready) {
      const current = rs(image);
      const n = replicas ?? current.spec.replicas ?? 1;
      cluster.put('apps/replicasets', { ...current, status: { replicas: n, readyReplicas: ready ?? available, availableReplicas: available } } as KubeObject);
    },
    edit(f) {
      const next = clone(deployment());
      f(next);
      cluster.update(cluster.catalog.definition('apps', 'deployments')!, 'default', 'web', next as KubeObject);
    },
    status() {
      const { conditions: _c, ...rest } = (deployment().status ?? {}) as Record<string, unknown>;
      return rest;
    },
    conditions: () => conds().map(({ type, status, reason, message }) => ({ type, status, reason, message })),
    progressing: () => conds().find((c) => c.type === 'Progressing')!,
  };
}

const setImage = (image: string) => (d: Workload): void => {
  d.spec.template.spec.containers[0]!.image = image;
};

/** Syncs until the rollout is done, every ReplicaSet reporting all its pods available. */
function converge(r: Rig): void {
  for (let i = 0; i < 20; i++) {
    r.sync();
    for (const s of r.sets()) r.report(s.spec.template.spec.containers[0]!.image!, s.spec.replicas ?? 1, s.spec.replicas ?? 1);
  }
  r.sync();
}

function rolledOut(o: { replicas: number; strategy?: string; extra?: string; annotations?: string }): Rig {
  const r = rig(deploymentYaml(o));
  r.sync();
  r.report('web:1', o.replicas);
  r.sync();
  return r;
}

const available = { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
const unavailable = { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
const updating = (rs: Workload): Cond => ({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rs.metadata.name}" is progressing.` });
const done = (rs: Workload): Cond => ({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` });

describe('Deployment status and history', () => {
  after(() => clusters.forEach((c) => c.stop()));

  it('[sync.go calculateStatus] a new Deployment: only unavailableReplicas until pods are reported, then all counts', () => {
    const r = rig(deploymentYaml({ replicas: 4 }));
    r.sync();
    const rs = r.rs('web:1');
    assert.deepEqual(r.status(), { observedGeneration: 1, unavailableReplicas: 4 });
    assert.deepEqual(r.conditions(), [unavailable, updating(rs)]);
    const first = r.progressing();
    assert.ok(first.lastUpdateTime && first.lastTransitionTime);
    r.report('web:1', 1, 4, 3); // 4 pods, 3 ready, 1 available
    r.sync();
    assert.deepEqual(r.status(), { availableReplicas: 1, observedGeneration: 1, readyReplicas: 3, replicas: 4, unavailableReplicas: 3, updatedReplicas: 4 });
    assert.deepEqual(r.conditions(), [unavailable, updating(rs)]);
    r.report('web:1', 3, 4); // 4 - 25% = 3 available is the minimum
    r.sync();
    assert.deepEqual(r.status(), { availableReplicas: 3, observedGeneration: 1, readyReplicas: 3, replicas: 4, unavailableReplicas: 1, updatedReplicas: 4 });
    assert.deepEqual(r.conditions(), [available, updating(rs)]);
    r.report('web:1', 4, 4);
    r.sync();
    assert.deepEqual(r.status(), { availableReplicas: 4, observedGeneration: 1, readyReplicas: 4, replicas: 4, updatedReplicas: 4 });
    assert.deepEqual(r.conditions(), [available, done(rs)]);
    // Progressing stayed True all along: its transition time is the first one.
    assert.equal(r.progressing().lastTransitionTime, first.lastTransitionTime);
  });

  it('[sync.go calculateStatus] mid-rollout: replicas and readiness over all ReplicaSets, updatedReplicas from the new one', () => {
    const r = rolledOut({ replicas: 4 });
    r.edit(setImage('web:2'));
    r.sync();
    r.report('web:1', 3, 3);
    r.report('web:2', 0, 1);
    r.sync();
    r.report('web:2', 0, 2, 1);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 2 });
    assert.deepEqual(r.status(), { availableReplicas: 3, observedGeneration: 2, readyReplicas: 4, replicas: 5, unavailableReplicas: 2, updatedReplicas: 2 });
    assert.deepEqual(r.conditions(), [available, updating(r.rs('web:2'))]);
    r.report('web:1', 2, 3); // an old pod stops being available: below the minimum of 3
    r.sync();
    assert.deepEqual(r.conditions(), [unavailable, updating(r.rs('web:2'))]);
    assert.equal(r.status().availableReplicas, 2);
    assert.equal(r.status().unavailableReplicas, 3);
  });

  it('[sync.go] the Deployment records the generation it acted on', () => {
    const r = rolledOut({ replicas: 2 });
    assert.equal(r.status().observedGeneration, 1);
    r.edit((d) => (d.spec.replicas = 3));
    r.sync();
    assert.equal(r.deployment().metadata.generation, 2);
    assert.equal(r.status().observedGeneration, 2);
  });

  it('[progress.go syncRolloutStatus] scaling a rolled-out Deployment keeps Progressing NewReplicaSetAvailable', () => {
    const r = rolledOut({ replicas: 4, extra: '  progressDeadlineSeconds: 1\n' });
    const rs = r.rs('web:1');
    const before = r.progressing();
    r.edit((d) => (d.spec.replicas = 8));
    r.sync();
    r.report('web:1', 4, 8);
    r.sync();
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 8 });
    // 4 of 8 available is below 8 - 2: Available turns False, Progressing stays.
    assert.deepEqual(r.conditions(), [unavailable, done(rs)]);
    assert.deepEqual(r.progressing(), before);
    // A real rollout afterwards is tracked again.
    r.edit(setImage('web:2'));
    r.sync();
    assert.deepEqual(r.progressing().reason, 'ReplicaSetUpdated');
    assert.deepEqual(r.progressing().message, `ReplicaSet "${r.rs('web:2').metadata.name}" is progressing.`);
  });

  it('[progress.go DeploymentTimedOut] no progress for progressDeadlineSeconds: Progressing False ProgressDeadlineExceeded, until progress resumes', async () => {
    const r = rig(deploymentYaml({ replicas: 2, extra: '  progressDeadlineSeconds: 1\n' }));
    r.sync();
    r.report('web:1', 0, 2);
    r.sync();
    const rs = r.rs('web:1');
    const timedOut = await waitFor('the progress deadline', () => (r.progressing().reason === 'ProgressDeadlineExceeded' ? r.progressing() : undefined), 4000);
    assert.equal(timedOut.status, 'False');
    assert.equal(timedOut.message, `ReplicaSet "${rs.metadata.name}" has timed out progressing.`);
    assert.deepEqual(r.conditions()[0], unavailable);
    // Resyncs without progress keep the failure.
    r.edit((d) => ((d.metadata.labels ??= {}).touched = 'yes'));
    r.sync();
    assert.deepEqual(r.progressing(), timedOut);
    r.report('web:1', 1, 2);
    r.sync(); // 25% of 2 rounds down to 0: both pods must be available
    assert.deepEqual(r.conditions(), [unavailable, updating(rs)]);
    r.report('web:1', 2, 2);
    r.sync();
    assert.deepEqual(r.conditions(), [available, done(rs)]);
  });

  it('[progress.go] within the default 600s deadline a stalled rollout stays ReplicaSetUpdated', () => {
    const r = rig(deploymentYaml({ replicas: 2 }));
    r.sync();
    r.report('web:1', 0, 2);
    r.sync();
    r.edit((d) => ((d.metadata.labels ??= {}).touched = 'yes'));
    r.sync();
    assert.deepEqual(r.conditions(), [unavailable, updating(r.rs('web:1'))]);
    assert.equal(r.deployment().spec.progressDeadlineSeconds, 600);
  });

  it('[sync.go sync, paused] a paused Deployment is scaled but rolls nothing out; resuming starts the rollout', () => {
    const r = rolledOut({ replicas: 3 });
    r.edit((d) => {
      d.spec.paused = true;
      setImage('web:2')(d);
    });
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 3 });
    assert.equal(r.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.deepEqual(r.conditions(), [available, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }]);
    assert.deepEqual(r.status(), { availableReplicas: 3, observedGeneration: 2, readyReplicas: 3, replicas: 3 });
    r.edit((d) => (d.spec.replicas = 5));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 5 });
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '5');
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '7');
    // Fewer available than 5 - 1: Available goes False while paused, too.
    r.report('web:1', 3, 5);
    r.sync();
    assert.deepEqual(r.conditions()[0], unavailable);
    assert.equal(r.status().updatedReplicas, undefined, 'no ReplicaSet matches the paused template');
    r.report('web:1', 5, 5);
    r.edit((d) => (d.spec.paused = false));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 4, 'web:2': 2 });
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal(r.progressing().reason, 'ReplicaSetUpdated');
  });

  it('[sync.go scale, paused] a paused Deployment scaled up from zero scales its current ReplicaSet', () => {
    const r = rolledOut({ replicas: 2 });
    r.edit((d) => (d.spec.replicas = 0));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 0 });
    r.report('web:1', 0, 0);
    r.edit((d) => (d.spec.paused = true));
    r.sync();
    r.edit((d) => (d.spec.replicas = 3));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 3 });
  });

  it('[sync.go scale, paused] with two active ReplicaSets a paused Deployment leaves both as they are', () => {
    const r = rolledOut({ replicas: 4 });
    r.edit(setImage('web:2'));
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 1 });
    r.edit((d) => (d.spec.paused = true));
    r.sync();
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 3, 'web:2': 1 });
    assert.equal(r.progressing().reason, 'DeploymentPaused');
  });

  it('[recreate.go] Recreate: old ReplicaSets go to 0, the new one is scaled up only when no old pod is left', () => {
    const r = rolledOut({ replicas: 3, strategy: '{type: Recreate}' });
    assert.deepEqual(r.rs('web:1').metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' });
    // Recreate allows no unavailable pod.
    r.report('web:1', 2, 3);
    r.sync();
    assert.deepEqual(r.conditions()[0], unavailable);
    r.report('web:1', 3, 3);
    const old = r.rs('web:1');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-old-pod', namespace: 'default', labels: { ...old.spec.template.metadata?.labels }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: old.metadata.name!, uid: old.metadata.uid!, controller: true }] },
      spec: { containers: [{ name: 'web', image: 'web:1' }] },
    };
    const podsDef = r.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    r.cluster.create(podsDef, 'default', pod as unknown as KubeObject);
    // A pod of no ReplicaSet does not hold the rollout back.
    r.cluster.create(podsDef, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'x', image: 'x' }] } } as unknown as KubeObject);
    r.edit(setImage('web:2'));
    r.sync();
    r.sync();
    assert.equal(r.rs('web:1').spec.replicas, 0);
    assert.equal(r.rs('web:2').spec.replicas ?? 0, 0, 'not while an old pod exists');
    r.report('web:1', 0, 0);
    r.sync();
    assert.equal(r.rs('web:2').spec.replicas ?? 0, 0, 'the old pod still exists');
    r.cluster.store.remove('/pods', 'default', 'web-old-pod');
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 0, 'web:2': 3 });
    assert.deepEqual(r.rs('web:2').metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '2' });
    assert.equal(r.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  });

  it('[sync.go getNewReplicaSet] rolling back to an earlier template re-adopts its ReplicaSet with the next revision', () => {
    const r = rolledOut({ replicas: 2 });
    const first = r.rs('web:1');
    r.edit(setImage('web:2'));
    converge(r);
    assert.deepEqual(r.replicas(), { 'web:1': 0, 'web:2': 2 });
    r.edit(setImage('web:1'));
    r.sync();
    assert.equal(r.sets().length, 2);
    const back = r.rs('web:1');
    assert.equal(back.metadata.uid, first.metadata.uid);
    assert.equal(back.metadata.name, first.metadata.name);
    assert.equal(back.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(back.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/revision-history'], undefined);
    assert.equal(r.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.deepEqual(r.replicas(), { 'web:1': 1, 'web:2': 2 });
    // And forward again: web:2 becomes revision 4, remembering 2.
    r.report('web:1', 1, 1);
    r.edit(setImage('web:2'));
    r.sync();
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/revision'], '4');
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/revision-history'], '2');
    r.edit(setImage('web:1'));
    r.sync();
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/revision'], '5');
    assert.equal(r.rs('web:1').metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1,3');
  });

  it('[deployment_util.go SetNewReplicaSetAnnotations] Deployment annotations go to the new ReplicaSet, except the skipped ones', () => {
    const r = rig(deploymentYaml({ replicas: 1, annotations: '{kubernetes.io/change-cause: "first", kubectl.kubernetes.io/last-applied-configuration: "{}", deployment.kubernetes.io/revision-history: "9", deprecated.deployment.rollback.to: "1", team: a}' }));
    r.sync();
    r.sync();
    const ann = r.rs('web:1').metadata.annotations;
    assert.equal(ann?.['kubernetes.io/change-cause'], 'first');
    assert.equal(ann?.team, 'a');
    assert.equal(ann?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
    assert.equal(ann?.['deployment.kubernetes.io/revision-history'], undefined);
    assert.equal(ann?.['deprecated.deployment.rollback.to'], undefined);
    assert.equal(ann?.['deployment.kubernetes.io/revision'], '1');
    r.report('web:1', 1, 1);
    r.edit((d) => {
      d.metadata.annotations!['kubernetes.io/change-cause'] = 'second';
      setImage('web:2')(d);
    });
    r.sync();
    r.sync();
    assert.equal(r.rs('web:2').metadata.annotations?.['kubernetes.io/change-cause'], 'second');
    assert.equal(r.rs('web:2').metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal(r.rs('web:1').metadata.annotations?.['kubernetes.io/change-cause'], 'first', 'old ReplicaSets keep theirs');
  });

  it('[sync.go cleanupDeployment] revisionHistoryLimit 0: the old ReplicaSet goes once the rollout is complete and its pods are gone', () => {
    const r = rolledOut({ replicas: 1, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}', extra: '  revisionHistoryLimit: 0\n' });
    r.edit(setImage('web:2'));
    r.sync();
    r.report('web:2', 1, 1);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:1': 0, 'web:2': 1 });
    r.sync();
    assert.equal(r.sets().length, 2, 'its pod is still reported');
    r.report('web:1', 0, 0);
    r.sync();
    assert.deepEqual(r.replicas(), { 'web:2': 1 });
  });

  it('[sync.go cleanupDeployment] beyond the limit the lowest revisions go, whatever the creation order', () => {
    const old = (name: string, image: string, revision: string, created: string): string => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
  namespace: default
  creationTimestamp: "${created}"
  labels: {app: web, pod-template-hash: ${name}}
  annotations: {deployment.kubernetes.io/revision: "${revision}"}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  replicas: 0
  selector: {matchLabels: {app: web, pod-template-hash: ${name}}}
  template:
    metadata: {labels: {app: web, pod-template-hash: ${name}}}
    spec: {containers: [{name: web, image: "${image}"}]}
`;
    const r = rig(
      [
        deploymentYaml({ replicas: 1, image: 'web:9', extra: '  revisionHistoryLimit: 2\n' }),
        old('web-a', 'web:a', '5', '2024-01-01T00:00:00Z'),
        old('web-b', 'web:b', '2', '2024-01-02T00:00:00Z'),
        old('web-c', 'web:c', '7', '2024-01-03T00:00:00Z'),
        old('web-d', 'web:d', '3', '2024-01-04T00:00:00Z'),
      ].join('---\n'),
    );
    r.sync();
    assert.equal(r.rs('web:9').metadata.annotations?.['deployment.kubernetes.io/revision'], '8');
    assert.equal(r.sets().length, 5, 'nothing is cleaned up before the rollout is complete');
    r.report('web:9', 1, 1);
    r.sync();
    assert.deepEqual(r.sets().map((s) => s.metadata.name).filter((n) => n?.length === 5).sort(), ['web-a', 'web-c']);
    assert.equal(r.sets().length, 3);
  });

  it('[sync.go cleanupDeployment] the default limit keeps 10 old ReplicaSets', () => {
    const r = rolledOut({ replicas: 1, strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}' });
    for (let i = 2; i <= 12; i++) {
      r.edit(setImage(`web:${i}`));
      r.sync();
      r.report(`web:${i}`, 1, 1);
      r.sync();
      r.report(`web:${i - 1}`, 0, 0);
      r.sync();
    }
    r.sync();
    const revisions = r.sets().map((s) => Number(s.metadata.annotations?.['deployment.kubernetes.io/revision'])).sort((a, b) => a - b);
    assert.deepEqual(revisions, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('[deployment_controller.go] a Deployment being deleted is left alone', () => {
    const r = rig(
      deploymentYaml({ replicas: 2 }).replace('metadata: {name: web, namespace: default}', 'metadata: {name: web, namespace: default, deletionTimestamp: "2024-01-01T00:00:00Z", finalizers: [foregroundDeletion]}'),
    );
    r.sync();
    assert.equal(r.sets().length, 0);
    assert.equal(r.deployment().status, undefined);
  });
});
