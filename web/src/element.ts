/**
 * A tiny typed DOM builder, so pages read as markup without a framework.
 * @module
 */

type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  class?: string;
  /** Attributes set verbatim (`href`, `data-*`, `aria-*`, `type`, …). */
  attrs?: Record<string, string>;
  on?: Partial<{ [E in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[E]) => void }>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const [event, handler] of Object.entries(props.on ?? {})) {
    node.addEventListener(event, handler as EventListener);
  }
  append(node, children);
  return node;
}

/** Appends children, skipping empty ones and turning numbers and strings into text. */
function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}
