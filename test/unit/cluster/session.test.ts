// The cluster layer against the simulator configured like a real kube-apiserver (or harsher):
// watches ended cleanly, bookmarks, Retry-After, repeated continue tokens, stalled bodies, huge
// answers, passwords in URLs, credential plugins that hang or are missing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ClusterModel } from '../../../src/cluster/clusterModel';
import type { ClusterSession, SessionOptions } from '../../../src/cluster/types';
import { isClusterError, type ClusterErrorInfo } from '../../../src/core/cluster/errors';
import { loadKubeconfig } from '../../../src/core/kubeconfig';
import { startSimulator, type RunningSimulator } from '../../sim/index';
import { installUndiciCompat } from '../sim/undiciCompat';

installUndiciCompat();

const scenario = (nodes: number): string => `apiVersion: simulator.kubernetes-maintenance.io/v1
kind: SimulatedCluster
metadata: {name: harsh}
spec: {kubernetesVersion: v1.33.4, timeScale: 0.01}
${Array.from({ length: nodes }, (_, i) => `---\napiVersion: v1\nkind: Node\nmetadata: {name: node-${String(i).padStart(3, '0')}}\n`).join('')}`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'km-session-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sessionFor(kubeconfig: string, context: string, o: Partial<SessionOptions> = {}): Promise<ClusterSession> {
  const load = await loadKubeconfig({ origin: 'setting', files: [kubeconfig] }, async (p) => fs.readFileSync(p, 'utf8'));
  if (load.state !== 'ok') throw new Error('kubeconfig not loaded');
  // Loaded after the compat shims, as the kube bundle is loaded lazily in the extension.
  const { createSession } = await import('../../../src/cluster/kube');
  return createSession(load.config, context, { allowExec: true, timeoutMs: 5000, ...o });
}

async function failure(p: Promise<unknown>): Promise<ClusterErrorInfo> {
  try {
    await p;
  } catch (e) {
    if (isClusterError(e)) return e.info;
    throw e;
  }
  throw new Error('expected a failure');
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await delay(10);
  }
  throw new Error(`never: ${what}`);
}

/** A kubeconfig for the simulator with extra users and clusters written in. */
function kubeconfigWith(sim: RunningSimulator, extra: { users?: unknown[]; clusters?: unknown[]; contexts?: unknown[] }): string {
  const file = path.join(tmp, `kc-${Math.random().toString(36).slice(2)}`);
  const base = { apiVersion: 'v1', kind: 'Config', clusters: [] as unknown[], users: [] as unknown[], contexts: [] as unknown[] };
  const ca = Buffer.from(sim.caPem).toString('base64');
  base.clusters.push({ name: 'sim', cluster: { server: sim.url, 'certificate-authority-data': ca } }, ...(extra.clusters ?? []));
  base.users.push({ name: 'tok', user: { token: sim.token } }, ...(extra.users ?? []));
  base.contexts.push({ name: 'sim', context: { cluster: 'sim', user: 'tok' } }, ...(extra.contexts ?? []));
  fs.writeFileSync(file, stringify({ ...base, 'current-context': 'sim' }));
  return file;
}

describe('session: connections and watches like a real apiserver', () => {
  let sim: RunningSimulator;
  before(async () => {
    // Every watch is ended cleanly right after its replay, as a proxy with a short timeout does.
    sim = await startSimulator({ scenario: scenario(3), watchLifetimeSeconds: { min: 0, max: 0 }, bookmarkIntervalSeconds: 60 });
  });
  after(() => sim.stop());

  it('reuses one keep-alive connection pool and paces re-watches after clean closes', async () => {
    const session = await sessionFor(sim.kubeconfigPath, sim.contextName);
    const before = sim.connections().accepted;
    const model = new ClusterModel({
      contextName: sim.contextName,
      session: async () => session,
      log: () => undefined,
      kubectlVersion: async () => undefined,
      backoff: { initialMs: 100, maxMs: 400, factor: 2, jitter: 0.5 },
    });
    model.start();
    await delay(2000);
    const { nodes } = model.stats;
    const accepted = sim.connections().accepted - before;
    model.dispose();
    session.dispose();
    // Unpaced, this loop opened about two thousand watches (and as many TLS connections) in 10 s.
    assert.ok(nodes.watches <= 12, `${nodes.watches} node watches in 2 s`);
    assert.ok(nodes.watches >= 2, `it did re-watch (${nodes.watches})`);
    assert.ok(accepted <= 8, `${accepted} TCP connections for ${nodes.watches + model.stats.pods.watches} watches and the lists`);
    assert.equal(nodes.lists, 1, 'a clean close needs no re-list');
  });
});

