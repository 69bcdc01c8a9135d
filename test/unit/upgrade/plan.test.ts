import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computePlan, countBlockers, type PlanInput } from '../../../src/core/upgrade/plan';
import type { ApiUse } from '../../../src/core/upgrade/facts';
import { unreadable } from '../../../src/core/upgrade/facts';
import type { UpgradePlan } from '../../../src/core/upgrade/planTypes';
import { planToMarkdown, planToText } from '../../../src/core/upgrade/planFormats';
import { component, node, snapshot, v } from '../versions/skewFixtures';
import { facts, OPTIONS, releaseData } from './planFixtures';

const kubeadm131 = snapshot({
  gitVersion: v(31, 4),
  components: [component('kube-apiserver', v(31, 4), 'cp-1'), component('kube-controller-manager', v(31, 4), 'cp-1')],
  nodes: [node('cp-1', v(31, 4)), node('worker-1', v(31, 4)), node('old-1', v(29, 10))],
  kubectlVersion: v(31, 0),
});

function plan(input: Partial<PlanInput> = {}): UpgradePlan {
  const result = computePlan({ facts: facts(kubeadm131), workspaceUses: [], releaseData: releaseData(), options: OPTIONS, ...input });
  if (!result.ok) throw new Error(result.usage);
  return result.plan;
}

const ws = (apiVersion: string, kind: string, removedIn: string, file: string, line: number): ApiUse => ({ apiVersion, kind, removedIn, replacement: 'x/v1', source: { type: 'workspace', file, line } });

