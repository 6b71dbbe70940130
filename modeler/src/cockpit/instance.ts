/**
 * One instance on its diagram: active tokens highlighted (`baton-active`,
 * with a count when several tokens wait on one element), the completed path
 * marked (`baton-completed` on elements that completed, `baton-taken` on
 * flows whose source completed and whose target was reached), incidents in
 * red with their message; beside it the incidents with Resolve, the
 * variables (set, add), the history timeline, and Cancel / Migrate /
 * Activate (an element inside a waiting ad-hoc sub-process) / Secrets
 * (write-only). While
 * the instance is active and the panel is open it is read again every
 * POLL_MS.
 */
import { h, notify, notifyError } from '../ui.js';
import type { AppContext } from '../view.js';
import type { CockpitClient, Definition, HistoryEvent, Instance, InstanceStatus, SecretNames } from './client.js';
import { ReadOnlyDiagram, type Badge } from './diagram.js';
import { json, plural, time } from './format.js';
import { decisionDetails } from './decision-event.js';

export const POLL_MS = 1000;

export class InstancePanel {
  readonly element: HTMLElement;
  private readonly diagram = new ReadOnlyDiagram();
  private readonly heading = h('h2', { id: 'instance-title' });
  private readonly meta = h('div', { class: 'process-meta', id: 'instance-meta' });
  private readonly actions = h('div', { class: 'actions', id: 'instance-actions' });
  private readonly incidents = h('div', { class: 'incident-list', id: 'incident-list' });
  private readonly variables = h('tbody', { id: 'variable-rows' });
  private readonly history = h('ol', { class: 'timeline', id: 'history' });
  private readonly addForm: HTMLFormElement;
  private instanceId = '';
  private instance: Instance | undefined;
  /** The status last shown, kept across reloads: a change from active calls `ended`. */
  private lastStatus: InstanceStatus | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private open_ = false;
  private loading = 0;

