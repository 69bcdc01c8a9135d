import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backupCheck, controlPlaneHealthCheck, cordonedCheck, endOfLifeChecks, nodesReadyCheck, pdbCheck, releaseDataCheck,
  selectorMatches, servingCertCheck, singleReplicaCheck, stagingCheck,
} from '../../../src/core/upgrade/checks';
import { readable, unreadable, type PdbFact, type WorkloadFact } from '../../../src/core/upgrade/facts';
import { node, snapshot, v } from '../versions/skewFixtures';
import { NOW, OPTIONS, smallReleaseData } from './planFixtures';

const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const daysAhead = (d: number): string => new Date(NOW.getTime() + d * 86_400_000).toISOString();
const m = (minor: number) => ({ major: 1, minor });

describe('checks: nodes', () => {
  it('fails on a node that is not Ready, names it, and passes when all are', () => {
    const ok = snapshot({ nodes: [node('a', v(31)), node('b', v(31))] });
    assert.equal(nodesReadyCheck(ok).status, 'pass');
    const bad = snapshot({ nodes: [node('a', v(31)), { ...node('b', v(31)), ready: 'Unknown', readyReason: 'NodeStatusUnknown' }] });
    const c = nodesReadyCheck(bad);
    assert.equal(c.status, 'fail');
    assert.match(c.detail, /1 of 2 nodes are not Ready: b/);
    assert.deepEqual(c.evidence, ['node/b: Ready=Unknown (NodeStatusUnknown)']);
    assert.equal(nodesReadyCheck(snapshot({})).status, 'unknown');
  });

  it('warns on cordoned nodes', () => {
    assert.equal(cordonedCheck(snapshot({ nodes: [node('a', v(31))] })).status, 'pass');
    const c = cordonedCheck(snapshot({ nodes: [{ ...node('a', v(31)), unschedulable: true }] }));
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /1 node is cordoned.*: a/);
  });
});

describe('checks: disruption budgets and single replicas', () => {
  const pdb = (name: string, allowed: number, expected = 2, selector: PdbFact['selector'] = { matchLabels: { app: name } }): PdbFact => ({ namespace: 'db', name, disruptionsAllowed: allowed, expectedPods: expected, selector });

  it('fails on a PDB that allows 0 disruptions now; 1 passes; one covering no pods does not block', () => {
    assert.equal(pdbCheck(readable([pdb('pg', 1)])).status, 'pass');
    const c = pdbCheck(readable([pdb('pg', 0), pdb('empty', 0, 0)]));
    assert.equal(c.status, 'fail');
    assert.match(c.detail, /1 PodDisruptionBudget allows 0 disruptions.*db\/pg/);
    assert.equal(pdbCheck(unreadable('forbidden: cannot list poddisruptionbudgets.policy in all namespaces')).status, 'unknown');
  });

  it('warns on a single-replica workload without a PDB; two replicas or a matching PDB pass', () => {
    const w = (name: string, replicas: number): WorkloadFact => ({ kind: 'Deployment', namespace: 'db', name, replicas, podLabels: { app: name } });
    assert.equal(singleReplicaCheck(readable([w('api', 2)]), readable([])).status, 'pass');
    assert.equal(singleReplicaCheck(readable([w('pg', 1)]), readable([pdb('pg', 0)])).status, 'pass');
    const c = singleReplicaCheck(readable([w('cache', 1)]), readable([pdb('pg', 1)]));
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /1 workload runs one replica without a PodDisruptionBudget.*db\/cache/);
    assert.equal(singleReplicaCheck(readable([w('cache', 1)]), unreadable('forbidden')).status, 'unknown');
    assert.equal(singleReplicaCheck(unreadable('forbidden: cannot list deployments.apps'), readable([])).status, 'unknown');
  });

  it('matches selectors as Kubernetes does', () => {
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, { tier: 'db' }), true);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, { tier: 'db' }), false);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, {}), false);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, {}), true);
    assert.equal(selectorMatches({}, { a: 'b' }), true);
    assert.equal(selectorMatches(undefined, { a: 'b' }), false);
  });
});

describe('checks: end of life and release data', () => {
  const data = smallReleaseData();
  it('warns on a current version past its end of life and fails on such a target', () => {
    const [current, target] = endOfLifeChecks(m(31), m(32), data, NOW);
    assert.equal(current.status, 'warn');
    assert.match(current.detail, /1\.31 reached end of life on 2025-11-11/);
    // 1.32 ends on 2026-12-01, today: past.
    assert.equal(target.status, 'fail');
  });
  it('passes a target that ends tomorrow, warns on a current one within 60 days', () => {
    const [current, target] = endOfLifeChecks(m(33), m(33), data, NOW);
    assert.equal(target.status, 'pass');
    assert.equal(current.status, 'warn');
    assert.match(current.detail, /\(in 1 day\)/);
    assert.equal(endOfLifeChecks(m(34), m(34), data, NOW)[0].status, 'pass');
    assert.equal(endOfLifeChecks(m(35), m(35), data, NOW)[1].status, 'unknown');
  });
  it('warns once the release data is older than 90 days', () => {
    assert.equal(releaseDataCheck(smallReleaseData('2026-09-02'), NOW).status, 'pass');
    assert.equal(releaseDataCheck(smallReleaseData('2026-09-01'), NOW).status, 'warn');
  });
});

