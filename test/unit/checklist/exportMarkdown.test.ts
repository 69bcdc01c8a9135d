// "Export Checklist as Markdown": the whole state, in the guide's order, readable and safe.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { checklistMarkdown } from '../../../src/core/checklist/exportMarkdown';
import { nodePatchVerdict, nodeUpgradeVerdict } from '../../../src/core/checklist/verifyNode';
import { nodeRow } from '../../../src/core/checklist/nodeOrder';
import { apply, node, pass, throughControlPlane, upgrade } from './fixtures';

const md = new MarkdownIt();
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe('checklist export', () => {
  it('lists every hop and section in order with each step\'s status and evidence', () => {
    let s = pass(throughControlPlane(upgrade([node('w1'), node('w2')], '1.35')), 'h0/nodes/w1/drain');
    s = apply(s, { type: 'start-step', stepId: 'h0/nodes/w1/node-upgrade', at: T0 },
      { type: 'step-failed', stepId: 'h0/nodes/w1/node-upgrade', at: T0 + 1000, reason: 'exit status 1', evidence: [{ kind: 'output', at: T0, command: 'up w1', exitCode: 1, text: '```\n# boom' }] },
      { type: 'skip-node', node: 'w2', at: T0 + 2000, reason: 'spot node, replaced' });
    const text = checklistMarkdown(s, T0 + 3000);
    const tokens = md.parse(text, {});
    const headings = tokens.filter((t, i) => t.type === 'inline' && tokens[i - 1]?.type === 'heading_open').map((t) => t.content);
    assert.deepEqual(headings, [
      'Upgrade checklist: 1.33 → 1.35',
      'Hop 1.33 → 1.34', 'Plan', 'Back up', 'Staging', 'Control plane', 'Nodes', 'kubectl', 'Verify', 'Roll back',
      'Hop 1.34 → 1.35', 'Plan', 'Back up', 'Staging', 'Control plane', 'Nodes', 'kubectl', 'Verify', 'Roll back',
    ]);
    assert.match(text, /- \[!\] Upgrade kubelet to 1\.34 · node `w1` — failed 2026-12-01 09:00:01 UTC: exit status 1\n {2}- command `up w1` · exit status 1\n/);
    assert.match(text, /- \[-\] Drain · node `w2` — skipped: spot node, replaced/);
    assert.equal(tokens.filter((t) => t.type === 'fence').map((t) => t.content).join(''), '```\n# boom\n', 'the output stays in its block');
  });
});

describe('node verification', () => {
  it('counts an upgrade when the kubelet reports the hop\'s minor and the node is Ready', () => {
    assert.deepEqual(nodeUpgradeVerdict(node('w1', { kubeletVersion: 'v1.34.2+k3s1' }), '1.34'), { ok: true, observed: 'kubelet v1.34.2+k3s1, Ready' });
    assert.deepEqual(nodeUpgradeVerdict(node('w1'), '1.34'), { ok: false, reason: 'kubelet is v1.33.2, not 1.34' });
    assert.deepEqual(nodeUpgradeVerdict(node('w1', { kubeletVersion: 'v1.34.0', ready: false }), '1.34'), { ok: false, reason: 'kubelet is v1.34.0 but the node is not Ready' });
  });

  it('counts a patch by a changed OS image or kernel, and leaves an unchanged node to the operator', () => {
    const row = nodeRow(node('w1'));
    assert.deepEqual(nodePatchVerdict(row, node('w1', { kernelVersion: '6.1.0-27-amd64' })), { ok: true, observed: 'kernel 6.1.0-26-amd64 → 6.1.0-27-amd64, Ready' });
    assert.deepEqual(nodePatchVerdict(row, node('w1', { osImage: 'Debian GNU/Linux 12.8' })), { ok: true, observed: 'OS image Debian GNU/Linux 12 (bookworm) → Debian GNU/Linux 12.8, Ready' });
    const same = nodePatchVerdict(row, node('w1'));
    assert.ok(!same.ok);
    assert.match(same.reason, /unchanged .*confirm by hand/);
  });
});
