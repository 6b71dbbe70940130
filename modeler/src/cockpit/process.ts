/**
 * One process definition: its versions (state, start, suspend is the
 * deployer's business and lives in the API), the chosen version's diagram
 * with the number of active instances and open incidents on each element,
 * and its instance list with filters (status, business key, search
 * attributes as a `where` filter) and paging by the `next` cursor.
 */
import { h, notifyError } from '../ui.js';
import type { AppContext } from '../view.js';
import type { CockpitClient, Definition, Instance, InstanceFilter } from './client.js';
import { ReadOnlyDiagram, type Badge } from './diagram.js';
import { startInstanceDialog } from './forms.js';
import { plural, shortId, time } from './format.js';

const PAGE = 20;

export class ProcessPanel {
  readonly element: HTMLElement;
  private readonly diagram = new ReadOnlyDiagram();
  private readonly heading = h('h2', { id: 'process-title' });
  private readonly meta = h('div', { class: 'process-meta', id: 'process-meta' });
  private readonly versionSelect = h('select', { id: 'process-version', 'aria-label': 'Version' });
  private readonly overlayNote = h('span', { class: 'muted', id: 'overlay-note' });
  private readonly rows = h('tbody', { id: 'instance-rows' });
  private readonly pager = h('div', { class: 'pager' });
  private readonly filterStatus = h(
    'select',
    { id: 'filter-status', 'aria-label': 'Status' },
    ...['', 'active', 'completed', 'cancelled', 'terminated'].map((s) => h('option', { value: s }, s || 'any status')),
  );
  private readonly filterKey = h('input', { id: 'filter-business-key', placeholder: 'business key' });
  private readonly filterWhere = h('input', { id: 'filter-where', class: 'where', placeholder: 'search attributes, e.g. {"total":{"gt":10}}' });
  private readonly filterVersion = h('input', { id: 'filter-this-version', type: 'checkbox' });
  private readonly filterIncidents = h('input', { id: 'filter-incidents', type: 'checkbox' });
  private versions: Definition[] = [];
  private processId = '';
  private version = 0;
  /** Cursors of the pages before the current one (the first page has none). */
  private cursors: Array<string | undefined> = [];
  private cursor: string | undefined;

