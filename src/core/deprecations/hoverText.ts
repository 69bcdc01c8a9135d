import type { Finding } from './findings';

const STATUS_TITLE = {
  removed: 'Removed',
  deprecated: 'Deprecated',
  upcoming: 'Removal announced',
} as const;

/** What the quick fix for a finding would do, as the hover summarises it. */
export type FixSummary = { readonly kind: 'edit'; readonly title: string } | { readonly kind: 'manual'; readonly reason: string };

/**
 * Text from manifests and custom rules as inert Markdown: every character Markdown or the
 * editor's renderer gives a meaning is backslash-escaped, and control characters and line
 * breaks (which could start a block) become spaces.
 */
export function escapeMarkdown(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&:"'=$%@^]/g, '\\$&');
}

/** An http(s) URL safe inside a Markdown link target, or undefined. */
export function safeLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return undefined;
  }
  return url.href.replace(/[()<>\s"'\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Markdown explaining a finding. The editor shows the diagnostic's sentence right above, so
 * the hover does not repeat it: it starts with the status, the guide link and the quick fix,
 * then the facts and what changes.
 */
export function hoverMarkdown(finding: Finding, targetVersion: string, fix?: FixSummary): string {
  const e = escapeMarkdown;
  const lines: string[] = [];
  const link = safeLink(finding.link);
  const head = [`**${STATUS_TITLE[finding.status]}** at target Kubernetes ${e(targetVersion)}`];
  if (link) {
    head.push(`[Migration guide](${link})`);
  }
  lines.push(head.join(' · '));
  if (fix?.kind === 'edit') {
    lines.push('');
    lines.push(`Quick fix: ${e(fix.title)}`);
  } else if (fix?.kind === 'manual') {
    lines.push('');
    lines.push(`No automatic fix: ${e(fix.reason)}`);
  }
  lines.push('');
  const facts: string[] = [`deprecated in ${e(finding.deprecatedIn)}`];
  facts.push(finding.removedIn ? `${finding.subject === 'api' ? 'not served' : 'no effect'} from ${e(finding.removedIn)}` : 'no removal announced');
  if (finding.subject === 'api') {
    if (finding.replacement) {
      const since = finding.replacementAvailableSince ? ` (served since ${e(finding.replacementAvailableSince)})` : '';
      facts.push(`replacement: ${e(finding.replacement)}${since}`);
    } else {
      facts.push('no replacement API');
    }
    if (finding.finalReplacement) {
      facts.push(`then ${e(finding.finalReplacement)}${finding.finalReplacementAvailableSince ? ` from ${e(finding.finalReplacementAvailableSince)}` : ''}`);
    }
  } else if (finding.replacement) {
    facts.push(`use ${e(finding.replacement)}`);
  }
  lines.push(facts.join(' · '));
  if (finding.changes.length > 0) {
    lines.push('');
    lines.push('What changes:');
    for (const change of finding.changes) {
      lines.push(`- ${e(change)}`);
    }
  }
  lines.push('');
  lines.push(`Rule ${e(finding.ruleId)}`);
  return lines.join('\n');
}
