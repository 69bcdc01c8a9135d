/**
 * The Progressing and Available conditions of a Deployment over time, against
 * kubernetes/kubernetes pkg/controller/deployment/progress.go (syncRolloutStatus) and
 * util/deployment_util.go (DeploymentProgressing, DeploymentTimedOut,
 * SetDeploymentCondition). Each case starts from a Deployment whose status was last
 * written long ago, so "the deadline has passed" needs no waiting.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { DeploymentController } from '../../sim/controllers/deployment';
import { parseScenario } from '../../sim/scenario';
import type { Workload } from '../../sim/types';

const HEADER = 'apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: unit}\nspec:\n  kubernetesVersion: v1.33.4\n  timeScale: 0.01\n---\n';
const LONG_AGO = '2020-01-01T00:00:00Z';

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

interface Counts {
  replicas: number;
  ready: number;
  available: number;
}

const clusters: SimCluster[] = [];

const cond = (type: string, status: string, reason: string, message: string): Cond => ({ type, status, reason, message, lastUpdateTime: LONG_AGO, lastTransitionTime: LONG_AGO });
const AVAILABLE = cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.');

function rs(name: string, image: string, revision: number, spec: number, s: Counts): string {
  return `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
  namespace: default
  labels: {app: web, pod-template-hash: ${name}}
  annotations: {deployment.kubernetes.io/revision: "${revision}"}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  replicas: ${spec}
  selector: {matchLabels: {app: web, pod-template-hash: ${name}}}
  template:
    metadata: {labels: {app: web, pod-template-hash: ${name}}}
    spec: {containers: [{name: web, image: "${image}"}]}
status: {replicas: ${s.replicas}, readyReplicas: ${s.ready}, availableReplicas: ${s.available}}
`;
}

/**
 * A Deployment of 4 (25%/25%) mid-rollout from web:1 (web-old) to web:2 (web-new),
 * whose last status was 5 pods, 2 updated, 3 ready, 3 available, with the given
 * conditions; the ReplicaSets now report `old` and `next`.
 */
function midRollout(progressing: Cond, old: Counts, next: Counts, available: Cond = AVAILABLE): { sync(): void; conditions(): Cond[] } {
  const yaml = [
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, annotations: {deployment.kubernetes.io/revision: "2"}}
spec:
  replicas: 4
  progressDeadlineSeconds: 60
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "web:2"}]}
status:
  observedGeneration: 1
  replicas: 5
  updatedReplicas: 2
  readyReplicas: 3
  availableReplicas: 3
  unavailableReplicas: 2
  conditions: ${JSON.stringify([available, progressing])}
