/**
 * The kubelet starting pods and finishing Job pods, against kubernetes/kubernetes
 * pkg/kubelet: kubelet_pods.go generateAPIPodStatus (phase, hostIP/hostIPs,
 * podIP/podIPs from the node's podCIDR or the node's address for hostNetwork pods,
 * startTime set once), status/generate.go (the PodReadyToStartContainers,
 * Initialized, ContainersReady and Ready conditions; a completed pod's Ready and
 * ContainersReady are False with reason PodCompleted) and the container statuses
 * the CRI reports (containerd:// IDs, image IDs as repository@sha256 digests).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Condition, ContainerStatus, Pod } from '../../sim/types';
import { startCluster, waitFor, type TestCluster } from './helpers';

const HEX64 = /^[0-9a-f]{64}$/;
const DIGEST = 'b'.repeat(64);

const get = (c: TestCluster, name: string, ns = 'default'): Pod | undefined => c.cluster.store.get('/pods', ns, name) as Pod | undefined;
const phaseOf = (c: TestCluster, name: string): string | undefined => get(c, name)?.status?.phase;
const cond = (p: Pod, type: string): Condition | undefined => p.status?.conditions?.find((x) => x.type === type);

const podYaml = (name: string, nodeName: string, extraSpec = '', extraMeta = '', status = ''): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default${extraMeta}}
spec:
  nodeName: ${nodeName}
  containers: [{name: c, image: busybox}]
${extraSpec}${status}`;

/** The container status with its random IDs checked and replaced by placeholders. */
function normalized(s: ContainerStatus, repo: string): ContainerStatus {
  const id = /^containerd:\/\/(.*)$/.exec(s.containerID ?? '');
  assert.ok(id && HEX64.test(id[1]!), `containerID ${s.containerID}`);
  const image = new RegExp(`^${repo.replace(/[.]/g, '\\.')}@sha256:(.*)$`).exec(s.imageID ?? '');
  assert.ok(image && HEX64.test(image[1]!), `imageID ${s.imageID} for ${repo}`);
  return { ...s, containerID: 'ID', imageID: 'IMAGE' };
}

