// The plan as text (a terminal) and as Markdown (the editor's report, a CI summary).
import type { ApiSource, CheckStatus, Hop, UpgradePlan } from './planTypes';
import { countBlockers } from './plan';

const STATUS_TEXT: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: '????' };
const STATUS_MD: Record<CheckStatus, string> = { pass: 'pass', warn: '**warn**', fail: '**FAIL**', unknown: '_unknown_' };

function sourceText(s: ApiSource): string {
  switch (s.type) {
    case 'workspace': return `${s.file}:${s.line}`;
    case 'helm': return `Helm release ${s.namespace}/${s.release} revision ${s.revision}`;
    case 'metric': return `apiserver metric: ${s.resource} requested (${s.count})`;
    case 'lastApplied': return `last-applied annotation of ${s.namespace ? `${s.namespace}/` : ''}${s.name} (low confidence)`;
  }
}

function summary(plan: UpgradePlan): string {
  const blockers = countBlockers(plan);
  return `${plan.blocked ? `BLOCKED: ${blockers} blocker${blockers === 1 ? '' : 's'}` : 'nothing blocks'}${plan.incomplete ? ' (incomplete: some facts could not be read)' : ''}`;
}

export function planToText(plan: UpgradePlan): string {
  const out: string[] = [];
  out.push(`Upgrade plan for ${plan.context}: ${plan.from} → ${plan.to} (platform: ${plan.platform}; ${plan.platformEvidence})`);
  out.push(summary(plan), '');
  for (const hop of plan.hops) {
    out.push(`Hop to ${hop.version}${hop.patch ? ` (${hop.patch})` : ''}`);
    out.push(`  release notes: ${hop.releaseNotes}`, `  urgent upgrade notes: ${hop.urgentUpgradeNotes}`);
    if (hop.upgradeCommand) out.push('  command:', ...hop.upgradeCommand.split('\n').map((l) => `    ${l}`));
    else out.push('  command: unknown platform; see your platform\'s upgrade guide');
    if (hop.removedApis.length === 0) out.push('  removed APIs: none in use');
    for (const api of hop.removedApis) {
      out.push(`  removed: ${api.apiVersion} ${api.kind} → ${api.replacement ?? 'no replacement'}`);
      for (const s of api.sources) out.push(`    - ${sourceText(s)}`);
    }
    if (hop.skew.length === 0) out.push('  skew: nothing must move first');
    for (const s of hop.skew) out.push(`  skew ${s.verdict}: ${s.subject} ${s.component} ${s.version}: ${s.reason}`);
    out.push('');
  }
  out.push('Checks');
  for (const c of plan.checks) out.push(`  ${STATUS_TEXT[c.status]}  ${c.title}: ${c.detail}`);
  if (plan.unread.length > 0) {
    out.push('', 'Not read');
    for (const u of plan.unread) out.push(`  - ${u}`);
  }
  out.push('', `Release data generated ${plan.releaseData.generatedAt} (${plan.releaseData.origin})`);
  return `${out.join('\n')}\n`;
}

export interface MarkdownOptions {
  /** A link target for a workspace file and 1-based line; plain text without it. */
  readonly fileLink?: (file: string, line: number) => string;
  /** How a workspace path is shown (e.g. relative to the workspace folder). */
  readonly displayPath?: (file: string) => string;
}

function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

function sourceMd(s: ApiSource, o: MarkdownOptions): string {
  if (s.type === 'workspace') {
    const shown = escapeMd(`${o.displayPath ? o.displayPath(s.file) : s.file}:${s.line}`);
    return o.fileLink ? `[${shown}](${o.fileLink(s.file, s.line)})` : shown;
  }
  return escapeMd(sourceText(s));
}

function hopMd(hop: Hop, o: MarkdownOptions): string[] {
  const out = [`## Hop to ${hop.version}${hop.patch ? ` (${hop.patch})` : ''}`, ''];
  out.push(`[Changelog](${hop.releaseNotes}) · [Urgent upgrade notes](${hop.urgentUpgradeNotes})`, '');
  out.push('**Command**', '');
  out.push(hop.upgradeCommand ? ['```sh', hop.upgradeCommand, '```'].join('\n') : '_Unknown platform: follow your platform\'s upgrade guide._', '');
  out.push('**Removed APIs in use**', '');
  if (hop.removedApis.length === 0) out.push('None found.');
  for (const api of hop.removedApis) {
    out.push(`- \`${api.apiVersion}\` ${escapeMd(api.kind)} → ${api.replacement ? `\`${api.replacement}\`` : 'no replacement'}`);
    for (const s of api.sources) out.push(`  - ${sourceMd(s, o)}`);
  }
  out.push('', '**Version skew**', '');
  if (hop.skew.length === 0) out.push('Nothing must be upgraded first.');
  for (const s of hop.skew) out.push(`- ${s.verdict === 'violation' ? '❌' : '⛔'} \`${s.subject}\` (${s.component} ${escapeMd(s.version)}): ${escapeMd(s.reason)}`);
  out.push('');
  return out;
}

export function planToMarkdown(plan: UpgradePlan, o: MarkdownOptions = {}): string {
  const out: string[] = [];
  out.push(`# Upgrade plan: ${escapeMd(plan.context)}, ${plan.from} → ${plan.to}`, '');
  out.push(`**${summary(plan)}** · platform: **${plan.platform}** (${escapeMd(plan.platformEvidence)})`, '');
  out.push('| Check | Status | Detail |', '| --- | --- | --- |');
  for (const c of plan.checks) out.push(`| ${escapeMd(c.title)} | ${STATUS_MD[c.status]} | ${escapeMd(c.detail)} |`);
  out.push('');
  for (const hop of plan.hops) out.push(...hopMd(hop, o));
  if (plan.unread.length > 0) {
    out.push('## Not read', '');
    for (const u of plan.unread) out.push(`- ${escapeMd(u)}`);
    out.push('');
  }
  out.push(`_Release data generated ${plan.releaseData.generatedAt} (${escapeMd(plan.releaseData.origin)}); plan made ${plan.generatedAt}._`, '');
  return out.join('\n');
}
