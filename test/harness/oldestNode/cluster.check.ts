// Run by ./run.ts under the Node.js of the oldest supported VS Code (not part of test:unit): the
// bundled Kubernetes client (dist/kube.js, as the extension loads it) lists, watches, runs an exec
// credential plugin and verifies TLS against the simulator, with no polyfills.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeModule } from '../../../src/cluster/loader';
import type { ApiNode } from '../../../src/core/cluster/apiTypes';
import { loadKubeconfig, type MergedKubeconfig } from '../../../src/core/kubeconfig';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { generateCertificates } from '../../sim/certs';
import { writeKubeconfig } from '../../sim/kubeconfig';
import { repoRoot } from '../paths';

const scenario = (name: string): string => `apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: {name: ${name}}
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

async function merged(file: string): Promise<MergedKubeconfig> {
  const load = await loadKubeconfig({ origin: 'setting', files: [file] }, async (p) => fs.readFileSync(p, 'utf8'));
  assert.equal(load.state, 'ok');
  if (load.state !== 'ok') throw new Error('unreachable');
  return load.config;
}

describe(`the bundled Kubernetes client on Node.js ${process.version}`, () => {
  let kube: KubeModule;
  let sim: RunningSimulator;
  let config: MergedKubeconfig;
  const options = { allowExec: true, timeoutMs: 15_000 };

  before(async () => {
    const bundle = path.join(repoRoot, 'dist', 'kube.js');
    kube = createRequire(__filename)(bundle) as KubeModule;
    sim = await startSimulator({ scenario: scenario('oldest-node') });
    config = await merged(sim.kubeconfigPath);
  });
  after(() => sim?.stop());

  it('runs on the Node.js it was started for', () => {
    const expected = process.env['KM_EXPECT_NODE'];
    assert.ok(expected, 'KM_EXPECT_NODE is set by run.ts');
    assert.equal(process.version, `v${expected}`);
  });

  it('lists nodes over TLS with a bearer token and reads the server version', async () => {
    const session = kube.createSession(config, 'oldest-node', options);
    const nodes = await session.list<ApiNode>('/api/v1/nodes');
    assert.deepEqual(nodes.items.map((n) => [n.metadata?.name, n.status?.nodeInfo?.kubeletVersion]), [['alpha', 'v1.33.4'], ['beta', 'v1.32.5']]);
    assert.match(nodes.resourceVersion, /^\d+$/);
    assert.equal((await session.version()).gitVersion, 'v1.33.4');
  });

  it('lists nodes with an exec credential plugin, itself run by this Node.js', async () => {
    const session = kube.createSession(config, 'oldest-node-exec', options);
    const nodes = await session.list<ApiNode>('/api/v1/nodes');
    assert.equal(nodes.items.length, 2);
  });

  it('watches nodes and sees a cordon', async () => {
    const session = kube.createSession(config, 'oldest-node', options);
    const list = await session.list<ApiNode>('/api/v1/nodes');
    let resolveSeen!: (name: string) => void;
    const seen = new Promise<string>((resolve) => (resolveSeen = resolve));
    const handle = await session.watch<ApiNode>('/api/v1/nodes', list.resourceVersion, {
      onEvent(type, node) {
        if (type === 'MODIFIED' && (node as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true) resolveSeen(node.metadata?.name ?? '');
      },
      onClose() {},
    });
    try {
      await session.patch('/api/v1/nodes/beta', { spec: { unschedulable: true } }, 'application/strategic-merge-patch+json');
      assert.equal(await seen, 'beta');
    } finally {
      handle.stop();
    }
  });

  it('refuses a server whose certificate is not signed by the kubeconfig CA', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'km-oldest-node-')), 'kubeconfig');
    writeKubeconfig(file, [{ ...sim.kubeconfigEntry('wrong-ca', file), caPem: generateCertificates('unrelated').ca.cert }]);
    const session = kube.createSession(await merged(file), 'wrong-ca', options);
    await assert.rejects(session.list('/api/v1/nodes'), (e: unknown) => {
      assert.equal((e as { info?: { kind?: string } }).info?.kind, 'tls', String(e));
      return true;
    });
  });
});
