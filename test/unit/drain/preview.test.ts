import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ApiNode, ApiPod } from '../../../src/core/cluster/apiTypes';
import { decidePods, KUBECTL_DEFAULTS } from '../../../src/core/drain/filters';
import { buildPreview, explainPdb, parseQuantity, placement, previewLines, selects, type ApiPdb } from '../../../src/core/drain/preview';
import { pod } from './fakeApi';

const ready = (p: ApiPod, ok = true): ApiPod => ({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: ok ? 'True' : 'False' }] } });
const node = (name: string, o: { cpu?: string; memory?: string; pods?: string; unschedulable?: boolean; taints?: { key: string; effect: string }[]; labels?: Record<string, string> } = {}): ApiNode => ({
  metadata: { name, labels: o.labels ?? {} },
  spec: { ...(o.unschedulable ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
  status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' } },
});
const withRequests = (p: ApiPod, cpu: string, memory: string): ApiPod => ({ ...p, spec: { ...p.spec, containers: [{ name: 'c', resources: { requests: { cpu, memory } } }] } });

describe('drain preview: budgets', () => {
  const web = [ready(pod('web-1', { labels: { app: 'web' } })), ready(pod('web-2', { labels: { app: 'web' } }), false)];
  it('explains a budget that allows 0 because a pod is not ready', () => {
    const b = explainPdb({ metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 1 }, status: { disruptionsAllowed: 0, expectedPods: 2, currentHealthy: 1, desiredHealthy: 1 } }, web, ['default/web-1']);
    assert.equal(b.effect, 'waits');
    assert.equal(b.why, 'minAvailable 1 of 2 and web-2 is not ready: allows 0 disruptions now for 1 pod to evict; evictions wait until replacements are ready');
  });
  it('calls "minAvailable 2 of 2" and "maxUnavailable 0" budgets that never allow an eviction', () => {
    assert.equal(explainPdb({ metadata: { name: 'all' }, spec: { minAvailable: 2 }, status: { disruptionsAllowed: 0, expectedPods: 2 } }, web, ['default/web-1']).effect, 'blocks');
    assert.match(explainPdb({ metadata: { name: 'z' }, spec: { maxUnavailable: 0 }, status: { disruptionsAllowed: 0, expectedPods: 2 } }, web, ['default/web-1']).why, /^maxUnavailable 0: this budget never allows an eviction and web-2 is not ready/);
  });
  it('rounds percentages of minAvailable up, as the disruption controller does', () => {
    const three = [1, 2, 3].map((i) => ready(pod(`p${i}`, { labels: { app: 'p' } })));
    assert.match(explainPdb({ metadata: { name: 'h' }, spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1, expectedPods: 3 } }, three, ['default/p1']).why, /^minAvailable 50% \(2\) of 3/);
  });
  it('selects by matchLabels and expressions; an empty selector selects every pod of the namespace', () => {
    assert.equal(selects({ matchLabels: { app: 'web' } }, { app: 'web' }), true);
    assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, { tier: 'web' }), false);
    assert.equal(selects({}, { any: 'x' }), true);
    assert.equal(selects(undefined, { any: 'x' }), false);
  });
});

describe('drain preview: room elsewhere', () => {
  it('reads quantities', () => {
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('2Gi'), 2 * 2 ** 30);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('lots'), undefined);
  });
  it('finds no room when the other nodes are full, cordoned or tainted, and says why for each', () => {
    const big = withRequests(pod('big', { node: 'n1', owner: 'ReplicaSet/b' }), '3', '1Gi');
    const busy = withRequests(pod('busy', { node: 'n2', owner: 'ReplicaSet/x' }), '2', '1Gi');
    const r = placement('n1', [big], [node('n1'), node('n2'), node('n3', { unschedulable: true }), node('n4', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })], [big, busy]);
    assert.equal(r.unplaceable.length, 1);
    assert.match(r.unplaceable[0]?.why ?? '', /requests 3 CPU, 1Gi\): n2: 2 CPU free; n4: taint gpu:NoSchedule/);
  });
  it('places pods first-fit, largest first, using up the room as it goes', () => {
    const a = withRequests(pod('a', { node: 'n1', owner: 'ReplicaSet/r' }), '2', '1Gi');
    const b = withRequests(pod('b', { node: 'n1', owner: 'ReplicaSet/r' }), '2', '1Gi');
    const c = withRequests(pod('c', { node: 'n1', owner: 'ReplicaSet/r' }), '2', '1Gi');
    const r = placement('n1', [a, b, c], [node('n1'), node('n2', { cpu: '4' })], [a, b, c]);
    assert.deepEqual(r.unplaceable.map((u) => u.pod), ['default/c']);
  });
});

describe('drain preview: the whole picture', () => {
  it('lists evicted, staying and blocking pods with the option that would allow each, and whether it can finish', () => {
    const pods = [pod('web-1', { owner: 'ReplicaSet/web', labels: { app: 'web' } }), pod('agent', { owner: 'DaemonSet/agent' }), pod('naked')];
    const decisions = decidePods({ pods, options: { ...KUBECTL_DEFAULTS, ignoreDaemonSets: true }, daemonSets: new Map([['default/agent', 'found']]), nowMs: 0 });
    const pdbs: ApiPdb[] = [{ metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 0, expectedPods: 1 } }];
    const p = buildPreview({ node: 'n1', decisions, options: { ...KUBECTL_DEFAULTS, ignoreDaemonSets: true }, pdbs, podsForPdbs: pods, nodes: [node('n1'), node('n2')], allPods: pods });
    assert.equal(p.canFinish, false);
    const text = previewLines(p).join('\n');
    assert.match(text, /Evicted \(1\):\n {2}default\/web-1 \(ReplicaSet\/web\)/);
    assert.match(text, /Stay on the node \(1\):\n {2}default\/agent — DaemonSet pod/);
    assert.match(text, /Block the drain \(1\):\n {2}default\/naked — has no controller: nothing would create it again \(allowed by --force\)/);
    assert.match(text, /default\/web \[blocks\] — minAvailable 1 of 1: this budget never allows an eviction/);
  });
});
