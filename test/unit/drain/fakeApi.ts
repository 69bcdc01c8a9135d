// A scripted cluster for the drain engine: pods on nodes, evictions that may be refused, a virtual clock.
import type { ApiNode, ApiPod } from '../../../src/core/cluster/apiTypes';
import type { ClusterErrorInfo } from '../../../src/core/cluster/errors';
import type { DaemonSetLookup } from '../../../src/core/drain/filters';
import type { Clock, DrainApi, DrainIo, EvictionVersion } from '../../../src/core/drain/runner';

export const apiError = (info: Partial<ClusterErrorInfo> & { status: number }): { info: ClusterErrorInfo } => ({
  info: { kind: 'server', message: info.serverMessage ?? `status ${info.status}`, ...info },
});

export function pod(name: string, o: { node?: string; owner?: string; phase?: string; emptyDir?: boolean; mirror?: boolean; deletedAgoMs?: number; labels?: Record<string, string>; ns?: string; now?: number } = {}): ApiPod {
  const [kind, ownerName] = (o.owner ?? '').split('/');
  return {
    metadata: {
      name,
      namespace: o.ns ?? 'default',
      uid: `${name}-uid`,
      labels: o.labels ?? {},
      ...(o.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'x' } } : {}),
      ...(o.owner ? { ownerReferences: [{ kind, name: ownerName, controller: true }] } : {}),
      ...(o.deletedAgoMs !== undefined ? { deletionTimestamp: new Date((o.now ?? 1_000_000) - o.deletedAgoMs).toISOString() } : {}),
    },
    spec: { nodeName: o.node ?? 'n1', containers: [{ name: 'c' }], ...(o.emptyDir ? { volumes: [{ name: 'v', emptyDir: {} }] } : {}) },
    status: { phase: o.phase ?? 'Running' },
  };
}

export class FakeCluster implements DrainApi {
  nodes = new Map<string, { unschedulable: boolean; annotations: Record<string, string> }>([['n1', { unschedulable: false, annotations: {} }]]);
  pods: ApiPod[] = [];
  daemonSets = new Set<string>();
  version: EvictionVersion | undefined = 'policy/v1';
  /** Per pod name: errors the next evictions fail with, in order. */
  refusals = new Map<string, { info: ClusterErrorInfo }[]>();
  /** Pods that stay (terminating) after eviction for this many polls. */
  lingering = new Map<string, number>();
  /** Pods whose eviction makes the controller create a pod with the same name and a new UID. */
  replaceSameName = new Set<string>();
  calls: string[] = [];

  async getNode(name: string): Promise<ApiNode> {
    const n = this.nodes.get(name);
    if (!n) throw apiError({ status: 404, kind: 'not-found', reason: 'NotFound', serverMessage: `nodes "${name}" not found` });
    return { metadata: { name, annotations: n.annotations }, spec: { unschedulable: n.unschedulable } };
  }
  async setUnschedulable(name: string, value: boolean, o: { dryRun: boolean; annotations?: Readonly<Record<string, string | null>> }): Promise<void> {
    this.calls.push(`patch node/${name} unschedulable=${value}${o.dryRun ? ' dry' : ''}`);
    if (o.dryRun) return;
    const n = this.nodes.get(name)!;
    n.unschedulable = value;
    for (const [k, v] of Object.entries(o.annotations ?? {})) {
      if (v === null) delete n.annotations[k];
      else n.annotations[k] = v;
    }
  }
  async listPodsOnNode(node: string, selector: string | undefined): Promise<ApiPod[]> {
    const [k, v] = (selector ?? '').split('=');
    return this.pods.filter((p) => p.spec?.nodeName === node && (!selector || p.metadata?.labels?.[k ?? ''] === v));
  }
  async daemonSet(ns: string, name: string): Promise<DaemonSetLookup> {
    return this.daemonSets.has(`${ns}/${name}`) ? 'found' : 'not-found';
  }
  async evictionVersion(): Promise<EvictionVersion | undefined> {
    return this.version;
  }
  private remove(p: ApiPod): void {
    const name = p.metadata?.name ?? '';
    const i = this.pods.findIndex((x) => x.metadata?.name === name);
    if (i < 0) return;
    if (this.replaceSameName.has(name)) {
      this.pods[i] = { ...p, metadata: { ...p.metadata, uid: `${name}-uid-2` }, spec: { ...p.spec, nodeName: 'n2' } };
      return;
    }
    if ((this.lingering.get(name) ?? 0) > 0) {
      this.pods[i] = { ...p, metadata: { ...p.metadata, deletionTimestamp: new Date().toISOString() } };
      return;
    }
    this.pods.splice(i, 1);
  }
  async evict(p: ApiPod, version: EvictionVersion, o: { gracePeriodSeconds?: number; dryRun: boolean }): Promise<void> {
    const name = p.metadata?.name ?? '';
    this.calls.push(`evict ${name} ${version}${o.gracePeriodSeconds !== undefined ? ` grace=${o.gracePeriodSeconds}` : ''}${o.dryRun ? ' dry' : ''}`);
    const refusal = this.refusals.get(name)?.shift();
    if (refusal) throw refusal;
    if (!this.pods.some((x) => x.metadata?.name === name)) throw apiError({ status: 404, reason: 'NotFound', serverMessage: `pods "${name}" not found` });
    if (!o.dryRun) this.remove(p);
  }
  async deletePod(p: ApiPod, o: { gracePeriodSeconds?: number; dryRun: boolean }): Promise<void> {
    this.calls.push(`delete ${p.metadata?.name ?? ''}${o.dryRun ? ' dry' : ''}`);
    if (!o.dryRun) this.remove(p);
  }
  async getPod(ns: string, name: string): Promise<ApiPod | undefined> {
    const p = this.pods.find((x) => x.metadata?.name === name && x.metadata?.namespace === ns);
    const left = this.lingering.get(name);
    if (p && left !== undefined && p.metadata?.deletionTimestamp) {
      if (left <= 1) {
        this.lingering.delete(name);
        this.pods = this.pods.filter((x) => x !== p);
      } else this.lingering.set(name, left - 1);
    }
    return p;
  }
}

export class VirtualClock implements Clock {
  t = 1_000_000;
  sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new Error('cancelled');
    this.sleeps.push(ms);
    this.t += ms;
    await Promise.resolve();
  }
}

export function io(clock: Clock, signal = new AbortController().signal): DrainIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (l) => stdout.push(l), err: (l) => stderr.push(l), clock, signal, stdout, stderr };
}
