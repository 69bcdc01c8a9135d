/**
 * SuccessfulCreate events of the workload controllers, as kubernetes/kubernetes writes them:
 * pkg/controller/controller_utils.go (RealPodControl: "Created pod: NAME" on the ReplicaSet,
 * DaemonSet and Job, from replicaset-controller, daemonset-controller and job-controller) and
 * pkg/controller/statefulset/stateful_pod_control.go ("create Pod NAME in StatefulSet SET
 * successful", from statefulset-controller).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { KubeObject } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

interface SimEvent extends KubeObject {
  reason?: string;
  message?: string;
  source?: { component?: string };
  involvedObject?: { kind?: string; name?: string; uid?: string };
}

const template = (app: string, extra = ''): string => `  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {${extra}containers: [{name: c, image: "busybox:1.36"}]}
`;

describe('SuccessfulCreate events of the workload controllers', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));

  it('[controller_utils.go, stateful_pod_control.go] each controller kind names its pod, its controller and its component', async () => {
    const c = startCluster(
      [
        nodesYaml(['n1']),
        `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs, namespace: default}\nspec:\n  replicas: 1\n${template('rs')}`,
        `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: sts, namespace: default}\nspec:\n  replicas: 1\n  serviceName: sts\n${template('sts')}`,
        `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: default}\nspec:\n${template('ds')}`,
        `apiVersion: batch/v1\nkind: Job\nmetadata: {name: job, namespace: default}\nspec:\n${template('job', 'restartPolicy: Never, ')}`,
      ].join('---\n'),
    );
    clusters.push(c);
    const creates = (): SimEvent[] => (c.cluster.store.all('/events', 'default') as SimEvent[]).filter((e) => e.reason === 'SuccessfulCreate');
    await waitFor('four SuccessfulCreate events', () => creates().length >= 4);
    const podOf = (app: string): string => c.pods('default').find((p) => p.metadata.labels?.['app'] === app)?.metadata.name ?? '';
    const uidOf = (resource: string, name: string): string => c.cluster.store.get(resource, 'default', name)?.metadata.uid ?? '';
    const seen = creates()
      .map((e) => `${e.source?.component} ${e.involvedObject?.kind}/${e.involvedObject?.name} ${e.involvedObject?.uid === '' ? 'no uid' : 'uid'} ${e.message}`)
      .sort();
    assert.deepEqual(seen, [
      `daemonset-controller DaemonSet/ds uid Created pod: ${podOf('ds')}`,
      `job-controller Job/job uid Created pod: ${podOf('job')}`,
      `replicaset-controller ReplicaSet/rs uid Created pod: ${podOf('rs')}`,
      'statefulset-controller StatefulSet/sts uid create Pod sts-0 in StatefulSet sts successful',
    ]);
    for (const [kind, resource, name] of [['DaemonSet', 'apps/daemonsets', 'ds'], ['Job', 'batch/jobs', 'job'], ['ReplicaSet', 'apps/replicasets', 'rs'], ['StatefulSet', 'apps/statefulsets', 'sts']] as const) {
      const e = creates().find((x) => x.involvedObject?.kind === kind);
      assert.equal(e?.involvedObject?.uid, uidOf(resource, name), `${kind} event names its object's uid`);
    }
  });
});
