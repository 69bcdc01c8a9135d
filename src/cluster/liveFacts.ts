// Reads what the upgrade plan needs from a live cluster through a ClusterSession: nodes and
// kube-system pods (skew), PDBs and workloads, Helm release Secrets (decoded and scanned with the
// deprecation engine), the deprecated-API metric, last-applied annotations (a low-confidence hint),
// Velero Backups, /readyz?verbose and the serving certificate. Nothing here throws except a failed
// /version (the cluster cannot be reached): every other gap becomes a reason in the facts.
import * as tls from 'node:tls';
import type { ApiNode, ApiPod } from '../core/cluster/apiTypes';
import { isClusterError } from '../core/cluster/errors';
import { buildSnapshot } from '../core/cluster/fromApi';
import type { RuleSet } from '../core/deprecations/ruleSet';
import { scanText } from '../core/deprecations/scanReport';
import { apiUsesFromFindings, apiUsesFromMetric } from '../core/upgrade/apiUses';
import {
  readable, unreadable, type ApiUse, type BackupFact, type BackupFacts, type ClusterFacts, type LabelSelector, type PdbFact,
  type Readable, type ReadyzCheck, type StagingFacts, type WorkloadFact,
} from '../core/upgrade/facts';
import { decodeHelmRelease } from '../core/upgrade/helmRelease';
import { parseDeprecatedApiMetrics } from '../core/upgrade/metricsText';
import { parseReadyz } from '../core/upgrade/readyz';
import type { MinorVersion } from '../core/versions/kubeVersion';
import type { ClusterSession } from './types';

export interface GatherOptions {
  readonly rules: RuleSet;
  /** Cluster manifests are scanned against this minor (the plan's target). */
  readonly target: MinorVersion;
  readonly kubectlVersion?: string;
  readonly signal?: AbortSignal;
  /** The staging context's session, when one is configured. */
  readonly staging?: ClusterSession;
  /** Time limit of the TLS handshake that reads the serving certificate. */
  readonly tlsTimeoutMs?: number;
}

interface Meta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
}

interface Obj { readonly metadata?: Meta }

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Why a read failed, naming the verb and resource RBAC denied ("forbidden: cannot list secrets in all namespaces"). */
export function reasonOf(e: unknown, verb: string, what: string): string {
  if (isClusterError(e)) {
    const { kind, message } = e.info;
    if (kind === 'forbidden') return `forbidden: cannot ${verb} ${what}`;
    if (kind === 'not-found') return `not found: ${verb} ${what}`;
    return `${kind}: ${message}`;
  }
  return `${verb} ${what}: ${e instanceof Error ? e.message : String(e)}`;
}

function isNotFound(e: unknown): boolean {
  return isClusterError(e) && e.info.kind === 'not-found';
}

async function attempt<T>(verb: string, what: string, run: () => Promise<T>): Promise<Readable<T>> {
  try {
    return readable(await run());
  } catch (e) {
    return unreadable(reasonOf(e, verb, what));
  }
}

/** Items of a list, page by page, each mapped to what is kept (so large lists are not held). */
async function collect<T, U>(session: ClusterSession, path: string, map: (item: T) => U | undefined, o: { signal?: AbortSignal; labelSelector?: string; pageSize?: number }): Promise<U[]> {
  const out: U[] = [];
  await session.listPages<T>(path, { ...o, pageSize: o.pageSize ?? 500 }, (items) => {
    for (const item of items) {
      const kept = map(item);
      if (kept !== undefined) out.push(kept);
    }
  });
  return out;
}

interface LastAppliedHit { readonly namespace: string; readonly name: string; readonly text: string }

function lastAppliedOf(o: Obj): LastAppliedHit | undefined {
  const text = o.metadata?.annotations?.[LAST_APPLIED];
  return text ? { namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '', text } : undefined;
}

