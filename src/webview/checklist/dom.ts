// The only way the panel builds DOM: elements, attributes and text nodes. Data from the host is always
// set as text or as a plain attribute value, never parsed as HTML, and no inline handler is ever set.

export type Child = Node | string | false | null | undefined;

export type Attrs = Readonly<Record<string, string | boolean | undefined>>;

/** An element with attributes (a `true` value sets an empty attribute, false/undefined leaves it out) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Attrs = {}, ...children: readonly Child[]): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name)) throw new Error(`inline handler ${name} refused`);
    if (value === undefined || value === false) continue;
    e.setAttribute(name, value === true ? '' : value);
  }
  append(doc, e, children);
  return e;
}

export function append(doc: Document, parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    parent.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
}

/** A codicon, hidden from assistive technology (the text beside it says the same). */
export function icon(doc: Document, name: string, extra = ''): HTMLElement {
  return el(doc, 'span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

/** Text only a screen reader reads. */
export function srOnly(doc: Document, text: string): HTMLElement {
  return el(doc, 'span', { class: 'sr-only' }, text);
}
