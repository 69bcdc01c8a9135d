/**
 * DaemonSet updates, against kubernetes/kubernetes pkg/controller/daemon
 * (update.go rollingUpdate, updatedDesiredNodeCounts; util/daemonset_util.go
 * SurgeCount/UnavailableCount, percentages rounded up; OnDelete) and
 * pkg/controller/history (ControllerRevisions, truncateHistory).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Pod, type Workload } from '../../sim/types';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const daemonSet = (strategy: string, extra = '', grace = 0): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  updateStrategy: ${strategy}${extra}
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {terminationGracePeriodSeconds: ${grace}, containers: [{name: c, image: "agent:1"}]}
`;

interface Revision extends KubeObject {
  revision: number;
}

describe('DaemonSet updates', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (nodes: string[], objects: string[], spec?: string): TestCluster => {
    const c = startCluster([nodesYaml(nodes), ...objects].join('---\n'), spec);
    clusters.push(c);
    return c;
  };
  const ready = (p: Pod): boolean => !p.metadata.deletionTimestamp && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') === true;
  const agents = (c: TestCluster): Pod[] => c.pods('default').filter((p) => p.metadata.labels?.app === 'agent');
  const live = (c: TestCluster): Pod[] => agents(c).filter((p) => !p.metadata.deletionTimestamp);
  const image = (p: Pod): string => p.spec.containers[0]!.image!;
  const ds = (c: TestCluster): Workload => c.cluster.store.get('apps/daemonsets', 'default', 'agent') as Workload;
  const status = (c: TestCluster): Record<string, unknown> => (ds(c).status ?? {}) as Record<string, unknown>;
  const revisions = (c: TestCluster): Revision[] => (c.cluster.store.all('apps/controllerrevisions', 'default') as Revision[]).sort((a, b) => a.revision - b.revision);
  const setImage = (c: TestCluster, img: string): void => {
    const obj = clone(ds(c));
    obj.spec.template.spec.containers[0]!.image = img;
    c.cluster.update(c.cluster.catalog.definition('apps', 'daemonsets')!, 'default', 'agent', obj as KubeObject);
  };
  const allAt = (c: TestCluster, img: string, n: number) => (): boolean => agents(c).length === n && agents(c).every((p) => ready(p) && image(p) === img);
  /** Records, at every store change, how many nodes lack a ready pod and how many pods are live. */
  const watch = (c: TestCluster, nodes: number): { down: number[]; live: number[]; stop: () => void } => {
    const down: number[] = [];
    const alive: number[] = [];
    const stop = c.cluster.store.subscribe(() => {
      down.push(nodes - new Set(agents(c).filter(ready).map((p) => p.spec.nodeName)).size);
      alive.push(live(c).length);
    });
    return { down, live: alive, stop };
  };

  it('[update.go] RollingUpdate with the default maxUnavailable 1 replaces one node at a time and ends with the status of the new revision', async () => {
    const c = start(['a', 'b', 'c'], [daemonSet('{type: RollingUpdate}')]);
    await waitFor('3 agents', allAt(c, 'agent:1', 3));
    const w = watch(c, 3);
    setImage(c, 'agent:2');
    await waitFor('rolled out', () => allAt(c, 'agent:2', 3)() && status(c).updatedNumberScheduled === 3 && status(c).numberReady === 3);
    w.stop();
    assert.equal(Math.max(...w.down), 1);
    assert.equal(Math.max(...w.live), 3, 'no surge');
    assert.deepEqual(status(c), {
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberAvailable: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      observedGeneration: 2,
      updatedNumberScheduled: 3,
    });
    const [r1, r2] = revisions(c);
    assert.deepEqual([revisions(c).length, r1!.revision, r2!.revision], [2, 1, 2]);
    assert.ok(agents(c).every((p) => p.metadata.labels?.['controller-revision-hash'] === r2!.metadata.labels?.['controller-revision-hash'] && p.metadata.labels?.['pod-template-generation'] === '2'));
  });

  it('[daemonset_util.go UnavailableCount] maxUnavailable "50%" of 3 nodes rounds up to 2 nodes at a time', async () => {
    const c = start(['a', 'b', 'c'], [daemonSet('{type: RollingUpdate, rollingUpdate: {maxUnavailable: "50%"}}')]);
    await waitFor('3 agents', allAt(c, 'agent:1', 3));
    const w = watch(c, 3);
    setImage(c, 'agent:2');
    await waitFor('rolled out', allAt(c, 'agent:2', 3));
    w.stop();
    assert.equal(Math.max(...w.down), 2);
    assert.equal(Math.max(...w.live), 3);
  });

  it('[daemonset_util.go SurgeCount] maxSurge "34%" of 3 nodes rounds up to 2 extra pods, never 3', async () => {
    const c = start(['a', 'b', 'c'], [daemonSet('{type: RollingUpdate, rollingUpdate: {maxSurge: "34%", maxUnavailable: 0}}')]);
    await waitFor('3 agents', allAt(c, 'agent:1', 3));
    const w = watch(c, 3);
    setImage(c, 'agent:2');
    await waitFor('rolled out', allAt(c, 'agent:2', 3));
    w.stop();
    assert.equal(Math.max(...w.down), 0, 'every node keeps a ready pod');
    assert.equal(Math.max(...w.live), 5);
  });

  it('[update.go updatedDesiredNodeCounts] percentages are of the nodes that should run a pod, not of those that still have one', async () => {
    // 4 nodes, one of them tainted after its pod started: 3 want a pod, and 30% of 3 rounds up to 1 (of 4 it would be 2).
    const c = start(['a', 'b', 'c', 'd'], [daemonSet('{type: RollingUpdate, rollingUpdate: {maxUnavailable: "30%"}}')]);
    await waitFor('4 agents', allAt(c, 'agent:1', 4));
    const d = clone(c.node('d'));
    d.spec = { ...(d.spec ?? {}), taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] };
    c.cluster.update(c.cluster.catalog.lookup('', 'v1', 'nodes')!.def, undefined, 'd', d as KubeObject);
    await waitFor('d misscheduled', () => status(c).numberMisscheduled === 1);
    let terminating = 0;
    const stop = c.cluster.store.subscribe((e) => {
      if (e.resource !== '/pods') return;
      const gone = new Set(agents(c).filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.uid));
      const missing = ['a', 'b', 'c'].filter((n) => !agents(c).some((p) => p.spec.nodeName === n && ready(p) && !gone.has(p.metadata.uid))).length;
      terminating = Math.max(terminating, missing);
    });
    setImage(c, 'agent:2');
    await waitFor('a, b and c updated', () => ['a', 'b', 'c'].every((n) => agents(c).some((p) => p.spec.nodeName === n && ready(p) && image(p) === 'agent:2')));
    stop();
    assert.equal(terminating, 1);
  });

  it('[update.go surge] a node whose only pod is terminating takes no surge slot: the surge goes on elsewhere', async () => {
    const c = start(['a', 'b', 'c'], [daemonSet('{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}', '', 50)]);
    await waitFor('3 agents', allAt(c, 'agent:1', 3));
    const onA = agents(c).find((p) => p.spec.nodeName === 'a')!;
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', onA.metadata.name!);
    setImage(c, 'agent:2');
    c.controllers.manager.runNow();
    const on = (n: string): Pod[] => agents(c).filter((p) => p.spec.nodeName === n);
    assert.deepEqual(on('a').map((p) => p.metadata.uid), [onA.metadata.uid], 'no new pod beside the terminating one');
    assert.ok(on('a')[0]!.metadata.deletionTimestamp);
    assert.deepEqual(on('b').map(image).sort(), ['agent:1', 'agent:2']);
    assert.deepEqual(on('c').map(image), ['agent:1']);
    await waitFor('rolled out', allAt(c, 'agent:2', 3));
  });

  it('[daemon_controller.go] a daemon pod a scenario declares without a hash label counts as up to date', async () => {
    const c = start(
      ['a'],
      [
        daemonSet('{type: RollingUpdate}'),
        `apiVersion: v1
kind: Pod
metadata: {name: agent-declared, namespace: default, labels: {app: agent}, ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: agent, controller: true}]}
spec: {nodeName: a, terminationGracePeriodSeconds: 0, containers: [{name: c, image: "agent:1"}]}
`,
      ],
    );
    await waitFor('status', () => status(c).numberReady === 1);
    c.controllers.manager.runNow();
    assert.deepEqual(agents(c).map((p) => p.metadata.name), ['agent-declared']);
    assert.equal(status(c).updatedNumberScheduled, 1);
    assert.equal(revisions(c).length, 1);
  });

  it('[update.go] old pods that are not ready are replaced all at once, whatever maxUnavailable', async () => {
    const c = start(['a', 'b', 'c'], [daemonSet('{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}')], 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 100000');
    await waitFor('3 pending agents', () => live(c).length === 3);
    const first = new Set(live(c).map((p) => p.metadata.uid));
    setImage(c, 'agent:2');
    await waitFor('3 new pending agents', () => live(c).length === 3 && live(c).every((p) => image(p) === 'agent:2'));
    assert.ok(agents(c).every((p) => !first.has(p.metadata.uid)));
    assert.deepEqual(live(c).map((p) => p.spec.nodeName).sort(), ['a', 'b', 'c']);
    await waitFor('status', () => status(c).observedGeneration === 2);
    assert.deepEqual(status(c), {
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 0,
      numberUnavailable: 3,
      observedGeneration: 2,
      updatedNumberScheduled: 3,
    });
  });

  it('[daemon_controller.go OnDelete] a template change replaces nothing; a deleted pod comes back at the new revision, the others stay old', async () => {
    const c = start(['a', 'b'], [daemonSet('{type: OnDelete}', '\n  revisionHistoryLimit: 0')]);
    await waitFor('2 agents', () => allAt(c, 'agent:1', 2)() && status(c).numberReady === 2);
    const before = new Set(agents(c).map((p) => p.metadata.uid));
    setImage(c, 'agent:2');
    await waitFor('generation 2 observed', () => status(c).observedGeneration === 2);
    c.controllers.manager.runNow();
    assert.deepEqual(status(c), {
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberAvailable: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      observedGeneration: 2,
    });
    assert.ok(agents(c).every((p) => before.has(p.metadata.uid) && image(p) === 'agent:1'));
    assert.equal(revisions(c).length, 2, 'the old revision is kept while pods use it, whatever the history limit');
    const onA = agents(c).find((p) => p.spec.nodeName === 'a')!;
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', onA.metadata.name!);
    await waitFor('a replaced', () => agents(c).some((p) => p.spec.nodeName === 'a' && ready(p) && image(p) === 'agent:2') && status(c).updatedNumberScheduled === 1);
    const onB = agents(c).find((p) => p.spec.nodeName === 'b')!;
    assert.equal(image(onB), 'agent:1');
    assert.ok(before.has(onB.metadata.uid));
    const fresh = agents(c).find((p) => p.spec.nodeName === 'a')!;
    assert.equal(fresh.metadata.labels?.['pod-template-generation'], '2');
    assert.equal(fresh.metadata.labels?.['controller-revision-hash'], revisions(c)[1]!.metadata.labels?.['controller-revision-hash']);
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', onB.metadata.name!);
    await waitFor('b replaced', () => allAt(c, 'agent:2', 2)() && status(c).updatedNumberScheduled === 2);
    await waitFor('old revision dropped', () => revisions(c).length === 1);
    assert.equal(revisions(c)[0]!.revision, 2);
  });

  it('[daemon_controller.go] the new pod of a node waits until the old one has terminated', async () => {
    const c = start(['a'], [daemonSet('{type: OnDelete}', '', 20)]);
    await waitFor('1 agent', () => allAt(c, 'agent:1', 1)());
    let together = 0;
    const stop = c.cluster.store.subscribe((e) => {
      if (e.resource === '/pods') together = Math.max(together, agents(c).length);
    });
    const old = agents(c)[0]!;
    c.cluster.delete(c.cluster.catalog.lookup('', 'v1', 'pods')!.def, 'default', old.metadata.name!);
    await waitFor('old one terminating', () => agents(c)[0]?.metadata.deletionTimestamp !== undefined);
    c.controllers.manager.runNow();
    assert.equal(agents(c).length, 1, 'no new pod beside a terminating one');
    await waitFor('replacement', () => agents(c).length === 1 && agents(c)[0]!.metadata.uid !== old.metadata.uid && ready(agents(c)[0]!));
    stop();
    assert.equal(together, 1);
  });

  it('[history.go] returning to an earlier template reuses its ControllerRevision under the next number; beyond revisionHistoryLimit the oldest unused ones go', async () => {
    const c = start(['a'], [daemonSet('{type: RollingUpdate}', '\n  revisionHistoryLimit: 1')]);
    await waitFor('1 agent', allAt(c, 'agent:1', 1));
    const firstName = revisions(c)[0]!.metadata.name;
    setImage(c, 'agent:2');
    await waitFor('agent:2', allAt(c, 'agent:2', 1));
    setImage(c, 'agent:1');
    await waitFor('agent:1 again', () => allAt(c, 'agent:1', 1)() && revisions(c).length === 2 && revisions(c)[1]!.metadata.name === firstName);
    assert.deepEqual(revisions(c).map((r) => r.revision), [2, 3]);
    assert.equal(agents(c)[0]!.metadata.labels?.['controller-revision-hash'], revisions(c)[1]!.metadata.labels?.['controller-revision-hash']);
    setImage(c, 'agent:3');
    await waitFor('agent:3 and history of 1', () => allAt(c, 'agent:3', 1)() && revisions(c).length === 2 && revisions(c)[0]!.metadata.name === firstName);
    assert.deepEqual(revisions(c).map((r) => r.revision), [3, 4]);
  });
});