function scanLastApplied(hits: readonly LastAppliedHit[], rules: RuleSet, target: MinorVersion): ApiUse[] {
  const uses: ApiUse[] = [];
  for (const hit of hits) {
    const report = scanText(`${hit.namespace}/${hit.name}`, hit.text, rules, { target });
    uses.push(...apiUsesFromFindings(report.findings, () => ({ type: 'lastApplied', namespace: hit.namespace, name: hit.name })));
  }
  return uses;
}

interface ApiPdb extends Obj {
  readonly spec?: { readonly selector?: LabelSelector };
  readonly status?: { readonly disruptionsAllowed?: number; readonly expectedPods?: number };
}

interface ApiWorkload extends Obj {
  readonly spec?: { readonly replicas?: number; readonly template?: { readonly metadata?: Meta } };
}

interface ApiSecret extends Obj {
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
}

interface ApiBackup extends Obj {
  readonly status?: { readonly phase?: string; readonly completionTimestamp?: string; readonly startTimestamp?: string };
}

/** Resources whose last-applied annotations are scanned besides PDBs and workloads (listed at their current version). */
const LAST_APPLIED_LISTS: readonly [string, string][] = [
  ['/apis/networking.k8s.io/v1/ingresses', 'ingresses.networking.k8s.io'],
  ['/apis/batch/v1/cronjobs', 'cronjobs.batch'],
  ['/apis/autoscaling/v2/horizontalpodautoscalers', 'horizontalpodautoscalers.autoscaling'],
  ['/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas', 'flowschemas.flowcontrol.apiserver.k8s.io'],
  ['/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations', 'prioritylevelconfigurations.flowcontrol.apiserver.k8s.io'],
];

async function helmUses(session: ClusterSession, o: GatherOptions, problems: string[]): Promise<Readable<ApiUse[]>> {
  const uses: ApiUse[] = [];
  return attempt('list', 'secrets in all namespaces (Helm releases)', async () => {
    await session.listPages<ApiSecret>('/api/v1/secrets', { labelSelector: 'owner=helm,status=deployed', pageSize: 100, ...(o.signal ? { signal: o.signal } : {}) }, (items) => {
      for (const secret of items) {
        if (secret.type !== undefined && secret.type !== 'helm.sh/release.v1') continue;
        const meta = secret.metadata ?? {};
        const where = `${meta.namespace ?? ''}/${meta.name ?? ''}`;
        const data = secret.data?.['release'];
        const fallback = { namespace: meta.namespace ?? '', name: meta.labels?.['name'] ?? meta.name ?? '', revision: Number(meta.labels?.['version'] ?? 0) };
        if (!data) {
          problems.push(`Helm release Secret ${where} has no data.release`);
          continue;
        }
        const decoded = decodeHelmRelease(data, fallback);
        if (!decoded.ok) {
          problems.push(`Helm release Secret ${where} ${decoded.reason}; its manifest was not scanned`);
          continue;
        }
        const { release } = decoded;
        const report = scanText(`helm:${release.namespace}/${release.name}`, release.manifest, o.rules, { target: o.target });
        uses.push(...apiUsesFromFindings(report.findings, () => ({ type: 'helm', release: release.name, namespace: release.namespace, revision: release.revision })));
      }
    });
    return uses;
  });
}

async function metricUses(session: ClusterSession, o: GatherOptions): Promise<Readable<ApiUse[]>> {
  if (!session.getText) return unreadable('this session cannot read /metrics');
  const getText = session.getText.bind(session);
  return attempt('get', '/metrics', async () => apiUsesFromMetric(parseDeprecatedApiMetrics(await getText('/metrics', o.signal ? { signal: o.signal } : {})), o.rules));
}

async function readyz(session: ClusterSession, signal?: AbortSignal): Promise<Readable<readonly ReadyzCheck[]>> {
  if (!session.getText) return unreadable('this session cannot read /readyz');
  const getText = session.getText.bind(session);
  return attempt('get', '/readyz?verbose', async () => parseReadyz(await getText('/readyz?verbose', signal ? { signal } : {})));
}

