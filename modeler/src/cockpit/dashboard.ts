/**
 * The cockpit's home: a chart of instances started and completed and
 * incidents opened over the chosen window, the processes with their active
 * instances and open incidents (per version), and the slowest elements, from
 * GET /api/stats. Read again every 10 s while it shows.
 */
import type { Schemas } from '../api-operations.js';
import { h, notifyError } from '../ui.js';
import { barChart } from './chart.js';
import type { CockpitClient } from './client.js';

type Dashboard = Schemas['Dashboard'];

const WINDOWS = [1, 6, 24, 168] as const;
const REFRESH_MS = 10_000;

export class DashboardPanel {
  readonly element: HTMLElement;
  private readonly chart = h('div', { class: 'dashboard-chart', id: 'dashboard-chart' });
  private readonly totals = h('div', { class: 'dashboard-totals', id: 'dashboard-totals' });
  private readonly processes = h('tbody', { id: 'dashboard-processes' });
  private readonly slowest = h('tbody', { id: 'dashboard-slowest' });
  private readonly window: HTMLSelectElement;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly client: CockpitClient) {
    this.window = h(
      'select',
      { id: 'dashboard-window', 'aria-label': 'Window', onchange: () => void this.refresh() },
      ...WINDOWS.map((hours) => h('option', { value: String(hours), selected: hours === 24 }, hours === 168 ? 'last 7 days' : `last ${hours} h`)),
    );
    this.element = h(
      'section',
      { class: 'cockpit-dashboard', id: 'dashboard' },
      h('div', { class: 'dashboard-head' }, h('h2', {}, 'Dashboard'), this.window),
      this.totals,
      this.chart,
      h(
        'div',
        { class: 'dashboard-tables' },
        h(
          'div',
          {},
          h('h3', {}, 'Active instances by process'),
          h(
            'table',
            { class: 'grid' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Process'), h('th', {}, 'Active'), h('th', {}, 'Open incidents'), h('th', {}, 'By version'))),
            this.processes,
          ),
        ),
        h(
          'div',
          {},
          h('h3', {}, 'Slowest elements'),
          h(
            'table',
            { class: 'grid' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Element'), h('th', {}, 'Mean'), h('th', {}, 'Longest'), h('th', {}, 'Count'))),
            this.slowest,
          ),
        ),
      ),
    );
  }

  show(): void {
    void this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (!this.element.hidden && !document.hidden) void this.refresh();
    }, REFRESH_MS);
  }

  hide(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    let data: Dashboard;
    try {
      data = await this.client.stats(Number(this.window.value));
    } catch (error) {
      notifyError('The dashboard could not be loaded', error);
      return;
    }
    this.render(data);
  }

  private render(data: Dashboard): void {
    const { totals } = data;
    this.totals.replaceChildren(
      ...[
        ['started', totals.started, 'started'],
        ['completed', totals.completed, 'completed'],
        ['incidents', totals.incidents, 'incidents opened'],
        ['active', totals.active, 'active now'],
        ['open-incidents', totals.openIncidents, 'open incidents'],
      ].map(([key, value, label]) =>
        h('div', { class: `total total-${key}`, 'data-total': String(key) }, h('strong', {}, String(value)), h('span', {}, String(label))),
      ),
    );
    const label = (at: string) => {
      const date = new Date(at);
      return data.hours > 24
        ? `${date.getMonth() + 1}/${date.getDate()} ${String(date.getHours()).padStart(2, '0')}h`
        : `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
    };
    this.chart.replaceChildren(
      barChart({
        labels: data.buckets.map((b) => label(b.at)),
        series: [
          { name: 'started', className: 'bar-started', values: data.buckets.map((b) => b.started) },
          { name: 'completed', className: 'bar-completed', values: data.buckets.map((b) => b.completed) },
          { name: 'incidents', className: 'bar-incidents', values: data.buckets.map((b) => b.incidents) },
        ],
      }),
      h(
        'div',
        { class: 'chart-legend' },
        h('span', { class: 'legend-started' }, 'started'),
        h('span', { class: 'legend-completed' }, 'completed'),
        h('span', { class: 'legend-incidents' }, 'incidents'),
        h('span', { class: 'muted' }, ` · ${data.bucketMinutes >= 60 ? `${data.bucketMinutes / 60} h` : `${data.bucketMinutes} min`} per bar`),
      ),
    );
    this.processes.replaceChildren(
      ...(data.processes.length
        ? data.processes.map((p) =>
            h(
              'tr',
              { 'data-process-id': p.processId },
              h('td', {}, h('a', { href: `#/cockpit/process/${encodeURIComponent(p.processId)}` }, p.processId)),
              h('td', {}, String(p.active)),
              h('td', { class: p.incidents ? 'incident-count' : '' }, p.incidents ? String(p.incidents) : ''),
              h('td', { class: 'muted' }, p.versions.map((v) => `v${v.version}: ${v.active}${v.incidents ? ` (${v.incidents} !)` : ''}`).join(', ')),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No active instances.'))]),
    );
    this.slowest.replaceChildren(
      ...(data.slowestElements.length
        ? data.slowestElements.map((e) =>
            h(
              'tr',
              { 'data-element-id': e.elementId },
              h('td', {}, h('a', { href: `#/cockpit/process/${encodeURIComponent(e.processId)}` }, `${e.processId} › ${e.elementId}`)),
              h('td', {}, duration(e.meanMs)),
              h('td', {}, duration(e.maxMs)),
              h('td', {}, String(e.count)),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No element has waited yet.'))]),
    );
  }
}

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
