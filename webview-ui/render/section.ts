import type { Child } from '../dom';
import { h } from '../dom';
import type { SectionId } from '../viewState';
import { isOpen } from '../viewState';
import type { PanelContext } from './context';

/** A collapsible section (native `<details>`, so Enter/Space toggle it) whose state is remembered. */
export function section(ctx: PanelContext, id: SectionId, summary: Child[], ...content: Child[]): HTMLDetailsElement {
  const details = h(
    'details',
    { class: `section section-${id}`, attrs: { open: isOpen(ctx.view, id), 'data-section': id } },
    h('summary', { attrs: { 'data-focus-key': `summary-${id}` } }, ...summary),
    ...content,
  );
  details.addEventListener('toggle', () => {
    if (details.open !== isOpen(ctx.view, id)) ctx.setOpen(id, details.open);
  });
  return details;
}
