/**
 * Events and node Leases as kubectl v1.35.2 shows them: `kubectl get events`,
 * `kubectl events --for`, the Events section of `kubectl describe`
 * (pkg/describe/describe.go DescribeEvents) and the Lease section of
 * `kubectl describe node`. The events are those the real components write
 * (deployment and replicaset controllers, scheduler, kubelet, node controller).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject, Pod } from '../sim/types';
import { Kubectl, lines, table, waitUntil } from './harness';
import { scenario } from './scenarios';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`;

const renewTime = (k: Kubectl, node: string): string => ((k.sim.cluster.store.get('coordination.k8s.io/leases', 'kube-node-lease', node)?.spec ?? {}) as { renewTime?: string }).renewTime ?? '';

describe('kubectl sees events and node leases', () => {
  let k: Kubectl;
  let pod: Pod;
  before(async () => {
    k = await Kubectl.start(scenario('events', DEPLOYMENT).replace('podStartSeconds: 1\n', 'podStartSeconds: 1\n  nodeLeaseRenewSeconds: 1\n'));
    await waitUntil('2 web pods running', () => (k.sim.cluster.store.all('/pods', 'default') as Pod[]).filter((p) => p.status?.phase === 'Running').length === 2);
    pod = (k.sim.cluster.store.all('/pods', 'default') as Pod[])[0]!;
    await waitUntil('Started events', () => (k.sim.cluster.store.all('/events', 'default') as KubeObject[]).filter((e) => e.reason === 'Started').length === 2);
  });
  after(() => k.stop());

  it('get events lists what the controllers, the scheduler and the kubelet did', async () => {
    const r = await k.run(['get', 'events', '-n', 'default', '--sort-by=.metadata.name']);
    assert.equal(r.code, 0, r.stderr);
    const rows = table(r.stdout, ['LAST SEEN']);
    assert.deepEqual(rows[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    const name = pod.metadata.name!;
    const rs = pod.metadata.ownerReferences![0]!.name;
    const mine = rows.slice(1).map((row) => row.slice(1).join(' | '));
    for (const expected of [
      `Normal | ScalingReplicaSet | deployment/web | Scaled up replica set ${rs} from 0 to 2`,
      `Normal | SuccessfulCreate | replicaset/${rs} | Created pod: ${name}`,
      `Normal | Scheduled | pod/${name} | Successfully assigned default/${name} to ${pod.spec.nodeName}`,
      `Normal | Pulled | pod/${name} | Container image "nginx:1.27" already present on machine`,
      `Normal | Created | pod/${name} | Created container: app`,
      `Normal | Started | pod/${name} | Started container app`,
    ]) {
      assert.ok(mine.includes(expected), `${expected}\nin\n${mine.join('\n')}`);
    }
  });

  it('kubectl events --for a pod, and describe pod ends with its events', async () => {
    const name = pod.metadata.name!;
    const ev = await k.run(['events', '-n', 'default', '--for', `pod/${name}`]);
    assert.equal(ev.code, 0, ev.stderr);
    assert.deepEqual(table(ev.stdout, ['LAST SEEN']).map((r) => r[2]), ['REASON', 'Scheduled', 'Pulled', 'Created', 'Started']);
    const d = await k.run(['describe', 'pod', name, '-n', 'default']);
    const events = d.stdout.slice(d.stdout.indexOf('\nEvents:'));
    assert.match(events, new RegExp(`Normal  Scheduled  \\S+\\s+default-scheduler  Successfully assigned default/${name} to ${pod.spec.nodeName}`));
    assert.match(events, /Normal {2}Started\s+\S+\s+kubelet\s+spec\.containers\{app\}: Started container app/);
  });

  it('describe node shows its lease, renewed while Ready and stale once NotReady', async () => {
    const node = pod.spec.nodeName!;
    const leases = await k.run(['get', 'leases', '-n', 'kube-node-lease', '-o', 'name']);
    assert.deepEqual(lines(leases.stdout), ['lease.coordination.k8s.io/cp-1', 'lease.coordination.k8s.io/worker-1', 'lease.coordination.k8s.io/worker-2', 'lease.coordination.k8s.io/worker-3']);
    const d = await k.run(['describe', 'node', node]);
    assert.match(d.stdout, new RegExp(`\\nLease:\\n  HolderIdentity:  ${node}\\n  AcquireTime:     <unset>\\n  RenewTime:       \\S+`));
    assert.ok(!d.stdout.includes('Failed to get lease'));
    const first = renewTime(k, node);
    await waitUntil('lease renewed', () => renewTime(k, node) !== first, 5000);
    await k.sim.admin.setNodeReady(node, false);
    await new Promise((r) => setTimeout(r, 50));
    const stale = renewTime(k, node);
    const other = node === 'worker-1' ? 'worker-2' : 'worker-1';
    const otherBefore = renewTime(k, other);
    await waitUntil('another node renewed', () => renewTime(k, other) !== otherBefore, 5000);
    assert.equal(renewTime(k, node), stale, 'a NotReady node does not renew its lease');
    const after = await k.run(['describe', 'node', node]);
    assert.match(after.stdout, /Normal\s+NodeNotReady\s+\S+\s+node-controller\s+Node \S+ status is now: NodeNotReady/);
    await k.sim.admin.setNodeReady(node, true);
  });

  it('a cordon and a drain leave NodeNotSchedulable and Killing events', async () => {
    const node = pod.spec.nodeName!;
    const drain = await k.run(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force']);
    assert.equal(drain.code, 0, drain.stderr);
    await waitUntil('Killing event', () => (k.sim.cluster.store.all('/events', 'default') as KubeObject[]).some((e) => e.reason === 'Killing' && (e.involvedObject as { name: string }).name === pod.metadata.name));
    const r = await k.run(['get', 'events', '-A', '--field-selector', `involvedObject.name=${node}`]);
    assert.ok(table(r.stdout, ['LAST SEEN']).some((row) => row.slice(3).join(' | ') === `NodeNotSchedulable | node/${node} | Node ${node} status is now: NodeNotSchedulable`), r.stdout);
    const killing = await k.run(['get', 'events', '-n', 'default', '--field-selector', `reason=Killing,involvedObject.name=${pod.metadata.name}`, '-o', 'jsonpath={.items[0].message}']);
    assert.equal(killing.stdout, 'Stopping container app');
  });
});
