// The whole panel for one view: header, banners, then every hop.
import type { RenderContext } from './context';
import { banners, header } from './header';
import { hopView } from './hop';

export function renderView(ctx: RenderContext): HTMLElement[] {
  return [header(ctx), banners(ctx), ...ctx.view.state.hops.map((_, i) => hopView(ctx, i))];
}
