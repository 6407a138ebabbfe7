import type { MemoryItemView } from '../../src/protocol';
import { button, h } from '../dom';
import { formatCount } from '../format';
import type { PanelContext } from './context';

/** The memory (cheatsheet) items with pin, edit and delete; the host confirms destructive actions. */
export class MemoryList {
  readonly element: HTMLElement = h('div', { class: 'memory' });
  /** Item being edited and its draft, so a host update mid-edit loses nothing. */
  private editing: { id: string; draft: string } | null = null;
  private items: readonly MemoryItemView[] = [];
  private offered: ReadonlySet<string> = new Set();

  constructor(private readonly ctx: PanelContext) {}

  update(items: readonly MemoryItemView[], offeredIds: readonly string[]): void {
    this.items = items;
    this.offered = new Set(offeredIds);
    this.render();
  }

  private render(): void {
    const focusKey = document.activeElement instanceof HTMLElement && this.element.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    if (this.items.length === 0) {
      this.element.replaceChildren(h('p', { class: 'muted' }, 'No memory items yet. Strategies that tests confirm are kept here and offered to later runs.'));
      return;
    }
    this.element.replaceChildren(
      h('ul', { class: 'memory-items' }, ...this.items.map((item) => this.item(item))),
      h('div', { class: 'actions' }, button('Clear memory…', () => this.ctx.post({ type: 'memory/clear' }), { key: 'memory-clear' })),
    );
    if (focusKey) this.element.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  private item(item: MemoryItemView): HTMLElement {
    const editing = this.editing?.id === item.id ? this.editing : null;
    const stats = `used ${formatCount(item.timesUsed)} · helped ${formatCount(item.timesHelped)} · ${formatCount(item.tokens)} tokens`;
    const body = editing ? this.editor(item, editing) : h('p', { class: 'memory-text' }, item.text);
    return h(
      'li',
      { class: `memory-item kind-${item.kind}${this.offered.has(item.id) ? ' offered' : ''}`, attrs: { 'data-memory-id': item.id } },
      h(
        'div',
        { class: 'memory-head' },
        h('span', { class: 'badge' }, item.kind),
        item.pinned && h('span', { class: 'badge pinned' }, 'pinned'),
        this.offered.has(item.id) && h('span', { class: 'badge' }, 'offered in this run'),
        h('span', { class: 'muted' }, stats),
      ),
      body,
      editing
        ? null
        : h(
            'div',
            { class: 'actions' },
            button(item.pinned ? 'Unpin' : 'Pin', () => this.ctx.post({ type: 'memory/pin', id: item.id, pinned: !item.pinned }), { key: `memory-pin-${item.id}` }),
            button('Edit', () => this.startEdit(item), { key: `memory-edit-${item.id}` }),
            button('Delete', () => this.ctx.post({ type: 'memory/delete', id: item.id }), { key: `memory-delete-${item.id}` }),
          ),
    );
  }

  private editor(item: MemoryItemView, editing: { id: string; draft: string }): HTMLElement {
    const area = h('textarea', { attrs: { rows: 4, 'aria-label': `Edit memory item (${item.kind})`, 'data-focus-key': `memory-text-${item.id}` } });
    area.value = editing.draft;
    area.addEventListener('input', () => {
      editing.draft = area.value;
    });
    const save = (): void => {
      if (editing.draft.trim() === '') return;
      this.ctx.post({ type: 'memory/edit', id: item.id, text: editing.draft });
      this.editing = null;
      this.render();
    };
    const cancel = (): void => {
      this.editing = null;
      this.render();
    };
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') cancel();
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) save();
    });
    return h(
      'div',
      { class: 'memory-editor' },
      area,
      h('div', { class: 'actions' }, button('Save', save, { class: 'primary', key: `memory-save-${item.id}` }), button('Cancel', cancel, { key: `memory-cancel-${item.id}` })),
    );
  }

  private startEdit(item: MemoryItemView): void {
    this.editing = { id: item.id, draft: item.text };
    this.render();
    this.element.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }
}
