type Child = Node | string | false | null | undefined;
type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/**
 * Creates an element: `h('button', { class: 'primary', onclick: send }, 'Send')`. Props starting with `on` are
 * listeners, `data-*`/`aria-*` and other strings become attributes, booleans toggle attributes.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== false && child !== null && child !== undefined) el.append(child);
  }
  return el;
}

/** Sets an attribute, or removes it for `undefined`/`false`, only when it changes (keeps the DOM quiet). */
export function setAttr(el: Element, name: string, value: string | boolean | undefined): void {
  if (value === undefined || value === false) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
    return;
  }
  const text = value === true ? '' : value;
  if (el.getAttribute(name) !== text) el.setAttribute(name, text);
}

/** Sets text content only when it changes. */
export function setText(el: Node, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