describe('session: bookmarks keep a quiet watch alive', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenario: scenario(2), bookmarkIntervalSeconds: 0.2 });
  });
  after(() => sim.stop());

  it('a watch with no changes but regular bookmarks is not treated as dead', async () => {
    const session = await sessionFor(sim.kubeconfigPath, sim.contextName, { watchInactivityMs: 700 });
    const closes: unknown[] = [];
    const list = await session.list<{ metadata?: { name?: string } }>('/api/v1/nodes');
    const events: string[] = [];
    const h = session.watch<{ metadata?: { resourceVersion?: string } }>('/api/v1/nodes', list.resourceVersion, {
      onEvent: (type) => events.push(type),
      onClose: (info) => closes.push(info),
    });
    await delay(2000);
    h.stop();
    session.dispose();
    assert.deepEqual(closes, [], 'still open after almost three inactivity limits');
    assert.ok(events.filter((t) => t === 'BOOKMARK').length >= 5, `bookmarks seen: ${events.join(',')}`);
  });

  it('a watch that sends nothing at all (no bookmarks) is closed as timed out after the inactivity limit', async () => {
    const quiet = await startSimulator({ scenario: scenario(1), bookmarkIntervalSeconds: 3600 });
    try {
      const session = await sessionFor(quiet.kubeconfigPath, quiet.contextName, { watchInactivityMs: 300 });
      const list = await session.list('/api/v1/nodes');
      const closed = new Promise<ClusterErrorInfo | undefined>((resolve) => {
        session.watch('/api/v1/nodes', list.resourceVersion, { onEvent: () => undefined, onClose: (info) => resolve(info.error) });
      });
      const info = await closed;
      session.dispose();
      assert.equal(info?.kind, 'timeout');
      assert.match(info?.message ?? '', /sent nothing for 0 s|sent nothing for/);
    } finally {
      await quiet.stop();
    }
  });
});

