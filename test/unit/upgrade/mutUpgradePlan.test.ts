import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReleaseData, type ReleaseData } from '../../../src/core/releases/releaseData';
import { readable, unreadable } from '../../../src/core/upgrade/facts';
import { skewForHop } from '../../../src/core/upgrade/hopSkew';
import { upgradeCommand } from '../../../src/core/upgrade/hops';
import { computePlan, type PlanInput } from '../../../src/core/upgrade/plan';
import { detectPlatform } from '../../../src/core/upgrade/platform';
import type { UpgradePlan } from '../../../src/core/upgrade/planTypes';
import { component, node, snapshot, v } from '../versions/skewFixtures';
import { facts, OPTIONS, releaseData } from './planFixtures';

const m = (minor: number) => ({ major: 1, minor });
const kubeadm133 = snapshot({
  gitVersion: v(33, 2),
  components: [component('kube-apiserver', v(33, 2), 'cp-1')],
  nodes: [node('cp-1', v(33, 2))],
  kubectlVersion: v(33, 0),
});

function plan(input: Partial<PlanInput>): UpgradePlan {
  const result = computePlan({ facts: facts(kubeadm133), workspaceUses: [], releaseData: releaseData(), options: OPTIONS, ...input });
  if (!result.ok) assert.fail(result.usage);
  return result.plan;
}

/** 1.33 and 1.34 released, 1.34 without a patch in the data. */
function dataWithoutPatch(): ReleaseData {
  const r = parseReleaseData({
    generatedAt: '2026-12-01',
    sources: [{ name: 'test', url: 'https://example.invalid' }],
    releases: [
      { version: '1.33', releaseDate: '2025-04-23', endOfLife: '2026-06-28', latestPatch: '1.33.10' },
      { version: '1.34', releaseDate: '2025-08-27', endOfLife: '2026-10-27' },
    ],
  }, 'no-patch.json');
  if (!r.ok) assert.fail(r.errors.join('; '));
  return r.data;
}

describe('plan: commands when the data has no patch', () => {
  it('kubeadm names the minor with .x, and the hop shows no patch', () => {
    const p = plan({ releaseData: dataWithoutPatch() });
    assert.equal(p.hops[0].patch, null);
    assert.equal(p.hops[0].upgradeCommand, [
      '# first control-plane node, after upgrading the kubeadm package to 1.34.x',
      'kubeadm upgrade plan',
      'kubeadm upgrade apply v1.34.x',
      '# every other control-plane node, then each worker (drain, upgrade kubelet and kubectl, uncordon)',
      'kubeadm upgrade node',
    ].join('\n'));
  });

  it('k3s and rke2 name the system-upgrade-controller version of the patch', () => {
    assert.equal(upgradeCommand('rke2', m(34), '1.34.9', 'c'), '# system-upgrade-controller: a server Plan (node-role.kubernetes.io/control-plane) with version: v1.34.9+rke2r1, then the agent Plan');
    assert.equal(upgradeCommand('k3s', m(34), undefined, 'c'), '# system-upgrade-controller: a server Plan (node-role.kubernetes.io/control-plane) with version: v1.34.x+k3s1, then the agent Plan');
  });

  it('a managed platform command without a cluster name says CLUSTER', () => {
    const eks = snapshot({ gitVersion: 'v1.33.5-eks-3025e55', nodes: [node('ip-10-0-0-1', 'v1.33.5-eks-3025e55')] });
    const p = plan({ facts: facts(eks, { kubeadmConfig: readable(false) }), clusterName: '' });
    assert.equal(p.platform, 'eks');
    assert.equal(p.hops[0].upgradeCommand, 'aws eks update-cluster-version --name CLUSTER --kubernetes-version 1.34');
  });
});

describe('plan: refused and incomplete', () => {
  it('refuses a cluster whose version is not a Kubernetes version', () => {
    const result = computePlan({ facts: facts(snapshot({ gitVersion: 'banana' })), workspaceUses: [], releaseData: releaseData(), options: OPTIONS });
    assert.deepEqual(result, { ok: false, usage: 'the cluster\'s version "banana" is not a Kubernetes version' });
  });

  it('lists what it could not read of the staging cluster', () => {
    const p = plan({ facts: facts(kubeadm133, { staging: { context: 'stg', version: unreadable('connection refused'), problems: unreadable('forbidden') } }) });
    assert.equal(p.incomplete, true);
    assert.deepEqual(p.unread, ['staging stg version: connection refused', 'staging stg health: forbidden']);
  });
});

