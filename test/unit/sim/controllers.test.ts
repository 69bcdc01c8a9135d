import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type Pod } from '../../sim/types';
import { nodesYaml, running, startCluster, waitFor, type TestCluster } from './helpers';

const podsDef = (c: TestCluster) => c.cluster.catalog.lookup('', 'v1', 'pods')!.def;

describe('controllers', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (yaml: string, spec?: string): TestCluster => {
    const c = startCluster(yaml, spec);
    clusters.push(c);
    return c;
  };

  it('a Deployment gets a ReplicaSet whose pods are scheduled, started and replaced when deleted', async () => {
    const c = start(`${nodesYaml(['n1', 'n2'])}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
`);
    const pods = await waitFor('3 running pods', () => (running(c.pods('default')).length === 3 ? running(c.pods('default')) : undefined));
    assert.ok(pods.every((p) => p.metadata.labels?.['pod-template-hash']));
    assert.ok(pods.every((p) => p.spec.nodeName === 'n1' || p.spec.nodeName === 'n2'));
    const victim = pods[0]!;
    c.cluster.delete(podsDef(c), 'default', victim.metadata.name!, { gracePeriodSeconds: 0 });
    await waitFor('a replacement', () => running(c.pods('default')).length === 3 && !c.pods('default').some((p) => p.metadata.uid === victim.metadata.uid));
    const rs = c.cluster.store.all('apps/replicasets', 'default')[0]!;
    await waitFor('RS status', () => (c.cluster.store.get('apps/replicasets', 'default', rs.metadata.name!)!.status as { readyReplicas?: number }).readyReplicas === 3);
  });

  it('the scheduler avoids cordoned, NotReady, tainted and full nodes, and leaves unplaceable pods Pending', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: cordoned}
spec: {unschedulable: true}
---
apiVersion: v1
kind: Node
metadata: {name: tainted}
spec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
---
apiVersion: v1
kind: Node
metadata: {name: small}
status: {capacity: {cpu: "1", memory: 1Gi, pods: "10"}}
---
apiVersion: v1
kind: Pod
metadata: {name: big}
spec: {containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: gpu}
spec:
  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
  nodeSelector: {kubernetes.io/hostname: tainted}
  containers: [{name: c, image: x}]
---
apiVersion: v1
kind: Pod
metadata: {name: small-one}
spec: {containers: [{name: c, image: x, resources: {requests: {cpu: 500m}}}]}
`);
    await waitFor('gpu and small-one scheduled', () => c.pods('default').filter((p) => p.spec.nodeName).length === 2);
    const byName = new Map(c.pods('default').map((p) => [p.metadata.name, p]));
    assert.equal(byName.get('gpu')!.spec.nodeName, 'tainted');
    assert.equal(byName.get('small-one')!.spec.nodeName, 'small');
    const big = await waitFor('big marked unschedulable', () => {
      const p = c.cluster.store.get('/pods', 'default', 'big') as Pod;
      return p.status?.conditions?.some((x) => x.type === 'PodScheduled' && x.status === 'False') ? p : undefined;
    });
    assert.equal(big.status?.phase, 'Pending');
    const msg = big.status!.conditions!.find((x) => x.type === 'PodScheduled')!.message!;
    assert.match(msg, /^0\/3 nodes are available: 1 Insufficient cpu, 1 node\(s\) had untolerated taint \{dedicated: gpu\}, 1 node\(s\) were unschedulable\./);
  });

  it('a cordoned node gets the unschedulable taint, removed again on uncordon', async () => {
    const c = start(nodesYaml(['n1']));
    const nodes = c.cluster.catalog.lookup('', 'v1', 'nodes')!.def;
    c.cluster.patch(nodes, undefined, 'n1', 'application/strategic-merge-patch+json', { spec: { unschedulable: true } });
    await waitFor('taint', () => c.node('n1').spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule'));
    c.cluster.patch(nodes, undefined, 'n1', 'application/strategic-merge-patch+json', { spec: { unschedulable: null } });
    await waitFor('no taint', () => !c.node('n1').spec?.taints);
  });

  it('DaemonSet pods run on every eligible node, ignore cordons and follow new nodes', async () => {
    const c = start(`${nodesYaml(['a', 'b'])}---
apiVersion: v1
kind: Node
metadata: {name: cp, labels: {node-role.kubernetes.io/control-plane: ""}}
spec: {taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}], unschedulable: true}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: agent}]}
`);
    await waitFor('2 agents', () => running(c.pods('kube-system')).filter((p) => p.metadata.labels?.app === 'agent').length === 2);
    c.cluster.load({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'c' }, spec: { unschedulable: true } });
    await waitFor('3 agents', () => running(c.pods('kube-system')).filter((p) => p.metadata.labels?.app === 'agent').length === 3);
    const agents = c.pods('kube-system').filter((p) => p.metadata.labels?.app === 'agent');
    assert.deepEqual(agents.map((p) => p.spec.nodeName).sort(), ['a', 'b', 'c']);
    assert.ok(agents.every((p) => p.spec.tolerations?.some((t) => t.key === 'node.kubernetes.io/unschedulable')));
  });

  it('StatefulSet pods keep their names and come back in order', async () => {
    const c = start(`${nodesYaml(['n1', 'n2'])}---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