describe('session: hostile answers', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenario: scenario(30) });
  });
  after(() => sim.stop());

  it('stops a list whose server repeats its continue token, with a clear error, after a bounded number of requests', async () => {
    const fault = await sim.admin.addFault({ match: { verb: 'list', resource: 'nodes' }, repeatContinue: true });
    try {
      const session = await sessionFor(sim.kubeconfigPath, sim.contextName);
      const info = await failure(session.list('/api/v1/nodes', { pageSize: 5 }));
      session.dispose();
      assert.match(info.message, /same page token twice/);
      const rule = (await sim.admin.listFaults()).find((f) => f.id === fault.id);
      assert.ok(rule && rule.fired <= 3, `${rule?.fired} requests`);
    } finally {
      await sim.admin.removeFault(fault.id);
    }
  });

  it('stops a list that goes past the page bound', async () => {
    const session = await sessionFor(sim.kubeconfigPath, sim.contextName, { maxPages: 3 });
    const info = await failure(session.list('/api/v1/nodes', { pageSize: 2 }));
    session.dispose();
    assert.equal(info.kind, 'too-large');
    assert.match(info.message, /past 3 pages/);
  });

  it('refuses an answer larger than the limit with an error instead of running out of memory', async () => {
    const session = await sessionFor(sim.kubeconfigPath, sim.contextName, { maxResponseBytes: 4096 });
    const info = await failure(session.list('/api/v1/nodes', { pageSize: 500 }));
    session.dispose();
    assert.equal(info.kind, 'too-large');
    assert.match(info.message, /larger than/);
  });

  it('waits as long as Retry-After says on a 429 and then succeeds', async () => {
    const fault = await sim.admin.addFault({ match: { verb: 'list', resource: 'nodes' }, error: { code: 429, retryAfterSeconds: 1 }, count: 1 });
    try {
      const session = await sessionFor(sim.kubeconfigPath, sim.contextName);
      const t = Date.now();
      const list = await session.list('/api/v1/nodes');
      session.dispose();
      assert.equal(list.items.length, 30);
      assert.ok(Date.now() - t >= 950, `answered after ${Date.now() - t} ms`);
    } finally {
      await sim.admin.removeFault(fault.id);
    }
  });

  it('a 503 without Retry-After is not retried: the caller decides', async () => {
    const fault = await sim.admin.addFault({ match: { verb: 'get', path: '/version' }, error: { code: 503 }, count: 1 });
    try {
      const session = await sessionFor(sim.kubeconfigPath, sim.contextName);
      const info = await failure(session.version());
      session.dispose();
      assert.equal(info.status, 503);
    } finally {
      await sim.admin.removeFault(fault.id);
    }
  });

  it('a body that stalls after the headers is a timeout, not "cancelled"', async () => {
    const fault = await sim.admin.addFault({ match: { verb: 'list', resource: 'nodes' }, stallBody: { afterBytes: 20 }, count: 1 });
    try {
      const session = await sessionFor(sim.kubeconfigPath, sim.contextName, { timeoutMs: 400 });
      const info = await failure(session.list('/api/v1/nodes'));
      session.dispose();
      assert.equal(info.kind, 'timeout');
      assert.match(info.message, /within 0 s|within/);
    } finally {
      await sim.admin.removeFault(fault.id);
    }
  });

  it('cancelling a request is reported as cancelled', async () => {
    const fault = await sim.admin.addFault({ match: { verb: 'list', resource: 'nodes' }, latencyMs: 2000, count: 1 });
    try {
      const session = await sessionFor(sim.kubeconfigPath, sim.contextName);
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      const info = await failure(session.list('/api/v1/nodes', { signal: abort.signal }));
      session.dispose();
      assert.equal(info.kind, 'cancelled');
    } finally {
      await sim.admin.removeFault(fault.id);
    }
  });

  it('a watch whose server does not answer within the request time limit is closed as timed out', async () => {
    const fault = await sim.admin.addFault({ match: { verb: 'watch', resource: 'nodes' }, latencyMs: 3000, count: 1 });
    try {
      const session = await sessionFor(sim.kubeconfigPath, sim.contextName, { timeoutMs: 300 });
      const t = Date.now();
      const info = await new Promise<ClusterErrorInfo | undefined>((resolve) => {
        session.watch('/api/v1/nodes', '1', { onEvent: () => undefined, onClose: (i) => resolve(i.error) });
      });
      session.dispose();
      assert.equal(info?.kind, 'timeout');
      assert.ok(Date.now() - t < 2900, `gave up after ${Date.now() - t} ms, before the server's 3 s`);
    } finally {
      await sim.admin.removeFault(fault.id);
    }
  });

  it('keeps at most the configured number of requests in flight per cluster', async () => {
    const fault = await sim.admin.addFault({ match: { verb: 'get', path: '/version' }, latencyMs: 200 });
    try {
      const session = await sessionFor(sim.kubeconfigPath, sim.contextName, { maxConcurrent: 2 });
      const t = Date.now();
      await Promise.all(Array.from({ length: 6 }, () => session.version()));
      session.dispose();
      // Six requests of 200 ms, two at a time: three rounds.
      assert.ok(Date.now() - t >= 590, `took ${Date.now() - t} ms`);
    } finally {
      await sim.admin.removeFault(fault.id);
    }
  });

  it('a 401 during a watch closes it with the unauthorized error', async () => {
    const session = await sessionFor(sim.kubeconfigPath, sim.contextName);
    const fault = await sim.admin.addFault({ match: { verb: 'watch', resource: 'nodes' }, error: { code: 401 }, count: 1 });
    try {
      const info = await new Promise<ClusterErrorInfo | undefined>((resolve) => {
        session.watch('/api/v1/nodes', '1', { onEvent: () => undefined, onClose: (i) => resolve(i.error) });
      });
      assert.equal(info?.kind, 'unauthorized');
    } finally {
      session.dispose();
      await sim.admin.removeFault(fault.id);
    }
  });
});