describe('plan: version skew of nodes per hop', () => {
  it('a kube-proxy three minors behind is fine until the control plane would pass it by four', () => {
    const cluster = snapshot({
      gitVersion: v(31, 4),
      components: [component('kube-apiserver', v(31, 4), 'cp-1')],
      nodes: [node('cp-1', v(31, 4)), node('w-1', v(31, 4), v(31, 4))],
      kubectlVersion: v(31, 0),
    });
    const p = plan({ facts: facts(cluster), target: m(35) });
    assert.deepEqual(p.hops.map((h) => [h.version, h.skew.filter((s) => s.component === 'kube-proxy').map((s) => `${s.subject} ${s.version} ${s.verdict}`)]), [
      ['1.32', []],
      ['1.33', []],
      ['1.34', []],
      ['1.35', ['node/w-1 v1.31.4 blocks']],
    ]);
  });

  it('a kubelet one minor newer than the apiserver does not hold back the hop that brings the apiserver level with it', () => {
    const cluster = snapshot({
      gitVersion: v(33, 2),
      components: [component('kube-apiserver', v(33, 2), 'cp-1')],
      nodes: [node('cp-1', v(33, 2)), node('early', v(34, 1))],
    });
    const p = plan({ facts: facts(cluster) });
    assert.deepEqual(p.hops[0].skew, []);
  });

  it('without a kube-apiserver version there is no skew to report', () => {
    assert.deepEqual(skewForHop(snapshot({ nodes: [node('a', v(20))] }), m(33), m(34)), []);
  });
});

describe('platform detection: node signals', () => {
  const base = { gitVersion: 'v1.33.4', providerIds: [] as string[], nodeLabels: [] as Record<string, string>[], kubeadmConfig: false };

  it('reads the instance-type label k3s and rke2 set on their nodes', () => {
    assert.deepEqual(detectPlatform({ ...base, nodeLabels: [{}, { 'node.kubernetes.io/instance-type': 'rke2' }] }), { platform: 'rke2', evidence: 'a node has node.kubernetes.io/instance-type=rke2' });
    assert.deepEqual(detectPlatform({ ...base, nodeLabels: [{ 'node.kubernetes.io/instance-type': 'm5.large' }] }).platform, 'unknown');
  });

  it('names the first signal of a platform as its evidence', () => {
    assert.deepEqual(detectPlatform({ ...base, gitVersion: 'v1.33.4+k3s1', providerIds: ['k3s://node-1'], nodeLabels: [{ 'node.kubernetes.io/instance-type': 'k3s' }] }),
      { platform: 'k3s', evidence: 'the apiserver version has a +k3s suffix' });
    assert.deepEqual(detectPlatform({ ...base, providerIds: ['k3s://node-1'], nodeLabels: [{ 'node.kubernetes.io/instance-type': 'k3s' }] }),
      { platform: 'k3s', evidence: 'nodes have k3s:// provider IDs' });
    assert.deepEqual(detectPlatform({ ...base, nodeLabels: [{ 'node.kubernetes.io/instance-type': 'k3s' }, { 'node.kubernetes.io/instance-type': 'k3s', 'other': 'x' }] }),
      { platform: 'k3s', evidence: 'a node has node.kubernetes.io/instance-type=k3s' });
  });

  it('says which suffix of the apiserver version it read', () => {
    assert.deepEqual(detectPlatform({ ...base, gitVersion: 'v1.33.4-eks-3025e55' }), { platform: 'eks', evidence: 'the apiserver version has an -eks- suffix' });
    assert.deepEqual(detectPlatform({ ...base, gitVersion: 'v1.33.4-gke.1245000' }), { platform: 'gke', evidence: 'the apiserver version has a -gke. suffix' });
    assert.deepEqual(detectPlatform({ ...base, gitVersion: 'v1.33.4+k3s' }), { platform: 'k3s', evidence: 'the apiserver version has a +k3s suffix' });
    assert.deepEqual(detectPlatform({ ...base, gitVersion: 'v1.33.4+rke2' }), { platform: 'rke2', evidence: 'the apiserver version has a +rke2 suffix' });
  });

  it('an AKS node label alone names AKS', () => {
    assert.deepEqual(detectPlatform({ ...base, nodeLabels: [{ 'kubernetes.azure.com/agentpool': 'nodepool1' }] }), { platform: 'aks', evidence: 'a node has the label kubernetes.azure.com/agentpool' });
  });

  it('says which version it saw when nothing points anywhere', () => {
    assert.equal(detectPlatform({ ...base, gitVersion: '' }).evidence, 'no platform signal: plain apiserver version (none), no kubeadm-config ConfigMap, no provider-specific node labels');
  });
});

