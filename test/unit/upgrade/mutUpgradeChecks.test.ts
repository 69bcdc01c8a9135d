import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backupCheck, controlPlaneHealthCheck, cordonedCheck, endOfLifeChecks, nodesReadyCheck, pdbCheck, releaseDataCheck, selectorMatches,
  servingCertCheck, singleReplicaCheck, stagingCheck,
} from '../../../src/core/upgrade/checks';
import { readable, unreadable, type PdbFact, type WorkloadFact } from '../../../src/core/upgrade/facts';
import { node, snapshot, v } from '../versions/skewFixtures';
import { NOW, OPTIONS, smallReleaseData } from './planFixtures';

const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const m = (minor: number) => ({ major: 1, minor });
const notReady = (name: string) => ({ ...node(name, v(31)), ready: 'False' as const });
const pdb = (name: string, allowed: number): PdbFact => ({ namespace: 'db', name, disruptionsAllowed: allowed, expectedPods: 2, selector: { matchLabels: { app: name } } });
const single = (name: string): WorkloadFact => ({ kind: 'StatefulSet', namespace: 'db', name, replicas: 1, podLabels: { app: name } });

describe('checks: long lists are shortened', () => {
  it('names three nodes in the detail and counts the rest; the evidence lists twenty and counts the rest', () => {
    const nodes = Array.from({ length: 23 }, (_, i) => notReady(`n${String(i + 1).padStart(2, '0')}`));
    const c = nodesReadyCheck(snapshot({ nodes }));
    assert.equal(c.status, 'fail');
    assert.equal(c.detail, '23 of 23 nodes are not Ready: n01, n02, n03 and 20 more');
    assert.equal(c.evidence?.length, 21);
    assert.equal(c.evidence?.[0], 'node/n01: Ready=False');
    assert.equal(c.evidence?.[19], 'node/n20: Ready=False');
    assert.equal(c.evidence?.[20], '… and 3 more');
  });

  it('lists exactly twenty without a count, and exactly three names without "more"', () => {
    const twenty = nodesReadyCheck(snapshot({ nodes: Array.from({ length: 20 }, (_, i) => notReady(`n${i}`)) }));
    assert.equal(twenty.evidence?.length, 20);
    assert.ok(twenty.evidence?.every((e) => e.startsWith('node/')));
    const three = nodesReadyCheck(snapshot({ nodes: [notReady('a'), notReady('b'), notReady('c')] }));
    assert.equal(three.detail, '3 of 3 nodes are not Ready: a, b, c');
  });
});

describe('checks: plurals an operator reads', () => {
  it('counts cordoned nodes in the plural', () => {
    const c = cordonedCheck(snapshot({ nodes: [{ ...node('a', v(31)), unschedulable: true }, { ...node('b', v(31)), unschedulable: true }] }));
    assert.equal(c.detail, '2 nodes are cordoned (capacity is short while others drain): a, b');
    assert.deepEqual(c.evidence, ['node/a', 'node/b']);
  });

  it('counts PodDisruptionBudgets in the singular and the plural', () => {
    assert.equal(pdbCheck(readable([pdb('pg', 1)])).detail, '1 PodDisruptionBudget, each allows at least one disruption');
    assert.equal(pdbCheck(readable([pdb('pg', 1), pdb('redis', 2)])).detail, '2 PodDisruptionBudgets, each allows at least one disruption');
    const c = pdbCheck(readable([pdb('pg', 0), pdb('redis', 0)]));
    assert.equal(c.detail, '2 PodDisruptionBudgets allow 0 disruptions now, so draining their nodes will block: db/pg, db/redis');
    assert.deepEqual(c.evidence, ['pdb/db/pg: 2 pods, 0 disruptions allowed', 'pdb/db/redis: 2 pods, 0 disruptions allowed']);
  });

  it('counts exposed single-replica workloads in the plural, with their kind in the evidence', () => {
    const c = singleReplicaCheck(readable([single('pg'), single('redis')]), readable([]));
    assert.equal(c.status, 'warn');
    assert.equal(c.detail, '2 workloads run one replica without a PodDisruptionBudget: downtime while its node drains: db/pg, db/redis');
    assert.deepEqual(c.evidence, ['statefulset/db/pg', 'statefulset/db/redis']);
  });

  it('counts failing /readyz checks in the plural with the [-] marks of the endpoint', () => {
    const c = controlPlaneHealthCheck(readable([{ name: 'etcd', ok: false }, { name: 'informer-sync', ok: false }, { name: 'ping', ok: true }]));
    assert.equal(c.detail, '/readyz: 2 checks failing: etcd, informer-sync');
    assert.deepEqual(c.evidence, ['[-]etcd', '[-]informer-sync']);
    assert.equal(controlPlaneHealthCheck(readable([{ name: 'ping', ok: true }, { name: 'etcd', ok: true }])).detail, '/readyz: 2 checks ok');
    assert.equal(controlPlaneHealthCheck(readable([{ name: 'ping', ok: true }])).detail, '/readyz: 1 check ok');
  });

  it('does not call an empty /readyz answer healthy', () => {
    const c = controlPlaneHealthCheck(readable([]));
    assert.equal(c.status, 'unknown');
    assert.equal(c.detail, '/readyz answered without checks');
  });
});

