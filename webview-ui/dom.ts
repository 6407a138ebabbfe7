/*
 * A small element builder. Text always goes in through Text nodes, so model output,
 * reasoning and test logs can never become markup, whatever they contain.
 */

export type Child = Node | string | number | null | undefined | false;

type Handlers = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };

export interface Props {
  /** Space-separated class names. */
  class?: string;
  /** Attributes (never event handlers, styles or URLs: see {@link setSafeAttribute}). */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Handlers;
}

// Attributes that could run code, load something or style inline; none is ever needed here.
const FORBIDDEN_ATTRIBUTE = /^(on|style$|src$|srcdoc$|href$|xlink:href$|action$|formaction$)/i;

/** Sets an attribute, refusing the ones that can execute or fetch. `false`/`undefined` remove it. */
export function setSafeAttribute(element: Element, name: string, value: string | number | boolean | undefined): void {
  if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`attribute ${name} is not allowed in the panel`);
  if (value === undefined || value === false) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Creates an HTML element with props and children; strings become text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setSafeAttribute(element, name, value);
  for (const [name, handler] of Object.entries(props.on ?? {})) {
    element.addEventListener(name, handler as EventListener);
  }
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element; attributes are geometry only. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) setSafeAttribute(element, name, value);
  append(element, children);
  return element;
}

/** A button; `key` lets focus survive re-renders. */
export function button(label: string, onClick: () => void, options: { class?: string; disabled?: boolean; key?: string; title?: string } = {}): HTMLButtonElement {
  return h(
    'button',
    {
      class: options.class ?? 'secondary',
      attrs: { type: 'button', disabled: options.disabled ?? false, 'data-focus-key': options.key, title: options.title },
      on: { click: () => onClick() },
    },
    label,
  );
}

/** Scroll positions the user left, per container and `data-scroll-key`. */
const scrollMemory = new WeakMap<HTMLElement, Map<string, { top: number; atBottom: boolean }>>();

function rememberScrolls(container: HTMLElement): Map<string, { top: number; atBottom: boolean }> {
  let memory = scrollMemory.get(container);
  if (!memory) {
    const created = new Map<string, { top: number; atBottom: boolean }>();
    // Recorded when scrolling happens rather than read before each render: reading scroll
    // geometry forces a layout, and renders run once per frame while text streams in.
    container.addEventListener(
      'scroll',
      (event) => {
        const element = event.target;
        if (!(element instanceof HTMLElement) || element.dataset.scrollKey === undefined) return;
        const atBottom = element.scrollTop > 0 && element.scrollTop + element.clientHeight >= element.scrollHeight - 2;
        created.set(element.dataset.scrollKey, { top: element.scrollTop, atBottom });
      },
      { capture: true, passive: true },
    );
    scrollMemory.set(container, created);
    memory = created;
  }
  return memory;
}

/**
 * Replaces a container's children, keeping keyboard focus on the element with the same
 * `data-focus-key` (re-renders happen while text streams in, and must not steal focus),
 * and the scroll position of elements with the same `data-scroll-key`; one scrolled to
 * the bottom follows new text.
 */
export function replaceContent(container: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement;
  const focusKey = active instanceof HTMLElement && container.contains(active) ? active.dataset.focusKey : undefined;
  const scrolls = rememberScrolls(container);
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  container.replaceChildren(fragment);
  if (scrolls.size > 0) {
    for (const element of container.querySelectorAll<HTMLElement>('[data-scroll-key]')) {
      const saved = scrolls.get(element.dataset.scrollKey ?? '');
      if (saved) element.scrollTop = saved.atBottom ? element.scrollHeight : saved.top;
    }
  }
  if (focusKey !== undefined) {
    const again = container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    again?.focus();
  }
}

/** The codicon `warning` glyph, coloured by CSS; the text beside it says the same. */
export function warningIcon(): HTMLElement {
  return h('span', { class: 'codicon codicon-warning', attrs: { 'aria-hidden': 'true' } });
}
