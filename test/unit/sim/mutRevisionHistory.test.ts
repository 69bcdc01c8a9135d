/**
 * ControllerRevisions and pod templates as the DaemonSet and StatefulSet
 * controllers keep them, against kubernetes/kubernetes pkg/controller/history
 * (controller_history.go NewControllerRevision, HashControllerRevision),
 * pkg/controller/daemon/update.go (constructHistory, dedupCurHistories,
 * cleanupHistory), pkg/controller/statefulset/stateful_set_control.go
 * (truncateHistory) and stateful_set_utils.go (newRevision: a strategic merge
 * patch with $patch: replace), plus pkg/controller/controller_utils.go
 * (GetPodFromTemplate) and deployment/util EqualIgnoreHash.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import type { SimCluster } from '../../sim/cluster';
import { canonicalJson, cachedCanonical, createPodFor, equalIgnoreHash, ownerReference, templateHash, withoutHashLabel, writeStatus } from '../../sim/controllers/podTemplates';
import { ensureRevision, ownedRevisions, toRevision, truncateHistory, type ControllerRevision } from '../../sim/controllers/revisions';
import { parseScenario } from '../../sim/scenario';
import { clone, type KubeObject, type Pod, type PodTemplateSpec, type Workload } from '../../sim/types';

const HEADER = 'apiVersion: simulator.kubernetes-maintenance.io/v1\nkind: SimulatedCluster\nmetadata: {name: unit}\nspec:\n  kubernetesVersion: v1.33.4\n  timeScale: 0.01\n---\n';
const clusters: SimCluster[] = [];

const daemonSet = (name: string, extra = ''): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: default}
spec:
${extra}  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: node}}
    spec: {containers: [{name: agent, image: "agent:1"}]}
`;

function load(yaml: string): SimCluster {
  const cluster = buildCluster(parseScenario(HEADER + yaml), true);
  clusters.push(cluster);
  return cluster;
}

const get = (c: SimCluster, resource: string, name: string): Workload => c.store.get(resource, 'default', name) as Workload;
const dsHash = (hash: string): Record<string, string> => ({ 'controller-revision-hash': hash });
const withImage = (w: Workload, image: string): Workload => {
  const next = clone(w);
  next.spec.template.spec.containers[0]!.image = image;
  return next;
};
const revisionsOf = (c: SimCluster): ControllerRevision[] => c.store.all('apps/controllerrevisions', 'default') as ControllerRevision[];

describe('ControllerRevisions', () => {
  after(() => clusters.forEach((c) => c.stop()));

  it('[controller_history.go NewControllerRevision] the first revision: name, labels, owner, replace patch, number 1', () => {
    const c = load(daemonSet('agent'));
    const ds = get(c, 'apps/daemonsets', 'agent');
    const rev = ensureRevision(c, ds, dsHash);
    const hash = templateHash(ds.spec.template);
    assert.deepEqual(rev, { name: `agent-${hash}`, hash, revision: 1, template: ds.spec.template });
    const [cr, ...more] = revisionsOf(c);
    assert.equal(more.length, 0);
    assert.equal(cr!.apiVersion, 'apps/v1');
    assert.equal(cr!.kind, 'ControllerRevision');
    assert.equal(cr!.metadata.name, `agent-${hash}`);
    assert.equal(cr!.revision, 1);
    assert.deepEqual(cr!.metadata.labels, { app: 'agent', tier: 'node', 'controller-revision-hash': hash });
    assert.deepEqual(cr!.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(cr!.data, { spec: { template: { ...ds.spec.template, $patch: 'replace' } } });
  });

  it('[update.go constructHistory] the same template again reuses the revision; an equivalent one (key order, empty fields) too', () => {
    const c = load(daemonSet('agent'));
    const ds = get(c, 'apps/daemonsets', 'agent');
    const first = ensureRevision(c, ds, dsHash);
    const rv = c.store.currentRv();
    assert.deepEqual(ensureRevision(c, ds, dsHash), first);
    const reordered = clone(ds);
    const t = reordered.spec.template as PodTemplateSpec & { metadata: { annotations?: Record<string, string> } };
    t.metadata.labels = { tier: 'node', app: 'agent' };
    t.metadata.annotations = {};
    (t.spec as unknown as Record<string, unknown>).nodeSelector = null;
    assert.deepEqual(ensureRevision(c, reordered, dsHash), first);
    assert.equal(c.store.currentRv(), rv, 'nothing was written');
    assert.equal(revisionsOf(c).length, 1);
  });

  it('[update.go dedupCurHistories] new templates get the next numbers; returning to an old one renumbers it, keeping its name', () => {
    const c = load(daemonSet('agent'));
    const ds = get(c, 'apps/daemonsets', 'agent');
    const r1 = ensureRevision(c, ds, dsHash);
    const r2 = ensureRevision(c, withImage(ds, 'agent:2'), dsHash);
    assert.equal(r2.revision, 2);
    assert.notEqual(r2.name, r1.name);
    assert.equal(r2.name, `agent-${r2.hash}`);
    assert.equal(r2.template.spec.containers[0]!.image, 'agent:2');
    const r3 = ensureRevision(c, withImage(ds, 'agent:3'), dsHash);
    assert.equal(r3.revision, 3);
    const back = ensureRevision(c, ds, dsHash);
    assert.deepEqual(back, { ...r1, revision: 4 });
    assert.deepEqual(ownedRevisions(c, ds).map((cr) => [cr.metadata.name, cr.revision]), [
      [r2.name, 2],
      [r3.name, 3],
      [r1.name, 4],
    ]);
    // The newest revision again: nothing changes.
    assert.equal(ensureRevision(c, ds, dsHash).revision, 4);
    assert.equal(revisionsOf(c).length, 3);
  });

  it('[stateful_set_utils.go newRevision] the hash label is the one the controller asks for', () => {
    const c = load(daemonSet('agent'));
    const ds = get(c, 'apps/daemonsets', 'agent');
    const rev = ensureRevision(c, ds, (hash) => ({ 'controller.kubernetes.io/hash': hash }));
    const cr = revisionsOf(c)[0]!;
    const hash = templateHash(ds.spec.template);
    assert.deepEqual(cr.metadata.labels, { app: 'agent', tier: 'node', 'controller.kubernetes.io/hash': hash });
    assert.equal(rev.name, `agent-${hash}`);
    // Its pods are told apart by the revision name; the DaemonSet hash label is absent.
    assert.equal(rev.hash, '');
    assert.deepEqual(toRevision(cr), rev);
  });

  it('[controller_history.go ListControllerRevisions] only revisions controlled by the owner count', () => {
    const c = load([daemonSet('agent'), daemonSet('other')].join('---\n'));
    const agent = get(c, 'apps/daemonsets', 'agent');
    const other = get(c, 'apps/daemonsets', 'other');
    ensureRevision(c, agent, dsHash);
    ensureRevision(c, other, dsHash);
    ensureRevision(c, withImage(other, 'agent:2'), dsHash);
    assert.equal(ownedRevisions(c, agent).length, 1);
    assert.deepEqual(ownedRevisions(c, other).map((cr) => cr.revision), [1, 2]);
    // A revision the owner only references (not as controller) is not its own.
    const cr = clone(ownedRevisions(c, agent)[0]!);
    cr.metadata.ownerReferences = [{ ...cr.metadata.ownerReferences![0]!, controller: false }];
    c.put('apps/controllerrevisions', cr);
    assert.equal(ownedRevisions(c, agent).length, 0);
    // And its next revision numbering starts again.
    assert.equal(ensureRevision(c, withImage(agent, 'agent:9'), dsHash).revision, 1);
  });

  it('[stateful_set_control.go truncateHistory] beyond revisionHistoryLimit the oldest revisions no pod uses go', () => {
    const c = load(daemonSet('agent', '  revisionHistoryLimit: 2\n'));
    const ds = get(c, 'apps/daemonsets', 'agent');
    const revs = [1, 2, 3, 4, 5, 6].map((i) => ensureRevision(c, withImage(ds, `agent:${i}`), dsHash));
    // Live: revision 1 by name, revision 2 by hash, 6 is current.
    truncateHistory(c, ds, new Set([revs[0]!.name, revs[1]!.hash, revs[5]!.name]));
    assert.deepEqual(ownedRevisions(c, ds).map((cr) => cr.revision), [1, 2, 4, 5, 6]);
    truncateHistory(c, ds, new Set([revs[5]!.name]));
    assert.deepEqual(ownedRevisions(c, ds).map((cr) => cr.revision), [4, 5, 6]);
  });

  it('[apps/v1 defaults] the default limit keeps 10 unused revisions; 0 keeps none', () => {
    const c = load([daemonSet('agent'), daemonSet('bare', '  revisionHistoryLimit: 0\n')].join('---\n'));
    const ds = get(c, 'apps/daemonsets', 'agent');
    assert.equal(ds.spec.revisionHistoryLimit, 10);
    const revs = Array.from({ length: 12 }, (_, i) => ensureRevision(c, withImage(ds, `agent:${i}`), dsHash));
    truncateHistory(c, ds, new Set([revs[11]!.name]));
    assert.deepEqual(ownedRevisions(c, ds).map((cr) => cr.revision), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const bare = get(c, 'apps/daemonsets', 'bare');
    const b = [1, 2, 3].map((i) => ensureRevision(c, withImage(bare, `agent:${i}`), dsHash));
    truncateHistory(c, bare, new Set([b[2]!.hash]));
    assert.deepEqual(ownedRevisions(c, bare).map((cr) => cr.revision), [3]);
    // Without the field at all (a stored object from elsewhere), 10 applies as well.
    const noField = clone(bare);
    delete noField.spec.revisionHistoryLimit;
    ensureRevision(c, withImage(bare, 'agent:4'), dsHash);
    truncateHistory(c, noField, new Set());
    assert.equal(ownedRevisions(c, bare).length, 2);
  });
});

describe('pod templates', () => {
  after(() => clusters.forEach((c) => c.stop()));

  it('canonicalJson sorts keys and drops nulls, empty objects and empty arrays, keeping false, 0 and ""', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [], c: null, e: {} }, f: [{ z: 1, y: null }, {}, 3], g: false, h: 0, i: '' }), '{"b":1,"f":[{"z":1},3],"g":false,"h":0,"i":""}');
    assert.equal(canonicalJson({ z: { y: 2, x: 1 }, a: [2, 1] }), '{"a":[2,1],"z":{"x":1,"y":2}}');
    assert.equal(canonicalJson({ a: { b: { c: {} } } }), '{}');
    assert.equal(canonicalJson(null), '{}');
    assert.equal(canonicalJson([]), '{}');
    assert.equal(canonicalJson('x'), '"x"');
    assert.equal(canonicalJson([null, [], 1]), '[1]');
    const t = { metadata: { labels: { b: '2', a: '1' } }, spec: { containers: [] } } as unknown as PodTemplateSpec;
    assert.equal(cachedCanonical(t), '{"metadata":{"labels":{"a":"1","b":"2"}}}');
    assert.equal(cachedCanonical(t), canonicalJson(t));
  });

  it('[deployment_util.go EqualIgnoreHash] templates differing only in pod-template-hash are equal', () => {
    const base = { metadata: { labels: { app: 'web', 'pod-template-hash': 'aaa' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } as unknown as PodTemplateSpec;
    const other = clone(base);
    other.metadata!.labels!['pod-template-hash'] = 'bbb';
    assert.equal(equalIgnoreHash(base, other), true);
    const without = clone(base);
    delete without.metadata!.labels!['pod-template-hash'];
    assert.equal(equalIgnoreHash(base, without), true);
    const relabelled = clone(base);
    relabelled.metadata!.labels!.app = 'api';
    assert.equal(equalIgnoreHash(base, relabelled), false);
    const newImage = clone(base);
    newImage.spec.containers[0]!.image = 'web:2';
    assert.equal(equalIgnoreHash(base, newImage), false);
    // withoutHashLabel copies: the input keeps its label.
    const stripped = withoutHashLabel(base, 'pod-template-hash');
    assert.deepEqual(stripped.metadata?.labels, { app: 'web' });
    assert.equal(base.metadata!.labels!['pod-template-hash'], 'aaa');
    assert.deepEqual(withoutHashLabel({ spec: { containers: [] } } as unknown as PodTemplateSpec, 'x'), { spec: { containers: [] } });
  });

  it('templateHash: 10 characters of the name-suffix alphabet, stable, key-order blind and distinct for different templates', () => {
    const make = (i: number): PodTemplateSpec => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: `web:${i}` }] } }) as unknown as PodTemplateSpec;
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const h = templateHash(make(i));
      assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
      seen.add(h);
    }
    assert.equal(seen.size, 300);
    // The leading positions take many values.
    const hashes = [...seen];
    for (let pos = 0; pos < 6; pos++) assert.ok(new Set(hashes.map((h) => h[pos])).size > 10, `position ${pos} varies`);
    assert.equal(templateHash(make(1)), templateHash(make(1)));
    assert.equal(templateHash({ a: 1, b: { c: 2 } }), templateHash({ b: { c: 2 }, a: 1 }));
    assert.equal(templateHash({ a: 1, b: {} }), templateHash({ a: 1 }));
    assert.notEqual(templateHash({ a: 1 }), templateHash({ a: 2 }));
    assert.notEqual(templateHash({ ab: 1 }), templateHash({ ba: 1 }));
  });

  it('[controller_utils.go GetPodFromTemplate] a pod from a template: labels, annotations, owner, node and the caller’s changes', () => {
    const c = load(`apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {note: kept}}
    spec: {containers: [{name: web, image: "web:1"}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: bare, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: bare}}
  template:
    metadata: {labels: {app: bare}, annotations: {}}
    spec: {containers: [{name: web, image: "web:1"}]}
`);
    const rs = get(c, 'apps/replicasets', 'web');
    createPodFor(c, rs, { name: 'web-1', labels: { extra: 'yes', app: 'override' }, nodeName: 'n1', mutate: (p) => (p.spec.hostname = 'host-1') });
    const pod = c.store.get('/pods', 'default', 'web-1') as Pod;
    assert.equal(pod.metadata.namespace, 'default');
    assert.deepEqual(pod.metadata.labels, { app: 'override', extra: 'yes' });
    assert.deepEqual(pod.metadata.annotations, { note: 'kept' });
    assert.deepEqual(pod.metadata.ownerReferences, [ownerReference(rs)]);
    assert.deepEqual(ownerReference(rs), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true });
    assert.equal(pod.spec.nodeName, 'n1');
    assert.equal(pod.spec.hostname, 'host-1');
    assert.equal(pod.spec.containers[0]!.image, 'web:1');
    // The owner's template is not touched by the pod's changes.
    assert.equal((get(c, 'apps/replicasets', 'web').spec.template.spec as { hostname?: string }).hostname, undefined);
    createPodFor(c, get(c, 'apps/replicasets', 'bare'), { name: 'bare-1' });
    const bare = c.store.get('/pods', 'default', 'bare-1') as Pod;
    assert.equal(bare.metadata.annotations, undefined, 'no empty annotations map');
    assert.deepEqual(bare.metadata.labels, { app: 'bare' });
    assert.equal(bare.spec.nodeName, undefined);
  });

  it('writeStatus writes only a changed status', () => {
    const c = load(daemonSet('agent'));
    const ds = get(c, 'apps/daemonsets', 'agent');
    writeStatus(c, 'apps/daemonsets', ds, { numberReady: 1 });
    const written = get(c, 'apps/daemonsets', 'agent');
    assert.deepEqual(written.status, { numberReady: 1 });
    const rv = c.store.currentRv();
    writeStatus(c, 'apps/daemonsets', written, { numberReady: 1 });
    assert.equal(c.store.currentRv(), rv);
    assert.equal(get(c, 'apps/daemonsets', 'agent').metadata.resourceVersion, written.metadata.resourceVersion);
    writeStatus(c, 'apps/daemonsets', written as KubeObject, { numberReady: 2 });
    assert.deepEqual(get(c, 'apps/daemonsets', 'agent').status, { numberReady: 2 });
  });
});