describe('checks: certificate, backup, control plane, staging', () => {
  it('grades the serving certificate expiry at 30 and 7 days', () => {
    assert.equal(servingCertCheck(readable(daysAhead(31)), OPTIONS).status, 'pass');
    assert.equal(servingCertCheck(readable(daysAhead(29)), OPTIONS).status, 'warn');
    assert.equal(servingCertCheck(readable(daysAhead(6)), OPTIONS).status, 'fail');
    assert.match(servingCertCheck(readable(daysAhead(-1)), OPTIONS).detail, /expired/);
    assert.equal(servingCertCheck(unreadable('the TLS handshake failed'), OPTIONS).status, 'unknown');
  });

  it('passes a completed backup within maxAgeHours, fails an older or failed newest one, unknown without Velero', () => {
    assert.equal(backupCheck(readable([{ name: 'b', phase: 'Completed', time: hoursAgo(23) }]), OPTIONS).status, 'pass');
    const old = backupCheck(readable([{ name: 'b', phase: 'Completed', time: hoursAgo(25) }]), OPTIONS);
    assert.equal(old.status, 'fail');
    assert.match(old.detail, /25 h old \(limit 24 h\)/);
    const failed = backupCheck(readable([{ name: 'ok', phase: 'Completed', time: hoursAgo(10) }, { name: 'bad', phase: 'Failed', time: hoursAgo(1) }]), OPTIONS);
    assert.equal(failed.status, 'fail');
    assert.match(failed.detail, /newest Velero backup bad ended Failed/);
    // an older failure does not hide a newer success
    assert.equal(backupCheck(readable([{ name: 'bad', phase: 'Failed', time: hoursAgo(10) }, { name: 'ok', phase: 'Completed', time: hoursAgo(1) }]), OPTIONS).status, 'pass');
    const absent = backupCheck(readable('absent'), OPTIONS);
    assert.equal(absent.status, 'unknown');
    assert.match(absent.detail, /confirm your own backup/);
    assert.equal(backupCheck(readable([]), OPTIONS).status, 'unknown');
    assert.match(backupCheck(unreadable('forbidden: cannot list backups.velero.io in all namespaces'), OPTIONS).detail, /forbidden: cannot list backups\.velero\.io.*confirm your own backup/);
  });

  it('fails on a failing /readyz check and names it', () => {
    assert.equal(controlPlaneHealthCheck(readable([{ name: 'etcd', ok: true }])).status, 'pass');
    const c = controlPlaneHealthCheck(readable([{ name: 'etcd', ok: false }, { name: 'ping', ok: true }]));
    assert.equal(c.status, 'fail');
    assert.match(c.detail, /1 check failing: etcd/);
    assert.equal(controlPlaneHealthCheck(unreadable('forbidden: cannot get /readyz')).status, 'unknown');
  });

  it('passes a healthy staging at or above the hop, warns below or unhealthy', () => {
    const staging = (version: string, problems: string[] = []) => ({ context: 'stg', version: readable(version), problems: readable(problems) });
    assert.equal(stagingCheck(staging('v1.33.2'), m(33)).status, 'pass');
    assert.equal(stagingCheck(staging('v1.34.0'), m(33)).status, 'pass');
    assert.match(stagingCheck(staging('v1.32.9'), m(33)).detail, /try 1\.33 there first/);
    assert.equal(stagingCheck(staging('v1.33.2', ['node/w1 not Ready']), m(33)).status, 'warn');
    assert.equal(stagingCheck(undefined, m(33)).status, 'unknown');
    assert.equal(stagingCheck({ context: 'stg', version: unreadable('unreachable'), problems: readable([]) }, m(33)).status, 'unknown');
  });
});

describe('checks: managed platform support windows', () => {
  it('uses the EKS standard support end and names extended support', async () => {
    const { builtinReleaseData } = await import('../../../src/core/releases/releaseData');
    const data = builtinReleaseData();
    // Upstream 1.34 ended 2026-10-27; EKS standard support for 1.34 lasts until 2026-12-02.
    const [current, target] = endOfLifeChecks(m(34), m(34), data, NOW, 'eks');
    assert.equal(target.status, 'pass');
    assert.match(target.detail, /Amazon EKS standard support for 1\.34 lasts until 2026-12-02/);
    assert.equal(current.status, 'warn', 'ends within 60 days');
    const [old] = endOfLifeChecks(m(31), m(32), data, NOW, 'eks');
    assert.match(old.detail, /Amazon EKS standard support for 1\.31 ended on 2025-11-26 \(extended support, at extra cost, until 2026-11-26\)/);
    // AKS windows cover 1.28-1.32 (long-term support as the extended one).
    assert.match(endOfLifeChecks(m(31), m(32), data, NOW, 'aks')[0].detail, /AKS standard support for 1\.31 ended on 2025-11-30 \(extended support, at extra cost, until 2026-11-30\)/);
    // Without a window (AKS after 1.32, kubeadm) the upstream date stands.
    assert.match(endOfLifeChecks(m(34), m(34), data, NOW, 'aks')[1].detail, /1\.34 reached end of life on 2026-10-27/);
  });
});