describe('session: secrets, trust and credential plugins', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenario: scenario(1) });
  });
  after(() => sim.stop());

  it('never shows a password from the server URL in messages', async () => {
    const secret = 'hunter2-very-secret';
    const url = new URL(sim.url);
    const file = kubeconfigWith(sim, {
      clusters: [{ name: 'pw', cluster: { server: `https://alice:${secret}@127.0.0.1:1/?token=${secret}x`, 'certificate-authority-data': Buffer.from(sim.caPem).toString('base64') } }],
      contexts: [{ name: 'pw', context: { cluster: 'pw', user: 'tok' } }],
    });
    void url;
    const session = await sessionFor(file, 'pw', { timeoutMs: 2000 });
    const info = await failure(session.version());
    session.dispose();
    const shown = JSON.stringify([info, session.server]);
    assert.ok(!shown.includes(secret) && !shown.includes('alice'), shown);
    assert.match(session.server, /^https:\/\/\*\*\*@127\.0\.0\.1:1/);
    assert.equal(info.kind, 'unreachable');
  });

  it('says "certificate signed by unknown authority" for an unknown CA, with the TLS library\'s words as detail', async () => {
    const file = kubeconfigWith(sim, {
      clusters: [{ name: 'noca', cluster: { server: sim.url } }],
      contexts: [{ name: 'noca', context: { cluster: 'noca', user: 'tok' } }],
    });
    const session = await sessionFor(file, 'noca');
    const info = await failure(session.version());
    session.dispose();
    assert.equal(info.kind, 'tls');
    assert.match(info.message, /certificate signed by unknown authority/);
    assert.doesNotMatch(info.message, /use-system-ca|Node\.js/);
    assert.ok(info.detail && info.detail.length > 0, 'the technical text is kept as detail');
  });

  it('does not run an exec plugin in an untrusted workspace', async () => {
    const marker = path.join(tmp, 'exec-ran');
    const file = kubeconfigWith(sim, {
      users: [{ name: 'ex', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', command: '/bin/sh', args: ['-c', `touch ${marker}`] } } }],
      contexts: [{ name: 'ex', context: { cluster: 'sim', user: 'ex' } }],
    });
    const session = await sessionFor(file, 'ex', { allowExec: false });
    const info = await failure(session.version());
    session.dispose();
    assert.equal(info.kind, 'config');
    assert.match(info.message, /untrusted workspace/);
    assert.equal(fs.existsSync(marker), false);
  });

  for (const provider of ['gcp', 'azure']) {
    it(`never runs the ${provider} auth provider's cmd-path, trusted or not, and says what to use instead`, async () => {
      const marker = path.join(tmp, `${provider}-ran`);
      const file = kubeconfigWith(sim, {
        users: [{ name: provider, user: { 'auth-provider': { name: provider, config: { 'cmd-path': '/bin/sh', 'cmd-args': `-c "touch ${marker}"` } } } }],
        contexts: [{ name: provider, context: { cluster: 'sim', user: provider } }],
      });
      const session = await sessionFor(file, provider, { allowExec: true });
      const info = await failure(session.version());
      session.dispose();
      assert.equal(info.kind, 'config');
      assert.match(info.message, provider === 'gcp' ? /gke-gcloud-auth-plugin/ : /kubelogin/);
      assert.equal(fs.existsSync(marker), false);
    });
  }

  it('a credential plugin that hangs is stopped at its time limit, and its process is gone', async () => {
    const pidFile = path.join(tmp, 'hang.pid');
    const file = kubeconfigWith(sim, {
      users: [{ name: 'hang', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`] } } }],
      contexts: [{ name: 'hang', context: { cluster: 'sim', user: 'hang' } }],
    });
    const session = await sessionFor(file, 'hang', { execTimeoutMs: 600 });
    const info = await failure(session.version());
    session.dispose();
    assert.equal(info.kind, 'exec-plugin');
    assert.match(info.message, /did not answer within 1 s and was stopped|did not answer within/);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await until(() => !alive(pid), 'the plugin process to end', 15_000);
  });

  it('disposing the session stops a credential plugin that is still running', async () => {
    const pidFile = path.join(tmp, 'slow.pid');
    const file = kubeconfigWith(sim, {
      users: [{ name: 'slow', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`] } } }],
      contexts: [{ name: 'slow', context: { cluster: 'sim', user: 'slow' } }],
    });
    const session = await sessionFor(file, 'slow', { execTimeoutMs: 60_000 });
    const pending = failure(session.version());
    await until(() => fs.existsSync(pidFile), 'the plugin to start');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    session.dispose();
    await pending;
    await until(() => !alive(pid), 'the plugin process to end', 15_000);
  });

  it('names a credential plugin that is not on the PATH in words, with the PATH as detail', async () => {
    const file = kubeconfigWith(sim, {
      users: [{ name: 'missing', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', command: 'aws-iam-authenticator-not-installed', installHint: 'Install it from your cloud provider.' } } }],
      contexts: [{ name: 'missing', context: { cluster: 'sim', user: 'missing' } }],
    });
    const session = await sessionFor(file, 'missing');
    const info = await failure(session.version());
    session.dispose();
    assert.equal(info.kind, 'exec-plugin');
    assert.match(info.message, /"aws-iam-authenticator-not-installed" of context "missing" was not found on the PATH VS Code was started with\. Install it/);
    assert.doesNotMatch(info.message, /ENOENT|spawn/);
    assert.match(info.detail ?? '', /^PATH=/);
  });

  it('uses the exec plugin of the simulator and re-runs it after the server rejects its token', async () => {
    const session = await sessionFor(sim.kubeconfigPath, `${sim.contextName}-exec`);
    assert.equal((await session.version()).gitVersion, 'v1.33.4');
    await sim.admin.expireTokens();
    assert.equal((await session.version()).gitVersion, 'v1.33.4', 'a fresh token was fetched after the 401');
    session.dispose();
  });
});

/** Running, as opposed to gone or a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}