describe('kubelet: starting pods', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (yaml: string, spec?: string): TestCluster => {
    const c = startCluster(yaml, spec);
    clusters.push(c);
    return c;
  };

  it('[generateAPIPodStatus] a bound pod runs with hostIP, a podIP from its node podCIDR, five True conditions and one running status per container', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 10.99.7.0/24}
status:
  addresses: [{type: ExternalIP, address: 203.0.113.9}, {type: InternalIP, address: 192.168.5.10}, {type: Hostname, address: n1}]
---
apiVersion: v1
kind: Node
metadata: {name: n2}
spec: {podCIDR: 10.99.8.0/24}
status:
  addresses: [{type: InternalIP, address: 192.168.5.20}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default}
spec:
  nodeName: n1
  containers:
  - {name: app, image: "nginx:1.27"}
  - {name: agent, image: "registry.example.com:5000/team/agent:v2"}
  - {name: cache, image: redis}
  - {name: pinned, image: "quay.io/org/tool:1.2@sha256:${DIGEST}"}
---
${podYaml('second', 'n1')}---
${podYaml('host', 'n1', '  hostNetwork: true\n')}---
${podYaml('other', 'n2')}`);
    await waitFor('all four Running', () => ['web', 'second', 'host', 'other'].every((n) => phaseOf(c, n) === 'Running'));
    const web = get(c, 'web')!;
    const st = web.status!;
    assert.equal(st.hostIP, '192.168.5.10');
    assert.deepEqual((st as Record<string, unknown>).hostIPs, [{ ip: '192.168.5.10' }]);
    assert.deepEqual(st.podIPs, [{ ip: st.podIP }]);
    assert.equal(typeof st.startTime, 'string');
    const now = st.startTime!;
    // Pod IPs come from each node's own range, counting from .3; the hostNetwork pod uses the node's address and takes none.
    assert.deepEqual([st.podIP, get(c, 'second')!.status!.podIP].sort(), ['10.99.7.3', '10.99.7.4']);
    assert.equal(get(c, 'host')!.status!.podIP, '192.168.5.10');
    assert.deepEqual(get(c, 'host')!.status!.podIPs, [{ ip: '192.168.5.10' }]);
    assert.equal(get(c, 'host')!.status!.hostIP, '192.168.5.10');
    assert.equal(get(c, 'other')!.status!.podIP, '10.99.8.3');
    assert.equal(get(c, 'other')!.status!.hostIP, '192.168.5.20');
    const types = ['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'PodScheduled', 'Ready'];
    assert.deepEqual(
      [...(st.conditions ?? [])].sort((a, b) => a.type.localeCompare(b.type)),
      types.map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now })),
    );
    const running = { running: { startedAt: now } };
    assert.deepEqual(
      (st.containerStatuses ?? []).map((s, i) => normalized(s, ['nginx', 'registry.example.com:5000/team/agent', 'redis', 'quay.io/org/tool'][i]!)),
      [
        { containerID: 'ID', image: 'nginx:1.27', imageID: 'IMAGE', lastState: {}, name: 'app', ready: true, restartCount: 0, started: true, state: running },
        { containerID: 'ID', image: 'registry.example.com:5000/team/agent:v2', imageID: 'IMAGE', lastState: {}, name: 'agent', ready: true, restartCount: 0, started: true, state: running },
        { containerID: 'ID', image: 'redis', imageID: 'IMAGE', lastState: {}, name: 'cache', ready: true, restartCount: 0, started: true, state: running },
        { containerID: 'ID', image: `quay.io/org/tool:1.2@sha256:${DIGEST}`, imageID: 'IMAGE', lastState: {}, name: 'pinned', ready: true, restartCount: 0, started: true, state: running },
      ],
    );
    // An image pinned by digest runs exactly that digest.
    assert.equal(st.containerStatuses![3]!.imageID, `quay.io/org/tool@sha256:${DIGEST}`);
    const ids = (st.containerStatuses ?? []).map((s) => s.containerID);
    assert.equal(new Set(ids).size, 4, 'every container gets its own ID');
  });

  it('[generateAPIPodStatus] startTime is set once; conditions the pod already has keep their entries; pods in other namespaces start too', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Namespace
metadata: {name: team}
---
${podYaml('early', 'n1', '  readinessGates: [{conditionType: example.com/gate}]\n', '', 'status:\n  startTime: "2020-01-01T00:00:00Z"\n  conditions: [{type: example.com/gate, status: "True", lastTransitionTime: "2020-01-01T00:00:01Z"}]\n')}---
apiVersion: v1
kind: Pod
metadata: {name: away, namespace: team}
spec: {nodeName: n1, containers: [{name: c, image: busybox}]}
`);
    await waitFor('early Running', () => phaseOf(c, 'early') === 'Running');
    await waitFor('team/away Running', () => get(c, 'away', 'team')?.status?.phase === 'Running');
    const early = get(c, 'early')!;
    assert.equal(early.status!.startTime, '2020-01-01T00:00:00Z');
    assert.deepEqual(cond(early, 'example.com/gate'), { type: 'example.com/gate', status: 'True', lastTransitionTime: '2020-01-01T00:00:01Z' });
    assert.equal(early.status!.conditions!.length, 6);
    assert.equal(cond(early, 'Ready')?.status, 'True');
    // The running container's start is now, not the pod's earlier startTime.
    assert.notEqual(early.status!.containerStatuses![0]!.state!.running!.startedAt, '2020-01-01T00:00:00Z');
    assert.equal(early.status!.containerStatuses![0]!.state!.running!.startedAt, cond(early, 'Ready')!.lastTransitionTime);
    const base = c.node('n1').spec!.podCIDR!.split('.').slice(0, 3).join('.');
    assert.deepEqual([early.status!.podIP, get(c, 'away', 'team')!.status!.podIP].sort(), [`${base}.3`, `${base}.4`]);
  });

  it('a scheduled pod starts on the node the scheduler chose, keeping its PodScheduled condition; an unscheduled or unknown-node pod stays Pending', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Pod
metadata: {name: free, namespace: default}
spec:
  nodeSelector: {kubernetes.io/hostname: n1}
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: nowhere, namespace: default}
spec:
  nodeSelector: {missing: label}
  containers: [{name: c, image: busybox}]
---
${podYaml('ghost', 'no-such-node')}`);
    await waitFor('free Running', () => phaseOf(c, 'free') === 'Running');
    const free = get(c, 'free')!;
    assert.equal(free.spec.nodeName, 'n1');
    assert.equal(cond(free, 'PodScheduled')?.status, 'True');
    assert.equal(free.status!.conditions!.filter((x) => x.type === 'PodScheduled').length, 1);
    assert.equal(phaseOf(c, 'nowhere'), 'Pending');
    assert.equal(get(c, 'nowhere')!.status!.podIP, undefined);
    assert.equal(phaseOf(c, 'ghost'), 'Pending');
    assert.equal(get(c, 'ghost')!.status!.containerStatuses, undefined);
  });

  it('pods the kubelet cannot run (not yet scheduled, or bound to an unknown node) do not hold up the pods listed after them', async () => {
    const c = start(`apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Pod
