/** Typed client for the simulator's admin endpoint, for tests and the demo. */
import * as https from 'node:https';
import type { ControlPlaneUpgradeRequest, ControlPlaneUpgradeStatus } from './controllers/controlPlaneUpgrade';
import type { OsChange } from './controllers/kubelet';
import type { FaultRule, FaultSpec } from './faults';
import type { NodeSpecInput } from './http/admin';
import type { KubeObject } from './types';

export class AdminError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

export interface ClusterInfo {
  name: string;
  url: string;
  version: string;
  components: Record<string, string>;
  /** Per control-plane node versions while an upgrade has reached some nodes only. */
  nodeComponents?: Record<string, Record<string, string>>;
  upgrades: ControlPlaneUpgradeStatus[];
  managed: boolean;
  resourceVersion: number;
  openWatches: number;
  /** API requests served (the admin endpoint's not counted). */
  apiRequests: number;
  connectionsAccepted: number;
}

export class AdminClient {
  constructor(private readonly url: string, private readonly token: string, private readonly caPem: string) {}

  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const target = new URL(`/_sim${path}`, this.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        target,
        {
          method,
          ca: this.caPem,
          headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 400) {
              let message = text;
              try {
                message = (JSON.parse(text) as { message?: string }).message ?? text;
              } catch {
                // keep the raw text
              }
              reject(new AdminError(res.statusCode ?? 500, `${method} ${path}: ${message}`));
              return;
            }
            resolve((text ? JSON.parse(text) : undefined) as T);
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  info(): Promise<ClusterInfo> {
    return this.request('GET', '/info');
  }

  /** Sets the whole control plane, or one component of it, to a version at once, with no version policy (a scenario shortcut). */
  setControlPlaneVersion(version: string, component?: string): Promise<ClusterInfo> {
    return this.request('PUT', '/control-plane', component ? { version, component } : { version });
  }

  /**
   * Starts a control-plane upgrade as kubeadm does it (one node, one minor at a
   * time); resolves once it has started. See waitForUpgrade.
   */
  upgradeControlPlane(req: ControlPlaneUpgradeRequest): Promise<ControlPlaneUpgradeStatus> {
    return this.request('POST', '/control-plane/upgrade', req);
  }

  /**
   * Waits until the upgrade of `node` (default: any) has succeeded, retrying while the
   * API server restarts (connection refused or reset).
   */
  async waitForUpgrade(node?: string, timeoutMs = 60_000): Promise<ControlPlaneUpgradeStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const upgrades = await this.request<ControlPlaneUpgradeStatus[]>('GET', '/control-plane/upgrades');
        const mine = upgrades.filter((u) => node === undefined || u.node === node);
        if (mine.length > 0 && mine.every((u) => u.phase === 'Succeeded')) return mine[mine.length - 1]!;
      } catch (err) {
        if (err instanceof AdminError) throw err;
      }
      if (Date.now() > deadline) throw new Error(`control-plane upgrade${node ? ` of ${node}` : ''} did not finish within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** OS patching: the node reboots (NotReady for a while) and comes back with the new OS image / kernel. */
  patchNodeOs(node: string, change: OsChange): Promise<void> {
    return this.request('PUT', `/nodes/${encodeURIComponent(node)}/os`, change);
  }

  /** Kubelet upgrade: the node goes NotReady, then comes back Ready with the new version. */
  setKubeletVersion(node: string, version: string): Promise<void> {
    return this.request('PUT', `/nodes/${encodeURIComponent(node)}/kubelet`, { version });
  }

  setNodeReady(node: string, ready: boolean): Promise<void> {
    return this.request('PUT', `/nodes/${encodeURIComponent(node)}/ready`, { ready });
  }

  addNode(node: NodeSpecInput | KubeObject): Promise<KubeObject> {
    return this.request('POST', '/nodes', node);
  }

  removeNode(name: string): Promise<void> {
    return this.request('DELETE', `/nodes/${encodeURIComponent(name)}`);
  }

  addFault(spec: FaultSpec): Promise<FaultRule> {
    return this.request('POST', '/faults', spec);
  }

  listFaults(): Promise<FaultRule[]> {
    return this.request('GET', '/faults');
  }

  removeFault(id: string): Promise<void> {
    return this.request('DELETE', `/faults/${encodeURIComponent(id)}`);
  }

  clearFaults(): Promise<void> {
    return this.request('DELETE', '/faults');
  }

  dropWatches(mode: 'close' | 'reset' = 'close'): Promise<{ dropped: number }> {
    return this.request('POST', '/watches/drop', { mode });
  }

  expireTokens(): Promise<void> {
    return this.request('POST', '/tokens/expire');
  }

  /** The server drops all connections and stops listening, for `seconds` if given, else for good. */
  goAway(seconds?: number): Promise<void> {
    return this.request('POST', '/go-away', seconds === undefined ? {} : { seconds });
  }

  /** Creates or replaces an object directly, bypassing API validation of updates. */
  applyObject(obj: KubeObject): Promise<KubeObject> {
    return this.request('POST', '/objects', obj);
  }
}
