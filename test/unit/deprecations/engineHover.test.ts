import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { hoverMarkdown, safeLink } from '../../../src/core/deprecations/hoverText';
import { createRuleSet } from '../../../src/core/deprecations/ruleSet';
import { validateUserRules } from '../../../src/core/deprecations/userRules';
import { findingsOf } from './analyzeHelpers';

/* The whole hover a user reads over a finding, line by line, and the links it may carry. */

const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const first = (text: string, minor: number): ReturnType<typeof findingsOf>[number] => {
  const [finding] = findingsOf(text, {}, at(minor));
  assert.ok(finding, 'a finding');
  return finding;
};

describe('hover text, whole', () => {
  test('an API with an interim replacement and a quick fix', () => {
    const finding = first('apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata:\n  name: x\n', 27);
    assert.deepEqual(hoverMarkdown(finding, '1.27', { kind: 'edit', title: 'Migrate FlowSchema to flowcontrol.apiserver.k8s.io/v1beta3' }).split('\n'), [
      '**Deprecated** at target Kubernetes 1\\.27 · [Migration guide](https://kubernetes.io/docs/reference/using-api/deprecation-guide/#flowcontrol-resources-v129)',
      '',
      'Quick fix: Migrate FlowSchema to flowcontrol\\.apiserver\\.k8s\\.io/v1beta3',
      '',
      'deprecated in 1\\.26 · not served from 1\\.29 · replacement: flowcontrol\\.apiserver\\.k8s\\.io/v1beta3 (served since 1\\.26) · then flowcontrol\\.apiserver\\.k8s\\.io/v1 from 1\\.29',
      '',
      'What changes:',
      '- PriorityLevelConfiguration spec\\.limited\\.assuredConcurrencyShares is renamed nominalConcurrencyShares; in v1 it defaults to 30 only when unset, and an explicit 0 stays 0\\.',
      '- flowcontrol\\.apiserver\\.k8s\\.io/v1beta3 \\(from 1\\.26\\) is an alternative for older clusters\\.',
      '',
      'Rule flowcontrol\\-v1beta2',
    ]);
  });

  test('a field with no removal announced and a change left to a person', () => {
    const finding = first('apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  loadBalancerIP: 1.1.1.1\n', 33);
    assert.deepEqual(hoverMarkdown(finding, '1.33', { kind: 'manual', reason: 'depends (on) things' }).split('\n'), [
      '**Deprecated** at target Kubernetes 1\\.33 · [Migration guide](https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer)',
      '',
      'No automatic fix: depends \\(on\\) things',
      '',
      'deprecated in 1\\.24 · no removal announced',
      '',
      'What changes:',
      "- The field is not portable and may be ignored; use your load balancer implementation\\'s annotation or the Gateway API to request an address\\.",
      '',
      'Rule field\\-service\\-load\\-balancer\\-ip',
    ]);
  });

  test('a label with something to use instead, and an API with no replacement, without a fix summary', () => {
    const label = first('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    beta.kubernetes.io/os: linux\n', 33);
    assert.deepEqual(hoverMarkdown(label, '1.33').split('\n'), [
      '**Deprecated** at target Kubernetes 1\\.33 · [Migration guide](https://kubernetes.io/docs/reference/labels-annotations-taints/)',
      '',
      'deprecated in 1\\.14 · no removal announced · use kubernetes\\.io/os',
      '',
      'What changes:',
      '- Nodes carry kubernetes\\.io/os with the same value\\.',
      '',
      'Rule label\\-beta\\-os',
    ]);
    const psp = first('apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: x\n', 21);
    assert.equal(hoverMarkdown(psp, '1.21').split('\n')[2], 'deprecated in 1\\.21 · not served from 1\\.25 · no replacement API');
  });
});

describe('hover text of removed annotations and custom rules', () => {
  test('a removed annotation says from when it has no effect', () => {
    const finding = first('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n', 27);
    assert.equal(hoverMarkdown(finding, '1.27').split('\n')[2], 'deprecated in 1\\.19 · no effect from 1\\.27 · use spec\\.securityContext\\.seccompProfile');
  });

  test('a custom rule without a list of changes has no "What changes" section', () => {
    const custom = validateUserRules(
      [{ id: 'widget', apiVersion: 'example.com/v1beta1', kind: 'Widget', deprecatedIn: '1.30', removedIn: '1.32', replacement: 'example.com/v1', replacementAvailableSince: '1.29', link: 'https://example.com/widgets' }],
      'rules.yaml',
    );
    const rules = createRuleSet(custom.rules);
    const text = 'apiVersion: example.com/v1beta1\nkind: Widget\nmetadata:\n  name: w\n';
    const [finding] = evaluateMatches(analyzeText(text, rules).matches, rules, { target: at(32) });
    assert.deepEqual(hoverMarkdown(finding, '1.32').split('\n'), [
      '**Removed** at target Kubernetes 1\\.32 · [Migration guide](https://example.com/widgets)',
      '',
      'deprecated in 1\\.30 · not served from 1\\.32 · replacement: example\\.com/v1 (served since 1\\.29)',
      '',
      'Rule widget',
    ]);
  });
});

describe('links in the hover', () => {
  test('http and https links are kept, with the characters that could end a Markdown link encoded', () => {
    assert.equal(safeLink('http://example.com/a(b)\'c'), 'http://example.com/a%28b%29%27c');
    assert.equal(safeLink('https://example.com/x#a<b'), 'https://example.com/x#a%3Cb');
    assert.equal(safeLink('ftp://example.com/x'), undefined);
  });
});
