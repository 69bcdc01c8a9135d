// The upgrade plan: from the cluster's facts, a target minor and the API uses found in the workspace
// and the cluster, the hops one minor at a time (patch, links, command, removed APIs, skew) and the
// cluster-wide checks. Pure: everything it needs comes in, the plan goes out.
import type { ClusterSnapshot } from '../cluster/types';
import { findRelease, type ReleaseData } from '../releases/releaseData';
import { compareMinor, formatMinor, nextMinor, parseMinorVersion, type MinorVersion } from '../versions/kubeVersion';
import { compareKubeVersions } from '../versions/versionOrder';
import { isConfirmedUse, removedApisAt } from './apiUses';
import {
  backupCheck, controlPlaneHealthCheck, cordonedCheck, endOfLifeChecks, nodesReadyCheck, pdbCheck,
  releaseDataCheck, servingCertCheck, singleReplicaCheck, stagingCheck, type CheckOptions,
} from './checks';
import type { ApiUse, ClusterFacts, Readable } from './facts';
import { changelogUrl, hopVersions, upgradeCommand, urgentNotesUrl } from './hops';
import { skewForHop } from './hopSkew';
import { detectPlatform } from './platform';
import type { Hop, PlanCheck, UpgradePlan } from './planTypes';

export interface PlanInput {
  readonly facts: ClusterFacts;
  /** The target minor; undefined means one minor above the cluster. */
  readonly target?: MinorVersion;
  /** API uses found in the workspace's files. */
  readonly workspaceUses: readonly ApiUse[];
  readonly releaseData: ReleaseData;
  readonly options: CheckOptions;
  /** The cluster's name on its platform (EKS/GKE/AKS commands); defaults to the context name. */
  readonly clusterName?: string;
}

export type PlanResult = { readonly ok: true; readonly plan: UpgradePlan } | { readonly ok: false; readonly usage: string };

/** The oldest kube-apiserver version visible: from its pods, else the server's gitVersion. */
export function currentVersion(snapshot: ClusterSnapshot): string | undefined {
  const versions = snapshot.components
    .filter((c) => c.component === 'kube-apiserver' && c.version !== undefined && parseMinorVersion(c.version))
    .map((c) => c.version as string)
    .sort(compareKubeVersions);
  const oldest = versions[0] ?? snapshot.serverVersion.gitVersion;
  return parseMinorVersion(oldest) ? oldest : undefined;
}

/** Checks a requested target against the cluster's minor and the release data; a message when it is not usable. */
export function validateTarget(current: MinorVersion, target: MinorVersion, data: ReleaseData): string | undefined {
  const wanted = formatMinor(target);
  if (compareMinor(target, current) < 0) {
    return `--to ${wanted} is below the cluster's version ${formatMinor(current)}: Kubernetes does not support downgrades`;
  }
  const release = findRelease(data, target);
  if (!release) {
    const newest = data.releases[data.releases.length - 1]?.version ?? '(none)';
    return `--to ${wanted} is not in the release data (${data.origin}, generated ${data.generatedAt}; newest ${newest})`;
  }
  if (!release.releaseDate) return `--to ${wanted} is announced but not released yet`;
  return undefined;
}

function unreadList(facts: ClusterFacts): string[] {
  const out: string[] = [];
  const note = (what: string, r: Readable<unknown>): void => {
    if (!r.ok) out.push(`${what}: ${r.reason}`);
  };
  note('kubeadm-config ConfigMap', facts.kubeadmConfig);
  note('PodDisruptionBudgets', facts.pdbs);
  note('Deployments and StatefulSets', facts.workloads);
  note('Velero backups', facts.backups);
  note('/readyz', facts.readyz);
  note('serving certificate', facts.servingCertNotAfter);
  out.push(...facts.apiUseGaps);
  if (facts.staging) {
    note(`staging ${facts.staging.context} version`, facts.staging.version);
    note(`staging ${facts.staging.context} health`, facts.staging.problems);
  }
  return out;
}

export function computePlan(input: PlanInput): PlanResult {
  const { facts, releaseData: data, options } = input;
  const fromText = currentVersion(facts.snapshot);
  const from = fromText === undefined ? undefined : parseMinorVersion(fromText);
  if (!fromText || !from) {
    return { ok: false, usage: `the cluster's version "${facts.snapshot.serverVersion.gitVersion}" is not a Kubernetes version` };
  }
  const target = input.target ?? nextMinor(from);
  const invalid = validateTarget(from, target, data);
  if (invalid) return { ok: false, usage: invalid };

  const platform = detectPlatform({
    gitVersion: facts.snapshot.serverVersion.gitVersion,
    providerIds: facts.providerIds,
    nodeLabels: facts.snapshot.nodes.map((n) => n.labels),
    kubeadmConfig: facts.kubeadmConfig.ok ? facts.kubeadmConfig.value : undefined,
  });
  const uses = [...input.workspaceUses, ...facts.apiUses];
  const hops: Hop[] = hopVersions(from, target, data).map(({ minor, release }) => ({
    version: formatMinor(minor),
    patch: release?.latestPatch ?? null,
    releaseNotes: changelogUrl(minor),
    urgentUpgradeNotes: urgentNotesUrl(minor),
    upgradeCommand: upgradeCommand(platform.platform, minor, release?.latestPatch, input.clusterName ?? facts.context) ?? null,
    removedApis: removedApisAt(uses, minor),
    skew: skewForHop(facts.snapshot, from, minor),
  }));

  const checks: PlanCheck[] = [
    nodesReadyCheck(facts.snapshot),
    cordonedCheck(facts.snapshot),
    pdbCheck(facts.pdbs),
    singleReplicaCheck(facts.workloads, facts.pdbs),
    ...endOfLifeChecks(from, target, data, options.now, platform.platform),
    releaseDataCheck(data, options.now),
    servingCertCheck(facts.servingCertNotAfter, options),
    backupCheck(facts.backups, options),
    controlPlaneHealthCheck(facts.readyz),
    ...hops.map((h) => stagingCheck(facts.staging, parseMinorVersion(h.version) ?? target)),
  ];
  const blocked = checks.some((c) => c.status === 'fail')
    || hops.some((h) => h.skew.length > 0 || h.removedApis.some(isConfirmedUse));
  const unread = unreadList(facts);
  return {
    ok: true,
    plan: {
      context: facts.context,
      from: fromText.replace(/^v/, ''),
      to: formatMinor(target),
      platform: platform.platform,
      platformEvidence: platform.evidence,
      hops,
      checks,
      blocked,
      incomplete: unread.length + facts.problems.length > 0,
      unread: [...unread, ...facts.problems],
      releaseData: { generatedAt: data.generatedAt, origin: data.origin },
      generatedAt: options.now.toISOString(),
    },
  };
}

/** Blockers of a plan, counted as the cluster row shows them: failing checks, skew entries, confirmed removed APIs. */
export function countBlockers(plan: UpgradePlan): number {
  return plan.checks.filter((c) => c.status === 'fail').length
    + plan.hops.reduce((n, h) => n + h.skew.length + h.removedApis.filter(isConfirmedUse).length, 0);
}
