import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planToMarkdown, planToText } from '../../../src/core/upgrade/planFormats';
import type { Hop, PlanCheck, UpgradePlan } from '../../../src/core/upgrade/planTypes';

const CHANGELOG = 'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.33.md';

/** A hop to 1.33 on an unknown platform, without a patch in the data, with removed APIs from every cluster source and both skew verdicts. */
const clusterHop: Hop = {
  version: '1.33',
  patch: null,
  releaseNotes: CHANGELOG,
  urgentUpgradeNotes: `${CHANGELOG}#urgent-upgrade-notes`,
  upgradeCommand: null,
  removedApis: [
    {
      apiVersion: 'example.io/v1beta1',
      kind: 'Gadget',
      replacement: null,
      sources: [
        { type: 'metric', resource: 'gadgets', count: 4 },
        { type: 'lastApplied', namespace: 'shop', name: 'cart' },
        { type: 'lastApplied', namespace: '', name: 'global-gadget' },
      ],
    },
  ],
  skew: [
    { subject: 'node/old-1', component: 'kubelet', version: 'v1.28.3', verdict: 'violation', reason: 'kubelet is four minors older than the apiserver' },
    { subject: 'kubectl', component: 'kubectl', version: 'v1.31.0', verdict: 'blocks', reason: 'kubectl would be two minors behind' },
  ],
};

const failing: PlanCheck = { id: 'nodes-ready', status: 'fail', title: 'Nodes Ready', detail: '1 of 2 nodes are not Ready: b' };
const unknownCheck: PlanCheck = { id: 'backup', status: 'unknown', title: 'Recent backup', detail: 'Velero is not installed' };

function plan(parts: Partial<UpgradePlan>): UpgradePlan {
  return {
    context: 'prod',
    from: '1.32.4',
    to: '1.33',
    platform: 'unknown',
    platformEvidence: 'no platform signal',
    hops: [clusterHop],
    checks: [failing, unknownCheck],
    blocked: true,
    incomplete: true,
    unread: ['/readyz: forbidden', 'Velero backups: timeout'],
    releaseData: { generatedAt: '2026-12-01', origin: 'built-in' },
    generatedAt: '2026-12-01T08:00:00.000Z',
    ...parts,
  };
}

describe('plan text: a hop on an unknown platform with cluster-side sources', () => {
  it('prints every section an operator reads, line by line', () => {
    // Blockers: one failing check, two skew entries, one removed API confirmed by the metric.
    assert.equal(planToText(plan({})), [
      'Upgrade plan for prod: 1.32.4 → 1.33 (platform: unknown; no platform signal)',
      'BLOCKED: 4 blockers (incomplete: some facts could not be read)',
      '',
      'Hop to 1.33',
      `  release notes: ${CHANGELOG}`,
      `  urgent upgrade notes: ${CHANGELOG}#urgent-upgrade-notes`,
      '  command: unknown platform; see your platform\'s upgrade guide',
      '  removed: example.io/v1beta1 Gadget → no replacement',
      '    - apiserver metric: gadgets requested (4)',
      '    - last-applied annotation of shop/cart (low confidence)',
      '    - last-applied annotation of global-gadget (low confidence)',
      '  skew violation: node/old-1 kubelet v1.28.3: kubelet is four minors older than the apiserver',
      '  skew blocks: kubectl kubectl v1.31.0: kubectl would be two minors behind',
      '',
      'Checks',
      '  FAIL  Nodes Ready: 1 of 2 nodes are not Ready: b',
      '  ????  Recent backup: Velero is not installed',
      '',
      'Not read',
      '  - /readyz: forbidden',
      '  - Velero backups: timeout',
      '',
      'Release data generated 2026-12-01 (built-in)',
      '',
    ].join('\n'));
  });

  it('says "1 blocker" in the singular and leaves out the Not read section when everything was read', () => {
    const onlyCheck = plan({ hops: [{ ...clusterHop, removedApis: [], skew: [] }], incomplete: false, unread: [] });
    const text = planToText(onlyCheck);
    assert.match(text, /^BLOCKED: 1 blocker$/m);
    assert.match(text, /^ {2}removed APIs: none in use$/m);
    assert.match(text, /^ {2}skew: nothing must move first$/m);
    assert.doesNotMatch(text, /Not read/);
    assert.doesNotMatch(text, /incomplete/);
  });

  it('says nothing blocks when the plan is not blocked', () => {
    const clear = plan({ hops: [{ ...clusterHop, removedApis: [], skew: [] }], checks: [{ ...failing, status: 'pass', detail: 'all 2 nodes are Ready' }], blocked: false, incomplete: false, unread: [] });
    assert.match(planToText(clear), /^nothing blocks$/m);
    assert.match(planToText(clear), /^ {2}PASS {2}Nodes Ready: all 2 nodes are Ready$/m);
  });

  it('prints the patch after the hop when the data has one, and a multi-line command indented', () => {
    const p = plan({ hops: [{ ...clusterHop, patch: '1.33.10', upgradeCommand: 'kubeadm upgrade plan\nkubeadm upgrade apply v1.33.10' }] });
    const text = planToText(p);
    assert.match(text, /^Hop to 1\.33 \(1\.33\.10\)$/m);
    assert.match(text, /^ {2}command:\n {4}kubeadm upgrade plan\n {4}kubeadm upgrade apply v1\.33\.10\n/m);
  });
});