metadata: {name: a-unbound, namespace: default}
spec:
  nodeSelector: {missing: label}
  containers: [{name: c, image: busybox}]
---
${podYaml('a-ghost', 'no-such-node')}---
${podYaml('b-bound', 'n1')}`);
    await waitFor('b-bound Running', () => phaseOf(c, 'b-bound') === 'Running');
    assert.equal(phaseOf(c, 'a-unbound'), 'Pending');
    assert.equal(phaseOf(c, 'a-ghost'), 'Pending');
  });
});

describe('kubelet: pods that are no longer Pending when their start is due', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));

  it('[kubelet.go HandlePodAdditions] a pod that failed before its start is due (say, rejected at admission) is not started', async () => {
    const c = startCluster('apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n', 'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 20');
    clusters.push(c);
    const def = c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    const mk = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } });
    c.cluster.create(def, 'default', mk('a-rejected'));
    c.controllers.manager.runNow(); // the kubelet has planned its start
    const failed = structuredClone(get(c, 'a-rejected')!);
    failed.status = { ...failed.status, phase: 'Failed', reason: 'OutOfcpu', message: 'Pod was rejected: Node didn\'t have enough resource: cpu' };
    c.cluster.put('/pods', failed);
    c.cluster.create(def, 'default', mk('b-witness'));
    await waitFor('b-witness Running', () => phaseOf(c, 'b-witness') === 'Running');
    const p = get(c, 'a-rejected')!;
    assert.deepEqual({ phase: p.status?.phase, reason: p.status?.reason }, { phase: 'Failed', reason: 'OutOfcpu' });
    assert.equal(p.status?.podIP, undefined);
    assert.equal(p.status?.containerStatuses, undefined);
  });

  it('pod IPs stay inside the node\'s /24 however many pods it has run', async () => {
    const pods = Array.from({ length: 260 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${String(i).padStart(3, '0')}, namespace: default}\nspec: {nodeName: n1, containers: [{name: c, image: busybox}]}\n`);
    const c = startCluster(`apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nspec: {podCIDR: 10.99.7.0/24}\nstatus: {allocatable: {cpu: "64", memory: 256Gi, pods: "300"}}\n---\n${pods.join('---\n')}`);
    clusters.push(c);
    await waitFor('all Running', () => c.pods('default').filter((p) => p.status?.phase === 'Running').length === 260);
    const last = c.pods('default').map((p) => Number(/^10\.99\.7\.(\d+)$/.exec(p.status!.podIP!)?.[1]));
    assert.ok(last.every((n) => n >= 2 && n <= 251), 'every IP is 10.99.7.2-251');
    assert.equal(new Set(last).size, 250, '250 distinct addresses are handed out');
  });
});