describe('plan: the skew entries of a hop name their subject and current version', () => {
  it('kube-proxy, controllers and kubectl, with the versions they run now', () => {
    const cluster = snapshot({
      gitVersion: v(31, 4),
      components: [
        component('kube-apiserver', v(31, 4), 'cp-1'), component('kube-controller-manager', v(31, 4), 'cp-1'),
        component('kube-scheduler', v(31, 4), 'cp-1'), component('cloud-controller-manager', v(31, 4), 'cp-1'),
      ],
      nodes: [node('cp-1', v(31, 4)), node('w-1', v(30, 2), v(30, 1))],
      kubectlVersion: v(31, 0),
    });
    const p = plan({ facts: facts(cluster), target: m(34) });
    const entries = p.hops.map((h) => h.skew.map((s) => `${s.verdict} ${s.subject} ${s.component} ${s.version}`));
    // Controllers move with the control plane and never show; kubectl left at 1.31 blocks 1.33 and breaks the policy at 1.34.
    assert.deepEqual(entries, [
      [],
      ['blocks kubectl kubectl v1.31.0'],
      ['blocks node/w-1 kubelet v1.30.2', 'blocks node/w-1 kube-proxy v1.30.1', 'violation kubectl kubectl v1.31.0'],
    ]);
  });

  it('an apiserver pod behind its peers is named with its pod and version', () => {
    const ha = snapshot({
      gitVersion: v(32, 1),
      components: [component('kube-apiserver', v(32, 1), 'cp-1'), component('kube-apiserver', v(31, 9), 'cp-2')],
      nodes: [node('cp-1', v(32, 1))],
    });
    const p = plan({ facts: facts(ha), target: m(33) });
    assert.equal(p.from, '1.31.9');
    assert.deepEqual(p.hops.map((h) => h.version), ['1.32', '1.33']);
    const first = p.hops[0].skew.find((s) => s.subject === 'component/kube-apiserver-cp-2');
    assert.equal(first?.version, 'v1.31.9');
    assert.equal(first?.component, 'kube-apiserver');
  });
});

