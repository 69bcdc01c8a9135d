// Cluster-wide checks before an upgrade. Each says pass, warn, fail or unknown, in one line, with the
// evidence it rests on; data the cluster did not show gives `unknown` with the reason, never a pass.
import type { ClusterSnapshot } from '../cluster/types';
import { findRelease, isPast, stalenessWarning, type ReleaseData } from '../releases/releaseData';
import { compareMinor, formatMinor, parseMinorVersion, type MinorVersion } from '../versions/kubeVersion';
import type { BackupFacts, LabelSelector, PdbFact, Readable, ReadyzCheck, StagingFacts, WorkloadFact } from './facts';
import type { PlanCheck } from './planTypes';

function dayCount(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

export interface CheckOptions {
  readonly now: Date;
  /** kubeMaintenance.backup.maxAgeHours */
  readonly backupMaxAgeHours: number;
  /** A serving certificate expiring within this many days warns; within 7 fails. */
  readonly certWarnDays: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Names listed in a check's evidence; the rest is counted. */
const EVIDENCE_LIMIT = 20;

function listed(items: readonly string[]): string[] {
  return items.length <= EVIDENCE_LIMIT ? [...items] : [...items.slice(0, EVIDENCE_LIMIT), `… and ${items.length - EVIDENCE_LIMIT} more`];
}

function names(items: readonly string[]): string {
  const shown = items.slice(0, 3).join(', ');
  return items.length > 3 ? `${shown} and ${items.length - 3} more` : shown;
}

function check(id: string, title: string, status: PlanCheck['status'], detail: string, evidence?: readonly string[]): PlanCheck {
  return evidence && evidence.length > 0 ? { id, title, status, detail, evidence } : { id, title, status, detail };
}

export function nodesReadyCheck(snapshot: ClusterSnapshot): PlanCheck {
  const title = 'Nodes Ready';
  const notReady = snapshot.nodes.filter((n) => n.ready !== 'True');
  if (snapshot.nodes.length === 0) return check('nodes-ready', title, 'unknown', 'no nodes are visible');
  if (notReady.length === 0) return check('nodes-ready', title, 'pass', `all ${snapshot.nodes.length} nodes are Ready`);
  return check('nodes-ready', title, 'fail', `${notReady.length} of ${snapshot.nodes.length} nodes are not Ready: ${names(notReady.map((n) => n.name))}`,
    listed(notReady.map((n) => `node/${n.name}: Ready=${n.ready}${n.readyReason ? ` (${n.readyReason})` : ''}`)));
}

export function cordonedCheck(snapshot: ClusterSnapshot): PlanCheck {
  const title = 'Cordoned nodes';
  const cordoned = snapshot.nodes.filter((n) => n.unschedulable);
  if (cordoned.length === 0) return check('cordoned-nodes', title, 'pass', 'no node is cordoned');
  return check('cordoned-nodes', title, 'warn', `${cordoned.length} node${cordoned.length === 1 ? ' is' : 's are'} cordoned (capacity is short while others drain): ${names(cordoned.map((n) => n.name))}`,
    listed(cordoned.map((n) => `node/${n.name}`)));
}

export function pdbCheck(pdbs: Readable<readonly PdbFact[]>): PlanCheck {
  const title = 'PodDisruptionBudgets allow evictions';
  if (!pdbs.ok) return check('pdb-disruptions', title, 'unknown', pdbs.reason);
  const blocking = pdbs.value.filter((p) => p.disruptionsAllowed <= 0 && p.expectedPods > 0);
  if (blocking.length === 0) return check('pdb-disruptions', title, 'pass', `${pdbs.value.length} PodDisruptionBudget${pdbs.value.length === 1 ? '' : 's'}, each allows at least one disruption`);
  return check('pdb-disruptions', title, 'fail', `${blocking.length} PodDisruptionBudget${blocking.length === 1 ? ' allows' : 's allow'} 0 disruptions now, so draining their nodes will block: ${names(blocking.map((p) => `${p.namespace}/${p.name}`))}`,
    listed(blocking.map((p) => `pdb/${p.namespace}/${p.name}: ${p.expectedPods} pods, 0 disruptions allowed`)));
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const { matchLabels = {}, matchExpressions = [] } = selector;
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return true; // policy/v1: an empty selector selects every pod
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  for (const e of matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export function singleReplicaCheck(workloads: Readable<readonly WorkloadFact[]>, pdbs: Readable<readonly PdbFact[]>): PlanCheck {
  const title = 'Single-replica workloads';
  if (!workloads.ok) return check('single-replica', title, 'unknown', workloads.reason);
  if (!pdbs.ok) return check('single-replica', title, 'unknown', `cannot tell which are covered by a PodDisruptionBudget: ${pdbs.reason}`);
  const exposed = workloads.value.filter((w) => w.replicas === 1
    && !pdbs.value.some((p) => p.namespace === w.namespace && selectorMatches(p.selector, w.podLabels)));
  if (exposed.length === 0) return check('single-replica', title, 'pass', 'every single-replica Deployment and StatefulSet has a PodDisruptionBudget (or there are none)');
  return check('single-replica', title, 'warn', `${exposed.length} workload${exposed.length === 1 ? ' runs' : 's run'} one replica without a PodDisruptionBudget: downtime while its node drains: ${names(exposed.map((w) => `${w.namespace}/${w.name}`))}`,
    listed(exposed.map((w) => `${w.kind.toLowerCase()}/${w.namespace}/${w.name}`)));
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = { eks: 'Amazon EKS', gke: 'GKE', aks: 'AKS' };

/** The platform's own end of (standard) support for a minor, when the data has its window. */
function platformEnd(data: ReleaseData, platform: string | undefined, version: string): { date: string; who: string; extended?: string } | undefined {
  const window = platform ? data.platforms[platform]?.windows.find((w) => w.version === version) : undefined;
  if (!window?.endOfStandardSupport || !platform) return undefined;
  return { date: window.endOfStandardSupport, who: PLATFORM_NAMES[platform] ?? platform, ...(window.endOfExtendedSupport ? { extended: window.endOfExtendedSupport } : {}) };
}

function eolCheck(id: string, title: string, minor: MinorVersion | undefined, data: ReleaseData, now: Date, isTarget: boolean, platform?: string): PlanCheck {
  if (!minor) return check(id, title, 'unknown', 'the version is not known');
  const release = findRelease(data, minor);
  const version = formatMinor(minor);
  if (!release) return check(id, title, 'unknown', `${version} is not in the release data (${data.origin}, generated ${data.generatedAt})`);
  const managed = platformEnd(data, platform, version);
  const end = managed?.date ?? release.endOfLife;
  if (!end) return check(id, title, 'unknown', `the release data has no end-of-life date for ${version}`);
  const day = now.toISOString().slice(0, 10);
  const whose = managed ? `${managed.who} standard support for ${version}` : `${version}`;
  const extended = managed?.extended ? ` (extended support, at extra cost, until ${managed.extended})` : '';
  if (isPast(end, now)) {
    return check(id, title, isTarget ? 'fail' : 'warn', `${whose} ${managed ? 'ended' : 'reached end of life'} on ${end}${managed ? extended : ': no more security fixes'}${isTarget ? '; pick a newer target' : ''}`, [`today ${day}`]);
  }
  const daysLeft = Math.ceil((Date.parse(`${end}T00:00:00Z`) - now.getTime()) / DAY_MS);
  if (!isTarget && daysLeft <= 60) return check(id, title, 'warn', `${whose} ${managed ? 'ends' : 'reaches end of life'} on ${end} (in ${dayCount(daysLeft)})`);
  return check(id, title, 'pass', `${whose} ${managed ? 'lasts' : 'is supported'} until ${end}`);
}

/** `platform` picks the managed platform's support window when the data has one (EKS, GKE). */
export function endOfLifeChecks(current: MinorVersion | undefined, target: MinorVersion, data: ReleaseData, now: Date, platform?: string): PlanCheck[] {
  return [
    eolCheck('eol-current', 'Current version supported', current, data, now, false, platform),
    eolCheck('eol-target', 'Target version supported', target, data, now, true, platform),
  ];
}

export function releaseDataCheck(data: ReleaseData, now: Date): PlanCheck {
  const warning = stalenessWarning(data, now);
  const title = 'Release data up to date';
  return warning
    ? check('release-data', title, 'warn', warning)
    : check('release-data', title, 'pass', `release data generated ${data.generatedAt} (${data.origin})`);
}

export function servingCertCheck(notAfter: Readable<string>, options: CheckOptions): PlanCheck {
  const title = 'API server serving certificate';
  if (!notAfter.ok) return check('apiserver-certificate', title, 'unknown', notAfter.reason);
  const end = Date.parse(notAfter.value);
  if (Number.isNaN(end)) return check('apiserver-certificate', title, 'unknown', `unreadable expiry "${notAfter.value}"`);
  const days = (end - options.now.getTime()) / DAY_MS;
  const when = new Date(end).toISOString();
  if (days <= 0) return check('apiserver-certificate', title, 'fail', `the serving certificate expired on ${when}`);
  if (days <= 7) return check('apiserver-certificate', title, 'fail', `the serving certificate expires in ${dayCount(Math.floor(days))} (${when}): renew it before upgrading`);
  if (days <= options.certWarnDays) return check('apiserver-certificate', title, 'warn', `the serving certificate expires in ${dayCount(Math.floor(days))} (${when})`);
  return check('apiserver-certificate', title, 'pass', `the serving certificate is valid until ${when}`);
}

const FAILED_PHASES = new Set(['Failed', 'PartiallyFailed', 'FailedValidation']);

export function backupCheck(backups: BackupFacts, options: CheckOptions): PlanCheck {
  const title = 'Recent backup';
  if (!backups.ok) return check('backup', title, 'unknown', `${backups.reason}; confirm your own backup`);
  if (backups.value === 'absent') return check('backup', title, 'unknown', 'Velero is not installed (no backups.velero.io resource): confirm your own backup');
  const dated = backups.value.filter((b) => b.time !== undefined && !Number.isNaN(Date.parse(b.time)))
    .sort((a, b) => Date.parse(b.time ?? '') - Date.parse(a.time ?? ''));
  const finished = dated.filter((b) => b.phase === 'Completed' || FAILED_PHASES.has(b.phase));
  if (finished.length === 0) return check('backup', title, 'unknown', `no finished Velero backup (${backups.value.length} found): confirm your own backup`);
  const newest = finished[0];
  const hours = (options.now.getTime() - Date.parse(newest.time ?? '')) / HOUR_MS;
  const age = hours < 48 ? `${Math.max(0, Math.round(hours))} h` : `${Math.round(hours / 24)} days`;
  if (FAILED_PHASES.has(newest.phase)) {
    return check('backup', title, 'fail', `the newest Velero backup ${newest.name} ended ${newest.phase} ${age} ago`, [`backup/${newest.name}: ${newest.phase} at ${newest.time}`]);
  }
  if (hours > options.backupMaxAgeHours) {
    return check('backup', title, 'fail', `the newest completed Velero backup ${newest.name} is ${age} old (limit ${options.backupMaxAgeHours} h)`, [`backup/${newest.name}: Completed at ${newest.time}`]);
  }
  return check('backup', title, 'pass', `Velero backup ${newest.name} completed ${age} ago`, [`backup/${newest.name}: Completed at ${newest.time}`]);
}

export function controlPlaneHealthCheck(readyz: Readable<readonly ReadyzCheck[]>): PlanCheck {
  const title = 'Control plane healthy (/readyz)';
  if (!readyz.ok) return check('control-plane-health', title, 'unknown', readyz.reason);
  const failed = readyz.value.filter((c) => !c.ok);
  if (readyz.value.length === 0) return check('control-plane-health', title, 'unknown', '/readyz answered without checks');
  if (failed.length === 0) return check('control-plane-health', title, 'pass', `/readyz: ${readyz.value.length} check${readyz.value.length === 1 ? '' : 's'} ok`);
  return check('control-plane-health', title, 'fail', `/readyz: ${failed.length} check${failed.length === 1 ? '' : 's'} failing: ${names(failed.map((c) => c.name))}`, listed(failed.map((c) => `[-]${c.name}`)));
}

/** One check per hop: the staging cluster is at the hop's version (or newer) and healthy. */
export function stagingCheck(staging: StagingFacts | undefined, hop: MinorVersion): PlanCheck {
  const id = `staging-${formatMinor(hop)}`;
  const title = `Staging already at ${formatMinor(hop)}`;
  if (!staging) return check(id, title, 'unknown', 'no staging context is configured for this context (kubeMaintenance.stagingContexts, or --staging)');
  if (!staging.version.ok) return check(id, title, 'unknown', `staging context ${staging.context}: ${staging.version.reason}`);
  const version = parseMinorVersion(staging.version.value);
  if (!version) return check(id, title, 'unknown', `staging context ${staging.context} reports an unreadable version "${staging.version.value}"`);
  if (compareMinor(version, hop) < 0) return check(id, title, 'warn', `staging context ${staging.context} is at ${staging.version.value}: try ${formatMinor(hop)} there first`);
  if (!staging.problems.ok) return check(id, title, 'unknown', `staging context ${staging.context} is at ${staging.version.value}, health unknown: ${staging.problems.reason}`);
  if (staging.problems.value.length > 0) {
    return check(id, title, 'warn', `staging context ${staging.context} is at ${staging.version.value} but not healthy: ${names(staging.problems.value)}`, listed(staging.problems.value));
  }
  return check(id, title, 'pass', `staging context ${staging.context} runs ${staging.version.value} and is healthy`);
}
