/**
 * The cockpit: deployed processes (latest version, number of versions,
 * active or suspended, active instance count) in a side list; a process's
 * diagram and instances (process.ts); one instance on its diagram
 * (instance.ts). Routes: #/cockpit, #/cockpit/process/<id>[/<version>],
 * #/cockpit/instance/<id>.
 */
import './cockpit.css';
import { h, notifyError } from '../ui.js';
import type { AppContext, ViewDefinition, ViewInstance } from '../view.js';
import { CockpitClient, type Definition } from './client.js';
import { broadcastSignalDialog, publishMessageDialog } from './forms.js';
import { InstancePanel } from './instance.js';
import { ProcessPanel } from './process.js';
import { DashboardPanel } from './dashboard.js';

export const cockpitView: ViewDefinition = {
  id: 'cockpit',
  title: 'Cockpit',
  roles: ['viewer', 'operator', 'deployer'],
  create,
};

function create(context: AppContext): ViewInstance {
  const client = new CockpitClient(context.api);
  const list = h('ul', { class: 'process-list', id: 'process-list' });
  const processPanel = new ProcessPanel(client, context);
  const instancePanel = new InstancePanel(client, context, () => void loadList());
  // The home: the dashboard for keys that read instances, else a pointer to the process list.
  const dashboard = context.can('viewer', 'deployer', 'operator') ? new DashboardPanel(client) : undefined;
  const welcome =
    dashboard?.element ??
    h('section', { class: 'cockpit-welcome' }, h('h2', {}, 'Cockpit'), h('p', {}, 'Pick a process on the left to see its diagram and instances.'));
  const main = h('div', { class: 'cockpit-main' }, welcome, processPanel.element, instancePanel.element);
  const operator = context.can('operator');
  const sidebar = h(
    'aside',
    { class: 'cockpit-side', 'aria-label': 'Processes' },
    h('div', { class: 'side-head' }, h('h3', {}, 'Processes'), h('button', { class: 'link', onclick: () => void loadList(), title: 'Refresh' }, '⟳')),
    list,
    operator &&
      h(
        'div',
        { class: 'side-actions' },
        h('button', { id: 'publish-message', onclick: () => publishMessageDialog(client, () => void refreshCurrent()) }, '✉ Publish message'),
        h('button', { id: 'broadcast-signal', onclick: () => broadcastSignalDialog(client, () => void refreshCurrent()) }, '⚑ Broadcast signal'),
      ),
  );
  const element = h('section', { class: 'cockpit-view', 'aria-label': 'Cockpit' }, sidebar, main);
  let route: string[] = [];
  let polling: ReturnType<typeof setInterval> | undefined;
  /** The process panel's counts and instances are read again this often while it shows. */
  const PROCESS_POLL_MS = 5000;

  function showOnly(panel: HTMLElement): void {
    for (const child of [welcome, processPanel.element, instancePanel.element]) child.hidden = child !== panel;
    if (panel === welcome) dashboard?.show();
    else dashboard?.hide();
  }

  async function loadList(): Promise<void> {
    let definitions: Definition[];
    try {
      definitions = (await client.definitions()).items;
    } catch (error) {
      list.replaceChildren(h('li', { class: 'muted' }, `Processes unavailable: ${(error as Error).message}`));
      return;
    }
    const byProcess = new Map<string, Definition[]>();
    for (const d of definitions) byProcess.set(d.processId, [...(byProcess.get(d.processId) ?? []), d]);
    if (!byProcess.size) {
      list.replaceChildren(h('li', { class: 'muted' }, 'Nothing is deployed yet: deploy a diagram from the Modeler.'));
      return;
    }
    const items = [...byProcess].sort(([a], [b]) => a.localeCompare(b));
    list.replaceChildren(
      ...items.map(([processId, versions]) => {
        const latest = versions.find((d) => d.latest) ?? versions[versions.length - 1];
        const count = h('span', { class: 'count', title: 'active instances, all versions', 'data-count': processId }, '…');
        const selected = route[0] === 'process' && route[1] === processId;
        return h(
          'li',
          { class: selected ? 'selected' : '' },
          h(
            'a',
            { href: `#/cockpit/process/${encodeURIComponent(processId)}`, 'data-process-id': processId },
            h('span', { class: 'name' }, latest.name ?? processId),
            count,
            h(
              'span',
              { class: 'sub' },
              `${processId} · v${latest.version}${versions.length > 1 ? ` · ${versions.length} versions` : ''}`,
              latest.suspended ? h('span', { class: 'state state-suspended' }, 'suspended') : '',
            ),
          ),
        );
      }),
    );
    // Counts after the list is drawn: one paged query per process (a deployer key reads no instances).
    if (!context.can('viewer', 'operator')) {
      for (const count of list.querySelectorAll('.count')) count.remove();
      return;
    }
    await Promise.all(
      items.map(async ([processId]) => {
        const target = list.querySelector(`[data-count="${CSS.escape(processId)}"]`);
        if (!target) return;
        try {
          const { items: active, capped } = await client.allInstances({ processId, status: 'active' });
          target.textContent = `${active.length}${capped ? '+' : ''}`;
        } catch {
          target.textContent = '–';
        }
      }),
    );
  }

  async function refreshCurrent(): Promise<void> {
    void loadList();
    if (route[0] === 'process') await processPanel.refresh().catch(() => undefined);
  }

  async function show(detail?: string): Promise<void> {
    route = (detail ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    void loadList();
    const [kind, id, version] = route;
    clearInterval(polling);
    try {
      if (kind === 'instance' && id) {
        showOnly(instancePanel.element);
        await instancePanel.open(id);
        instancePanel.resized();
      } else if (kind === 'process' && id) {
        instancePanel.close();
        showOnly(processPanel.element);
        await processPanel.open(id, version ? Number(version) : undefined);
        processPanel.resized();
        clearInterval(polling);
        polling = setInterval(() => {
          if (!processPanel.element.hidden && !document.hidden) void processPanel.poll();
        }, PROCESS_POLL_MS);
      } else {
        instancePanel.close();
        showOnly(welcome);
      }
    } catch (error) {
      notifyError('The cockpit cannot show this', error);
    }
  }

  showOnly(welcome);
  return {
    element,
    show: (detail) => void show(detail),
    hide: () => {
      clearInterval(polling);
      dashboard?.hide();
      instancePanel.close();
    },
  };
}