async function backups(session: ClusterSession, signal?: AbortSignal): Promise<BackupFacts> {
  try {
    const items = await collect<ApiBackup, BackupFact>(session, '/apis/velero.io/v1/backups', (b) => ({
      name: `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`,
      phase: b.status?.phase ?? 'New',
      ...(b.status?.completionTimestamp ?? b.status?.startTimestamp ?? b.metadata?.creationTimestamp
        ? { time: b.status?.completionTimestamp ?? b.status?.startTimestamp ?? b.metadata?.creationTimestamp } : {}),
    }), signal ? { signal } : {});
    return readable(items);
  } catch (e) {
    return isNotFound(e) ? readable('absent') : unreadable(reasonOf(e, 'list', 'backups.velero.io in all namespaces'));
  }
}

/** The serving certificate's notAfter, read from a TLS handshake (no credentials are sent). */
export function servingCertificate(server: string, timeoutMs = 5000): Promise<Readable<string>> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      resolve(unreadable(`the server address ${server} is not a URL`));
      return;
    }
    if (url.protocol !== 'https:') {
      resolve(unreadable('the server is not reached over https'));
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      // Only the certificate's dates are read; trust is the session's business.
      rejectUnauthorized: false,
      ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }),
      timeout: timeoutMs,
    });
    const done = (r: Readable<string>): void => {
      socket.destroy();
      resolve(r);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      done(cert?.valid_to ? readable(new Date(cert.valid_to).toISOString()) : unreadable('the server sent no certificate'));
    });
    socket.once('timeout', () => done(unreadable(`the TLS handshake with ${url.host} took longer than ${Math.round(timeoutMs / 1000)} s`)));
    socket.once('error', (e) => done(unreadable(`the TLS handshake with ${url.host} failed: ${e.message}`)));
  });
}

async function stagingFacts(session: ClusterSession, signal?: AbortSignal): Promise<StagingFacts> {
  const version = await attempt('get', '/version', async () => (await session.version(signal ? { signal } : {})).gitVersion);
  if (!version.ok) return { context: session.contextName, version, problems: unreadable(version.reason) };
  const notReady = await attempt('list', 'nodes', () => collect<ApiNode, string>(session, '/api/v1/nodes', (n) => {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    return ready === 'True' ? undefined : `node/${n.metadata?.name ?? ''} not Ready`;
  }, signal ? { signal } : {}));
  const health = await readyz(session, signal);
  const problems: Readable<readonly string[]> = !notReady.ok ? notReady
    : !health.ok ? readable(notReady.value)
      : readable([...notReady.value, ...health.value.filter((c) => !c.ok).map((c) => `/readyz ${c.name} failing`)]);
  return { context: session.contextName, version, problems };
}

