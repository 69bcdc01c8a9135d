/**
 * The annotations the Deployment controller keeps on its ReplicaSets, against kubernetes/kubernetes
 * pkg/controller/deployment/util/deployment_util.go: SetReplicasAnnotations (desired-replicas and
 * max-replicas follow the Deployment's replicas and maxSurge, also without a resize, as
 * sync.go scaleReplicaSet does when only the annotations need an update) and
 * copyDeploymentAnnotationsToReplicaSet (the Deployment's own annotations reach its new
 * ReplicaSet, the controller's bookkeeping annotations do not).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Workload } from '../../sim/types';
import { deploymentYaml, editObject, nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

describe('Deployment annotations on its ReplicaSet (deployment_util.go)', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));

  it('[SetReplicasAnnotations, copyDeploymentAnnotationsToReplicaSet] a new maxSurge or annotation reaches the ReplicaSet without a new revision', async () => {
    const c = startCluster(`${nodesYaml(['n1'])}---\n${deploymentYaml('web', 4)}`);
    clusters.push(c);
    const sets = (): Workload[] => c.cluster.store.all('apps/replicasets', 'default') as Workload[];
    const ann = (rs: Workload | undefined, key: string): string | undefined => rs?.metadata.annotations?.[`deployment.kubernetes.io/${key}`];
    const first = await waitFor('the ReplicaSet', () => sets()[0]);
    // maxSurge 25% of 4 rounds up to 1.
    assert.deepEqual([ann(first, 'desired-replicas'), ann(first, 'max-replicas')], ['4', '5']);

    editObject<Workload & { spec: Record<string, unknown> }>(c, 'apps', 'deployments', 'web', (d) => {
      d.spec['strategy'] = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: '25%' } };
      d.metadata.annotations = {
        ...d.metadata.annotations,
        'kubernetes.io/change-cause': 'surge of 3',
        'deployment.kubernetes.io/desired-replicas': '99',
        'deployment.kubernetes.io/max-replicas': '99',
      };
    });
    const rs = await waitFor('the annotations updated', () => (ann(sets()[0], 'max-replicas') === '7' && sets()[0]?.metadata.annotations?.['kubernetes.io/change-cause'] ? sets()[0] : undefined));
    assert.equal(sets().length, 1, 'no new ReplicaSet');
    assert.equal(rs.metadata.name, first.metadata.name);
    assert.deepEqual([ann(rs, 'desired-replicas'), ann(rs, 'max-replicas'), ann(rs, 'revision')], ['4', '7', '1']);
    assert.equal(rs.metadata.annotations?.['kubernetes.io/change-cause'], 'surge of 3');
  });
});
