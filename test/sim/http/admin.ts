/**
 * The admin endpoint (`/_sim/...`, its own bearer token) through which tests and
 * the demo change the simulated world: upgrade the control plane or a kubelet,
 * add or remove nodes, flip node readiness, inject faults, drop watches, expire
 * tokens, make the server go away for a while, or apply arbitrary objects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenAuthority } from '../auth';
import { CONTROL_PLANE_COMPONENTS, keyOf, type ControlPlaneComponent, type SimCluster } from '../cluster';
import type { ControlPlaneUpgradeRequest, ControlPlaneUpgrades } from '../controllers/controlPlaneUpgrade';
import type { Kubelet, OsChange } from '../controllers/kubelet';
import type { FaultInjector, FaultSpec } from '../faults';
import { ApiError } from '../status';
import { isRecord, type KubeObject, type Node } from '../types';
import { decodeBody } from './body';
import { sendJson } from './resources';
import type { WatchRegistry } from './watch';

export const ADMIN_PREFIX = '/_sim';

export interface AdminTarget {
  cluster: SimCluster;
  kubelet: Kubelet;
  upgrades: ControlPlaneUpgrades;
  faults: FaultInjector;
  watches: WatchRegistry;
  auth: TokenAuthority;
  goAway(seconds?: number): void;
  info(): Record<string, unknown>;
}

export interface NodeSpecInput {
  name: string;
  kubeletVersion?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  capacity?: Record<string, string>;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw ApiError.badRequest(`${what} is required`);
  return v;
}

export function nodeFromInput(input: NodeSpecInput): KubeObject {
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: input.name, labels: { ...(input.labels ?? {}) } }, spec: {}, status: {} };
  if (input.taints) node.spec!.taints = input.taints;
  if (input.unschedulable) node.spec!.unschedulable = true;
  if (input.kubeletVersion) node.status!.nodeInfo = { kubeletVersion: input.kubeletVersion };
  if (input.capacity) {
    node.status!.capacity = input.capacity;
    node.status!.allocatable = input.capacity;
  }
  return node;
}

export function handleAdmin(t: AdminTarget, req: IncomingMessage, res: ServerResponse, path: string, rawBody: Buffer): void {
  const parts = path.slice(ADMIN_PREFIX.length).split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const body = decodeBody(req, rawBody);
  const input = isRecord(body) ? body : {};
  const ok = (value: unknown = { ok: true }): void => sendJson(res, 200, JSON.stringify(value));
  const { cluster } = t;
  const nodesDef = cluster.catalog.lookup('', 'v1', 'nodes')!.def;
  const route = `${method} ${parts.map((p, i) => (i > 0 && (parts[0] === 'nodes' || parts[0] === 'faults') && i === 1 ? ':id' : p)).join('/')}`;

  switch (route) {
    case 'GET info':
      return ok(t.info());
    case 'PUT control-plane': {
      const version = str(input.version, 'version');
      const component = input.component as string | undefined;
      if (component !== undefined && !(CONTROL_PLANE_COMPONENTS as readonly string[]).includes(component)) throw ApiError.badRequest(`unknown component ${component}`);
      cluster.setControlPlaneVersion(version, component as ControlPlaneComponent | undefined);
      return ok(t.info());
    }
    case 'POST control-plane/upgrade': {
      const request: ControlPlaneUpgradeRequest = { version: str(input.version, 'version') };
      if (typeof input.node === 'string') request.node = input.node;
      if (typeof input.component === 'string') request.component = input.component as ControlPlaneComponent;
      if (input.force === true) request.force = true;
      return sendJson(res, 202, JSON.stringify(t.upgrades.start(request)));
    }
    case 'GET control-plane/upgrades':
      return ok(t.upgrades.list());
    case 'POST nodes': {
      const node = isRecord(input.metadata) ? (input as unknown as KubeObject) : nodeFromInput(input as unknown as NodeSpecInput);
      return sendJson(res, 201, JSON.stringify(cluster.load(node)));
    }
    case 'DELETE nodes/:id': {
      cluster.delete(nodesDef, undefined, parts[1]!);
      return ok();
    }
    case 'PUT nodes/:id/kubelet': {
      cluster.get(nodesDef, undefined, parts[1]!);
      t.kubelet.upgradeKubelet(parts[1]!, str(input.version, 'version'));
      return ok();
    }
    case 'PUT nodes/:id/os': {
      cluster.get(nodesDef, undefined, parts[1]!);
      const change: OsChange = {};
      if (typeof input.osImage === 'string') change.osImage = input.osImage;
      if (typeof input.kernelVersion === 'string') change.kernelVersion = input.kernelVersion;
      if (typeof input.containerRuntimeVersion === 'string') change.containerRuntimeVersion = input.containerRuntimeVersion;
      if (Object.keys(change).length === 0) throw ApiError.badRequest('one of osImage, kernelVersion, containerRuntimeVersion is required');
      t.kubelet.patchOs(parts[1]!, change);
      return ok();
    }
    case 'PUT nodes/:id/ready': {
      cluster.get(nodesDef, undefined, parts[1]!);
      t.kubelet.setNodeReady(parts[1]!, input.ready !== false);
      return ok();
    }
    case 'GET faults':
      return ok(t.faults.list());
    case 'POST faults':
      return sendJson(res, 201, JSON.stringify(t.faults.add(input as FaultSpec)));
    case 'DELETE faults':
      t.faults.clear();
      return ok();
    case 'DELETE faults/:id':
      if (!t.faults.remove(parts[1]!)) throw new ApiError(404, 'NotFound', `fault ${parts[1]} not found`);
      return ok();
    case 'POST watches/drop':
      return ok({ dropped: t.watches.dropAll(input.mode === 'reset' ? 'reset' : 'close') });
    case 'POST tokens/expire':
      t.auth.expireNow();
      return ok();
    case 'POST go-away': {
      const seconds = typeof input.seconds === 'number' ? input.seconds : undefined;
      ok();
      res.on('finish', () => t.goAway(seconds));
      return;
    }
    case 'POST objects': {
      const obj = input as unknown as KubeObject;
      if (typeof obj.kind !== 'string' || !isRecord(obj.metadata)) throw ApiError.badRequest('an object with kind and metadata is required');
      const def = cluster.defForObject(obj);
      const existing = cluster.store.get(keyOf(def), def.namespaced ? (obj.metadata.namespace ?? 'default') : undefined, obj.metadata.name ?? '');
      if (existing) {
        const next = { ...obj, metadata: { ...existing.metadata, ...obj.metadata, resourceVersion: existing.metadata.resourceVersion } };
        return ok(cluster.put(keyOf(def), next));
      }
      return sendJson(res, 201, JSON.stringify(cluster.load(obj)));
    }
    default:
      throw new ApiError(404, 'NotFound', `no admin route ${method} ${path}`);
  }
}
