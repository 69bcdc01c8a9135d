// What each section of a hop shows besides its steps: the plan's facts, backup tools, the staging
// cluster, the control-plane command, kubectl's version and what can be rolled back.
import type { HopPlanView } from '../../core/checklist/protocol';
import type { Hop } from '../../core/checklist/types';
import { button, type RenderContext } from './context';
import { el, icon } from './dom';
import { commandFor } from './labels';

const HTTP = /^https?:\/\//i;

/** The plan facts for hop `index`: matched by the version it reaches, else by position. */
export function planFor(ctx: RenderContext, hop: Hop, index: number): HopPlanView | undefined {
  return ctx.view.plan.find((p) => p.to === hop.to) ?? ctx.view.plan[index];
}

function external(ctx: RenderContext, key: string, label: string, url: string): HTMLElement {
  if (!HTTP.test(url)) return el(ctx.doc, 'span', {}, `${label}: ${url}`);
  return button(ctx, { key, label, icon: 'link-external', link: true, title: url, onClick: () => ctx.send({ type: 'open-link', url }) });
}

function lines(ctx: RenderContext, items: readonly string[], cls: string, iconName?: string): HTMLElement {
  const d = ctx.doc;
  return el(d, 'ul', { class: `plain ${cls}` }, ...items.map((t) => el(d, 'li', {}, iconName ? icon(d, iconName) : undefined, t)));
}

/** A command in a code block with Copy; "Run" lives on the step itself. */
export function commandBlock(ctx: RenderContext, key: string, text: string, caption: string): HTMLElement {
  const d = ctx.doc;
  return el(d, 'div', { class: 'command-block' },
    el(d, 'p', { class: 'caption' }, caption),
    el(d, 'div', { class: 'command-row' },
      el(d, 'pre', { class: 'command', tabindex: '0', 'aria-label': 'Command' }, text),
      button(ctx, { key: `copy:${key}`, label: 'Copy', icon: 'copy', ariaLabel: 'Copy the command', onClick: () => ctx.send({ type: 'copy', text }) })));
}

export function planExtras(ctx: RenderContext, hop: Hop, index: number): HTMLElement {
  const d = ctx.doc;
  const plan = planFor(ctx, hop, index);
  const box = el(d, 'div', { class: 'section-facts' });
  if (!plan) {
    box.appendChild(el(d, 'p', { class: 'muted' }, 'No plan facts for this hop yet.'));
  } else {
    const head = el(d, 'p', {},
      plan.releaseNotes ? external(ctx, `notes:${index}`, `Release notes for ${plan.to}`, plan.releaseNotes) : `No release notes link for ${plan.to}.`,
      plan.patch ? el(d, 'span', { class: 'muted' }, ` Latest patch: ${plan.patch}`) : undefined);
    box.appendChild(head);
    box.appendChild(el(d, 'h4', {}, `Removed APIs in ${plan.to} (${plan.removedApis.length})`));
    if (plan.removedApis.length === 0) {
      box.appendChild(el(d, 'p', { class: 'muted' }, 'None found in the workspace or the cluster.'));
    } else {
      box.appendChild(el(d, 'ul', { class: 'plain removed-apis' }, ...plan.removedApis.map((r, ri) => el(d, 'li', {},
        el(d, 'div', {}, el(d, 'code', {}, `${r.apiVersion} ${r.kind}`), r.replacement ? ` → use ${r.replacement}` : ' (no replacement)'),
        r.files.length > 0
          ? el(d, 'ul', { class: 'plain files' }, ...r.files.map((f, fi) => el(d, 'li', {},
            button(ctx, { key: `file:${index}:${ri}:${fi}`, label: f.label || `${f.file}:${f.line}`, icon: 'go-to-file', link: true, title: `${f.file}:${f.line}`, ariaLabel: `Open ${f.label || f.file} at line ${f.line}`, onClick: () => ctx.send({ type: 'open-file', file: f.file, line: f.line }) }))))
          : undefined,
        r.elsewhere.length > 0 ? lines(ctx, r.elsewhere, 'elsewhere') : undefined))));
    }
    box.appendChild(el(d, 'h4', {}, `Skew blockers (${plan.skew.length})`));
    box.appendChild(plan.skew.length === 0 ? el(d, 'p', { class: 'muted' }, 'None.') : lines(ctx, plan.skew, 'blockers', 'warning'));
  }
  const checks = ctx.view.planChecks ?? [];
  if (checks.length > 0) {
    box.appendChild(el(d, 'h4', {}, `Cluster checks that fail or warn (${checks.length})`));
    box.appendChild(lines(ctx, checks, 'checks', 'warning'));
  }
  if (ctx.view.planUnread.length > 0) {
    box.appendChild(el(d, 'p', { class: 'muted' }, 'Could not be read:'));
    box.appendChild(lines(ctx, ctx.view.planUnread, 'unread', 'info'));
  }
  return box;
}