describe('kubelet: Job pods', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));

  it('[status/generate.go] a pod controlled by a Job completes after jobPodSeconds: Succeeded, Ready and ContainersReady False with PodCompleted, containers terminated with exit code 0', async () => {
    // Pods whose names sort first start (and would complete) first, so a wrongly completed one is seen before the Job pod finishes.
    const ref = (kind: string, controller: boolean): string => `, ownerReferences: [{apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}, kind: ${kind}, name: ghost, uid: ghost-${kind}-${String(controller)}, controller: ${String(controller)}}]`;
    const c = startCluster(
      `apiVersion: v1
kind: Node
metadata: {name: n1}
---
${podYaml('a-loose', 'n1', '', ref('Job', false))}---
${podYaml('a-rs', 'n1', '', ref('ReplicaSet', true))}---
${podYaml('a-plain', 'n1')}---
apiVersion: v1
kind: Pod
metadata: {name: z-job, namespace: default${ref('Job', true)}}
spec:
  nodeName: n1
  restartPolicy: Never
  containers: [{name: main, image: "busybox:1.36"}, {name: side, image: alpine}]
`,
      'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1\n  jobPodSeconds: 5',
    );
    clusters.push(c);
    await waitFor('z-job Running', () => phaseOf(c, 'z-job') === 'Running');
    const runningJob = get(c, 'z-job')!;
    const job = await waitFor('z-job Succeeded', () => (phaseOf(c, 'z-job') === 'Succeeded' ? get(c, 'z-job') : undefined));
    const st = job.status!;
    const done = cond(job, 'Ready')!.lastTransitionTime!;
    const started = runningJob.status!.startTime!;
    assert.equal(st.startTime, started);
    assert.equal(st.podIP, runningJob.status!.podIP);
    const byType = Object.fromEntries((st.conditions ?? []).map((x) => [x.type, x]));
    assert.deepEqual(byType, {
      PodReadyToStartContainers: { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: done },
      Initialized: { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: started },
      Ready: { type: 'Ready', status: 'False', reason: 'PodCompleted', lastProbeTime: null, lastTransitionTime: done },
      ContainersReady: { type: 'ContainersReady', status: 'False', reason: 'PodCompleted', lastProbeTime: null, lastTransitionTime: done },
      PodScheduled: { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: started },
    });
    const before = runningJob.status!.containerStatuses!;
    assert.deepEqual(
      st.containerStatuses,
      before.map((s) => ({
        ...s,
        ready: false,
        started: false,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: s.state!.running!.startedAt, finishedAt: done, containerID: s.containerID } },
      })),
    );
    // Not Job pods (no controller reference to a Job) keep running.
    for (const name of ['a-loose', 'a-rs', 'a-plain']) {
      const p = get(c, name)!;
      assert.equal(p.status?.phase, 'Running', name);
      assert.equal(cond(p, 'Ready')?.status, 'True', name);
      assert.ok(p.status?.containerStatuses?.[0]?.state?.running, name);
    }
  });

  it('podStartSeconds and jobPodSeconds are simulated durations: a 1s grace deletion ends before a 20s start, a 20s start before a 40s Job run', async () => {
    const c = startCluster(
      `apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n${podYaml('quick', 'n1', '  terminationGracePeriodSeconds: 1\n')}`,
      'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 20\n  jobPodSeconds: 40',
    );
    clusters.push(c);
    const def = c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    const mk = (name: string, job = false): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...(job ? { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'j-uid', controller: true }] } : {}) },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] },
    });
    await waitFor('quick Running', () => phaseOf(c, 'quick') === 'Running');
    c.cluster.create(def, 'default', mk('late'));
    c.cluster.delete(def, 'default', 'quick');
    await waitFor('quick removed', () => get(c, 'quick') === undefined);
    assert.equal(phaseOf(c, 'late'), 'Pending');
    await waitFor('late Running', () => phaseOf(c, 'late') === 'Running');
    c.cluster.create(def, 'default', mk('job', true));
    await waitFor('job Running', () => phaseOf(c, 'job') === 'Running');
    c.controllers.manager.runNow();
    c.cluster.create(def, 'default', mk('later'));
    await waitFor('later Running', () => phaseOf(c, 'later') === 'Running');
    assert.equal(phaseOf(c, 'job'), 'Running');
    await waitFor('job Succeeded', () => phaseOf(c, 'job') === 'Succeeded');
  });

  it('a running Job pod that is being deleted is not marked Succeeded while it terminates', async () => {
    const c = startCluster(
      `apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Pod
metadata: {name: doomed, namespace: default, ownerReferences: [{apiVersion: batch/v1, kind: Job, name: j, uid: j-uid, controller: true}]}
spec: {nodeName: n1, terminationGracePeriodSeconds: 1000, containers: [{name: c, image: busybox}]}
`,
      'kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1\n  jobPodSeconds: 5',
    );
    clusters.push(c);
    await waitFor('doomed Running', () => phaseOf(c, 'doomed') === 'Running');
    c.controllers.manager.runNow(); // the kubelet has seen it Running
    const def = c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
    c.cluster.delete(def, 'default', 'doomed');
    const deleting = get(c, 'doomed')!;
    assert.equal(deleting.metadata.deletionGracePeriodSeconds, 1000);
    // Wait past jobPodSeconds through a second Job pod that does complete.
    c.cluster.create(def, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'witness', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'j-uid', controller: true }] },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] },
    } as Pod);
    await waitFor('witness Succeeded', () => phaseOf(c, 'witness') === 'Succeeded');
    const p = get(c, 'doomed')!;
    assert.equal(p.status?.phase, 'Running');
    assert.ok(p.status?.containerStatuses?.[0]?.state?.running);
  });
});
