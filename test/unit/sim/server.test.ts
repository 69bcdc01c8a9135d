import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { encodeEnvelope, encodeField } from '../../sim/protobuf';
import { call, openWatch, type Target } from './http';
import { waitFor } from './helpers';

const scenario = `apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: {name: unit-http}
spec:
  kubernetesVersion: v1.34.2
  timeScale: 0.01
  podStartSeconds: 1
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {pool: a}}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {pool: b}}
---
apiVersion: v1
kind: Node
metadata: {name: n3, labels: {pool: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: p1, labels: {app: x}}
spec: {nodeName: n1, terminationGracePeriodSeconds: 10, containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p2, namespace: other, labels: {app: y}}
spec: {nodeName: n2, containers: [{name: c, image: x}]}
`;

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('HTTP API', () => {
  let sim: RunningSimulator;
  let t: Target;
  before(async () => {
    sim = await startSimulator({ scenario, bookmarkIntervalSeconds: 0.2 });
    t = { url: sim.url, caPem: sim.caPem, token: sim.token };
  });
  after(() => sim.stop());

  it('authenticates bearer tokens: 401 Status without, public /version', async () => {
    const r = await call(t, '/api/v1/nodes', { token: null });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    assert.equal((await call(t, '/api/v1/nodes', { token: 'wrong' })).status, 401);
    const v = await call(t, '/version', { token: null });
    assert.equal(v.status, 200);
    assert.equal(v.json().gitVersion, 'v1.34.2');
    assert.equal(v.json().minor, '34');
  });

  it('serves legacy and aggregated discovery', async () => {
    const apis = (await call(t, '/apis')).json<{ groups: { name: string; preferredVersion: { groupVersion: string } }[] }>();
    assert.ok(apis.groups.some((g) => g.name === 'apps' && g.preferredVersion.groupVersion === 'apps/v1'));
    assert.equal(apis.groups.some((g) => g.name === 'extensions'), false);
    const core = (await call(t, '/api/v1')).json<{ resources: { name: string; group?: string; version?: string; kind: string }[] }>();
    assert.deepEqual(core.resources.find((r) => r.name === 'pods/eviction'), { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    const agg = await call(t, '/apis', { accept: AGGREGATED });
    assert.equal(agg.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const doc = agg.json<{ kind: string; items: { metadata: { name: string }; versions: { version: string; resources: { resource: string }[] }[] }[] }>();
    assert.equal(doc.kind, 'APIGroupDiscoveryList');
    assert.ok(doc.items.find((i) => i.metadata.name === 'apps')?.versions[0]?.resources.some((r) => r.resource === 'deployments'));
    assert.equal((await call(t, '/apis/extensions/v1beta1')).status, 404);
  });

  it('lists with label and field selectors and pages with limit/continue', async () => {
    const names = (r: { items: { metadata: { name: string } }[] }) => r.items.map((i) => i.metadata.name);
    assert.deepEqual(names((await call(t, '/api/v1/nodes?labelSelector=pool%3Db')).json()), ['n2', 'n3']);
    assert.deepEqual(names((await call(t, '/api/v1/nodes?fieldSelector=metadata.name%3Dn3')).json()), ['n3']);
    assert.deepEqual(names((await call(t, '/api/v1/pods?fieldSelector=spec.nodeName%3Dn2')).json()), ['p2']);
    const page1 = (await call(t, '/api/v1/nodes?limit=2')).json<{ kind: string; metadata: { continue: string; remainingItemCount: number; resourceVersion: string }; items: { metadata: { name: string } }[] }>();
    assert.equal(page1.kind, 'NodeList');
    assert.deepEqual(names(page1), ['n1', 'n2']);
    assert.equal(page1.metadata.remainingItemCount, 1);
    const page2 = (await call(t, `/api/v1/nodes?limit=2&continue=${encodeURIComponent(page1.metadata.continue)}`)).json<{ metadata: { continue?: string; resourceVersion: string }; items: { metadata: { name: string } }[] }>();
    assert.deepEqual(names(page2), ['n3']);
    assert.equal(page2.metadata.continue, undefined);
    assert.equal(page2.metadata.resourceVersion, page1.metadata.resourceVersion);
    const bad = await call(t, '/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    assert.equal(bad.status, 400);
    assert.equal(bad.json().message, 'field label not supported: spec.bogus');
  });

  it('returns Tables for kubectl get', async () => {
    const r = (await call(t, '/api/v1/nodes', { accept: TABLE })).json<{ kind: string; apiVersion: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { kind: string; metadata: { name: string } } }[] }>();
    assert.equal(r.kind, 'Table');
    assert.equal(r.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(r.columnDefinitions.slice(0, 5).map((c) => c.name), ['Name', 'Status', 'Roles', 'Age', 'Version']);
    assert.deepEqual(r.rows[0]!.cells.slice(0, 3), ['n1', 'Ready', '<none>']);
    assert.equal(r.rows[0]!.object.kind, 'PartialObjectMetadata');
    const full = (await call(t, '/api/v1/nodes/n1?includeObject=Object', { accept: TABLE })).json<{ rows: { object: { kind: string } }[] }>();
    assert.equal(full.rows[0]!.object.kind, 'Node');
  });

  it('answers errors with Status bodies like the API server (404, 409, 422, 405)', async () => {
    const nf = await call(t, '/api/v1/namespaces/default/pods/nope');
    assert.equal(nf.status, 404);
    assert.deepEqual(nf.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'pods' }, code: 404 });
    const dnf = await call(t, '/apis/apps/v1/namespaces/default/deployments/nope');
    assert.equal(dnf.json().message, 'deployments.apps "nope" not found');
    const exists = await call(t, '/api/v1/namespaces/default/pods', { method: 'POST', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'x' }] } } });
    assert.equal(exists.status, 409);
    assert.equal(exists.json().reason, 'AlreadyExists');
    const invalid = await call(t, '/api/v1/namespaces/default/pods', { method: 'POST', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [] } } });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.json().reason, 'Invalid');
    assert.match(String(invalid.json().message), /^Pod "Bad_Name" is invalid: \[metadata.name: Invalid value/);
    const conflict = await call(t, '/api/v1/nodes/n1', { method: 'PUT', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', resourceVersion: '1' } } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.json().reason, 'Conflict');
    const noNs = await call(t, '/api/v1/namespaces/missing/configmaps', { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } });
    assert.equal(noNs.status, 404);
    assert.equal(noNs.json().message, 'namespaces "missing" not found');
    assert.equal((await call(t, '/api/v1/componentstatuses', { method: 'POST', body: {} })).status, 405);
  });

  it('patches nodes with strategic merge, merge and JSON patch', async () => {
    const smp = await call(t, '/api/v1/nodes/n3', { method: 'PATCH', body: { spec: { unschedulable: true } }, contentType: 'application/strategic-merge-patch+json' });
    assert.equal(smp.json<{ spec: { unschedulable: boolean } }>().spec.unschedulable, true);
    const merge = await call(t, '/api/v1/nodes/n3', { method: 'PATCH', body: { spec: { unschedulable: null } }, contentType: 'application/merge-patch+json' });
    assert.equal(merge.json<{ spec: { unschedulable?: boolean } }>().spec.unschedulable, undefined);
    const jp = await call(t, '/api/v1/nodes/n3', { method: 'PATCH', body: [{ op: 'add', path: '/metadata/labels/extra', value: 'yes' }], contentType: 'application/json-patch+json' });
    assert.equal(jp.json<{ metadata: { labels: Record<string, string> } }>().metadata.labels.extra, 'yes');
    const dry = await call(t, '/api/v1/nodes/n3?dryRun=All', { method: 'PATCH', body: { spec: { unschedulable: true } }, contentType: 'application/strategic-merge-patch+json' });
    assert.equal(dry.json<{ spec: { unschedulable: boolean } }>().spec.unschedulable, true);
    assert.equal((sim.cluster.store.get('/nodes', undefined, 'n3')!.spec as { unschedulable?: boolean }).unschedulable, undefined, 'dry run stored nothing');
  });

  it('deletes pods gracefully with a protobuf DeleteOptions body, as kubectl drain --disable-eviction does', async () => {
    const body = encodeEnvelope('v1', 'DeleteOptions', encodeField(1, 3n));
    const r = await call(t, '/api/v1/namespaces/default/pods/p1', { method: 'DELETE', rawBody: body, contentType: 'application/vnd.kubernetes.protobuf' });
    assert.equal(r.status, 200);
    const pod = r.json<{ metadata: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number } }>();
    assert.ok(pod.metadata.deletionTimestamp);
    assert.equal(pod.metadata.deletionGracePeriodSeconds, 3);
    await waitFor('p1 removed', () => !sim.cluster.store.get('/pods', 'default', 'p1'));
  });

  it('watches from a resourceVersion, sends selection changes, BOOKMARKs, and 410 for compacted versions', async () => {
    const list = (await call(t, '/api/v1/nodes')).json<{ metadata: { resourceVersion: string } }>();
    const w = openWatch(t, `/api/v1/nodes?watch=true&resourceVersion=${list.metadata.resourceVersion}&labelSelector=pool%3Db&allowWatchBookmarks=true`);
    await new Promise((r) => setTimeout(r, 50));
    await call(t, '/api/v1/nodes/n2', { method: 'PATCH', body: { metadata: { labels: { touched: '1' } } }, contentType: 'application/merge-patch+json' });
    await call(t, '/api/v1/nodes/n3', { method: 'PATCH', body: { metadata: { labels: { pool: 'c' } } }, contentType: 'application/merge-patch+json' });
    await call(t, '/api/v1/nodes/n1', { method: 'PATCH', body: { metadata: { labels: { pool: 'b' } } }, contentType: 'application/merge-patch+json' });
    const events = (await w.next(4)).filter((e) => e.type !== 'BOOKMARK');
    assert.deepEqual(events.slice(0, 3).map((e) => [e.type, e.object.metadata?.name]), [['MODIFIED', 'n2'], ['DELETED', 'n3'], ['ADDED', 'n1']]);
    const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
    assert.ok(rvs[0]! > Number(list.metadata.resourceVersion) && rvs[1]! > rvs[0]! && rvs[2]! > rvs[1]!, 'events carry increasing resourceVersions');
    await waitFor('a bookmark', () => w.events.some((e) => e.type === 'BOOKMARK'));
    w.close();

    const gone = openWatch(t, '/api/v1/nodes?watch=true&resourceVersion=1');
    await gone.ended;
    assert.equal(gone.events.length, 1);
    assert.equal(gone.events[0]!.type, 'ERROR');
    assert.equal(gone.events[0]!.object.code, 410);
    assert.equal(gone.events[0]!.object.reason, 'Expired');
  });

  it('starts a watch without resourceVersion with ADDED events, and sendInitialEvents ends with a bookmark', async () => {
    const w = openWatch(t, '/api/v1/namespaces/other/pods?watch=1');
    const [first] = await w.next(1);
    assert.equal(first!.type, 'ADDED');
    assert.equal(first!.object.metadata?.name, 'p2');
    w.close();
    const s = openWatch(t, '/api/v1/nodes?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan');
    const events = await s.next(4);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'ADDED', 'ADDED', 'BOOKMARK']);
    assert.equal(events[3]!.object.metadata?.annotations?.['k8s.io/initial-events-end'], 'true');
    s.close();
  });

  it('streams Table rows for kubectl get --watch, with column definitions only in the first event', async () => {
    const list = (await call(t, '/api/v1/nodes')).json<{ metadata: { resourceVersion: string } }>();
    const w = openWatch(t, `/api/v1/nodes?watch=true&resourceVersion=${list.metadata.resourceVersion}`, TABLE);
    await new Promise((r) => setTimeout(r, 50));
    await call(t, '/api/v1/nodes/n2', { method: 'PATCH', body: { spec: { unschedulable: true } }, contentType: 'application/strategic-merge-patch+json' });
    const [e1, e2] = await w.next(2);
    const table1 = e1!.object as { kind: string; columnDefinitions: unknown[] | null; rows: { cells: unknown[] }[] };
    const table2 = e2!.object as { columnDefinitions: unknown[] | null; rows: { cells: unknown[] }[] };
    assert.equal(table1.kind, 'Table');
    assert.ok(Array.isArray(table1.columnDefinitions));
    assert.equal(table2.columnDefinitions, null);
    assert.equal(table1.rows[0]!.cells[1], 'Ready,SchedulingDisabled');
    w.close();
  });

  it('injects faults: error statuses with counts, latency, dropped watches', async () => {
    const rule = await sim.admin.addFault({ match: { verb: 'list', resource: 'nodes' }, error: { code: 503 }, count: 1 });
    const first = await call(t, '/api/v1/nodes');
    assert.equal(first.status, 503);
    assert.equal(first.json().reason, 'ServiceUnavailable');
    assert.equal((await call(t, '/api/v1/nodes')).status, 200, 'the fault fired once');
    await sim.admin.removeFault(rule.id);
    await sim.admin.addFault({ match: { verb: 'get', resource: 'nodes', name: 'n1' }, error: { code: 403, message: 'nodes "n1" is forbidden: User "alice" cannot get resource "nodes"' } });
    const forbidden = await call(t, '/api/v1/nodes/n1');
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.json().reason, 'Forbidden');
    assert.equal((await call(t, '/api/v1/nodes/n2')).status, 200);
    await sim.admin.clearFaults();
    await sim.admin.addFault({ match: { path: '/version' }, latencyMs: 150, count: 1 });
    const started = Date.now();
    await call(t, '/version');
    assert.ok(Date.now() - started >= 140);
    await sim.admin.addFault({ match: { verb: 'watch', resource: 'nodes' }, dropWatch: { afterEvents: 1 } });
    const w = openWatch(t, '/api/v1/nodes?watch=true');
    await w.ended;
    assert.equal(w.events.length, 1);
    await sim.admin.clearFaults();
    const open = openWatch(t, `/api/v1/nodes?watch=true&resourceVersion=${sim.cluster.store.currentRv()}`);
    await waitFor('watch registered', () => sim.cluster && true);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await sim.admin.dropWatches()).dropped, 1);
    await open.ended;
  });

  it('admin endpoint: requires its own token, upgrades the control plane and changes discovery', async () => {
    assert.equal((await call(t, '/_sim/info')).status, 401);
    const info = await sim.admin.setControlPlaneVersion('v1.24.17');
    assert.equal(info.version, 'v1.24.17');
    assert.equal((await call(t, '/version')).json().gitVersion, 'v1.24.17');
    const v1beta1 = await call(t, '/apis/policy/v1beta1');
    assert.equal(v1beta1.status, 200);
    assert.ok(v1beta1.json<{ resources: { name: string }[] }>().resources.some((r) => r.name === 'podsecuritypolicies'));
    assert.equal((await call(t, '/apis', { accept: AGGREGATED })).headers['content-type'], 'application/json', '1.24 has no aggregated discovery');
    await sim.admin.setControlPlaneVersion('v1.34.2');
    assert.equal((await call(t, '/apis/policy/v1beta1')).status, 404);
  });

  it('admin endpoint: adds and removes nodes; pods of a removed node are cleaned up', async () => {
    await sim.admin.addNode({ name: 'n9', kubeletVersion: 'v1.31.4', labels: { pool: 'z' } });
    const n9 = (await call(t, '/api/v1/nodes/n9')).json<{ status: { nodeInfo: { kubeletVersion: string } } }>();
    assert.equal(n9.status.nodeInfo.kubeletVersion, 'v1.31.4');
    await call(t, '/api/v1/namespaces/default/pods', { method: 'POST', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-n9' }, spec: { nodeName: 'n9', containers: [{ name: 'c', image: 'x' }] } } });
    await sim.admin.removeNode('n9');
    assert.equal((await call(t, '/api/v1/nodes/n9')).status, 404);
    await waitFor('pod of n9 removed', () => !sim.cluster.store.get('/pods', 'default', 'on-n9'));
  });

  it('admin endpoint: a kubelet upgrade takes the node NotReady and back with the new version', async () => {
    await sim.admin.setKubeletVersion('n2', 'v1.35.0');
    const ready = (): string | undefined => (sim.cluster.store.get('/nodes', undefined, 'n2')!.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'Ready')?.status;
    assert.equal(ready(), 'False');
    await waitFor('n2 upgraded', () => ready() === 'True');
    const n2 = (await call(t, '/api/v1/nodes/n2')).json<{ status: { nodeInfo: { kubeletVersion: string } } }>();
    assert.equal(n2.status.nodeInfo.kubeletVersion, 'v1.35.0');
  });

  it('writes a kubeconfig whose exec user runs a plain node script printing an ExecCredential', async () => {
    const kc = parseYaml(fs.readFileSync(sim.kubeconfigPath, 'utf8')) as { contexts: { name: string }[]; users: { name: string; user: { exec?: { command: string; args: string[]; apiVersion: string } } }[] };
    assert.deepEqual(kc.contexts.map((c) => c.name), ['unit-http', 'unit-http-exec']);
    const exec = kc.users.find((u) => u.user.exec)!.user.exec!;
    assert.equal(exec.command, process.execPath);
    assert.equal(exec.apiVersion, 'client.authentication.k8s.io/v1');
    const { stdout } = await promisify(execFile)(exec.command, exec.args);
    const cred = JSON.parse(stdout) as { apiVersion: string; kind: string; status: { token: string } };
    assert.equal(cred.kind, 'ExecCredential');
    assert.equal(cred.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal((await call({ ...t, token: cred.status.token }, '/api/v1/nodes')).status, 200);
  });

  it('expires tokens on request: the static token gets 401, the exec plugin gets a fresh one', async () => {
    await sim.admin.expireTokens();
    assert.equal((await call(t, '/api/v1/nodes')).status, 401);
    const kc = parseYaml(fs.readFileSync(sim.kubeconfigPath, 'utf8')) as { users: { user: { exec?: { command: string; args: string[] } } }[] };
    const exec = kc.users.find((u) => u.user.exec)!.user.exec!;
    const { stdout } = await promisify(execFile)(exec.command, exec.args);
    const token = (JSON.parse(stdout) as { status: { token: string } }).status.token;
    assert.equal((await call({ ...t, token }, '/api/v1/nodes')).status, 200);
  });
});

describe('token lifetime', () => {
  it('rejects the static token once it expires while the exec credential keeps rotating', async () => {
    const sim = await startSimulator({ scenario: scenario.replace('  podStartSeconds: 1', '  podStartSeconds: 1\n  tokenLifetimeSeconds: 1.5') });
    try {
      const t = { url: sim.url, caPem: sim.caPem, token: sim.token };
      assert.equal((await call(t, '/api/v1/nodes')).status, 200);
      await new Promise((r) => setTimeout(r, 1700));
      assert.equal((await call(t, '/api/v1/nodes')).status, 401);
      const kc = parseYaml(fs.readFileSync(sim.kubeconfigPath, 'utf8')) as { users: { user: { exec?: { command: string; args: string[] } } }[] };
      const exec = kc.users.find((u) => u.user.exec)!.user.exec!;
      // the exec token rotates every 1.5 s as well; on a loaded machine the plugin's token can rotate
      // away before the request lands, which a client meets as a 401 and answers by asking again
      let status = 0;
      for (let attempt = 0; attempt < 10 && status !== 200; attempt++) {
        const { stdout } = await promisify(execFile)(exec.command, exec.args);
        const cred = JSON.parse(stdout) as { status: { token: string; expirationTimestamp?: string } };
        assert.ok(cred.status.expirationTimestamp);
        status = (await call({ ...t, token: cred.status.token }, '/api/v1/nodes')).status;
      }
      assert.equal(status, 200);
      assert.equal((await call(t, '/api/v1/nodes')).status, 401, 'the expired static token stays rejected');
    } finally {
      await sim.stop();
    }
  });
});