`);
    await waitFor('db-0..2', () => running(c.pods('default')).length === 3);
    assert.deepEqual(c.pods('default').map((p) => p.metadata.name), ['db-0', 'db-1', 'db-2']);
    const old = c.cluster.store.get('/pods', 'default', 'db-1') as Pod;
    c.cluster.delete(podsDef(c), 'default', 'db-1', { gracePeriodSeconds: 0 });
    await waitFor('db-1 recreated', () => {
      const p = c.cluster.store.get('/pods', 'default', 'db-1') as Pod | undefined;
      return p && p.metadata.uid !== old.metadata.uid && p.status?.phase === 'Running';
    });
  });

  it('Jobs run their pod to completion and are marked Complete', async () => {
    const c = start(`${nodesYaml(['n1'])}---
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: default}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
`, 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1\n  jobPodSeconds: 5');
    await waitFor('job complete', () => {
      const job = c.cluster.store.get('batch/jobs', 'default', 'once');
      return (job?.status as { conditions?: { type: string }[] } | undefined)?.conditions?.some((x) => x.type === 'Complete');
    });
    const pods = c.pods('default');
    assert.equal(pods.length, 1);
    assert.equal(pods[0]!.status?.phase, 'Succeeded');
    assert.equal(pods[0]!.metadata.labels?.['job-name'], 'once');
  });

  it('pods are deleted gracefully: deletionTimestamp first, removal after the scaled grace period', async () => {
    const c = start(`${nodesYaml(['n1'])}---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {terminationGracePeriodSeconds: 30, containers: [{name: c, image: x}]}
`, 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1');
    await waitFor('running', () => running(c.pods('default')).length === 1);
    const started = Date.now();
    const deleted = c.cluster.delete(podsDef(c), 'default', 'p', {}) as Pod;
    assert.ok(deleted.metadata.deletionTimestamp);
    assert.equal(deleted.metadata.deletionGracePeriodSeconds, 30);
    assert.ok(c.cluster.store.get('/pods', 'default', 'p'), 'still there while terminating');
    await waitFor('removed', () => !c.cluster.store.get('/pods', 'default', 'p'));
    assert.ok(Date.now() - started >= 250, 'waited about 30s x 0.01');
  });

  it('PDB status follows the pods it selects', async () => {
    const c = start(`${nodesYaml(['n1', 'n2'])}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: default}
spec:
  maxUnavailable: 25%
  selector: {matchLabels: {app: web}}