/** Everything the plan needs from the cluster. Throws the ClusterError of /version when the cluster cannot be reached. */
export async function gatherClusterFacts(session: ClusterSession, o: GatherOptions): Promise<ClusterFacts> {
  const signal = o.signal;
  const so = signal ? { signal } : {};
  const version = await session.version(so);
  const problems: string[] = [];
  const lastApplied: LastAppliedHit[] = [];
  const providerIds: string[] = [];

  const [nodes, systemPods, kubeadmConfig, pdbs, deployments, statefulsets, helm, metrics, backupFacts, health, cert, otherLastApplied, staging] = await Promise.all([
    attempt('list', 'nodes', () => collect<ApiNode & { spec?: { providerID?: string } }, ApiNode>(session, '/api/v1/nodes', (n) => {
      if (n.spec?.providerID && providerIds.length < 50) providerIds.push(n.spec.providerID);
      return n;
    }, so)),
    attempt('list', 'pods in namespace kube-system', () => collect<ApiPod, ApiPod>(session, '/api/v1/namespaces/kube-system/pods', (p) => p, so)),
    (async (): Promise<Readable<boolean>> => {
      try {
        await session.get('/api/v1/namespaces/kube-system/configmaps/kubeadm-config', so);
        return readable(true);
      } catch (e) {
        return isNotFound(e) ? readable(false) : unreadable(reasonOf(e, 'get', 'configmaps/kubeadm-config in namespace kube-system'));
      }
    })(),
    attempt('list', 'poddisruptionbudgets.policy in all namespaces', () => collect<ApiPdb, PdbFact>(session, '/apis/policy/v1/poddisruptionbudgets', (p) => {
      const hit = lastAppliedOf(p);
      if (hit) lastApplied.push(hit);
      return {
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata?.name ?? '',
        disruptionsAllowed: p.status?.disruptionsAllowed ?? 0,
        expectedPods: p.status?.expectedPods ?? 0,
        ...(p.spec?.selector ? { selector: p.spec.selector } : {}),
      };
    }, so)),
    attempt('list', 'deployments.apps in all namespaces', () => collect<ApiWorkload, WorkloadFact>(session, '/apis/apps/v1/deployments', (w) => workload('Deployment', w, lastApplied), so)),
    attempt('list', 'statefulsets.apps in all namespaces', () => collect<ApiWorkload, WorkloadFact>(session, '/apis/apps/v1/statefulsets', (w) => workload('StatefulSet', w, lastApplied), so)),
    helmUses(session, o, problems),
    metricUses(session, o),
    backups(session, signal),
    readyz(session, signal),
    servingCertificate(session.server, o.tlsTimeoutMs),
    Promise.all(LAST_APPLIED_LISTS.map(async ([path, what]) => {
      try {
        await collect<Obj, undefined>(session, path, (x) => {
          const hit = lastAppliedOf(x);
          if (hit) lastApplied.push(hit);
          return undefined;
        }, so);
        return undefined;
      } catch (e) {
        return isNotFound(e) ? undefined : reasonOf(e, 'list', `${what} in all namespaces`);
      }
    })),
    o.staging ? stagingFacts(o.staging, signal) : Promise.resolve(undefined),
  ]);

  const snapshot = buildSnapshot({
    version,
    nodes: nodes.ok ? nodes.value : [],
    systemPods: systemPods.ok ? systemPods.value : [],
    ...(o.kubectlVersion ? { kubectlVersion: o.kubectlVersion } : {}),
  });
  if (!nodes.ok) problems.push(`nodes: ${nodes.reason} (kubelet skew and node checks are not known)`);
  if (!systemPods.ok) problems.push(`kube-system pods: ${systemPods.reason} (control-plane component versions come from /version only)`);

  const apiUseGaps: string[] = [];
  const apiUses: ApiUse[] = [];
  if (helm.ok) apiUses.push(...helm.value);
  else apiUseGaps.push(`Helm releases: ${helm.reason}`);
  if (metrics.ok) apiUses.push(...metrics.value);
  else apiUseGaps.push(`apiserver_requested_deprecated_apis metric: ${metrics.reason}`);
  for (const gap of otherLastApplied) if (gap) apiUseGaps.push(`last-applied annotations: ${gap}`);
  apiUses.push(...scanLastApplied(lastApplied, o.rules, o.target));

  const workloads: Readable<readonly WorkloadFact[]> = !deployments.ok ? deployments : !statefulsets.ok ? statefulsets : readable([...deployments.value, ...statefulsets.value]);
  return {
    context: session.contextName,
    snapshot,
    providerIds,
    kubeadmConfig,
    pdbs,
    workloads,
    backups: backupFacts,
    readyz: health,
    servingCertNotAfter: cert,
    apiUses,
    apiUseGaps,
    problems,
    ...(staging ? { staging } : {}),
  };
}

function workload(kind: WorkloadFact['kind'], w: ApiWorkload, lastApplied: LastAppliedHit[]): WorkloadFact {
  const hit = lastAppliedOf(w);
  if (hit) lastApplied.push(hit);
  return {
    kind,
    namespace: w.metadata?.namespace ?? '',
    name: w.metadata?.name ?? '',
    replicas: w.spec?.replicas ?? 1,
    podLabels: w.spec?.template?.metadata?.labels ?? {},
  };
}
