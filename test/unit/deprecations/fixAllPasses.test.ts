import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

/* "Fix all" over a whole file: passes until nothing is left, the count it reports, and the file's BOM and line breaks. */

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
const CRON_FIXED = CRON.replace('batch/v1beta1', 'batch/v1');

describe('passes', () => {
  const deployment = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        beta.kubernetes.io/arch: amd64\n';
  const done = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        kubernetes.io/arch: amd64\n  selector:\n    matchLabels:\n      kubernetes.io/arch: amd64\n';

  test('a selector copied from old labels is renamed in the next pass, so selector and template agree', () => {
    assert.deepEqual(fixAllText(deployment, rules, { target: at(16) }), { text: done, applied: 3, manual: [] });
  });

  test('the number of passes can be limited; with none nothing changes', () => {
    assert.deepEqual(fixAllText(deployment, rules, { target: at(16), maxPasses: 1 }), {
      text: done.replace('matchLabels:\n      kubernetes.io/arch', 'matchLabels:\n      beta.kubernetes.io/arch'),
      applied: 2,
      manual: [],
    });
    assert.deepEqual(fixAllText(deployment, rules, { target: at(16), maxPasses: 2 }), { text: done, applied: 3, manual: [] });
    assert.deepEqual(fixAllText(deployment, rules, { target: at(16), maxPasses: 0 }), { text: deployment, applied: 0, manual: [] });
  });

  test('fixes in several documents are counted, and what is left is listed with its line', () => {
    const pdb = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\n';
    assert.deepEqual(fixAllText([CRON, CRON, pdb].join('---\n'), rules, { target: at(25) }), {
      text: [CRON_FIXED, CRON_FIXED, pdb].join('---\n'),
      applied: 2,
      manual: [{ ruleId: 'podsecuritypolicy-policy-v1beta1', line: 10, reason: 'policy/v1beta1 PodSecurityPolicy has no replacement API' }],
    });
  });

  test('an announced removal is fixed only when asked for', () => {
    assert.deepEqual(fixAllText(CRON, rules, { target: at(21) }), { text: CRON_FIXED, applied: 1, manual: [] });
    assert.deepEqual(fixAllText(CRON, rules, { target: at(20) }), { text: CRON, applied: 0, manual: [] });
    const upcoming = fixAllText(CRON, rules, { target: at(20), includeUpcoming: true });
    assert.deepEqual(upcoming.manual.map((m) => m.reason), ['batch/v1 is only served from Kubernetes 1.21, after the target version']);
  });
});

describe('what the file keeps', () => {
  test('a byte order mark stays in front', () => {
    assert.deepEqual(fixAllText(`\uFEFF${CRON}`, rules, { target: at(25) }), { text: `\uFEFF${CRON_FIXED}`, applied: 1, manual: [] });
  });

  test('CRLF and lone CR line breaks stay as they were, in new lines too', () => {
    assert.equal(fixAllText(CRON.replace(/\n/g, '\r\n'), rules, { target: at(25) }).text, CRON_FIXED.replace(/\n/g, '\r\n'));
    const ds = 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        app: a\n';
    const fixed = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        app: a\n  selector:\n    matchLabels:\n      app: a\n  updateStrategy:\n    type: OnDelete\n';
    assert.equal(fixAllText(ds.replace(/\n/g, '\r'), rules, { target: at(16) }).text, fixed.replace(/\n/g, '\r'));
  });
});