describe('checks: label selectors of PodDisruptionBudgets', () => {
  const labels = { app: 'pg', tier: 'db' };
  it('In needs the key with one of the values', () => {
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['cache'] }] }, labels), false);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['db'] }] }, labels), false);
  });
  it('DoesNotExist refuses a pod with the key', () => {
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels), false);
  });
  it('an unknown operator selects nothing (the apiserver refuses such a selector)', () => {
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, labels), false);
  });
  it('a PodDisruptionBudget whose selector does not match leaves the workload exposed', () => {
    const guarded: PdbFact = { namespace: 'db', name: 'other', disruptionsAllowed: 1, expectedPods: 1, selector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } };
    const w: WorkloadFact = { kind: 'Deployment', namespace: 'db', name: 'pg', replicas: 1, podLabels: labels };
    assert.equal(singleReplicaCheck(readable([w]), readable([guarded])).status, 'warn');
  });
});

describe('checks: unknown rather than a guess', () => {
  it('end of life: a version that is not known, and one the data does not list', () => {
    const data = smallReleaseData();
    const [current] = endOfLifeChecks(undefined, m(33), data, NOW);
    assert.equal(current.status, 'unknown');
    assert.equal(current.detail, 'the version is not known');
    const [, target] = endOfLifeChecks(m(33), m(40), data, NOW);
    assert.equal(target.status, 'unknown');
    assert.equal(target.detail, '1.40 is not in the release data (test data, generated 2026-12-01)');
    assert.equal(endOfLifeChecks(m(35), m(35), data, NOW)[0].detail, 'the release data has no end-of-life date for 1.35');
  });

  it('end of life wording: past, soon and later', () => {
    const data = smallReleaseData();
    const [current, target] = endOfLifeChecks(m(31), m(31), data, NOW);
    assert.equal(current.detail, '1.31 reached end of life on 2025-11-11: no more security fixes');
    assert.deepEqual(current.evidence, ['today 2026-12-01']);
    assert.equal(target.detail, '1.31 reached end of life on 2025-11-11: no more security fixes; pick a newer target');
    assert.equal(endOfLifeChecks(m(33), m(33), data, NOW)[0].detail, '1.33 reaches end of life on 2026-12-02 (in 1 day)');
    assert.equal(endOfLifeChecks(m(34), m(34), data, NOW)[1].detail, '1.34 is supported until 2027-10-27');
  });

  it('serving certificate: an unreadable expiry', () => {
    assert.deepEqual(servingCertCheck(readable('next spring'), OPTIONS), { id: 'apiserver-certificate', title: 'API server serving certificate', status: 'unknown', detail: 'unreadable expiry "next spring"' });
  });

  it('staging: an unreadable version and unknown health', () => {
    const bad = stagingCheck({ context: 'stg', version: readable('banana'), problems: readable([]) }, m(33));
    assert.equal(bad.status, 'unknown');
    assert.equal(bad.detail, 'staging context stg reports an unreadable version "banana"');
    const health = stagingCheck({ context: 'stg', version: readable('v1.33.1'), problems: unreadable('forbidden: cannot list nodes') }, m(33));
    assert.equal(health.status, 'unknown');
    assert.equal(health.detail, 'staging context stg is at v1.33.1, health unknown: forbidden: cannot list nodes');
    assert.equal(health.title, 'Staging already at 1.33');
    assert.equal(health.id, 'staging-1.33');
  });
});

