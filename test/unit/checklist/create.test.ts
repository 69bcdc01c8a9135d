// A new checklist: sections in the guide's order, the node loop's order, hops one minor at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createUpgradeChecklist, PROVIDER_MANAGED_REASON } from '../../../src/core/checklist/create';
import { upgradeHops } from '../../../src/core/checklist/hops';
import { orderNodes } from '../../../src/core/checklist/nodeOrder';
import { SECTION_ORDER } from '../../../src/core/checklist/types';
import { KEY, node, rolling, upgrade } from './fixtures';

describe('checklist creation', () => {
  it('walks one minor at a time up to the target', () => {
    assert.deepEqual(upgradeHops('v1.31.4-eks-1', '1.34'), { ok: true, hops: [{ from: '1.31', to: '1.32' }, { from: '1.32', to: '1.33' }, { from: '1.33', to: '1.34' }] });
    assert.deepEqual(upgrade(undefined, 'v1.35.0').hops.map((h) => `${h.from}→${h.to}`), ['1.33→1.34', '1.34→1.35']);
  });

  it('refuses a target that is not newer, not a version or another major', () => {
    const same = upgradeHops('1.33', '1.33');
    assert.ok(!same.ok);
    assert.match(same.reason, /not newer/);
    const r = createUpgradeChecklist({ key: KEY, nodes: [], controlPlaneNodes: 'upgrade-first', now: 0, currentVersion: '1.33', targetVersion: 'latest' });
    assert.deepEqual(r, { ok: false, reason: '"latest" is not a Kubernetes version' });
    assert.equal(upgradeHops('1.33', '2.0').ok, false);
  });

  it('orders the steps of a hop by the guide: plan, back up, staging, control plane, nodes, kubectl, verify, roll back', () => {
    const sections = upgrade().hops[0]?.steps.map((s) => s.section) ?? [];
    const firstSeen = sections.filter((s, i) => sections.indexOf(s) === i);
    assert.deepEqual(firstSeen, [...SECTION_ORDER]);
    const w1 = upgrade().hops[0]?.steps.filter((s) => s.node === 'w1').map((s) => s.kind);
    assert.deepEqual(w1, ['drain', 'node-upgrade', 'uncordon', 'node-verify']);
  });

  it('marks the steps that change the cluster as destructive and roll back as optional', () => {
    const steps = upgrade().hops[0]?.steps ?? [];
    assert.deepEqual(steps.filter((s) => s.destructive && !s.optional).map((s) => s.kind), ['control-plane-upgrade', 'drain', 'node-upgrade', 'drain', 'node-upgrade']);
    assert.deepEqual(steps.filter((s) => s.optional).map((s) => s.kind), ['rollback']);
  });

  it('orders nodes: control-plane first where the operator upgrades them, cordoned first, zone by zone, then by name', () => {
    const nodes = [
      node('w10', { zone: 'b' }), node('w2', { zone: 'b' }), node('w3', { zone: 'a' }), node('w4'),
      node('w5', { zone: 'b', unschedulable: true }), node('cp1', { controlPlane: true, zone: 'b' }), node('cp0', { controlPlane: true, zone: 'c' }),
    ];
    assert.deepEqual(orderNodes(nodes, 'upgrade-first').map((n) => n.name), ['cp1', 'cp0', 'w5', 'w3', 'w2', 'w10', 'w4']);
    assert.deepEqual(orderNodes(nodes, 'provider-managed').map((n) => n.name), ['w5', 'w3', 'w2', 'w10', 'w4', 'cp1', 'cp0']);
  });

  it('creates provider-managed control-plane rows skipped with the reason', () => {
    const s = upgrade([node('cp', { controlPlane: true }), node('w1')], '1.34', 'provider-managed');
    const cp = s.hops[0]?.steps.filter((x) => x.node === 'cp') ?? [];
    assert.equal(cp.length, 4);
    assert.ok(cp.every((x) => x.status.kind === 'skipped' && x.status.reason === PROVIDER_MANAGED_REASON));
    assert.ok(s.hops[0]?.steps.filter((x) => x.node === 'w1').every((x) => x.status.kind === 'pending'));
  });

  it('makes a rolling maintenance the node loop without a version change, keeping each node\'s OS and kernel as the baseline', () => {
    const s = rolling([node('w1', { osImage: 'Ubuntu 22.04', kernelVersion: '5.15.0-100' })]);
    assert.equal(s.mode, 'rolling');
    assert.deepEqual(s.hops.map((h) => [h.from, h.to]), [['1.33', '1.33']]);
    assert.deepEqual(s.hops[0]?.steps.map((x) => x.kind), ['drain', 'node-patch', 'uncordon', 'node-verify', 'verify-cluster']);
    assert.deepEqual([s.hops[0]?.nodes[0]?.osImage, s.hops[0]?.nodes[0]?.kernelVersion], ['Ubuntu 22.04', '5.15.0-100']);
  });
});
