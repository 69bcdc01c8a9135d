/**
 * Scenarios: multi-document YAML of ordinary Kubernetes objects plus one
 * `kind: SimulatedCluster` document describing the control plane (version,
 * managed or not, per-component versions), the time scale and faults.
 *
 *   apiVersion: simulator.kubernetes-maintenance.io/v1
 *   kind: SimulatedCluster
 *   metadata: { name: production }
 *   spec:
 *     kubernetesVersion: v1.33.4
 *     managed: false
 *     components: { kube-scheduler: v1.32.8 }
 *     timeScale: 0.05
 *     faults:
 *       - match: { verb: list, resource: pods }
 *         error: { code: 500 }
 *         count: 1
 *
 * A string value that is exactly `${now}`, `${now-6h}` or `${now+2d}` (s, m, h, d)
 * becomes that time as RFC 3339, so a scenario can hold e.g. a backup that finished
 * "recently" whenever it is loaded.
 */
import * as fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponent } from './cluster';
import { validateFault, type FaultSpec } from './faults';
import { isRecord, type KubeObject } from './types';
import { parseKubeVersion } from './versions';

export const SIMULATED_CLUSTER_KIND = 'SimulatedCluster';

export interface SimulatedClusterSpec {
  kubernetesVersion: string;
  /** Overrides /version's gitVersion, e.g. "v1.30.14-eks-931bdca" for a managed cluster. */
  gitVersion?: string;
  managed?: boolean;
  components?: Partial<Record<ControlPlaneComponent, string>>;
  /** Wall seconds per simulated second (default 1). */
  timeScale?: number;
  podStartSeconds?: number;
  nodeUpgradeSeconds?: number;
  jobPodSeconds?: number;
  /** Simulated seconds a control-plane static pod takes to restart during an upgrade (default 10). */
  staticPodRestartSeconds?: number;
  /** Wall-clock seconds between node lease renewals by the kubelets (default 10; 0: never). */
  nodeLeaseRenewSeconds?: number;
  /** Watch history length in events; older resourceVersions get 410 Gone. */
  watchHistory?: number;
  /** Fixed bearer token (default: random). */
  token?: string;
  /** Tokens stop working this many seconds after issue; the exec plugin's token rotates. */
  tokenLifetimeSeconds?: number;
  faults?: FaultSpec[];
  /** Users besides the admin, authorized by the scenario's RBAC objects; each gets a kubeconfig context NAME-USER. */
  users?: ScenarioUser[];
}

export interface ScenarioUser {
  name: string;
  groups?: string[];
  /** Fixed bearer token (default: random); ignored with clientCertificate. */
  token?: string;
  /** Authenticate with a client certificate (CN = name, O = groups) instead of a token. */
  clientCertificate?: boolean;
}

export interface Scenario {
  name: string;
  cluster: SimulatedClusterSpec;
  objects: KubeObject[];
}

export class ScenarioError extends Error {}

function toObject(doc: unknown, index: number, source: string): KubeObject {
  if (!isRecord(doc) || typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string') {
    throw new ScenarioError(`${source}: document ${index + 1} is not a Kubernetes object (apiVersion and kind are required)`);
  }
  if (!isRecord(doc.metadata) || typeof doc.metadata.name !== 'string') {
    throw new ScenarioError(`${source}: document ${index + 1} (${doc.kind}) has no metadata.name`);
  }
  return doc as KubeObject;
}

export function validateClusterSpec(spec: unknown, source: string): SimulatedClusterSpec {
  if (!isRecord(spec) || typeof spec.kubernetesVersion !== 'string') {
    throw new ScenarioError(`${source}: SimulatedCluster spec.kubernetesVersion is required (e.g. v1.33.4)`);
  }
  try {
    parseKubeVersion(spec.kubernetesVersion);
  } catch (err) {
    throw new ScenarioError(`${source}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const out = spec as unknown as SimulatedClusterSpec;
  for (const key of Object.keys(out.components ?? {})) {
    if (!(CONTROL_PLANE_COMPONENTS as readonly string[]).includes(key)) {
      throw new ScenarioError(`${source}: unknown control-plane component "${key}" (expected one of ${CONTROL_PLANE_COMPONENTS.join(', ')})`);
    }
  }
  if (out.timeScale !== undefined && !(out.timeScale > 0)) throw new ScenarioError(`${source}: timeScale must be a positive number`);
  for (const f of out.faults ?? []) validateFault(f);
  for (const u of out.users ?? []) {
    if (!isRecord(u) || typeof u.name !== 'string' || u.name === '') throw new ScenarioError(`${source}: each of spec.users needs a name`);
    if (u.groups !== undefined && !(Array.isArray(u.groups) && u.groups.every((g) => typeof g === 'string'))) throw new ScenarioError(`${source}: user ${u.name}: groups must be a list of strings`);
  }
  return out;
}

const RELATIVE_TIME = /^\$\{now(?:([+-])(\d+)([smhd]))?\}$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Replaces `${now-6h}`-style strings with timestamps relative to `now`. */
export function resolveRelativeTimes(value: unknown, now: number = Date.now()): unknown {
  if (typeof value === 'string') {
    const m = RELATIVE_TIME.exec(value);
    if (!m) return value;
    const offset = m[1] ? (m[1] === '-' ? -1 : 1) * Number(m[2]) * UNIT_SECONDS[m[3]!]! * 1000 : 0;
    return new Date(now + offset).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (Array.isArray(value)) return value.map((v) => resolveRelativeTimes(v, now));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRelativeTimes(v, now)]));
  return value;
}

export function parseScenario(text: string, source = 'scenario'): Scenario {
  const docs = parseAllDocuments(text);
  let cluster: SimulatedClusterSpec | undefined;
  let name = 'simulated';
  const objects: KubeObject[] = [];
  docs.forEach((d, i) => {
    if (d.errors.length > 0) throw new ScenarioError(`${source}: document ${i + 1}: ${d.errors[0]!.message}`);
    const value: unknown = resolveRelativeTimes(d.toJS());
    if (value === null || value === undefined) return;
    const obj = toObject(value, i, source);
    if (obj.kind === SIMULATED_CLUSTER_KIND) {
      if (cluster) throw new ScenarioError(`${source}: more than one SimulatedCluster document`);
      cluster = validateClusterSpec(obj.spec, source);
      name = obj.metadata.name ?? name;
    } else {
      objects.push(obj);
    }
  });
  if (!cluster) throw new ScenarioError(`${source}: no kind: SimulatedCluster document`);
  return { name, cluster, objects };
}

export function loadScenarioFile(file: string): Scenario {
  return parseScenario(fs.readFileSync(file, 'utf8'), file);
}

/** A scenario given as a file path, as YAML text, or already parsed. */
export function resolveScenario(input: string | Scenario): Scenario {
  if (typeof input !== 'string') return input;
  if (input.includes('\n') && /kind:\s*SimulatedCluster/.test(input)) return parseScenario(input);
  return loadScenarioFile(input);
}
