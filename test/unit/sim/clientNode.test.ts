import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as K8s from '@kubernetes/client-node';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { installUndiciCompat } from './undiciCompat';

const scenario = `apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: {name: client-node}
spec: {kubernetesVersion: v1.33.4, timeScale: 0.01}
---
apiVersion: v1
kind: Node
metadata: {name: alpha}
---
apiVersion: v1
kind: Node
metadata: {name: beta}
status: {nodeInfo: {kubeletVersion: v1.32.5}}
`;

describe('@kubernetes/client-node against the simulator', () => {
  let sim: RunningSimulator;
  let k8s: typeof K8s;
  before(async () => {
    installUndiciCompat();
    k8s = await import('@kubernetes/client-node');
    sim = await startSimulator({ scenario });
  });
  after(() => sim.stop());

  for (const context of ['client-node', 'client-node-exec']) {
    it(`lists nodes with the written kubeconfig (context ${context})`, async () => {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(sim.kubeconfigPath);
      kc.setCurrentContext(context);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const list = await core.listNode();
      assert.deepEqual(list.items.map((n) => [n.metadata?.name, n.status?.nodeInfo?.kubeletVersion]), [['alpha', 'v1.33.4'], ['beta', 'v1.32.5']]);
      const version = await kc.makeApiClient(k8s.VersionApi).getCode();
      assert.equal(version.gitVersion, 'v1.33.4');
    });
  }

  it('watches nodes and sees a cordon', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNode();
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    let resolveSeen!: () => void;
    const cordonSeen = new Promise<void>((resolve) => (resolveSeen = resolve));
    const request = await watch.watch(
      '/api/v1/nodes',
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj: K8s.V1Node) => {
        seen.push(`${type} ${obj.metadata?.name} ${obj.spec?.unschedulable === true}`);
        if (obj.spec?.unschedulable) resolveSeen();
      },
      () => undefined,
    );
    await core.patchNode({ name: 'beta', body: { spec: { unschedulable: true } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
    await cordonSeen;
    request.abort();
    assert.deepEqual(seen, ['MODIFIED beta true']);
  });
});