  constructor(
    private readonly client: CockpitClient,
    private readonly context: AppContext,
  ) {
    this.versionSelect.addEventListener('change', () => this.context.navigate('cockpit', `process/${this.processId}/${this.versionSelect.value}`));
    const startButton = context.can('operator')
      ? h('button', { class: 'primary', id: 'start-instance', onclick: () => this.startDialog() }, '▶ Start instance')
      : h('span', { class: 'read-only-note' }, 'Read only: your key cannot start instances');
    const filters = h(
      'form',
      { class: 'filters', id: 'instance-filters' },
      this.filterStatus,
      this.filterKey,
      this.filterWhere,
      h('label', { class: 'check' }, this.filterVersion, ' this version only'),
      h('label', { class: 'check' }, this.filterIncidents, ' with incidents'),
      h('button', { type: 'submit' }, 'Filter'),
    );
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      this.cursors = [];
      this.cursor = undefined;
      void this.loadInstances();
    });
    this.element = h(
      'section',
      { class: 'process-panel' },
      h(
        'div',
        { class: 'panel-head' },
        this.heading,
        this.versionSelect,
        this.meta,
        h('span', { class: 'spacer' }),
        h('button', { onclick: () => void this.refresh(), title: 'Refresh' }, '⟳'),
        startButton,
      ),
      h(
        'div',
        { class: 'diagram-box' },
        this.diagram.element,
        h(
          'div',
          { class: 'diagram-legend' },
          h('span', { class: 'legend-tokens' }, 'active instances'),
          h('span', { class: 'legend-incidents' }, 'incidents'),
          this.overlayNote,
        ),
      ),
      h(
        'div',
        { class: 'instances' },
        h('h3', {}, 'Instances'),
        filters,
        h(
          'table',
          { class: 'grid' },
          h('thead', {}, h('tr', {}, ...['Instance', 'Business key', 'Version', 'Status', 'Started', 'Ended', 'Incidents'].map((c) => h('th', {}, c)))),
          this.rows,
        ),
        this.pager,
      ),
    );
  }

  async open(processId: string, version?: number): Promise<void> {
    const changed = processId !== this.processId;
    this.processId = processId;
    if (changed) {
      this.cursors = [];
      this.cursor = undefined;
    }
    this.versions = (await this.client.versions(processId)).items;
    if (!this.versions.length) throw new Error(`no version of ${processId} is deployed`);
    const latest = this.versions.find((d) => d.latest) ?? this.versions[this.versions.length - 1];
    this.version = this.versions.some((d) => d.version === version) ? version! : latest.version;
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const current = this.versions.find((d) => d.version === this.version)!;
    this.heading.textContent = current.name ?? current.processId;
    this.versionSelect.replaceChildren(
      ...[...this.versions]
        .reverse()
        .map((d) => h('option', { value: String(d.version), selected: d.version === this.version }, `v${d.version}${d.latest ? ' (latest)' : ''}`)),
    );
    this.meta.replaceChildren(
      h('span', { class: `state state-${current.suspended ? 'suspended' : 'active'}`, id: 'process-state' }, current.suspended ? 'suspended' : 'active'),
      h(
        'span',
        { class: 'muted' },
        `${current.processId} · ${current.resourceName} · deployed ${time(current.deployedAt)}${current.deployedBy ? ` by ${current.deployedBy}` : ''}${current.environment !== 'default' ? ` to ${current.environment}` : ''}`,
      ),
      ...current.tags.map((tag) => h('span', { class: 'tag' }, tag)),
    );
    try {
      await this.diagram.show(`${this.processId}@${this.version}`, () => this.client.xml(this.processId, this.version));
    } catch (error) {
      notifyError('The diagram cannot be shown', error);
    }
    await Promise.all([this.loadOverlays(), this.loadInstances()]);
  }

  /** Reads the counts and the instance page again (the cockpit calls this every few seconds while the panel shows). */
  async poll(): Promise<void> {
    if (!this.processId) return;
    await Promise.all([this.loadOverlays(), this.loadInstances()]);
  }

  resized(): void {
    this.diagram.fit();
  }

  private startDialog(): void {
    startInstanceDialog(this.client, this.versions, this.version, (instance) => this.context.navigate('cockpit', `instance/${instance.id}`));
  }

  /** Active instances and open incidents of this version, counted per element. */
  private async loadOverlays(): Promise<void> {
    if (!this.readsInstances()) {
      this.overlayNote.textContent = 'instance counts need a viewer or operator key';
      return;
    }
    try {
      const [{ items, capped }, incidents] = await Promise.all([
        this.client.allInstances({ processId: this.processId, version: this.version, status: 'active' }),
        this.client.incidents({ processId: this.processId }),
      ]);
      const tokens = new Map<string, number>();
      for (const instance of items) {
        for (const id of new Set(instance.activeElements.map((a) => a.elementId))) tokens.set(id, (tokens.get(id) ?? 0) + 1);
      }
      const failing = new Map<string, string[]>();
      const ofVersion = incidents.items.filter((i) => i.version === undefined || i.version === this.version);
      for (const incident of ofVersion) {
        failing.set(incident.elementId, [...(failing.get(incident.elementId) ?? []), incident.message]);
      }
      const badges: Badge[] = [
        ...[...tokens].map(([elementId, count]): Badge => ({
          elementId,
          kind: 'tokens',
          text: String(count),
          title: `${plural(count, 'active instance')} here`,
        })),
        ...[...failing].map(([elementId, messages]): Badge => ({
          elementId,
          kind: 'incidents',
          text: String(messages.length),
          title: messages.slice(0, 5).join('\n'),
        })),
      ];
      this.diagram.decorate({ markers: { 'baton-incident': failing.keys() }, badges });
      // The side list counts every version; this note and the badges count the version shown, and say so.
      this.overlayNote.textContent = `version ${this.version}: ${plural(items.length, 'active instance')}${capped ? ' (first 5000)' : ''}, ${plural(ofVersion.length, 'open incident')}`;
    } catch (error) {
      this.overlayNote.textContent = `counts unavailable: ${(error as Error).message}`;
    }
  }

  private filter(): InstanceFilter {
    return {
      processId: this.processId,
      version: this.filterVersion.checked ? this.version : undefined,
      status: this.filterStatus.value as InstanceFilter['status'],
      businessKey: this.filterKey.value.trim(),
      where: this.filterWhere.value,
      hasIncidents: this.filterIncidents.checked || undefined,
      limit: PAGE,
      after: this.cursor,
    };
  }

  /** A deployer key reads definitions, not instances (server/auth.ts). */
  private readsInstances(): boolean {
    return this.context.can('viewer', 'operator');
  }

  private async loadInstances(): Promise<void> {
    if (!this.readsInstances()) {
      this.rows.replaceChildren(
        h(
          'tr',
          {},
          h('td', { colspan: 7, class: 'muted', id: 'instances-not-readable' }, 'Your key cannot read instances: that needs the viewer or operator role.'),
        ),
      );
      this.pager.replaceChildren();
      return;
    }
    let page: { items: Instance[]; next?: string };
    try {
      // Newest first: the instance just started is on top.
      page = await this.client.instances({ ...this.filter(), order: 'newest' });
    } catch (error) {
      this.rows.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'error-cell' }, (error as Error).message)));
      this.pager.replaceChildren();
      return;
    }
    this.rows.replaceChildren(
      ...page.items.map((instance) =>
        h(
          'tr',
          { 'data-instance-id': instance.id },
          h('td', {}, h('a', { href: `#/cockpit/instance/${encodeURIComponent(instance.id)}`, title: instance.id, class: 'mono' }, shortId(instance.id))),
          h('td', {}, instance.businessKey ?? ''),
          h('td', {}, `v${instance.version}`),
          h('td', {}, h('span', { class: `status status-${instance.status}` }, instance.status)),
          h('td', {}, time(instance.startedAt)),
          h('td', {}, time(instance.endedAt)),
          h('td', { class: instance.incidents.length ? 'incident-count' : '' }, instance.incidents.length ? String(instance.incidents.length) : ''),
        ),
      ),
    );
    if (!page.items.length) this.rows.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No instance matches.')));
    const previous = h('button', { disabled: !this.cursors.length, id: 'page-previous' }, '‹ Previous');
    const next = h('button', { disabled: !page.next, id: 'page-next' }, 'Next ›');
    previous.addEventListener('click', () => {
      this.cursor = this.cursors.pop();
      void this.loadInstances();
    });
    next.addEventListener('click', () => {
      this.cursors.push(this.cursor);
      this.cursor = page.next;
      void this.loadInstances();
    });
    this.pager.replaceChildren(previous, h('span', { class: 'muted' }, `page ${this.cursors.length + 1}`), next);
  }
}
