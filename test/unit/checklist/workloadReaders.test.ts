// The checklist's readers against the simulator: the workload snapshot before and after a node goes
// away, the live issues beside a running step, and a node's Verify step read from its pods.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyNodeAfter, type PodOnNode } from '../../../src/core/checklist/verifyNodeAfter';
import { compareWorkloads, type WorkloadSnapshot } from '../../../src/core/checklist/workloads';
import type { NodeRow } from '../../../src/core/checklist/types';
import { readLiveIssues, readPodsOnNode, readWorkloadSnapshot } from '../../../src/cluster/workloads';
import { nodeInput } from '../../../src/core/checklist/nodeOrder';
import { clusterYaml, nodeYaml, sessionFor, startLiveCluster, type LiveCluster } from './simSession';

const deployment = (name: string, replicas: number, nodeSelector: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      nodeSelector: {${nodeSelector}}
      containers: [{name: app, image: "nginx:1.27"}]
`;

const SCENARIO = clusterYaml('readers', 'kubernetesVersion: v1.33.4\nmanaged: true\ntimeScale: 0.1\npodStartSeconds: 1\nusers:\n  - {name: podwatcher, groups: [pod-readers]}', [
  nodeYaml('worker-1', 'v1.33.4'),
  nodeYaml('worker-2', 'v1.33.4'),
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  deployment('web', 2, 'kubernetes.io/hostname: worker-1'),
  deployment('stuck', 1, 'disk: nvme'),
  // podwatcher may list pods but not events.
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: pod-reader}\nrules:\n  - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: pod-readers}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}\nsubjects:\n  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: pod-readers}\n',
  `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: shop}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      tolerations: [{operator: Exists}]
      containers: [{name: agent, image: "agent:1"}]
`,
]);

const row: NodeRow = { name: 'worker-1', controlPlane: false, wasCordoned: false, kubeletVersion: 'v1.33.4', osImage: 'Ubuntu 24.04.2 LTS', kernelVersion: '6.8.0-1029-aws' };

async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`never: ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const counts = (s: WorkloadSnapshot) => [...s.deployments, ...s.daemonsets].map((w) => `${w.name} ${w.ready}/${w.desired}`);

describe('workload readers on a live cluster', () => {
  let c: LiveCluster;
  let baseline: WorkloadSnapshot;
  /** worker-1's pods while it was fine, as the drain step records them. */
  let podsBefore: PodOnNode[];
  const signal = new AbortController().signal;
  before(async () => {
    c = await startLiveCluster(SCENARIO);
  });
  after(() => c.stop());

  it('snapshots every workload\'s ready count and the pods not running', async () => {
    baseline = await eventually('the workloads to settle', () => readWorkloadSnapshot(c.session, signal), (s) => counts(s).join() === 'stuck 0/1,web 2/2,agent 2/2');
    assert.equal(baseline.podsNotRunning.length, 1);
    assert.match(baseline.podsNotRunning[0]!.name, /^stuck-/);
    assert.deepEqual({ ...baseline.podsNotRunning[0]!, name: 'stuck' }, { namespace: 'shop', name: 'stuck', phase: 'Pending', reason: 'Pending: Unschedulable' });
    assert.deepEqual(compareWorkloads(baseline, await readWorkloadSnapshot(c.session, signal)), { ok: true, regressions: [], improved: [], changed: [] });
  });

  it('a node going NotReady shows as regressions against the snapshot, and its pods as live issues', async () => {
    podsBefore = await readPodsOnNode(c.session, 'worker-1', signal);
    assert.deepEqual(podsBefore.map((p) => `${p.ownerKind} ${p.ready}`).sort(), ['DaemonSet true', 'ReplicaSet true', 'ReplicaSet true']);

    await c.sim.admin.setNodeReady('worker-1', false);
    // Well before the pods' 300 s NoExecute toleration (30 s here) evicts them.
    const now = await eventually('web and agent to lose their ready pods on worker-1', () => readWorkloadSnapshot(c.session, signal), (s) => counts(s).join() === 'stuck 0/1,web 0/2,agent 1/2');
    const cmp = compareWorkloads(baseline, now);
    assert.equal(cmp.ok, false);
    assert.deepEqual(cmp.regressions, ['shop/web (Deployment): 2/2 ready before, 0/2 now', 'shop/agent (DaemonSet): 2/2 ready before, 1/2 now']);

    const issues = await readLiveIssues(c.session, signal);
    assert.deepEqual(issues.unread, []);
    const webIssues = issues.notReadyPods.filter((p) => p.name.startsWith('web-'));
    assert.equal(webIssues.length, 2);
    assert.ok(webIssues.every((p) => p.namespace === 'shop' && p.reason === 'Running, not Ready (NodeNotReady)'), JSON.stringify(webIssues));
    assert.ok(issues.notReadyPods.some((p) => p.name.startsWith('stuck-') && p.reason === 'Pending: Unschedulable'));
    assert.ok(issues.warningEvents.some((e) => e.reason === 'FailedScheduling' && e.name.startsWith('pod/stuck-')), JSON.stringify(issues.warningEvents));
    const times = issues.warningEvents.map((e) => e.at ?? 0);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');

    // The model hears of the node through its watch, which may come after the pods' list above.
    await c.until('worker-1 NotReady in the model', () => snapshotNode(c, 'worker-1').ready !== 'True');
    const verdict = verifyNodeAfter(row, podsBefore, nodeInput(snapshotNode(c, 'worker-1')), await readPodsOnNode(c.session, 'worker-1', signal));
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /^the node is not Ready; DaemonSet shop\/agent has no ready pod on the node yet; shop\/agent-\w+ not ready: Running, not Ready \(NodeNotReady\); shop\/web-[\w-]+ not ready: Running, not Ready \(NodeNotReady\); shop\/web-/);
  });

  it('live issues name what the user may not read and still show the rest', async () => {
    const limited = await sessionFor(c.sim, `${c.sim.contextName}-podwatcher`);
    try {
      const issues = await readLiveIssues(limited, signal);
      assert.equal(issues.unread.length, 1);
      assert.match(issues.unread[0]!, /^warning events: .*forbidden.*cannot list resource "events"/);
      assert.deepEqual(issues.warningEvents, []);
      assert.ok(issues.notReadyPods.some((p) => p.name.startsWith('stuck-')));
    } finally {
      limited.dispose();
    }
  });

  it('once the node is Ready again, the node verifies and the snapshot matches the baseline', async () => {
    await c.sim.admin.setNodeReady('worker-1', true);
    await c.until('worker-1 Ready in the model', () => snapshotNode(c, 'worker-1').ready === 'True');
    const podsNow = await eventually('worker-1 pods ready', () => readPodsOnNode(c.session, 'worker-1', signal), (ps) => ps.every((p) => p.ready));
    assert.deepEqual(verifyNodeAfter(row, podsBefore, nodeInput(snapshotNode(c, 'worker-1')), podsNow), { ok: true, observed: 'Ready and schedulable, 1 DaemonSet pod back, 3 pods ready on it' });
    const again = await eventually('web ready again', () => readWorkloadSnapshot(c.session, signal), (s) => counts(s).join() === 'stuck 0/1,web 2/2,agent 2/2');
    assert.deepEqual(compareWorkloads(baseline, again).regressions, []);
  });
});

function snapshotNode(c: LiveCluster, name: string) {
  const s = c.model.current;
  assert.equal(s.phase, 'ready');
  const n = s.phase === 'ready' ? s.snapshot.nodes.find((x) => x.name === name) : undefined;
  assert.ok(n, `no node ${name}`);
  return n;
}
