import assert from 'node:assert/strict';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { applyOffsetEdits } from '../../../src/core/deprecations/migrations/offsetEdits';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { LineIndex } from '../../../src/core/manifests/positions';
import { findingsOf } from './analyzeHelpers';

export const rules = builtinRuleSet();

export type Outcome = { readonly text: string; readonly notes: readonly string[] } | { readonly manual: string };

export interface QuickFixOptions {
  /** The file's path: a path under templates/ makes it a Helm template. */
  readonly path?: string;
  readonly minor?: number;
  /** The line (from 0) of the finding, when the rule has several. */
  readonly line?: number;
}

/** The quick fix for the finding of one rule, as the user sees it: the file after its edits, or the reason it declines. */
export function quickFix(text: string, ruleId: string, options: QuickFixOptions = {}): Outcome {
  const target = { major: 1, minor: options.minor ?? 33 };
  const finding = findingsOf(text, { path: options.path }, target).find((f) => f.ruleId === ruleId && (options.line === undefined || f.range.start.line === options.line));
  assert.ok(finding, `a ${ruleId} finding`);
  const proposal = computeFix(text, finding, rules, { target, path: options.path });
  if (proposal.kind === 'manual') {
    return { manual: proposal.reason };
  }
  const lines = new LineIndex(text);
  const edits = proposal.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
  return { text: applyOffsetEdits(text, edits), notes: proposal.notes };
}

/** The file after the quick fix; fails when the fix declines. */
export function fixedText(text: string, ruleId: string, options: QuickFixOptions = {}): string {
  const outcome = quickFix(text, ruleId, options);
  assert.ok('text' in outcome, `a fix, not the reason ${'manual' in outcome ? outcome.manual : ''}`);
  return outcome.text;
}

/** Lines joined with LF, so expected files read as written. */
export const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A Pod with the old seccomp annotation, and its pod-level securityContext written as given. */
export const seccompPod = (...securityContext: string[]): string =>
  lines(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  annotations:',
    '    seccomp.security.alpha.kubernetes.io/pod: runtime/default',
    'spec:',
    ...securityContext,
    '  containers:',
    '    - name: c',
    '      image: nginx',
  );

/** The same Pod after the fix: the annotations map (its only entry gone) is removed. */
export const seccompFixedPod = (...securityContext: string[]): string => lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', ...securityContext, '  containers:', '    - name: c', '      image: nginx');
