import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildCluster } from '../../sim/bootstrap';
import { startControllers } from '../../sim/controllers';
import { generateScenario } from '../../sim/generate';
import { loadScenarioFile, parseScenario, resolveRelativeTimes, ScenarioError } from '../../sim/scenario';

const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'scenarios');

describe('scenarios', () => {
  it('turns ${now-6h}-style values into timestamps relative to load time, and leaves other strings alone', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    assert.deepEqual(resolveRelativeTimes({ a: '${now-6h}', b: ['${now+2d}', '${now}'], c: 'x ${now-1h}', d: 3 }, now), { a: '2026-12-01T06:00:00Z', b: ['2026-12-03T12:00:00Z', '2026-12-01T12:00:00Z'], c: 'x ${now-1h}', d: 3 });
  });

  it('parses objects and the SimulatedCluster document', () => {
    const s = parseScenario(`apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: {name: demo}
spec:
  kubernetesVersion: v1.32.3
  managed: true
  components: {kube-scheduler: v1.31.9}
  faults: [{match: {verb: list}, error: {code: 500}, count: 1}]
---
apiVersion: v1
kind: Node
metadata: {name: a}
`);
    assert.equal(s.name, 'demo');
    assert.equal(s.cluster.managed, true);
    assert.equal(s.objects.length, 1);
    const c = buildCluster(s);
    assert.equal(c.settings.components['kube-scheduler'], 'v1.31.9');
    assert.equal(c.settings.components['kube-apiserver'], 'v1.32.3');
    assert.ok(c.store.get('/namespaces', undefined, 'kube-system'));
    assert.ok(c.store.get('/services', 'default', 'kubernetes'));
  });

  it('reports what is wrong with a bad scenario', () => {
    assert.throws(() => parseScenario('apiVersion: v1\nkind: Node\nmetadata: {name: a}\n'), (e: unknown) => e instanceof ScenarioError && /no kind: SimulatedCluster/.test(e.message));
    assert.throws(() => parseScenario('kind: SimulatedCluster\napiVersion: x/v1\nmetadata: {name: a}\nspec: {}\n'), /kubernetesVersion is required/);
    assert.throws(() => parseScenario('kind: SimulatedCluster\napiVersion: x/v1\nmetadata: {name: a}\nspec: {kubernetesVersion: banana}\n'), /invalid Kubernetes version/);
    assert.throws(() => parseScenario('kind: SimulatedCluster\napiVersion: x/v1\nmetadata: {name: a}\nspec: {kubernetesVersion: v1.30.0, components: {kubelet: v1.30.0}}\n'), /unknown control-plane component/);
  });

  it('loads the demo scenarios: production skew across three kubelet minors, staging one minor ahead', () => {
    const prod = loadScenarioFile(path.join(fixtures, 'production.yaml'));
    const staging = loadScenarioFile(path.join(fixtures, 'staging.yaml'));
    const minor = (v: string) => Number(v.split('.')[1]);
    assert.equal(minor(staging.cluster.kubernetesVersion), minor(prod.cluster.kubernetesVersion) + 1);
    const kubelets = prod.objects.filter((o) => o.kind === 'Node').map((o) => (o.status as { nodeInfo: { kubeletVersion: string } }).nodeInfo.kubeletVersion);
    const minors = [...new Set(kubelets.map(minor))].sort();
    assert.equal(minors.length, 3);
    assert.ok(minor(prod.cluster.kubernetesVersion) - Math.min(...minors) > 3, 'one kubelet minor is beyond the skew policy');
    const kinds = new Set(prod.objects.map((o) => o.kind));
    for (const k of ['DaemonSet', 'StatefulSet', 'PodDisruptionBudget', 'Deployment', 'CustomResourceDefinition']) assert.ok(kinds.has(k), k);
    assert.ok(prod.objects.some((o) => o.kind === 'Node' && (o.spec as { unschedulable?: boolean } | undefined)?.unschedulable));
    const c = buildCluster(prod, true);
    assert.ok(c.catalog.lookup('cert-manager.io', 'v1', 'certificates'));
  });

  it('generates large scenarios as objects', () => {
    const s = generateScenario({ nodes: 50, pods: 120 });
    assert.equal(s.objects.filter((o) => o.kind === 'Node').length, 50);
    assert.equal(s.objects.filter((o) => o.kind === 'Pod').length, 120);
    const c = buildCluster(s);
    assert.equal(c.store.count('/pods'), 120);
  });

  it('generates Deployments with budgets, and kube-system workloads, already converged', () => {
    const c = buildCluster(generateScenario({ nodes: 30, pods: 100, kubeSystem: true }));
    const kinds = (resource: string, ns?: string) => c.store.all(resource, ns).map((o) => o.metadata.name).sort();
    assert.equal(c.store.count('apps/deployments'), 10 + 2);
    assert.equal(c.store.count('policy/poddisruptionbudgets'), 5 + 1);
    assert.deepEqual(kinds('apps/daemonsets', 'kube-system'), ['calico-node', 'kube-proxy']);
    assert.deepEqual(kinds('apps/deployments', 'kube-system'), ['coredns', 'metrics-server']);
    assert.equal(c.store.count('/pods'), 100 + 2 * 30 + 3);
    const rs = c.store.get('apps/replicasets', 'team-0', 'app-0-5d8f7c9b4')!;
    assert.equal(rs.metadata.ownerReferences?.[0]?.kind, 'Deployment');
    assert.equal(rs.metadata.ownerReferences?.[0]?.uid, c.store.get('apps/deployments', 'team-0', 'app-0')!.metadata.uid);
    // Converged: starting the controllers rewrites no workload, budget or pod of the scenario.
    const rewritten = new Set<string>();
    const stop = c.store.subscribe((e) => {
      if (e.type === 'MODIFIED' && e.object.metadata.namespace !== 'kube-system') rewritten.add(`${e.resource} ${e.object.metadata.name}`);
      if (e.type === 'MODIFIED' && /^(kube-proxy|calico-node|coredns|metrics-server)/.test(e.object.metadata.name ?? '')) rewritten.add(`${e.resource} ${e.object.metadata.name}`);
    });
    const controllers = startControllers(c);
    stop();
    controllers.stop();
    c.stop();
    assert.deepEqual([...rewritten], []);
  });
});
