/**
 * A Deployment works only on the ReplicaSets it controls, as kubernetes/kubernetes
 * pkg/controller/deployment/deployment_controller.go getReplicaSetsForDeployment does
 * (ReplicaSets are claimed through their controller reference): two Deployments in one
 * namespace roll, count and keep history apart.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Workload } from '../../sim/types';
import { deploymentYaml as deployment, editObject, nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

interface Status {
  conditions?: { type: string; status: string; reason?: string }[];
  replicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
}

describe('Deployments share a namespace (getReplicaSetsForDeployment)', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));

  it('[deployment_controller.go] rolling one Deployment leaves the other one\'s ReplicaSet, pods and status alone', async () => {
    const c = startCluster([nodesYaml(['n1']), deployment('front', 2, { podSpec: 'terminationGracePeriodSeconds: 1, ' }), deployment('back', 3, { podSpec: 'terminationGracePeriodSeconds: 1, ' })].join('---\n'));
    clusters.push(c);
    const get = (name: string): Workload => c.cluster.store.get('apps/deployments', 'default', name) as Workload;
    const status = (name: string): Status => (get(name).status ?? {}) as Status;
    const setsOf = (name: string): Workload[] =>
      (c.cluster.store.all('apps/replicasets', 'default') as Workload[]).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === get(name).metadata.uid));
    await waitFor('both available', () => status('front').availableReplicas === 2 && status('back').availableReplicas === 3);
    const backRs = setsOf('back');
    assert.equal(backRs.length, 1);
    const backPods = c.pods('default').filter((p) => p.metadata.labels?.['app'] === 'back').map((p) => p.metadata.name).sort();

    editObject<Workload & { spec: { template: { spec: { containers: { image: string }[] } } } }>(c, 'apps', 'deployments', 'front', (d) => {
      d.spec.template.spec.containers[0]!.image = 'web:2';
    });
    await waitFor('front rolled out', () => {
      const s = status('front');
      const sets = setsOf('front');
      return sets.length === 2 && s.updatedReplicas === 2 && s.availableReplicas === 2 && s.replicas === 2 && sets.some((rs) => rs.spec.replicas === 0);
    });
    assert.deepEqual(
      setsOf('back').map((rs) => [rs.metadata.name, rs.spec.replicas, rs.metadata.annotations?.['deployment.kubernetes.io/revision']]),
      backRs.map((rs) => [rs.metadata.name, 3, '1']),
    );
    assert.deepEqual(c.pods('default').filter((p) => p.metadata.labels?.['app'] === 'back' && !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort(), backPods);
    assert.deepEqual([status('back').replicas, status('back').updatedReplicas, status('back').availableReplicas], [3, 3, 3]);
    assert.equal(get('back').metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(get('front').metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  });

  it('[progress.go] the status written when a progress deadline passes counts only the Deployment\'s own ReplicaSets', async () => {
    const c = startCluster(
      [nodesYaml(['n1']), deployment('stuck', 1, { spec: 'progressDeadlineSeconds: 5', podSpec: 'nodeSelector: {pool: none}, terminationGracePeriodSeconds: 1, ' }), deployment('fine', 2, { podSpec: 'terminationGracePeriodSeconds: 1, ' })].join('---\n'),
    );
    clusters.push(c);
    const status = (name: string): Status => ((c.cluster.store.get('apps/deployments', 'default', name) as Workload).status ?? {}) as Status;
    await waitFor('fine available', () => status('fine').availableReplicas === 2);
    const stuck = await waitFor(
      'the deadline passed',
      () => (status('stuck').conditions?.some((x) => x.type === 'Progressing' && x.reason === 'ProgressDeadlineExceeded') ? status('stuck') : undefined),
      10_000,
    );
    assert.deepEqual([stuck.replicas, stuck.updatedReplicas, stuck.availableReplicas], [1, 1, undefined]);
  });
});