describe('checks: backup age', () => {
  it('gives an age of two days or more in days', () => {
    const c = backupCheck(readable([{ name: 'weekly', phase: 'Completed', time: hoursAgo(72) }]), OPTIONS);
    assert.equal(c.status, 'fail');
    assert.equal(c.detail, 'the newest completed Velero backup weekly is 3 days old (limit 24 h)');
    assert.deepEqual(c.evidence, [`backup/weekly: Completed at ${hoursAgo(72)}`]);
    assert.equal(backupCheck(readable([{ name: 'b', phase: 'Completed', time: hoursAgo(47) }]), { ...OPTIONS, backupMaxAgeHours: 48 }).detail, 'Velero backup b completed 47 h ago');
  });

  it('picks the newest finished backup among several, whatever their order', () => {
    const c = backupCheck(readable([
      { name: 'older', phase: 'Completed', time: hoursAgo(30) },
      { name: 'newest', phase: 'Completed', time: hoursAgo(2) },
      { name: 'middle', phase: 'PartiallyFailed', time: hoursAgo(5) },
      { name: 'running', phase: 'InProgress', time: hoursAgo(1) },
      { name: 'undated', phase: 'Completed' },
    ]), OPTIONS);
    assert.equal(c.detail, 'Velero backup newest completed 2 h ago');
  });
});

describe('checks: the ids and titles of the plan JSON and report', () => {
  it('names each cluster-wide check', () => {
    const data = smallReleaseData();
    const snap = snapshot({ nodes: [node('a', v(33))] });
    const all = [
      nodesReadyCheck(snap), cordonedCheck(snap), pdbCheck(readable([])), singleReplicaCheck(readable([]), readable([])),
      ...endOfLifeChecks(m(33), m(34), data, NOW), releaseDataCheck(data, NOW),
      servingCertCheck(readable('2027-06-01T00:00:00Z'), OPTIONS), backupCheck(readable('absent'), OPTIONS), controlPlaneHealthCheck(readable([])),
    ];
    assert.deepEqual(all.map((c) => [c.id, c.title]), [
      ['nodes-ready', 'Nodes Ready'],
      ['cordoned-nodes', 'Cordoned nodes'],
      ['pdb-disruptions', 'PodDisruptionBudgets allow evictions'],
      ['single-replica', 'Single-replica workloads'],
      ['eol-current', 'Current version supported'],
      ['eol-target', 'Target version supported'],
      ['release-data', 'Release data up to date'],
      ['apiserver-certificate', 'API server serving certificate'],
      ['backup', 'Recent backup'],
      ['control-plane-health', 'Control plane healthy (/readyz)'],
    ]);
  });

  it('says why in the passing and unknown details', () => {
    assert.equal(nodesReadyCheck(snapshot({ nodes: [node('a', v(33)), node('b', v(33))] })).detail, 'all 2 nodes are Ready');
    assert.equal(nodesReadyCheck(snapshot({})).detail, 'no nodes are visible');
    assert.equal(cordonedCheck(snapshot({ nodes: [node('a', v(33))] })).detail, 'no node is cordoned');
    assert.equal(singleReplicaCheck(readable([]), readable([])).detail, 'every single-replica Deployment and StatefulSet has a PodDisruptionBudget (or there are none)');
    assert.equal(singleReplicaCheck(readable([single('pg')]), unreadable('forbidden')).detail, 'cannot tell which are covered by a PodDisruptionBudget: forbidden');
    assert.equal(servingCertCheck(unreadable('the TLS handshake failed'), OPTIONS).detail, 'the TLS handshake failed');
    assert.equal(backupCheck(unreadable('forbidden'), OPTIONS).detail, 'forbidden; confirm your own backup');
    assert.equal(releaseDataCheck(smallReleaseData(), NOW).detail, 'release data generated 2026-12-01 (test data)');
    const stale = releaseDataCheck(smallReleaseData('2026-01-01'), NOW);
    assert.equal(stale.status, 'warn');
    assert.match(stale.detail, /^The Kubernetes release data \(test data, generated 2026-01-01\) is 334 days old/);
  });
});

describe('checks: selectors the way the apiserver reads them', () => {
  it('NotIn and Exists select a pod without the key and with it respectively', () => {
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, { app: 'pg' }), true);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, { zone: 'b' }), true);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, { app: 'pg' }), true);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['pg', 'x'] }] }, { app: 'pg' }), true);
  });

  it('a PodDisruptionBudget covers only workloads of its own namespace', () => {
    const elsewhere: PdbFact = { ...pdb('pg', 1), namespace: 'other' };
    assert.equal(singleReplicaCheck(readable([single('pg')]), readable([elsewhere])).status, 'warn');
  });
});

