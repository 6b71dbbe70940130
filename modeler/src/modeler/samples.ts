/** The "Open sample" menu: the files of the server's samples/ folder (GET /api/samples) with the given extension. */
import type { Api } from '../api.js';
import { h, notifyError } from '../ui.js';

export function samplesMenu(api: Api, open: (name: string, xml: string) => Promise<void>, extension = '.bpmn', idPrefix = ''): HTMLElement {
  const list = h('ul', { class: 'menu-list', role: 'menu', id: `${idPrefix}samples-menu` });
  const menu = h(
    'details',
    { class: 'menu' },
    h('summary', { class: 'button', id: `${idPrefix}open-sample`, title: 'Open a sample file' }, 'Open sample'),
    list,
  );
  let loaded = false;
  menu.addEventListener('toggle', async () => {
    if (!menu.open || loaded) return;
    list.replaceChildren(h('li', { class: 'menu-note' }, 'Loading…'));
    try {
      const items = (await api.samples()).items.filter((sample) => sample.name.endsWith(extension));
      loaded = true;
      list.replaceChildren(
        ...(items.length
          ? items.map((sample) =>
              h(
                'li',
                { role: 'none' },
                h(
                  'button',
                  {
                    role: 'menuitem',
                    'data-sample': sample.name,
                    onclick: async () => {
                      menu.open = false;
                      try {
                        await open(sample.name, await api.sample(sample.name));
                      } catch (error) {
                        notifyError(`Opening the sample ${sample.name} failed`, error);
                      }
                    },
                  },
                  h('span', {}, sample.title),
                  h('small', {}, sample.name),
                ),
              ),
            )
          : [h('li', { class: 'menu-note' }, 'The server has no samples.')]),
      );
    } catch (error) {
      list.replaceChildren(h('li', { class: 'menu-note' }, 'The samples could not be loaded.'));
      notifyError('Loading the samples failed', error);
    }
  });
  // Close when clicking elsewhere.
  document.addEventListener('click', (event) => {
    if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
  });
  return menu;
}
