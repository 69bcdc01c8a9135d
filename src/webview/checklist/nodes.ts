// The node loop: one row per node (name, zone, badges, its four steps) and the loop's own buttons.
import type { Hop, NodeRow } from '../../core/checklist/types';
import { nodeActions, nodeLoopActions } from './actions';
import { actionBar, type RenderContext } from './context';
import { el, icon } from './dom';
import { commandFor } from './labels';
import { commandBlock } from './sections';
import { stepList } from './step';

function badge(ctx: RenderContext, text: string, cls: string, title?: string): HTMLElement {
  return el(ctx.doc, 'span', { class: `badge ${cls}`, title }, text);
}

function autoText(ctx: RenderContext): string | undefined {
  switch (ctx.view.state.auto) {
    case 'manual':
      return undefined;
    case 'next-node':
      return 'Doing the next node: steps run until it is verified.';
    case 'all-remaining':
      return 'Doing all remaining nodes: steps run one after another and stop on the first failure.';
  }
}

function nodeRow(ctx: RenderContext, hop: Hop, hopIndex: number, row: NodeRow): HTMLElement {
  const d = ctx.doc;
  const steps = hop.steps.filter((s) => s.node === row.name);
  const headingId = ctx.uid('node');
  return el(d, 'li', { class: 'node', 'aria-labelledby': headingId },
    el(d, 'div', { class: 'node-head' },
      icon(d, 'server'),
      el(d, 'h4', { class: 'node-name', id: headingId }, row.name),
      row.zone ? badge(ctx, row.zone, 'zone', 'Zone') : undefined,
      row.controlPlane ? badge(ctx, 'control plane', 'control-plane') : undefined,
      row.wasCordoned ? badge(ctx, 'was cordoned', 'cordoned', 'Cordoned before the checklist started: it stays cordoned unless you uncordon it') : undefined,
      el(d, 'span', { class: 'muted node-version' }, `kubelet ${row.kubeletVersion}`),
      actionBar(ctx, nodeActions(ctx.view, hopIndex, row.name), `Actions for node ${row.name}`)),
    stepList(ctx, hopIndex, steps, { compact: true }));
}

export function nodesExtras(ctx: RenderContext, hop: Hop, hopIndex: number, current: boolean): HTMLElement {
  const d = ctx.doc;
  const box = el(d, 'div', { class: 'section-facts' });
  const kind = ctx.view.state.mode === 'rolling' ? 'node-patch' : 'node-upgrade';
  const cmd = current ? commandFor(ctx.view, kind) : undefined;
  if (cmd) {
    box.appendChild(commandBlock(ctx, `nodes:${hopIndex}`, cmd.text, cmd.runnable
      ? 'Each node’s step runs your configured command in a terminal, then waits until the node is back and Ready.'
      : 'Each node is done by you: “Start by hand…”, run this on the node, and the step waits until the node is back and Ready.'));
  }
  const auto = current ? autoText(ctx) : undefined;
  if (auto) box.appendChild(el(d, 'p', { class: 'auto', role: 'status' }, icon(d, 'run-all'), auto));
  const bar = actionBar(ctx, nodeLoopActions(ctx.view, hopIndex), 'Node loop');
  if (bar) box.appendChild(bar);
  if (hop.nodes.length === 0) box.appendChild(el(d, 'p', { class: 'muted' }, 'No nodes.'));
  else box.appendChild(el(d, 'ol', { class: 'nodes' }, ...hop.nodes.map((r) => nodeRow(ctx, hop, hopIndex, r))));
  return box;
}
