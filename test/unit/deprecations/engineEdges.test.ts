import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, MAX_SYNTAX_ERRORS } from '../../../src/core/deprecations/analyzeText';
import { DocumentFindingsTracker } from '../../../src/core/deprecations/documentFindings';
import { hoverMarkdown, safeLink } from '../../../src/core/deprecations/hoverText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { countByApi, scanText } from '../../../src/core/deprecations/scanReport';
import { findingsOf } from './analyzeHelpers';

/* Inputs at the edges of what the engine reads: odd YAML shapes, many errors, the workspace summary. */

const rules = builtinRuleSet();
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const where = (text: string, minor: number): string[] => findingsOf(text, {}, at(minor)).map((f) => `${f.range.start.line}:${f.range.start.character} ${f.ruleId} ${f.objectKind}`);

describe('odd YAML shapes', () => {
  test('a pair with a complex key (which kubectl cannot send as JSON) is skipped with its value', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  ? [a, b]\n  : nodeSelector:\n      beta.kubernetes.io/arch: amd64\n  nodeSelector:\n    beta.kubernetes.io/os: linux\n';
    assert.deepEqual(where(text, 33), ['9:4 label-beta-os Pod']);
  });

  test('Lists nested in a List without usable items, or with items that are not objects, are passed over', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: List
  - apiVersion: v1
    kind: List
    items: nope
  - apiVersion: v1
    kind: List
    items:
      - just a string
      - kind: CronJob
        metadata: {name: no-version, labels: {beta.kubernetes.io/arch: amd64}}
      - apiVersion: {group: batch}
        kind: CronJob
        metadata: {name: odd-version, labels: {beta.kubernetes.io/arch: amd64}}
      - apiVersion: batch/v1beta1
        metadata: {name: no-kind}
      - apiVersion: batch/v1beta1
        kind: CronJob
        metadata: {name: real}
`;
    const findings = findingsOf(text, {}, at(25));
    assert.deepEqual(findings.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.ruleId} ${f.objectName}`), ['19:20 cronjob-batch-v1beta1 real']);
  });

  test('a typed list (CronJobList) inside a List is opened like a List', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: CronJobList\n    items:\n      - apiVersion: batch/v1beta1\n        kind: CronJob\n        metadata:\n          name: inner\n';
    assert.deepEqual(findingsOf(text, {}, at(25)).map((f) => `${f.range.start.line} ${f.ruleId} ${f.objectName}`), ['6 cronjob-batch-v1beta1 inner']);
  });

  test('Lists nested in Lists are opened seven levels deep, no deeper', () => {
    const nested = (levels: number): string => {
      let text = 'apiVersion: v1\nkind: List\nitems:\n';
      let indent = '  ';
      for (let i = 0; i < levels; i++) {
        text += `${indent}- apiVersion: v1\n${indent}  kind: List\n${indent}  items:\n`;
        indent += '    ';
      }
      return `${text}${indent}- apiVersion: batch/v1beta1\n${indent}  kind: CronJob\n${indent}  metadata:\n${indent}    name: deep\n`;
    };
    assert.deepEqual(findingsOf(nested(7), {}, at(25)).map((f) => `${f.range.start.line} ${f.objectName}`), ['24 deep']);
    assert.deepEqual(findingsOf(nested(8), {}, at(25)), []);
  });

  test('a List is read for its own labels, and a root typed list reports each item once', () => {
    const list = 'apiVersion: v1\nkind: List\nmetadata:\n  labels:\n    beta.kubernetes.io/arch: amd64\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p\n      labels:\n        beta.kubernetes.io/os: linux\n';
    assert.deepEqual(where(list, 33), ['4:4 label-beta-arch List', '11:8 label-beta-os Pod']);
    const podList = 'apiVersion: v1\nkind: PodList\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p\n      labels:\n        beta.kubernetes.io/os: linux\n';
    assert.deepEqual(where(podList, 33), ['8:8 label-beta-os Pod']);
  });

  test('an object that is not a list is read below a field called items', () => {
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nitems:\n  - metadata:\n      labels:\n        beta.kubernetes.io/os: linux\n';
    assert.deepEqual(where(widget, 33), ['7:8 label-beta-os Widget']);
  });

  test('the master key in node affinity is a label, not a toleration; a toleration whose value is that text tolerates something else', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - key: node-role.kubernetes.io/master\n                operator: DoesNotExist\n  tolerations:\n    - key: example.com/role\n      operator: Equal\n      value: node-role.kubernetes.io/master\n';
    assert.deepEqual(where(text, 25), ['10:21 label-node-role-master Pod']);
  });

  test('a label map at the root of a custom object is read; a label named like an annotation is not an annotation', () => {
    assert.deepEqual(where('apiVersion: example.com/v1\nkind: Widget\nnodeSelector:\n  beta.kubernetes.io/os: linux\n', 33), ['3:2 label-beta-os Widget']);
    assert.deepEqual(where('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    seccomp.security.alpha.kubernetes.io/pod: x\n', 25), []);
    assert.deepEqual(where('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: x\n', 27), []);
  });

  test('a toleration of the master taint is flagged unless a control-plane toleration for the same effect sits beside it', () => {
    const pod = (tolerations: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  tolerations:\n${tolerations}`;
    const master = '    - key: node-role.kubernetes.io/master\n      effect: NoSchedule\n';
    assert.deepEqual(where(pod(master), 25), ['6:11 taint-node-role-master Pod']);
    assert.deepEqual(where(pod(`${master}    - key: node-role.kubernetes.io/control-plane\n      effect: NoSchedule\n`), 25), []);
    assert.deepEqual(where(pod(`${master}    - key: node-role.kubernetes.io/control-plane\n`), 25), []);
    assert.deepEqual(where(pod(`${master}    - key: node-role.kubernetes.io/control-plane\n      effect: NoExecute\n`), 25), ['6:11 taint-node-role-master Pod']);
    assert.deepEqual(where(pod(`${master}    - key: node-role.kubernetes.io/control-plane\n      effect: ""\n`), 25), []);
    assert.deepEqual(where(pod(`${master}    - key: example.com/other\n      effect: NoSchedule\n`), 25), ['6:11 taint-node-role-master Pod']);
    assert.deepEqual(where(pod(`${master}    - just-a-string\n`), 25), ['6:11 taint-node-role-master Pod']);
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      tolerations:\n        - key: node-role.kubernetes.io/master\n        - key: node-role.kubernetes.io/control-plane\n`;
    assert.deepEqual(where(deployment, 25), []);
    assert.deepEqual(where(deployment.replace(/control-plane/, 'other'), 25), ['8:15 taint-node-role-master Deployment']);
  });
});

