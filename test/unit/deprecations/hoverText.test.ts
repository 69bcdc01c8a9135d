import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { evaluateMatches } from '../../../src/core/deprecations/findings';
import { escapeMarkdown, hoverMarkdown, safeLink } from '../../../src/core/deprecations/hoverText';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { createRuleSet } from '../../../src/core/deprecations/ruleSet';
import { validateUserRules } from '../../../src/core/deprecations/userRules';
import { findingsOf } from './analyzeHelpers';

const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });
const INGRESS = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n';

/** What a reader sees: Markdown escapes removed. */
function rendered(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

describe('hover text', () => {
  test('does not repeat the diagnostic sentence; the guide link and the quick fix come first', () => {
    const [finding] = findingsOf(INGRESS, {}, at(33));
    const markdown = hoverMarkdown(finding, '1.33', { kind: 'edit', title: 'Migrate Ingress to networking.k8s.io/v1' });
    const lines = markdown.split('\n');
    assert.ok(!rendered(markdown).includes(finding.message), 'the diagnostic message is not repeated');
    assert.ok(!rendered(markdown).includes('is no longer served since'), 'nor its wording');
    assert.match(lines[0], /^\*\*Removed\*\* at target Kubernetes 1\\\.33 · \[Migration guide\]\(https:\/\/kubernetes\.io\/docs\/reference\/using-api\/deprecation-guide\/#ingress-v122\)$/);
    assert.equal(rendered(lines[2]), 'Quick fix: Migrate Ingress to networking.k8s.io/v1');
    assert.match(rendered(markdown), /replacement: networking\.k8s\.io\/v1 \(served since 1\.19\)/);
    assert.match(rendered(markdown), /- spec\.backend becomes spec\.defaultBackend\./);
  });

  test('a change that needs a person says why, near the top', () => {
    const text = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\n';
    const [finding] = findingsOf(text, {}, at(25));
    const markdown = hoverMarkdown(finding, '1.25', { kind: 'manual', reason: 'policy/v1beta1 PodSecurityPolicy has no replacement API' });
    assert.equal(rendered(markdown.split('\n')[2]), 'No automatic fix: policy/v1beta1 PodSecurityPolicy has no replacement API');
  });

  test('an interim replacement names the final one too', () => {
    const [finding] = findingsOf('apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\n', {}, at(27));
    assert.match(rendered(hoverMarkdown(finding, '1.27')), /replacement: flowcontrol\.apiserver\.k8s\.io\/v1beta3 \(served since 1\.26\) · then flowcontrol\.apiserver\.k8s\.io\/v1 from 1\.29/);
  });

  test('annotation keys from the manifest cannot inject Markdown, links or HTML', () => {
    const key = 'container.seccomp.security.alpha.kubernetes.io/[x](command:workbench.action.terminal.new)<img src=x>**`';
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    "${key}": runtime/default\n`;
    const [finding] = findingsOf(text, {}, at(33));
    assert.equal(finding.name, key);
    const markdown = hoverMarkdown(finding, '1.33');
    assert.doesNotMatch(markdown, /\]\(command:/);
    assert.doesNotMatch(markdown, /<img/);
    assert.ok(!/(^|[^\\])[*`[\]<>]/.test(markdown.split('\n').slice(1).join('\n').replace(/^\*\*[A-Za-z ]+\*\*/, '')), 'no unescaped Markdown after the status');
  });

  test('custom rule messages and links are escaped, and only http(s) links are shown', () => {
    const loaded = validateUserRules([
      { id: 'widget', apiVersion: 'example.com/v1alpha1', kinds: ['Widget'], deprecatedIn: '1.20', message: 'Click [here](command:evil) <b>now</b>\n# heading', link: 'https://example.com/a b)(c' },
    ], 'settings');
    const rules = createRuleSet(loaded.rules);
    const text = 'apiVersion: example.com/v1alpha1\nkind: Widget\n';
    const [finding] = evaluateMatches(analyzeText(text, rules).matches, rules, { target: at(33) });
    const fix = computeFix(text, finding, rules, { target: at(33) });
    const markdown = hoverMarkdown(finding, '1.33', fix.kind === 'manual' ? { kind: 'manual', reason: fix.reason } : undefined);
    assert.doesNotMatch(markdown, /\]\(command:/);
    assert.doesNotMatch(markdown, /<b>/);
    assert.doesNotMatch(markdown, /^# heading/m);
    assert.match(markdown, /\[Migration guide\]\(https:\/\/example\.com\/a%20b%29%28c\)/);
    assert.equal(safeLink('javascript:alert(1)'), undefined);
    assert.equal(safeLink('command:workbench.action.terminal.new'), undefined);
  });

  test('escaping keeps the visible text', () => {
    const text = 'a_b*c `d` [e](f) <g> # h | i ~ j\nk';
    assert.equal(rendered(escapeMarkdown(text)), 'a_b*c `d` [e](f) <g> # h | i ~ j k');
  });
});
