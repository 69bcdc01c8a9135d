import type { Finding } from './findings';

const STATUS_TITLE = {
  removed: 'Removed',
  deprecated: 'Deprecated',
  upcoming: 'Removal announced',
} as const;

/** Markdown explaining a finding: what, since when, what replaces it, what changes, and the link. */
export function hoverMarkdown(finding: Finding, targetVersion: string): string {
  const lines: string[] = [];
  lines.push(`**${STATUS_TITLE[finding.status]}** (target Kubernetes ${targetVersion}): ${finding.message}`);
  lines.push('');
  const facts: string[] = [`deprecated in ${finding.deprecatedIn}`];
  facts.push(finding.removedIn ? `stops being served in ${finding.removedIn}` : 'no removal announced');
  if (finding.subject === 'api') {
    facts.push(finding.replacement ? `replacement: \`${finding.replacement}\`${finding.replacementAvailableSince ? ` (served since ${finding.replacementAvailableSince})` : ''}` : 'no replacement API');
  } else if (finding.replacement) {
    facts.push(`use \`${finding.replacement}\``);
  }
  lines.push(facts.join(' · '));
  if (finding.changes.length > 0) {
    lines.push('');
    lines.push('What changes:');
    for (const change of finding.changes) {
      lines.push(`- ${change}`);
    }
  }
  if (finding.link) {
    lines.push('');
    lines.push(`[Migration guide](${finding.link}) · rule \`${finding.ruleId}\``);
  }
  return lines.join('\n');
}