describe('deeply nested structures', () => {
  const nested = (levels: number): string => {
    let text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n';
    let indent = '  ';
    for (let i = 0; i < levels; i++) {
      text += `${indent}a:\n`;
      indent += '  ';
    }
    return `${text}${indent}nodeSelector:\n${indent}  beta.kubernetes.io/os: linux\n`;
  };

  test('sequences count towards the limit like maps', () => {
    const alternating = (levels: number): string => {
      let text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n';
      let indent = '  ';
      for (let i = 0; i < levels; i++) {
        text += `${indent}a:\n${indent}  -\n`;
        indent += '    ';
      }
      return `${text}${indent}nodeSelector:\n${indent}  beta.kubernetes.io/os: linux\n`;
    };
    assert.equal(where(alternating(49), 33).length, 1);
    assert.equal(where(alternating(50), 33).length, 0);
  });

  test('are read down to the limit of 100 levels and no further', () => {
    assert.deepEqual(where(nested(98), 33).map((f) => f.split(' ')[1]), ['label-beta-os']);
    assert.deepEqual(where(nested(99), 33), []);
  });
});

describe('many syntax errors', () => {
  const broken = (n: number): string => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  a: b: c\n`).join('---\n');

  test('the open editor lists the first hundred and then says there are more, as a fresh analysis does', () => {
    for (const n of [MAX_SYNTAX_ERRORS, MAX_SYNTAX_ERRORS + 1, MAX_SYNTAX_ERRORS + 3]) {
      const text = broken(n);
      const tracked = new DocumentFindingsTracker(rules, { target: at(33) }).update(text).syntaxErrors;
      assert.deepEqual(tracked, analyzeText(text, rules).syntaxErrors, `${n} broken documents`);
      const last = tracked.at(-1)?.message ?? '';
      if (n > MAX_SYNTAX_ERRORS) {
        assert.equal(tracked.length, MAX_SYNTAX_ERRORS + 1);
        assert.equal(last, `more than ${MAX_SYNTAX_ERRORS} syntax errors; the rest are not listed`);
      } else {
        assert.equal(tracked.length, n);
        assert.match(last, /Nested mappings are not allowed/);
      }
    }
  });
});

describe('the workspace summary', () => {
  test('counts findings per API and kind or per field name, most frequent first, then by name', () => {
    const cron = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
    const pdb = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\n';
    const labelled = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    beta.kubernetes.io/arch: amd64\n';
    const options = { target: at(25) };
    const reports = [
      scanText('a.yaml', [pdb, cron, labelled].join('---\n'), rules, options),
      scanText('b.yaml', [cron, labelled].join('---\n'), rules, options),
      scanText('c.yaml', cron, rules, options),
    ];
    assert.deepEqual(countByApi(reports), [
      { key: 'batch/v1beta1 CronJob', status: 'removed', count: 3 },
      { key: 'label beta.kubernetes.io/arch', status: 'deprecated', count: 2 },
      { key: 'policy/v1beta1 PodDisruptionBudget', status: 'removed', count: 1 },
    ]);
    assert.deepEqual(countByApi([]), []);
  });

  test('equal counts are ordered by name', () => {
    const options = { target: at(25) };
    const reports = [scanText('a.yaml', 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\n---\napiVersion: batch/v1beta1\nkind: CronJob\n', rules, options)];
    assert.deepEqual(countByApi(reports).map((e) => e.key), ['batch/v1beta1 CronJob', 'policy/v1beta1 PodDisruptionBudget']);
  });
});

describe('hover links', () => {
  test('a link that is not an http(s) URL is left out', () => {
    assert.equal(safeLink('not a url'), undefined);
    assert.equal(safeLink('javascript:alert(1)'), undefined);
    const [finding] = findingsOf('apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n', {}, at(25));
    const markdown = hoverMarkdown({ ...finding, link: 'see the wiki' }, '1.25');
    assert.equal(markdown.split('\n')[0], '**Removed** at target Kubernetes 1\\.25');
  });
});
