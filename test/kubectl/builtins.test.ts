/**
 * The objects every cluster has before anyone deploys anything, as kubectl
 * v1.35.2 lists them: the system PriorityClasses, a "default" ServiceAccount and
 * the kube-root-ca.crt ConfigMap in each namespace (kube-controller-manager's
 * serviceaccount and root-ca-cert-publisher controllers), put back when deleted
 * and added to new namespaces.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kubectl, lines, waitUntil } from './harness';
import { scenario } from './scenarios';

describe('kubectl sees the built-in objects', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(scenario('builtins', ''));
    await waitUntil('defaults in kube-system', () => k.sim.cluster.store.get('/configmaps', 'kube-system', 'kube-root-ca.crt') !== undefined);
  });
  after(() => k.stop());

  it('get priorityclasses shows the two system classes', async () => {
    const r = await k.run(['get', 'priorityclasses', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,VALUE:.value,DEFAULT:.globalDefault,POLICY:.preemptionPolicy']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout).map((l) => l.split(/\s+/).join(' ')), ['system-cluster-critical 2000000000 false PreemptLowerPriority', 'system-node-critical 2000001000 false PreemptLowerPriority']);
  });

  it('every namespace has a default ServiceAccount and the cluster CA in kube-root-ca.crt', async () => {
    const sa = await k.run(['get', 'serviceaccounts', '-A', '--no-headers', '-o', 'custom-columns=NS:.metadata.namespace,NAME:.metadata.name']);
    assert.deepEqual(lines(sa.stdout).map((l) => l.split(/\s+/).join(' ')), ['default default', 'kube-node-lease default', 'kube-public default', 'kube-system default']);
    const ca = await k.run(['get', 'configmap', 'kube-root-ca.crt', '-n', 'default', '-o', 'jsonpath={.data.ca\\.crt}']);
    assert.equal(ca.stdout, k.sim.caPem);
  });

  it('a new namespace gets both, and a deleted default ServiceAccount comes back', async () => {
    await k.sim.admin.applyObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    await waitUntil('team-a defaults', () => k.sim.cluster.store.get('/configmaps', 'team-a', 'kube-root-ca.crt') !== undefined);
    const names = await k.run(['get', 'sa,cm', '-n', 'team-a', '-o', 'name']);
    assert.deepEqual(lines(names.stdout), ['serviceaccount/default', 'configmap/kube-root-ca.crt']);
    const uid = k.sim.cluster.store.get('/serviceaccounts', 'team-a', 'default')?.metadata.uid;
    assert.equal((await k.run(['delete', 'serviceaccount', 'default', '-n', 'team-a'])).code, 0);
    await waitUntil('a new default ServiceAccount', () => {
      const now = k.sim.cluster.store.get('/serviceaccounts', 'team-a', 'default');
      return now !== undefined && now.metadata.uid !== uid;
    });
  });
});