describe('checks: serving certificate boundaries', () => {
  const at = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();
  it('fails at expiry and within 7 days, warns within certWarnDays, passes after', () => {
    assert.deepEqual(servingCertCheck(readable(at(0)), OPTIONS), { id: 'apiserver-certificate', title: 'API server serving certificate', status: 'fail', detail: `the serving certificate expired on ${at(0)}` });
    const seven = servingCertCheck(readable(at(7)), OPTIONS);
    assert.equal(seven.status, 'fail');
    assert.equal(seven.detail, `the serving certificate expires in 7 days (${at(7)}): renew it before upgrading`);
    const thirty = servingCertCheck(readable(at(30)), OPTIONS);
    assert.equal(thirty.status, 'warn');
    assert.equal(thirty.detail, `the serving certificate expires in 30 days (${at(30)})`);
    const later = servingCertCheck(readable(at(30.5)), OPTIONS);
    assert.equal(later.status, 'pass');
    assert.equal(later.detail, `the serving certificate is valid until ${at(30.5)}`);
  });
});

describe('checks: failed backups', () => {
  it('fails when the newest finished backup PartiallyFailed or FailedValidation', () => {
    for (const phase of ['PartiallyFailed', 'FailedValidation']) {
      const c = backupCheck(readable([{ name: 'old', phase: 'Completed', time: hoursAgo(20) }, { name: 'new', phase, time: hoursAgo(3) }]), OPTIONS);
      assert.equal(c.status, 'fail', phase);
      assert.equal(c.detail, `the newest Velero backup new ended ${phase} 3 h ago`);
      assert.deepEqual(c.evidence, [`backup/new: ${phase} at ${hoursAgo(3)}`]);
    }
  });
});

describe('checks: end of life on the day boundaries and managed windows', () => {
  const data = smallReleaseData();
  it('warns on a current version 60 days before its end of life, passes at 61', () => {
    const at60 = new Date(Date.parse('2027-10-27T00:00:00Z') - 60 * 86_400_000);
    const [current] = endOfLifeChecks(m(34), m(34), data, at60);
    assert.equal(current.status, 'warn');
    assert.equal(current.detail, '1.34 reaches end of life on 2027-10-27 (in 60 days)');
    const at61 = new Date(at60.getTime() - 86_400_000);
    assert.equal(endOfLifeChecks(m(34), m(34), data, at61)[0].status, 'pass');
  });

  it('words a managed window: ended without extended support, ends soon, lasts', () => {
    const windows = [
      { version: '1.32', released: '2025-01-01', endOfStandardSupport: '2026-03-01' },
      { version: '1.33', released: '2025-05-01', endOfStandardSupport: '2026-12-11' },
      { version: '1.34', released: '2025-09-01', endOfStandardSupport: '2027-09-01' },
    ];
    const managed = { ...data, platforms: { aks: { windows }, gke: { windows } } };
    const [past, target] = endOfLifeChecks(m(32), m(34), managed, NOW, 'aks');
    assert.equal(past.detail, 'AKS standard support for 1.32 ended on 2026-03-01');
    assert.equal(target.detail, 'AKS standard support for 1.34 lasts until 2027-09-01');
    assert.equal(target.status, 'pass');
    const [soon] = endOfLifeChecks(m(33), m(34), managed, NOW, 'gke');
    assert.equal(soon.detail, 'GKE standard support for 1.33 ends on 2026-12-11 (in 10 days)');
    const [pastTarget, failed] = endOfLifeChecks(m(32), m(32), managed, NOW, 'gke');
    assert.equal(pastTarget.status, 'warn');
    assert.equal(failed.detail, 'GKE standard support for 1.32 ended on 2026-03-01; pick a newer target');
    assert.equal(failed.status, 'fail');
  });
});