`);
    const status = await waitFor('pdb status', () => {
      const s = c.cluster.store.get('policy/poddisruptionbudgets', 'default', 'web')?.status as { currentHealthy?: number; disruptionsAllowed?: number; desiredHealthy?: number; expectedPods?: number } | undefined;
      return s?.currentHealthy === 4 ? s : undefined;
    });
    assert.deepEqual({ d: status.desiredHealthy, e: status.expectedPods, a: status.disruptionsAllowed }, { d: 3, e: 4, a: 1 });
  });

  it('a kubelet upgrade makes the node NotReady, then Ready with the new version', async () => {
    const c = start(nodesYaml(['n1']), 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  nodeUpgradeSeconds: 20');
    c.controllers.kubelet.upgradeKubelet('n1', 'v1.34.0');
    await waitFor('NotReady', () => c.node('n1').status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'False'));
    await waitFor('not-ready taint', () => c.node('n1').spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready'));
    await waitFor('Ready on v1.34.0', () => c.node('n1').status?.nodeInfo?.kubeletVersion === 'v1.34.0' && c.node('n1').status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'));
    await waitFor('taint removed', () => !c.node('n1').spec?.taints);
  });

  it('static control-plane pods follow component versions, and a managed cluster has none', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: cp, labels: {node-role.kubernetes.io/control-plane: ""}}
`);
    await waitFor('4 mirror pods', () => c.pods('kube-system').length === 4);
    const names = c.pods('kube-system').map((p) => p.metadata.name);
    assert.deepEqual(names, ['etcd-cp', 'kube-apiserver-cp', 'kube-controller-manager-cp', 'kube-scheduler-cp']);
    const api = c.cluster.store.get('/pods', 'kube-system', 'kube-apiserver-cp') as Pod;
    assert.equal(api.spec.containers[0]!.image, 'registry.k8s.io/kube-apiserver:v1.33.4');
    assert.ok(api.metadata.annotations?.['kubernetes.io/config.mirror']);
    c.cluster.setControlPlaneVersion('v1.34.2');
    c.controllers.manager.schedule();
    await waitFor('upgraded apiserver pod', () => (c.cluster.store.get('/pods', 'kube-system', 'kube-apiserver-cp') as Pod | undefined)?.spec.containers[0]!.image === 'registry.k8s.io/kube-apiserver:v1.34.2');
    const managed = start(`apiVersion: v1
kind: Node
metadata: {name: cp, labels: {node-role.kubernetes.io/control-plane: ""}}
`, 'kubernetesVersion: v1.33.4\n  managed: true');
    managed.controllers.manager.runNow();
    assert.equal(managed.pods('kube-system').length, 0);
  });

  it('deleting an owner garbage-collects its dependents, and a deleted namespace is emptied', async () => {
    const c = start(`${nodesYaml(['n1'])}---
apiVersion: v1
kind: Namespace
metadata: {name: temp}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs, namespace: temp}
spec:
  replicas: 2
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec: {terminationGracePeriodSeconds: 1, containers: [{name: c, image: x}]}
`);
    await waitFor('2 pods', () => running(c.pods('temp')).length === 2);
    const rsDef = c.cluster.catalog.lookup('apps', 'v1', 'replicasets')!.def;
    c.cluster.delete(rsDef, 'temp', 'rs');
    await waitFor('pods gone', () => c.pods('temp').length === 0);
    const nsDef = c.cluster.catalog.lookup('', 'v1', 'namespaces')!.def;
    const pod = clone(c.cluster.store.get('/pods', 'default', 'x') ?? { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'lonely', namespace: 'temp' }, spec: { containers: [{ name: 'c' }] } });
    c.cluster.create(podsDef(c), 'temp', pod);
    c.cluster.delete(nsDef, undefined, 'temp');
    await waitFor('namespace gone', () => !c.cluster.store.get('/namespaces', undefined, 'temp'));
  });
});