export function backupExtras(ctx: RenderContext): HTMLElement {
  const d = ctx.doc;
  const tools = ctx.view.backup;
  return el(d, 'div', { class: 'section-facts' }, tools.length > 0
    ? el(d, 'div', {}, el(d, 'p', {}, 'What the cluster shows:'), lines(ctx, tools, 'tools', 'archive'))
    : el(d, 'p', {}, 'No backup tool was detected in the cluster. Back up etcd and your manifests, check that the backup can be read, then record it with “I have a backup”.'));
}

export function stagingExtras(ctx: RenderContext, hop: Hop): HTMLElement {
  const d = ctx.doc;
  const st = ctx.view.staging;
  if (!st) return el(d, 'div', { class: 'section-facts' }, el(d, 'p', { class: 'muted' }, 'No staging context is configured for this cluster (setting “kubeMaintenance.stagingContexts”).'));
  return el(d, 'div', { class: 'section-facts' },
    el(d, 'p', {}, `Staging context ${st.context}: ${st.version ? `on ${st.version}` : 'version unknown'}; this hop reaches ${hop.to}.`),
    el(d, 'p', {}, st.detail),
    button(ctx, { key: `staging:${st.context}`, label: `Open the checklist of ${st.context}`, icon: 'link-external', link: true, onClick: () => ctx.send({ type: 'open-staging', context: st.context }) }));
}

const BY_HAND = 'The command for your platform: “Start by hand…”, run it yourself, and the step waits until the API server reports the new version (“kubeMaintenance.upgrade.controlPlaneCommand” can run it from here).';

export function controlPlaneExtras(ctx: RenderContext, hop: Hop, index: number, current: boolean): HTMLElement {
  const d = ctx.doc;
  const configured = current ? commandFor(ctx.view, 'control-plane-upgrade') : undefined;
  const platform = planFor(ctx, hop, index)?.platformCommand;
  const box = el(d, 'div', { class: 'section-facts' });
  if (configured) {
    box.appendChild(commandBlock(ctx, `cp:${index}`, configured.text, configured.runnable
      ? 'Your configured command: “Run…” opens it in a terminal, then the checklist watches the cluster.'
      : BY_HAND));
  } else if (platform) {
    box.appendChild(commandBlock(ctx, `cp:${index}`, platform, BY_HAND));
  } else {
    box.appendChild(el(d, 'p', { class: 'muted' }, 'Follow your distribution’s upgrade documentation: “Start by hand…” waits until the API server reports the new version. “kubeMaintenance.upgrade.controlPlaneCommand” can run it from here.'));
  }
  return box;
}

export function kubectlExtras(ctx: RenderContext): HTMLElement {
  const d = ctx.doc;
  return el(d, 'div', { class: 'section-facts' }, el(d, 'p', {}, ctx.view.kubectl ? `Local kubectl: ${ctx.view.kubectl}` : 'The local kubectl’s version is not known yet.'));
}

export function rollbackExtras(ctx: RenderContext, current: boolean): HTMLElement {
  const d = ctx.doc;
  const box = el(d, 'div', { class: 'section-facts' });
  if (current && ctx.view.rollback.length > 0) {
    box.appendChild(el(d, 'p', {}, 'What can be undone now:'));
    box.appendChild(lines(ctx, ctx.view.rollback, 'rollback-lines', 'discard'));
  } else {
    box.appendChild(el(d, 'p', { class: 'muted' }, 'Nothing to roll back at this point.'));
  }
  return box;
}