describe('upgrade plan: hops', () => {
  it('goes one minor at a time with the recommended patch, links and kubeadm commands', () => {
    const p = plan({ target: { major: 1, minor: 35 } });
    assert.deepEqual(p.hops.map((h) => h.version), ['1.32', '1.33', '1.34', '1.35']);
    assert.equal(p.from, '1.31.4');
    assert.equal(p.to, '1.35');
    assert.equal(p.platform, 'kubeadm');
    assert.equal(p.hops[0].patch, '1.32.13');
    assert.match(p.hops[0].releaseNotes, /CHANGELOG-1\.32\.md$/);
    assert.match(p.hops[0].urgentUpgradeNotes, /CHANGELOG-1\.32\.md#urgent-upgrade-notes$/);
    assert.match(p.hops[0].upgradeCommand ?? '', /kubeadm upgrade plan\nkubeadm upgrade apply v1\.32\.13\n.*\nkubeadm upgrade node/);
  });

  it('defaults to one minor above the oldest kube-apiserver', () => {
    const ha = snapshot({ gitVersion: v(32, 1), components: [component('kube-apiserver', v(32, 1), 'a'), component('kube-apiserver', v(31, 9), 'b')], nodes: [node('a', v(31, 9))] });
    const p = plan({ facts: facts(ha) });
    assert.equal(p.from, '1.31.9');
    assert.deepEqual(p.hops.map((h) => h.version), ['1.32']);
  });

  it('refuses a target below the cluster, outside the data, or not yet released', () => {
    const run = (minor: number) => computePlan({ facts: facts(kubeadm131), workspaceUses: [], releaseData: releaseData(), options: OPTIONS, target: { major: 1, minor } });
    const below = run(30);
    assert.equal(below.ok, false);
    assert.match(below.ok ? '' : below.usage, /below the cluster's version 1\.31/);
    const outside = run(45);
    assert.match(outside.ok ? '' : outside.usage, /not in the release data/);
    const announced = run(38);
    assert.match(announced.ok ? '' : announced.usage, /not released yet/);
    assert.equal(run(31).ok, true, 'the current minor is a plan without hops');
  });

  it('names the command of each platform, and none for an unknown one', () => {
    const eks = plan({ facts: facts(snapshot({ gitVersion: 'v1.31.4-eks-1', nodes: [node('n', v(31))] }), { kubeadmConfig: { ok: true, value: false } }) });
    assert.equal(eks.hops[0].upgradeCommand, 'aws eks update-cluster-version --name prod --kubernetes-version 1.32');
    const gke = plan({ facts: facts(snapshot({ gitVersion: 'v1.31.4-gke.100', nodes: [node('n', v(31))] }), { kubeadmConfig: { ok: true, value: false } }), clusterName: 'c1' });
    assert.match(gke.hops[0].upgradeCommand ?? '', /^gcloud container clusters upgrade c1 --master --cluster-version 1\.32$/);
    const aks = plan({ facts: facts(snapshot({ gitVersion: v(31, 4), nodes: [{ ...node('n', v(31)), labels: { 'kubernetes.azure.com/agentpool': 'p' } }] }), { kubeadmConfig: { ok: true, value: false }, providerIds: ['azure:///x'] }) });
    assert.match(aks.hops[0].upgradeCommand ?? '', /az aks upgrade .*--control-plane-only/);
    const k3s = plan({ facts: facts(snapshot({ gitVersion: 'v1.31.4+k3s1', nodes: [node('n', 'v1.31.4+k3s1')] }), { kubeadmConfig: { ok: true, value: false } }) });
    assert.match(k3s.hops[0].upgradeCommand ?? '', /system-upgrade-controller.*v1\.32\.13\+k3s1/);
    const unknown = plan({ facts: facts(snapshot({ gitVersion: v(31, 4), nodes: [node('n', v(31))] }), { kubeadmConfig: unreadable('forbidden: get configmaps in kube-system') }) });
    assert.equal(unknown.platform, 'unknown');
    assert.equal(unknown.hops[0].upgradeCommand, null);
  });
});

describe('upgrade plan: skew per hop', () => {
  it('names the nodes that must move before each hop, and only from the hop they block', () => {
    const p = plan({ target: { major: 1, minor: 35 } });
    // old-1 runs kubelet 1.29: fine with 1.31 and 1.32 (three minors), too old once the control plane reaches 1.33.
    assert.deepEqual(p.hops[0].skew.filter((s) => s.subject === 'node/old-1'), []);
    const second = p.hops[1].skew.find((s) => s.subject === 'node/old-1');
    assert.equal(second?.verdict, 'blocks');
    assert.equal(second?.component, 'kubelet');
    assert.equal(second?.version, 'v1.29.10');
    assert.match(second?.reason ?? '', /before upgrading the control plane to 1\.33/);
    // 1.31 kubelets may trail 1.34 by three minors; at 1.35 they block.
    assert.equal(p.hops[2].skew.some((s) => s.subject === 'node/worker-1'), false);
    assert.equal(p.hops[3].skew.some((s) => s.subject === 'node/worker-1'), true);
  });

  it('reports the local kubectl and older controllers', () => {
    const p = plan();
    const kubectl = p.hops[0].skew.find((s) => s.subject === 'kubectl');
    assert.equal(kubectl, undefined, 'kubectl 1.31 may talk to 1.32');
    const two = plan({ target: { major: 1, minor: 33 } });
    assert.equal(two.hops[1].skew.find((s) => s.subject === 'kubectl')?.verdict, 'blocks');
  });

  it('marks a component that already breaks the policy as a violation', () => {
    const broken = snapshot({ gitVersion: v(31, 4), components: [component('kube-apiserver', v(31, 4), 'cp')], nodes: [node('ancient', v(27, 1))] });
    const p = plan({ facts: facts(broken) });
    const s = p.hops[0].skew.find((x) => x.subject === 'node/ancient');
    assert.equal(s?.verdict, 'violation');
    assert.ok(p.blocked);
  });
});

describe('upgrade plan: removed APIs per hop', () => {
  it('places each use at the hop that removes it, with its sources, de-duplicated', () => {
    const uses: ApiUse[] = [
      ws('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32', 'deploy/fs.yaml', 3),
      ws('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32', 'deploy/fs.yaml', 3),
      ws('batch/v1beta1', 'CronJob', '1.25', 'old.yaml', 1),
    ];
    const clusterUses: ApiUse[] = [
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', removedIn: '1.32', source: { type: 'helm', release: 'apf', namespace: 'ops', revision: 4 } },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', removedIn: '1.32', source: { type: 'metric', resource: 'flowschemas', count: 1 } },
      { apiVersion: 'example.io/v1alpha1', kind: 'Widget', removedIn: '1.33', source: { type: 'lastApplied', namespace: 'a', name: 'w' } },
    ];
    const p = plan({ target: { major: 1, minor: 33 }, workspaceUses: uses, facts: facts(kubeadm131, { apiUses: clusterUses }) });
    assert.equal(p.hops[0].removedApis.length, 1);
    const fs = p.hops[0].removedApis[0];
    assert.equal(fs.kind, 'FlowSchema');
    assert.deepEqual(fs.sources.map((s) => s.type), ['workspace', 'helm', 'metric']);
    // a last-applied hint alone is listed but does not block
    assert.equal(p.hops[1].removedApis[0].sources[0].type, 'lastApplied');
    const hintOnly = plan({ facts: facts(snapshot({ gitVersion: v(34), components: [component('kube-apiserver', v(34), 'cp')], nodes: [node('cp', v(34))], kubectlVersion: v(34) }), { apiUses: [{ ...clusterUses[2], removedIn: '1.35' }] }) });
    assert.deepEqual(hintOnly.checks.filter((c) => c.status === 'fail'), []);
    assert.equal(hintOnly.hops[0].removedApis.length, 1);
    assert.equal(hintOnly.blocked, false);
    assert.equal(countBlockers(p), 1 + p.hops.reduce((n, h) => n + h.skew.length, 0) + p.checks.filter((c) => c.status === 'fail').length);
  });
});

describe('upgrade plan: completeness and formats', () => {
  it('is marked incomplete with what could not be read', () => {
    const p = plan({ facts: facts(kubeadm131, { pdbs: unreadable('forbidden: cannot list poddisruptionbudgets.policy in all namespaces'), problems: ['Helm release Secret ops/sh.helm.release.v1.x.v1 does not decode'] }) });
    assert.equal(p.incomplete, true);
    assert.ok(p.unread.some((u) => /PodDisruptionBudgets: forbidden: cannot list poddisruptionbudgets/.test(u)));
    assert.ok(p.unread.some((u) => /does not decode/.test(u)));
    assert.equal(p.checks.find((c) => c.id === 'pdb-disruptions')?.status, 'unknown');
  });

  it('renders text and Markdown with links to workspace files', () => {
    const p = plan({ workspaceUses: [ws('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32', '/w/fs.yaml', 7)] });
    const md = planToMarkdown(p, { fileLink: (f, l) => `file://${f}#L${l}`, displayPath: (f) => f.replace('/w/', '') });
    assert.match(md, /\[fs\.yaml:7\]\(file:\/\/\/w\/fs\.yaml#L7\)/);
    assert.match(md, /## Hop to 1\.32 \(1\.32\.13\)/);
    assert.match(planToText(p), /removed: flowcontrol\.apiserver\.k8s\.io\/v1beta3 FlowSchema/);
    assert.match(planToText(p), /\/w\/fs\.yaml:7/);
  });
});