describe('plan: version, target and blockers', () => {
  it('reads the oldest kube-apiserver pod, ignoring other components and unreadable versions', () => {
    const cluster = snapshot({
      gitVersion: v(33, 5),
      components: [
        component('kube-apiserver', v(33, 5), 'cp-1'), component('kube-apiserver', 'unknown', 'cp-2'), component('kube-apiserver', undefined, 'cp-3'),
        component('kube-controller-manager', v(32, 0), 'cp-1'), component('kube-apiserver', v(33, 1), 'cp-4'),
      ],
      nodes: [node('cp-1', v(33, 5))],
    });
    assert.equal(plan({ facts: facts(cluster) }).from, '1.33.1');
  });

  it('refuses a downgrade, an unknown target and an announced one', () => {
    const run = (minor: number) => computePlan({ facts: facts(kubeadm133), target: m(minor), workspaceUses: [], releaseData: releaseData(), options: OPTIONS });
    assert.deepEqual(run(32), { ok: false, usage: '--to 1.32 is below the cluster\'s version 1.33: Kubernetes does not support downgrades' });
    assert.deepEqual(run(40), { ok: false, usage: '--to 1.40 is not in the release data (built-in, generated 2026-12-01; newest 1.38)' });
    assert.deepEqual(run(38), { ok: false, usage: '--to 1.38 is announced but not released yet' });
  });

  it('names every fact it could not read, and is complete when all were read', () => {
    const p = plan({ facts: facts(kubeadm133, {
      kubeadmConfig: unreadable('forbidden a'), pdbs: unreadable('forbidden b'), workloads: unreadable('forbidden c'),
      backups: unreadable('forbidden d'), readyz: unreadable('forbidden e'), servingCertNotAfter: unreadable('forbidden f'),
      apiUseGaps: ['Helm releases: forbidden g'], problems: ['odd h'],
    }) });
    assert.deepEqual(p.unread, [
      'kubeadm-config ConfigMap: forbidden a', 'PodDisruptionBudgets: forbidden b', 'Deployments and StatefulSets: forbidden c',
      'Velero backups: forbidden d', '/readyz: forbidden e', 'serving certificate: forbidden f', 'Helm releases: forbidden g', 'odd h',
    ]);
    assert.equal(p.incomplete, true);
    const complete = plan({});
    assert.deepEqual(complete.unread, []);
    assert.equal(complete.incomplete, false);
    assert.equal(plan({ facts: facts(kubeadm133, { problems: ['odd'] }) }).incomplete, true);
  });

  it('is blocked by a failing check, a skew entry or a confirmed removed API, not by a last-applied hint alone', () => {
    const data = dataWithoutPatch();
    const clean = plan({ releaseData: data, options: { ...OPTIONS, now: new Date('2026-01-10T00:00:00Z') }, facts: facts(kubeadm133, { backups: readable([{ name: 'n', phase: 'Completed', time: '2026-01-09T20:00:00Z' }]) }) });
    assert.deepEqual(clean.checks.filter((c) => c.status === 'fail'), []);
    assert.equal(clean.blocked, false);
    const hint = plan({ releaseData: data, options: { ...OPTIONS, now: new Date('2026-01-10T00:00:00Z') }, facts: facts(kubeadm133, {
      backups: readable([{ name: 'n', phase: 'Completed', time: '2026-01-09T20:00:00Z' }]),
      apiUses: [{ apiVersion: 'a/v1', kind: 'A', removedIn: '1.34', source: { type: 'lastApplied', namespace: 'x', name: 'y' } }],
    }) });
    assert.equal(hint.hops[0].removedApis.length, 1);
    assert.equal(hint.blocked, false);
    const confirmed = plan({ releaseData: data, options: { ...OPTIONS, now: new Date('2026-01-10T00:00:00Z') }, facts: facts(kubeadm133, {
      backups: readable([{ name: 'n', phase: 'Completed', time: '2026-01-09T20:00:00Z' }]),
      apiUses: [{ apiVersion: 'a/v1', kind: 'A', removedIn: '1.34', source: { type: 'lastApplied', namespace: 'x', name: 'y' } }, { apiVersion: 'a/v1', kind: 'A', removedIn: '1.34', source: { type: 'metric', resource: 'as', count: 1 } }],
    }) });
    assert.equal(confirmed.blocked, true);
    const failing = plan({ releaseData: data, options: { ...OPTIONS, now: new Date('2026-01-10T00:00:00Z') }, facts: facts(kubeadm133, { backups: readable([{ name: 'n', phase: 'Failed', time: '2026-01-09T20:00:00Z' }]) }) });
    assert.equal(failing.checks.find((c) => c.id === 'backup')?.status, 'fail');
    assert.equal(failing.blocked, true);
  });

  it('AKS and GKE get the minor alone, as EKS does: their patches are their own builds', () => {
    assert.equal(upgradeCommand('aks', m(34), '1.34.9', 'prod'), 'az aks upgrade --resource-group RESOURCE_GROUP --name prod --kubernetes-version 1.34 --control-plane-only');
    assert.equal(upgradeCommand('aks', m(34), undefined, 'prod'), 'az aks upgrade --resource-group RESOURCE_GROUP --name prod --kubernetes-version 1.34 --control-plane-only');
    assert.equal(upgradeCommand('gke', m(34), '1.34.9', 'prod'), 'gcloud container clusters upgrade prod --master --cluster-version 1.34');
    assert.equal(upgradeCommand('eks', m(34), '1.34.9', 'prod'), 'aws eks update-cluster-version --name prod --kubernetes-version 1.34');
    assert.equal(upgradeCommand('kubeadm', m(34), '1.34.9', 'prod')?.split('\n')[2], 'kubeadm upgrade apply v1.34.9');
    assert.equal(upgradeCommand('unknown', m(34), '1.34.9', 'prod'), undefined);
  });

  it('shows the version without its v', () => {
    const cluster = snapshot({ gitVersion: 'v1.33.2', nodes: [node('a', v(33, 2))] });
    assert.equal(plan({ facts: facts(cluster) }).from, '1.33.2');
  });
});

describe('plan: a minor missing from the release data', () => {
  it('still makes the hop through it, without a patch', () => {
    const r = parseReleaseData({
      generatedAt: '2026-12-01',
      sources: [{ name: 'test', url: 'https://example.invalid' }],
      releases: [
        { version: '1.33', releaseDate: '2025-04-23', endOfLife: '2026-06-28', latestPatch: '1.33.10' },
        { version: '1.35', releaseDate: '2025-12-17', endOfLife: '2027-02-28', latestPatch: '1.35.9' },
      ],
    }, 'gap.json');
    if (!r.ok) assert.fail(r.errors.join('; '));
    const p = plan({ releaseData: r.data, target: m(35) });
    assert.deepEqual(p.hops.map((h) => [h.version, h.patch]), [['1.34', null], ['1.35', '1.35.9']]);
    assert.match(p.hops[0].upgradeCommand ?? '', /kubeadm upgrade apply v1\.34\.x/);
    assert.match(p.hops[1].upgradeCommand ?? '', /kubeadm upgrade apply v1\.35\.9/);
  });
});

