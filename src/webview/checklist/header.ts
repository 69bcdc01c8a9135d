// The top of the panel: which cluster, which maintenance, who drives it, the toolbar and the banners
// (unreachable, paused, complete, reminders, notes from the last reload).
import { nextAction, runningStep, nextStep } from '../../core/checklist/query';
import { button, type RenderContext } from './context';
import { el, icon, type Child } from './dom';
import { driveText, modeText, utc } from './labels';

function banner(ctx: RenderContext, kind: 'error' | 'warning' | 'info' | 'success', iconName: string, ...children: Child[]): HTMLElement {
  return el(ctx.doc, 'div', { class: `banner ${kind}` }, icon(ctx.doc, iconName), el(ctx.doc, 'div', { class: 'banner-body' }, ...children));
}

/** "Go to the running step" / "Go to the next step": scrolls to it and moves focus there. */
function goToStep(ctx: RenderContext): HTMLButtonElement | undefined {
  const state = ctx.view.state;
  const target = runningStep(state)?.step ?? nextStep(state)?.step;
  if (!target) return undefined;
  const label = runningStep(state) ? 'Go to the running step' : 'Go to the next step';
  return button(ctx, { key: 'goto-step', label, icon: 'arrow-down', onClick: () => ctx.focusStep(target.id) });
}

export function header(ctx: RenderContext): HTMLElement {
  const d = ctx.doc;
  const v = ctx.view;
  const drive = v.drive;
  return el(d, 'header', { class: 'header' },
    el(d, 'h1', {}, modeText(v.state)),
    el(d, 'p', { class: 'cluster' },
      el(d, 'span', { class: 'label' }, 'Context '), el(d, 'strong', {}, v.context),
      el(d, 'span', { class: 'label' }, ' · server '), el(d, 'code', {}, v.server)),
    el(d, 'p', { class: `drive drive-${drive.kind}` },
      icon(d, drive.kind === 'driving' ? 'unlock' : 'lock'),
      el(d, 'span', {}, driveText(drive)),
      drive.kind === 'watching' ? button(ctx, { key: 'take-over', label: 'Take over…', icon: 'arrow-swap', title: 'Drive the checklist from this window (asks first)', onClick: () => ctx.send({ type: 'take-over' }) }) : undefined),
    el(d, 'div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Checklist' },
      goToStep(ctx),
      button(ctx, { key: 'export', label: 'Export as Markdown', icon: 'export', onClick: () => ctx.send({ type: 'export' }) }),
      button(ctx, { key: 'show-log', label: 'Show Maintenance Log', icon: 'output', onClick: () => ctx.send({ type: 'show-log' }) })));
}

export function banners(ctx: RenderContext): HTMLElement {
  const d = ctx.doc;
  const v = ctx.view;
  const box = el(d, 'div', { class: 'banners' });
  if (v.unreachable !== undefined) {
    box.appendChild(banner(ctx, 'error', 'debug-disconnect', el(d, 'strong', {}, 'The cluster cannot be reached. '), v.unreachable));
  }
  const paused = v.state.paused;
  if (paused) {
    box.appendChild(banner(ctx, 'warning', 'debug-pause',
      el(d, 'strong', {}, 'Paused. '), el(d, 'span', { title: utc(paused.at) }, paused.reason),
      el(d, 'div', { class: 'actions' }, button(ctx, { key: 'banner:resume', label: 'Resume', icon: 'debug-continue', primary: true, mutating: true, onClick: () => ctx.send({ type: 'resume' }) }))));
  }
  if (nextAction(v.state).kind === 'complete') {
    box.appendChild(banner(ctx, 'success', 'pass', el(d, 'strong', {}, 'Complete. '), v.state.mode === 'rolling' ? 'Every node was done and the cluster verified.' : 'Every hop was done and verified.'));
  }
  if (v.reminders.length > 0) {
    box.appendChild(banner(ctx, 'warning', 'bell', el(d, 'strong', {}, 'Reminders'), el(d, 'ul', { class: 'plain' }, ...v.reminders.map((r) => el(d, 'li', {}, r)))));
  }
  if (v.notes.length > 0) {
    box.appendChild(banner(ctx, 'info', 'info', el(d, 'strong', {}, 'Checked on reopening'), el(d, 'ul', { class: 'plain' }, ...v.notes.map((r) => el(d, 'li', {}, r)))));
  }
  return box;
}
