/**
 * Rollout details the kubectl suite does not reach, against kubernetes/kubernetes
 * pkg/controller/deployment (sync.go cleanupDeployment), pkg/controller/daemon
 * (update.go, surge) and pkg/controller/statefulset (stateful_set_control.go,
 * scale-down order).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Pod, type Workload } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

describe('rollouts', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[]): TestCluster => {
    const c = startCluster([nodesYaml(['n1', 'n2', 'n3']), ...objects].join('---\n'));
    clusters.push(c);
    return c;
  };
  const ready = (p: Pod): boolean => !p.metadata.deletionTimestamp && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') === true;
  const setImage = (c: TestCluster, resource: string, plural: string, name: string, image: string): void => {
    const obj = clone(c.cluster.store.get(resource, 'default', name)!) as Workload;
    obj.spec.template.spec.containers[0]!.image = image;
    c.cluster.update(c.cluster.catalog.definition('apps', plural)!, 'default', name, obj as KubeObject);
  };

  it('[sync.go cleanupDeployment] keeps revisionHistoryLimit old ReplicaSets, dropping the oldest revisions', async () => {
    const c = start([
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  revisionHistoryLimit: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {terminationGracePeriodSeconds: 1, containers: [{name: web, image: "nginx:1"}]}
`,
    ]);
    const done = (image: string) => () => {
      const pods = c.pods('default').filter((p) => p.metadata.labels?.app === 'web');
      const sets = c.cluster.store.all('apps/replicasets', 'default') as Workload[];
      return pods.length === 2 && pods.every((p) => ready(p) && p.spec.containers[0]!.image === image) && sets.every((rs) => rs.spec.template.spec.containers[0]!.image === image || rs.spec.replicas === 0);
    };
    for (const image of ['nginx:1', 'nginx:2', 'nginx:3', 'nginx:4']) {
      if (image !== 'nginx:1') setImage(c, 'apps/deployments', 'deployments', 'web', image);
      await waitFor(`rolled out ${image}`, done(image));
    }
    const revisions = await waitFor('history trimmed', () => {
      const sets = c.cluster.store.all('apps/replicasets', 'default') as Workload[];
      return sets.length === 2 ? sets.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort() : undefined;
    });
    assert.deepEqual(revisions, ['3', '4']);
    assert.equal(c.cluster.store.get('apps/deployments', 'default', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision'], '4');
  });

  it('[daemon/update.go] with maxSurge the new pod starts beside the old one, so every node keeps a ready pod', async () => {
    const c = start([
      `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {terminationGracePeriodSeconds: 1, containers: [{name: agent, image: "agent:1"}]}
`,
    ]);
    const agents = (): Pod[] => c.pods('default').filter((p) => p.metadata.labels?.app === 'agent');
    await waitFor('3 agents', () => agents().filter(ready).length === 3);
    const served: number[] = [];
    const live: number[] = [];
    const stop = c.cluster.store.subscribe(() => {
      served.push(new Set(agents().filter(ready).map((p) => p.spec.nodeName)).size);
      live.push(agents().filter((p) => !p.metadata.deletionTimestamp).length);
    });
    setImage(c, 'apps/daemonsets', 'daemonsets', 'agent', 'agent:2');
    await waitFor('all agents at agent:2', () => agents().length === 3 && agents().every((p) => ready(p) && p.spec.containers[0]!.image === 'agent:2'));
    stop();
    assert.ok(Math.min(...served) === 3, 'no node is ever without a ready agent');
    assert.ok(Math.max(...live) <= 4, 'at most maxSurge (1) extra pod at a time');
  });

  it('[stateful_set_control.go] OrderedReady scales down from the highest ordinal, one pod at a time', async () => {
    const c = start([
      `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 4
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {terminationGracePeriodSeconds: 20, containers: [{name: db, image: postgres}]}
`,
    ]);
    await waitFor('4 db pods', () => c.pods('default').filter(ready).length === 4);
    const order: string[] = [];
    let terminatingAtOnce = 0;
    const stop = c.cluster.store.subscribe((e) => {
      if (e.resource !== '/pods') return;
      if (e.object.metadata.deletionTimestamp && !order.includes(e.object.metadata.name!)) order.push(e.object.metadata.name!);
      terminatingAtOnce = Math.max(terminatingAtOnce, c.pods('default').filter((p) => p.metadata.deletionTimestamp).length);
    });
    const sts = clone(c.cluster.store.get('apps/statefulsets', 'default', 'db')!) as Workload;
    sts.spec.replicas = 1;
    c.cluster.update(c.cluster.catalog.definition('apps', 'statefulsets')!, 'default', 'db', sts as KubeObject);
    await waitFor('one pod left', () => c.pods('default').length === 1, 8000);
    stop();
    assert.deepEqual(order, ['db-3', 'db-2', 'db-1']);
    assert.equal(terminatingAtOnce, 1);
    assert.equal(c.pods('default')[0]!.metadata.name, 'db-0');
  });
});