describe('plan: a managed control plane (no apiserver pods) per hop', () => {
  it('places the apiserver version of each hop, so an old kubelet blocks the hop that leaves it four minors behind', () => {
    const managed = snapshot({ gitVersion: 'v1.31.4-eks-3025e55', nodes: [node('ip-1', 'v1.29.10-eks-94953ac')] });
    const p = plan({ facts: facts(managed, { kubeadmConfig: readable(false) }), target: m(33) });
    assert.deepEqual(p.hops.map((h) => h.skew.map((s) => `${s.verdict} ${s.subject} ${s.version}`)), [
      [],
      ['blocks node/ip-1 v1.29.10-eks-94953ac'],
    ]);
  });
});

describe('plan: blocked by a skew entry in any one hop', () => {
  it('a kubelet that blocks only the second hop blocks the plan', () => {
    const r = parseReleaseData({
      generatedAt: '2026-01-01',
      sources: [{ name: 'test', url: 'https://example.invalid' }],
      releases: [
        { version: '1.33', releaseDate: '2025-04-23', endOfLife: '2026-06-28', latestPatch: '1.33.10' },
        { version: '1.34', releaseDate: '2025-08-27', endOfLife: '2026-10-27', latestPatch: '1.34.9' },
        { version: '1.35', releaseDate: '2025-12-17', endOfLife: '2027-02-28', latestPatch: '1.35.9' },
      ],
    }, 'three.json');
    if (!r.ok) assert.fail(r.errors.join('; '));
    const cluster = snapshot({ gitVersion: v(33, 2), components: [component('kube-apiserver', v(33, 2), 'cp-1')], nodes: [node('cp-1', v(33, 2)), node('w-1', v(31, 8))], kubectlVersion: v(34, 0) });
    const p = plan({
      facts: facts(cluster, { backups: readable([{ name: 'n', phase: 'Completed', time: '2026-01-09T20:00:00Z' }]) }),
      releaseData: r.data, target: m(35), options: { ...OPTIONS, now: new Date('2026-01-10T00:00:00Z') },
    });
    assert.deepEqual(p.checks.filter((c) => c.status === 'fail').map((c) => c.id), []);
    assert.deepEqual(p.hops.map((h) => h.skew.map((s) => s.subject)), [[], ['node/w-1']]);
    assert.equal(p.blocked, true);
  });
});

describe('platform detection: Azure and disagreement', () => {
  const base = { gitVersion: 'v1.33.4', providerIds: [] as string[], nodeLabels: [] as Record<string, string>[], kubeadmConfig: false };
  it('an azure:// provider ID with AKS labels names AKS by both; without them it is not AKS', () => {
    assert.deepEqual(detectPlatform({ ...base, providerIds: ['azure:///subscriptions/s/vm-0'], nodeLabels: [{ 'kubernetes.io/os': 'linux', 'kubernetes.azure.com/cluster': 'MC_rg' }] }),
      { platform: 'aks', evidence: 'nodes have azure:// provider IDs and kubernetes.azure.com labels' });
    assert.equal(detectPlatform({ ...base, providerIds: ['azure:///subscriptions/s/vm-0'], nodeLabels: [{ 'topology.kubernetes.io/zone': 'westeurope-1', 'x.kubernetes.azure.com/y': 'z' }] }).platform, 'unknown');
  });

  it('names every platform that was indicated, with its reason', () => {
    assert.deepEqual(detectPlatform({ ...base, gitVersion: 'v1.33.4-eks-1', kubeadmConfig: true }),
      { platform: 'unknown', evidence: 'signals disagree: eks (the apiserver version has an -eks- suffix); kubeadm (kube-system has the kubeadm-config ConfigMap)' });
  });

  it('says when kubeadm-config could not be read', () => {
    assert.equal(detectPlatform({ ...base, kubeadmConfig: undefined }).evidence, 'no platform signal: plain apiserver version v1.33.4, kube-system/kubeadm-config could not be read, no provider-specific node labels');
  });
});