describe('plan Markdown: a hop on an unknown platform with cluster-side sources', () => {
  it('renders the hop, the skew marks, escaped sources and the Not read list', () => {
    const md = planToMarkdown(plan({}));
    const hopStart = md.indexOf('## Hop to 1.33\n');
    assert.ok(hopStart > 0, md);
    assert.equal(md.slice(hopStart), [
      '## Hop to 1.33',
      '',
      `[Changelog](${CHANGELOG}) · [Urgent upgrade notes](${CHANGELOG}#urgent-upgrade-notes)`,
      '',
      '**Command**',
      '',
      '_Unknown platform: follow your platform\'s upgrade guide._',
      '',
      '**Removed APIs in use**',
      '',
      '- `example.io/v1beta1` Gadget → no replacement',
      '  - apiserver metric: gadgets requested (4)',
      '  - last-applied annotation of shop/cart (low confidence)',
      '  - last-applied annotation of global-gadget (low confidence)',
      '',
      '**Version skew**',
      '',
      '- ❌ `node/old-1` (kubelet v1.28.3): kubelet is four minors older than the apiserver',
      '- ⛔ `kubectl` (kubectl v1.31.0): kubectl would be two minors behind',
      '',
      '## Not read',
      '',
      '- /readyz: forbidden',
      '- Velero backups: timeout',
      '',
      '_Release data generated 2026-12-01 (built-in); plan made 2026-12-01T08:00:00.000Z._',
      '',
    ].join('\n'));
  });

  it('heads the report with the summary and a table of the checks', () => {
    const md = planToMarkdown(plan({}));
    assert.ok(md.startsWith([
      '# Upgrade plan: prod, 1.32.4 → 1.33',
      '',
      '**BLOCKED: 4 blockers (incomplete: some facts could not be read)** · platform: **unknown** (no platform signal)',
      '',
      '| Check | Status | Detail |',
      '| --- | --- | --- |',
      '| Nodes Ready | **FAIL** | 1 of 2 nodes are not Ready: b |',
      '| Recent backup | _unknown_ | Velero is not installed |',
      '',
      '## Hop to 1.33',
    ].join('\n')), md);
  });

  it('names the patch and the replacement, shows an empty hop plainly and has no Not read section when all was read', () => {
    const hop: Hop = {
      ...clusterHop,
      patch: '1.33.10',
      upgradeCommand: 'aws eks update-cluster-version --name prod --kubernetes-version 1.33',
      removedApis: [{ apiVersion: 'example.io/v1beta1', kind: 'Gadget', replacement: 'example.io/v1', sources: [{ type: 'helm', release: 'shop', namespace: 'apps', revision: 3 }] }],
      skew: [],
    };
    const md = planToMarkdown(plan({ hops: [hop, { ...clusterHop, version: '1.34', removedApis: [], skew: [] }], unread: [], incomplete: false }));
    assert.match(md, /^## Hop to 1\.33 \(1\.33\.10\)$/m);
    assert.match(md, /^```sh\naws eks update-cluster-version --name prod --kubernetes-version 1\.33\n```$/m);
    assert.match(md, /^- `example\.io\/v1beta1` Gadget → `example\.io\/v1`\n {2}- Helm release apps\/shop revision 3$/m);
    assert.match(md, /^## Hop to 1\.34$/m);
    assert.match(md, /\*\*Removed APIs in use\*\*\n\nNone found\.\n/);
    assert.match(md, /\*\*Version skew\*\*\n\nNothing must be upgraded first\.\n/);
    assert.doesNotMatch(md, /Not read/);
  });

  it('escapes Markdown in the values it shows', () => {
    const md = planToMarkdown(plan({ context: 'a_b', unread: ['forbidden: `x`'] }));
    assert.match(md, /^# Upgrade plan: a\\_b, /m);
    assert.match(md, /^- forbidden: \\`x\\`$/m);
  });

  it('marks each status in the text and the table', () => {
    const checks: PlanCheck[] = [
      { id: 'a', status: 'pass', title: 'A', detail: 'fine' },
      { id: 'b', status: 'warn', title: 'B', detail: 'hm' },
      { id: 'c', status: 'fail', title: 'C', detail: 'no' },
      { id: 'd', status: 'unknown', title: 'D', detail: '?' },
    ];
    const p = plan({ checks });
    assert.match(planToText(p), /\nChecks\n {2}PASS {2}A: fine\n {2}WARN {2}B: hm\n {2}FAIL {2}C: no\n {2}\?\?\?\? {2}D: \?\n/);
    assert.match(planToMarkdown(p), /\| A \| pass \| fine \|\n\| B \| \*\*warn\*\* \| hm \|\n\| C \| \*\*FAIL\*\* \| no \|\n\| D \| _unknown_ \| \? \|/);
  });
});