describe('checks: every verdict keeps its check id', () => {
  it('unknown, warn and fail results carry the same id as the passing one', () => {
    const ids = [
      nodesReadyCheck(snapshot({})), nodesReadyCheck(snapshot({ nodes: [notReady('a')] })),
      cordonedCheck(snapshot({ nodes: [{ ...node('a', v(31)), unschedulable: true }] })),
      pdbCheck(unreadable('x')), pdbCheck(readable([pdb('pg', 0)])),
      singleReplicaCheck(unreadable('x'), readable([])), singleReplicaCheck(readable([single('pg')]), unreadable('x')), singleReplicaCheck(readable([single('pg')]), readable([])),
      controlPlaneHealthCheck(unreadable('x')), controlPlaneHealthCheck(readable([{ name: 'etcd', ok: false }])),
      backupCheck(readable([]), OPTIONS),
      releaseDataCheck(smallReleaseData('2026-01-01'), NOW),
      servingCertCheck(unreadable('x'), OPTIONS), servingCertCheck(readable(hoursAgo(-24 * 5)), OPTIONS), servingCertCheck(readable(hoursAgo(-24 * 20)), OPTIONS),
    ].map((c) => `${c.id} ${c.status}`);
    assert.deepEqual(ids, [
      'nodes-ready unknown', 'nodes-ready fail', 'cordoned-nodes warn', 'pdb-disruptions unknown', 'pdb-disruptions fail',
      'single-replica unknown', 'single-replica unknown', 'single-replica warn', 'control-plane-health unknown', 'control-plane-health fail', 'backup unknown',
      'release-data warn', 'apiserver-certificate unknown', 'apiserver-certificate fail', 'apiserver-certificate warn',
    ]);
  });
});

describe('checks: backup boundaries', () => {
  it('a backup exactly maxAgeHours old still passes, with its evidence; 48 hours reads as 2 days', () => {
    const c = backupCheck(readable([{ name: 'daily', phase: 'Completed', time: hoursAgo(24) }]), OPTIONS);
    assert.deepEqual(c, { id: 'backup', title: 'Recent backup', status: 'pass', detail: 'Velero backup daily completed 24 h ago', evidence: [`backup/daily: Completed at ${hoursAgo(24)}`] });
    const old = backupCheck(readable([{ name: 'daily', phase: 'Completed', time: hoursAgo(24.5) }]), OPTIONS);
    assert.equal(old.id, 'backup');
    assert.equal(old.status, 'fail');
    assert.equal(backupCheck(readable([{ name: 'b', phase: 'Completed', time: hoursAgo(48) }]), { ...OPTIONS, backupMaxAgeHours: 72 }).detail, 'Velero backup b completed 2 days ago');
  });

  it('a backup without a readable time does not count as finished', () => {
    const c = backupCheck(readable([{ name: 'undated', phase: 'Completed' }, { name: 'odd', phase: 'Completed', time: 'yesterday' }, { name: 'running', phase: 'InProgress', time: hoursAgo(1) }]), OPTIONS);
    assert.deepEqual(c, { id: 'backup', title: 'Recent backup', status: 'unknown', detail: 'no finished Velero backup (3 found): confirm your own backup' });
  });

  it('an unreadable backup list is unknown under the same id', () => {
    const c = backupCheck(unreadable('forbidden'), OPTIONS);
    assert.equal(`${c.id} ${c.status}`, 'backup unknown');
  });
});

describe('checks: staging per hop', () => {
  const staging = (version: string, problems: string[] = []) => ({ context: 'stg', version: readable(version), problems: readable(problems) });
  it('says what to do in each case', () => {
    assert.deepEqual(stagingCheck(undefined, m(34)), { id: 'staging-1.34', title: 'Staging already at 1.34', status: 'unknown', detail: 'no staging context is configured for this context (kubeMaintenance.stagingContexts, or --staging)' });
    assert.equal(stagingCheck({ context: 'stg', version: unreadable('connection refused'), problems: readable([]) }, m(34)).detail, 'staging context stg: connection refused');
    const behind = stagingCheck(staging('v1.33.9'), m(34));
    assert.equal(behind.status, 'warn');
    assert.equal(behind.detail, 'staging context stg is at v1.33.9: try 1.34 there first');
    const sick = stagingCheck(staging('v1.34.1', ['node/w1 not Ready', 'pod/x CrashLoopBackOff']), m(34));
    assert.equal(sick.detail, 'staging context stg is at v1.34.1 but not healthy: node/w1 not Ready, pod/x CrashLoopBackOff');
    assert.deepEqual(sick.evidence, ['node/w1 not Ready', 'pod/x CrashLoopBackOff']);
    assert.equal(stagingCheck(staging('v1.34.1'), m(34)).detail, 'staging context stg runs v1.34.1 and is healthy');
  });
});
