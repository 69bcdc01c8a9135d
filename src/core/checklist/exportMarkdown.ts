// "Export Checklist as Markdown": the whole state, hop by hop and section by section, with each step's
// status and evidence. Text from the cluster or a command is escaped as in the maintenance log.
import { codeBlock, codeSpan, inlineText, utcTime as utc } from './markdownText';
import { SECTION_ORDER, type ChecklistState, type Evidence, type SectionId, type Step, type StepStatus } from './types';

const SECTION_TITLES: Record<SectionId, string> = {
  plan: 'Plan', backup: 'Back up', staging: 'Staging', 'control-plane': 'Control plane', nodes: 'Nodes', kubectl: 'kubectl', verify: 'Verify', rollback: 'Roll back',
};

const MARK: Record<StepStatus['kind'], string> = { pending: '[ ]', running: '[~]', done: '[x]', failed: '[!]', skipped: '[-]', interrupted: '[?]' };

function statusText(s: StepStatus): string {
  switch (s.kind) {
    case 'pending': return 'pending';
    case 'running': return `running since ${utc(s.startedAt)}`;
    case 'done': return `done ${utc(s.at)}`;
    case 'failed': return `failed ${utc(s.at)}: ${s.reason}`;
    case 'skipped': return `skipped: ${s.reason}`;
    case 'interrupted': return `interrupted: ${s.note}`;
  }
}

function evidenceLines(e: Evidence): string[] {
  switch (e.kind) {
    case 'output': {
      const head = [e.command !== undefined ? `command ${codeSpan(e.command)}` : 'output', e.exitCode !== undefined ? `exit status ${e.exitCode}` : ''].filter(Boolean).join(' · ');
      return [`  - ${head}`, ...(e.text.trim() ? ['', codeBlock(e.text, '    ', 50)] : [])];
    }
    case 'drain':
      return [`  - drain ${inlineText(e.result.outcome)}: ${e.result.removed.length} pods moved${e.result.remaining.length ? `, still there: ${e.result.remaining.map(codeSpan).join(', ')}` : ''}${e.result.error ? ` (${inlineText(e.result.error)})` : ''}`];
    case 'observed':
      return [`  - observed ${utc(e.at)}: ${inlineText(e.text)}`];
    case 'note':
      return [`  - note${e.by ? ` by ${inlineText(e.by)}` : ''}: ${inlineText(e.text)}`];
  }
}

function stepLines(s: Step): string[] {
  const title = `${inlineText(s.title)}${s.node ? ` · node ${codeSpan(s.node)}` : ''}`;
  return [`- ${MARK[s.status.kind]} ${title} — ${inlineText(statusText(s.status))}`, ...s.evidence.flatMap(evidenceLines)];
}

export function checklistMarkdown(state: ChecklistState, now: number): string {
  const first = state.hops[0];
  const last = state.hops.at(-1);
  const title = state.mode === 'upgrade' && first && last ? `Upgrade checklist: ${first.from} → ${last.to}` : 'Rolling node maintenance';
  const out = [
    `# ${inlineText(title)}`,
    '',
    `- Cluster: ${codeSpan(state.key.server)}, context ${codeSpan(state.key.context)}`,
    `- Started ${utc(state.createdAt)}, exported ${utc(now)}`,
    ...(state.paused ? [`- Paused: ${inlineText(state.paused.reason)}`] : []),
    '',
  ];
  for (const hop of state.hops) {
    if (state.mode === 'upgrade') out.push(`## Hop ${inlineText(`${hop.from} → ${hop.to}`)}`, '');
    for (const section of SECTION_ORDER) {
      const steps = hop.steps.filter((s) => s.section === section);
      if (steps.length === 0) continue;
      out.push(`### ${SECTION_TITLES[section]}`, '', ...steps.flatMap(stepLines), '');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
