/** Small DOM helpers shared by the views: element creation and notifications. */

type Child = Node | string | false | null | undefined;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

/** `h('button', { class: 'primary', onclick: save }, 'Save')`: attributes, `on*` listeners, children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((child): child is Node | string => child !== false && child !== null && child !== undefined));
  return element;
}

export type NoticeKind = 'info' | 'success' | 'error';

/** Shows a message in the notification area (top right); errors stay until closed, others fade after a while. */
export function notify(message: string, kind: NoticeKind = 'info', { timeoutMs = kind === 'error' ? 0 : 6000 } = {}): void {
  let area = document.getElementById('notices');
  if (!area) {
    area = h('div', { id: 'notices', role: 'status', 'aria-live': 'polite' });
    document.body.append(area);
  }
  const close = h('button', { class: 'notice-close', title: 'Dismiss', 'aria-label': 'Dismiss' }, '×');
  const notice = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : undefined }, h('span', {}, message), close);
  close.addEventListener('click', () => notice.remove());
  area.append(notice);
  if (timeoutMs) setTimeout(() => notice.remove(), timeoutMs);
}

/** Reports an error to the user: the server's message for API errors, else the error's own. */
export function notifyError(context: string, error: unknown): void {
  notify(`${context}: ${error instanceof Error ? error.message : String(error)}`, 'error');
}
