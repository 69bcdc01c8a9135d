/**
 * A custom resource with a scale subresource, as kubectl v1.35 sees it: discovery lists
 * `<plural>/scale`, `kubectl scale` changes spec.replicas through it, and a budget over the pods it
 * controls expects its replicas (disruption.go getScaleController).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kubectl, lines, waitUntil } from './harness';
import { POOL_CRD as CRD, scenario } from './scenarios';
import type { PodDisruptionBudget } from '../sim/types';

const POOL = 'apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p, namespace: default}\nspec: {replicas: 3}\n';
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p-0
  namespace: default
  labels: {app: pool}
  ownerReferences: [{apiVersion: example.com/v1, kind: Pool, name: p, controller: true}]
spec: {nodeName: worker-1, containers: [{name: c, image: nginx}]}
`;
const BUDGET = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pool, namespace: default}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: pool}}\n';

describe('kubectl and a custom resource with a scale subresource', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(scenario('custom-scale', [CRD, POOL, POD, BUDGET].join('---\n')));
  });
  after(() => k.stop());

  it('discovery lists pools/scale (apiextensions-apiserver serves it for the CRD)', async () => {
    const r = await k.run(['get', '--raw', '/apis/example.com/v1']);
    assert.equal(r.code, 0, r.stderr);
    const names = (JSON.parse(r.stdout) as { resources: { name: string }[] }).resources.map((x) => x.name).sort();
    assert.deepEqual(names, ['pools', 'pools/scale']);
  });

  it("the budget over the pool's pods expects the pool's replicas", async () => {
    await waitUntil('the budget counts the pool', () => {
      const pdb = k.sim.cluster.store.get('policy/poddisruptionbudgets', 'default', 'pool') as PodDisruptionBudget | undefined;
      return pdb?.status?.expectedPods === 3;
    });
    const r = await k.run(['get', 'pdb', 'pool', '-n', 'default', '-o', 'jsonpath={.status.expectedPods} {.status.desiredHealthy}']);
    assert.equal(r.stdout, '3 2');
  });

  it('kubectl scale sets spec.replicas through the subresource', async () => {
    const r = await k.run(['scale', 'pool', 'p', '--replicas=5', '-n', 'default']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ['pool.example.com/p scaled']);
    const replicas = await k.run(['get', 'pool', 'p', '-n', 'default', '-o', 'jsonpath={.spec.replicas}']);
    assert.equal(replicas.stdout, '5');
  });
});
