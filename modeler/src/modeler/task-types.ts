/**
 * Offers the task types the server knows (GET /api/task-types: handlers,
 * workers that polled, types deployed diagrams use) as suggestions on the
 * properties panel's task-type field, through a <datalist>.
 */
import type { Api } from '../api.js';
import { h } from '../ui.js';

const LIST_ID = 'baton-task-types';

export function offerTaskTypes(api: Api, panel: HTMLElement): { refresh(): Promise<void> } {
  const list = h('datalist', { id: LIST_ID });
  panel.append(list);
  const attach = () => {
    for (const input of panel.querySelectorAll<HTMLInputElement>('input[name="taskDefinitionType"]:not([list])')) input.setAttribute('list', LIST_ID);
  };
  new MutationObserver(attach).observe(panel, { childList: true, subtree: true });
  return {
    async refresh() {
      try {
        const { items } = await api.taskTypes();
        list.replaceChildren(
          ...items.map((item) => h('option', { value: item.type }, item.handler ? 'served by a handler' : item.unserved ? 'not served' : 'served by a worker')),
        );
      } catch {
        // Suggestions only: a key without access to task types gets none.
      }
    },
  };
}