`,
    rs('web-old', 'web:1', 1, 3, old),
    rs('web-new', 'web:2', 2, 2, next),
  ].join('---\n');
  const cluster = buildCluster(parseScenario(HEADER + yaml), true);
  clusters.push(cluster);
  const controller = new DeploymentController(cluster);
  return {
    sync: () => controller.reconcile(),
    conditions: () => ((cluster.store.get('apps/deployments', 'default', 'web') as Workload).status as { conditions: Cond[] }).conditions,
  };
}

const UPDATING = cond('Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "web-new" is progressing.');
const TIMED_OUT = cond('Progressing', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-new" has timed out progressing.');
const SAME = { old: { replicas: 3, ready: 3, available: 3 }, next: { replicas: 2, ready: 0, available: 0 } };

function progressingAfterSync(progressing: Cond, old: Counts, next: Counts): Cond {
  const d = midRollout(progressing, old, next);
  d.sync();
  return d.conditions().find((c) => c.type === 'Progressing')!;
}

function isRecent(time: string | undefined): boolean {
  return time !== undefined && time !== LONG_AGO && Date.now() - Date.parse(time) < 60_000;
}

describe('Deployment progress and its deadline', { concurrency: true }, () => {
  after(() => clusters.forEach((c) => c.stop()));

  it('[DeploymentTimedOut] no progress since the last update, deadline passed: False ProgressDeadlineExceeded', () => {
    const p = progressingAfterSync(UPDATING, SAME.old, SAME.next);
    assert.equal(p.status, 'False');
    assert.equal(p.reason, 'ProgressDeadlineExceeded');
    assert.equal(p.message, 'ReplicaSet "web-new" has timed out progressing.');
    assert.ok(isRecent(p.lastTransitionTime), 'the status changed');
    assert.ok(isRecent(p.lastUpdateTime));
  });

  for (const [what, old, next] of [
    ['one more updated pod', SAME.old, { replicas: 3, ready: 0, available: 0 }],
    ['one more ready pod', SAME.old, { replicas: 2, ready: 1, available: 0 }],
    ['one more available pod', SAME.old, { replicas: 2, ready: 1, available: 1 }],
    ['one old pod fewer', { replicas: 2, ready: 2, available: 2 }, SAME.next],
  ] as const) {
    it(`[DeploymentProgressing] ${what} is progress: lastUpdateTime moves, lastTransitionTime stays`, () => {
      const p = progressingAfterSync(UPDATING, old, next);
      assert.equal(p.status, 'True');
      assert.equal(p.reason, 'ReplicaSetUpdated');
      assert.equal(p.message, 'ReplicaSet "web-new" is progressing.');
      assert.equal(p.lastTransitionTime, LONG_AGO);
      assert.ok(isRecent(p.lastUpdateTime));
    });

    it(`[progress.go] ${what} after the deadline was exceeded: True ReplicaSetUpdated again, with a new transition time`, () => {
      const p = progressingAfterSync(TIMED_OUT, old, next);
      assert.equal(p.status, 'True');
      assert.equal(p.reason, 'ReplicaSetUpdated');
      assert.equal(p.message, 'ReplicaSet "web-new" is progressing.');
      assert.ok(isRecent(p.lastTransitionTime));
      assert.ok(isRecent(p.lastUpdateTime));
    });
  }

  it('[DeploymentProgressing] fewer new pods, the old ones unchanged, is no progress', () => {
    // 4 pods, 1 updated: still 3 old ones, as before.
    const p = progressingAfterSync(UPDATING, SAME.old, { replicas: 1, ready: 0, available: 0 });
    assert.equal(p.reason, 'ProgressDeadlineExceeded');
  });

  it('[DeploymentProgressing] fewer ready or available pods is no progress', () => {
    const p = progressingAfterSync(UPDATING, { replicas: 3, ready: 2, available: 2 }, SAME.next);
    assert.equal(p.reason, 'ProgressDeadlineExceeded');
  });

  it('[SetDeploymentCondition] an exceeded deadline without progress is kept as it was', () => {
    const p = progressingAfterSync(TIMED_OUT, SAME.old, SAME.next);
    assert.deepEqual(p, TIMED_OUT);
  });

  it('[SetDeploymentCondition] an unchanged Available condition keeps its times; a flip gets a new transition time', () => {
    const kept = midRollout(UPDATING, SAME.old, SAME.next);
    kept.sync();
    assert.deepEqual(kept.conditions()[0], AVAILABLE);
    const flipped = midRollout(UPDATING, { replicas: 3, ready: 2, available: 2 }, SAME.next);
    flipped.sync();
    const a = flipped.conditions()[0]!;
    assert.equal(a.status, 'False');
    assert.equal(a.reason, 'MinimumReplicasUnavailable');
    assert.ok(isRecent(a.lastTransitionTime));
    assert.ok(isRecent(a.lastUpdateTime));
    const back = midRollout(UPDATING, SAME.old, SAME.next, cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
    back.sync();
    const b = back.conditions()[0]!;
    assert.equal(b.status, 'True');
    assert.equal(b.message, 'Deployment has minimum availability.');
    assert.ok(isRecent(b.lastTransitionTime));
  });

  it('[progress.go] completing the rollout: True NewReplicaSetAvailable, keeping the True transition time', () => {
    const d = midRollout(UPDATING, { replicas: 0, ready: 0, available: 0 }, { replicas: 4, ready: 4, available: 4 });
    d.sync(); // scales web-new to 4 (the test's status already says 4)
    d.sync();
    const p = d.conditions().find((c) => c.type === 'Progressing')!;
    assert.equal(p.reason, 'NewReplicaSetAvailable');
    assert.equal(p.message, 'ReplicaSet "web-new" has successfully progressed.');
    assert.equal(p.lastTransitionTime, LONG_AGO);
    assert.ok(isRecent(p.lastUpdateTime));
  });
});