  constructor(
    private readonly client: CockpitClient,
    private readonly context: AppContext,
    /** Called when the shown instance ends (the process list's counts change). */
    private readonly ended: () => void = () => undefined,
  ) {
    const name = h('input', { id: 'new-variable-name', placeholder: 'name', required: true });
    const value = h('input', { id: 'new-variable-value', placeholder: 'JSON value, e.g. 42 or "text"', required: true });
    this.addForm = h('form', { class: 'add-variable', id: 'add-variable' }, name, value, h('button', { type: 'submit' }, 'Set variable'));
    this.addForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.setVariable(name.value.trim(), value.value).then((ok) => {
        if (ok) this.addForm.reset();
      });
    });
    this.element = h(
      'section',
      { class: 'instance-panel' },
      h(
        'div',
        { class: 'panel-head' },
        h('a', { id: 'back-to-process', class: 'back', href: '#/cockpit' }, '‹'),
        this.heading,
        this.meta,
        h('span', { class: 'spacer' }),
        this.actions,
      ),
      h(
        'div',
        { class: 'diagram-box' },
        this.diagram.element,
        h(
          'div',
          { class: 'diagram-legend' },
          h('span', { class: 'legend-active' }, 'active'),
          h('span', { class: 'legend-completed' }, 'completed'),
          h('span', { class: 'legend-incidents' }, 'incident'),
        ),
      ),
      this.incidents,
      h(
        'div',
        { class: 'instance-details' },
        h(
          'div',
          { class: 'variables' },
          h('h3', {}, 'Variables'),
          h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Value'), h('th', {}))), this.variables),
          context.can('operator') ? this.addForm : '',
        ),
        h('div', { class: 'history' }, h('h3', {}, 'History'), this.history),
      ),
    );
  }

  async open(instanceId: string): Promise<void> {
    this.stop();
    this.open_ = true;
    if (instanceId !== this.instanceId) {
      this.instanceId = instanceId;
      this.instance = undefined;
      this.lastStatus = undefined;
      this.variables.replaceChildren();
      this.history.replaceChildren();
      this.incidents.replaceChildren();
    }
    await this.load();
  }

  /** The panel is no longer shown: stop polling. */
  close(): void {
    this.open_ = false;
    this.stop();
  }

  resized(): void {
    this.diagram.fit();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async load(): Promise<void> {
    const run = ++this.loading;
    const id = this.instanceId;
    try {
      const [instance, history] = await Promise.all([this.client.instance(id), this.client.history(id)]);
      if (run !== this.loading || !this.open_) return;
      await this.diagram.show(`${instance.processId}@${instance.version}`, () => this.client.xml(instance.processId, instance.version));
      if (run !== this.loading || !this.open_) return;
      this.render(instance, history.items);
      if (instance.status === 'active') this.timer = setTimeout(() => void this.load(), POLL_MS);
    } catch (error) {
      if (run !== this.loading || !this.open_) return;
      notifyError(`Instance ${id}`, error);
    }
  }

  private render(instance: Instance, history: HistoryEvent[]): void {
    const before = this.instance;
    this.instance = instance;
    this.element.dataset.status = instance.status;
    this.heading.textContent = `${instance.processId} v${instance.version}`;
    this.meta.replaceChildren(
      h('span', { class: `status status-${instance.status}`, id: 'instance-status' }, instance.status),
      h('span', { class: 'mono muted', title: 'instance id' }, instance.id),
      instance.businessKey ? h('span', {}, `key ${instance.businessKey}`) : '',
      h('span', { class: 'muted' }, `started ${time(instance.startedAt)}${instance.endedAt ? `, ended ${time(instance.endedAt)}` : ''}`),
      instance.parentInstanceId
        ? h('a', { href: `#/cockpit/instance/${encodeURIComponent(instance.parentInstanceId)}`, id: 'parent-instance' }, 'parent instance')
        : '',
      ...instance.activeElements
        .filter((a) => a.childInstanceId)
        .map((a) =>
          h(
            'a',
            { href: `#/cockpit/instance/${encodeURIComponent(a.childInstanceId!)}`, class: 'child-instance', title: a.childInstanceId },
            `child instance (${this.diagram.label(a.elementId)})`,
          ),
        ),
    );
    (this.element.querySelector('#back-to-process') as HTMLAnchorElement).href =
      `#/cockpit/process/${encodeURIComponent(instance.processId)}/${instance.version}`;
    this.decorate(instance, history);
    this.renderIncidents(instance);
    this.renderVariables(instance);
    this.renderHistory(history);
    if (!before || before.status !== instance.status || before.version !== instance.version) this.renderActions(instance);
    if (this.lastStatus === 'active' && instance.status !== 'active') this.ended();
    this.lastStatus = instance.status;
  }

  private decorate(instance: Instance, history: HistoryEvent[]): void {
    const completed = new Set(history.filter((e) => e.type === 'element.completed' && e.elementId).map((e) => e.elementId!));
    const reached = new Set(history.filter((e) => e.type === 'element.activated' && e.elementId).map((e) => e.elementId!));
    const active = new Map<string, number>();
    for (const a of instance.activeElements) active.set(a.elementId, (active.get(a.elementId) ?? 0) + 1);
    const taken = this.diagram
      .flows()
      .filter((flow) => completed.has(flow.source) && (reached.has(flow.target) || completed.has(flow.target) || active.has(flow.target)));
    const failing = new Map<string, string[]>();
    for (const incident of instance.incidents) failing.set(incident.elementId, [...(failing.get(incident.elementId) ?? []), incident.message]);
    const badges: Badge[] = [
      ...[...active].map(([elementId, count]): Badge => ({ elementId, kind: 'tokens', text: count > 1 ? String(count) : '●', title: plural(count, 'token') })),
      ...[...failing].map(([elementId, messages]): Badge => ({ elementId, kind: 'incidents', text: '!', title: messages.join('\n') })),
    ];
    this.diagram.decorate({
      markers: {
        'baton-completed': [...completed].filter((id) => !active.has(id)),
        'baton-taken': taken.map((flow) => flow.id),
        'baton-active': active.keys(),
        'baton-incident': failing.keys(),
      },
      badges,
    });
  }

  private renderIncidents(instance: Instance): void {
    const mayAct = this.context.can('operator') && instance.status === 'active';
    this.incidents.replaceChildren(
      ...instance.incidents.map((incident) =>
        h(
          'div',
          { class: 'incident', 'data-incident-id': incident.id, 'data-element-id': incident.elementId },
          h('strong', {}, `Incident at ${this.diagram.label(incident.elementId)}`),
          h('span', { class: 'incident-kind' }, incident.kind),
          h('span', { class: 'incident-message' }, incident.message),
          h('span', { class: 'muted' }, time(incident.createdAt)),
          mayAct &&
            h(
              'button',
              { class: 'resolve', onclick: (event: Event) => void this.resolve(incident.id, event.currentTarget as HTMLButtonElement) },
              'Resolve (retry)',
            ),
        ),
      ),
    );
  }

  private renderVariables(instance: Instance): void {
    const editing = this.variables.querySelector('input:focus');
    if (editing) return; // do not throw away what someone is typing
    const mayEdit = this.context.can('operator') && instance.status === 'active';
    const names = Object.keys(instance.variables).sort();
    this.variables.replaceChildren(
      ...names.map((name) => {
        const value = h('td', { class: 'mono value' }, json(instance.variables[name], 400));
        const edit = h('button', { class: 'link', 'data-edit': name }, 'edit');
        edit.addEventListener('click', () => {
          const input = h('input', { class: 'mono', value: JSON.stringify(instance.variables[name]) });
          const save = h('button', {}, 'Save');
          const form = h('form', { class: 'inline-edit' }, input, save);
          form.addEventListener('submit', (event) => {
            event.preventDefault();
            void this.setVariable(name, input.value);
          });
          value.replaceChildren(form);
          input.focus();
        });
        return h('tr', { 'data-variable': name }, h('td', { class: 'mono' }, name), value, h('td', {}, mayEdit ? edit : ''));
      }),
    );
    if (!names.length) this.variables.append(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No variables.')));
    this.addForm.hidden = !mayEdit;
  }

  private renderHistory(history: HistoryEvent[]): void {
    this.history.replaceChildren(
      ...[...history]
        .reverse()
        .map((event) =>
          h(
            'li',
            { class: `event event-${event.type.replace('.', '-')}` },
            h('span', { class: 'event-time' }, time(event.at)),
            h('span', { class: 'event-type' }, event.type),
            event.elementId ? h('span', { class: 'event-element' }, this.diagram.label(event.elementId)) : '',
            event.message ? h('span', { class: 'event-message' }, event.message) : '',
            decisionDetails(event),
          ),
        ),
    );
  }

  private renderActions(instance: Instance): void {
    this.actions.replaceChildren();
    if (!this.context.can('operator') || instance.status !== 'active') return;
    const cancel = h('button', { class: 'danger', id: 'cancel-instance' }, 'Cancel instance');
    cancel.addEventListener('click', async () => {
      if (!window.confirm(`Cancel instance ${instance.id}? Every token is withdrawn.`)) return;
      await this.act(cancel, () => this.client.cancel(instance.id), 'Instance cancelled');
    });
    const migrate = h('button', { id: 'migrate-instance' }, 'Migrate…');
    migrate.addEventListener('click', () => void this.migrateDialog(instance));
    const adHocs = instance.activeElements.filter((e) => e.elementType === 'adHocSubProcess' && e.status === 'waiting' && e.loopCounter === undefined);
    const activate = adHocs.map((adHoc) => {
      const button = h('button', { class: 'activate-ad-hoc', 'data-element': adHoc.elementId }, `Activate in ${this.diagram.label(adHoc.elementId)}…`);
      button.addEventListener('click', () => this.activateDialog(instance, adHoc.tokenId, adHoc.elementId));
      return button;
    });
    const secrets = h('button', { id: 'instance-secrets' }, 'Secrets…');
    secrets.addEventListener('click', () => void this.secretsDialog(instance));
    this.actions.append(...activate, secrets, migrate, cancel);
  }

  /** Write-only: lists the names the instance sees, sets a value or removes one of its own; values are never shown. */
  private async secretsDialog(instance: Instance): Promise<void> {
    const list = h('ul', { class: 'secret-names', id: 'secret-names' });
    const error = h('p', { class: 'field-error', role: 'alert' });
    const show = (names: SecretNames) => {
      const own = names.own.map((name) => {
        const remove = h('button', { type: 'button', class: 'link', 'data-remove-secret': name }, 'remove');
        remove.addEventListener('click', () => void change({ [name]: null }));
        return h('li', { 'data-secret': name }, h('span', { class: 'mono' }, name), ' ', remove);
      });
      const inherited = names.inherited.map((name) =>
        h('li', { 'data-secret': name, class: 'muted' }, h('span', { class: 'mono' }, name), ' (from the calling instance)'),
      );
      list.replaceChildren(...own, ...inherited);
      if (!own.length && !inherited.length) list.append(h('li', { class: 'muted' }, 'No secrets.'));
    };
    const change = async (changes: Record<string, string | null>) => {
      try {
        show(await this.client.updateSecrets(instance.id, changes));
        error.textContent = '';
        form.reset();
      } catch (failure) {
        error.textContent = (failure as Error).message;
      }
    };
    const name = h('input', { id: 'secret-name', placeholder: 'name, e.g. apiToken', required: true, autocomplete: 'off' });
    const value = h('input', { id: 'secret-value', type: 'password', placeholder: 'value', required: true, autocomplete: 'new-password' });
    const form = h(
      'form',
      { class: 'cockpit-form' },
      h('h2', {}, 'Secrets'),
      h(
        'p',
        { class: 'muted' },
        'Values are write-only: handlers get them, nothing shows them. A new value reaches the next jobs of this instance and of the instances it called.',
      ),
      list,
      h('label', { class: 'field' }, 'Name', name),
      h('label', { class: 'field' }, 'Value', value, error),
      h(
        'div',
        { class: 'form-buttons' },
        h('button', { type: 'button', onclick: () => dialog.close() }, 'Close'),
        h('button', { class: 'primary', type: 'submit' }, 'Set'),
      ),
    );
    const dialog = h('dialog', { class: 'cockpit-dialog', id: 'secrets-dialog' }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void change({ [name.value.trim()]: value.value });
    });
    showModal(dialog);
    try {
      show(await this.client.secretNames(instance.id));
    } catch (failure) {
      error.textContent = (failure as Error).message;
    }
  }

  /** Starts an element inside a waiting ad-hoc sub-process, with optional local variables. */
  private activateDialog(instance: Instance, tokenId: string, adHocId: string): void {
    const choices = this.diagram.adHocChoices(adHocId);
    const element = h('select', { id: 'ad-hoc-element' }, ...choices.map((c) => h('option', { value: c.id }, c.name === c.id ? c.id : `${c.name} (${c.id})`)));
    const variables = h('textarea', {
      id: 'ad-hoc-variables',
      class: 'json-input',
      rows: 3,
      placeholder: '{ "question": "…" } — variables local to this activation (optional)',
    });
    const error = h('p', { class: 'field-error', role: 'alert' });
    const form = h(
      'form',
      { class: 'cockpit-form' },
      h('h2', {}, `Activate in ${this.diagram.label(adHocId)}`),
      h('label', { class: 'field' }, 'Element', element),
      h('label', { class: 'field' }, 'Variables (JSON, optional)', variables, error),
      h(
        'div',
        { class: 'form-buttons' },
        h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'),
        h('button', { class: 'primary', type: 'submit' }, 'Activate'),
      ),
    );
    const dialog = h('dialog', { class: 'cockpit-dialog', id: 'ad-hoc-dialog' }, form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      let local: Record<string, unknown> | undefined;
      try {
        local = variables.value.trim() ? (JSON.parse(variables.value) as Record<string, unknown>) : undefined;
      } catch (failure) {
        error.textContent = `Not valid JSON: ${(failure as Error).message}`;
        return;
      }
      try {
        await this.client.activateAdHoc(instance.id, tokenId, [{ elementId: element.value, variables: local }]);
        notify(`${this.diagram.label(element.value)} activated`, 'success');
        dialog.close();
        await this.reload();
      } catch (failure) {
        error.textContent = (failure as Error).message;
      }
    });
    showModal(dialog);
  }

  private async migrateDialog(instance: Instance): Promise<void> {
    let versions: Definition[];
    try {
      versions = (await this.client.versions(instance.processId)).items.filter((d) => d.version !== instance.version);
    } catch (error) {
      notifyError('Versions', error);
      return;
    }
    if (!versions.length) {
      notify(`${instance.processId} has no other version to migrate to`, 'info');
      return;
    }
    const target = h('select', { id: 'migrate-version' }, ...versions.map((d) => h('option', { value: String(d.version) }, `v${d.version}`)));
    const mapping = h('textarea', {
      id: 'migrate-mapping',
      class: 'json-input',
      rows: 4,
      placeholder: '{ "oldElementId": "newElementId" } — elements that keep their id need no entry',
    });
    const error = h('p', { class: 'field-error', role: 'alert' });
    const submit = h('button', { class: 'primary', type: 'submit' }, 'Migrate');
    const form = h(
      'form',
      { class: 'cockpit-form' },
      h('h2', {}, `Migrate ${instance.processId} v${instance.version}`),
      h('label', { class: 'field' }, 'Target version', target),
      h('label', { class: 'field' }, 'Element mapping (JSON, optional)', mapping, error),
      h('div', { class: 'form-buttons' }, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit),
    );
    const dialog = h('dialog', { class: 'cockpit-dialog', id: 'migrate-dialog' }, form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      let map: Record<string, string> = {};
      try {
        map = mapping.value.trim() ? (JSON.parse(mapping.value) as Record<string, string>) : {};
      } catch (failure) {
        error.textContent = `Not valid JSON: ${(failure as Error).message}`;
        return;
      }
      try {
        await this.client.migrate(instance.id, Number(target.value), map);
        notify(`Migrated to v${target.value}`, 'success');
        dialog.close();
        await this.reload();
      } catch (failure) {
        error.textContent = (failure as Error).message;
      }
    });
    showModal(dialog);
  }

  private async resolve(incidentId: string, button: HTMLButtonElement): Promise<void> {
    await this.act(button, () => this.client.resolveIncident(incidentId), 'Incident resolved: the failed part runs again');
  }

  /** Sets one variable from its JSON text; false when the text is not JSON or the server refused. */
  private async setVariable(name: string, text: string): Promise<boolean> {
    if (!name) return false;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      notify(`The value of ${name} is not JSON: write 42, true, "text", [1,2] or {"a":1}`, 'error');
      return false;
    }
    try {
      await this.client.setVariables(this.instanceId, { [name]: value });
      notify(`${name} set`, 'success', { timeoutMs: 2500 });
      (document.activeElement as HTMLElement | null)?.blur();
      await this.reload();
      return true;
    } catch (error) {
      notifyError(`${name} was not set`, error);
      return false;
    }
  }

  private async act(button: HTMLButtonElement, action: () => Promise<unknown>, done: string): Promise<void> {
    button.disabled = true;
    try {
      await action();
      notify(done, 'success', { timeoutMs: 3000 });
    } catch (error) {
      notifyError('The action failed', error);
    } finally {
      button.disabled = false;
    }
    await this.reload();
  }

  private async reload(): Promise<void> {
    if (!this.open_) return;
    this.stop();
    this.instance = undefined;
    await this.load();
  }
}

/** Opens a dialog built for one use; it is removed from the page once closed. */
function showModal(dialog: HTMLDialogElement): void {
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
