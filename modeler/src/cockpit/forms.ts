/**
 * The cockpit's small forms, each in a modal <dialog>: start an instance
 * (business key, version, variables as JSON checked while typing), publish a
 * message, broadcast a signal.
 */
import { h, notify, notifyError } from '../ui.js';
import { parseVariables, type CockpitClient, type Definition, type Instance } from './client.js';
import { plural } from './format.js';

/** A textarea for a JSON object with its validation message; `value()` is undefined while it is invalid. */
function variablesField(id: string, placeholder = '{ "total": 99 }') {
  const textarea = h('textarea', { id, class: 'json-input', rows: 6, spellcheck: false, placeholder });
  const message = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert' });
  const check = () => {
    const parsed = parseVariables(textarea.value);
    message.textContent = 'error' in parsed ? `Variables ${parsed.error}` : '';
    textarea.classList.toggle('invalid', 'error' in parsed);
    return 'error' in parsed ? undefined : parsed.value;
  };
  textarea.addEventListener('input', check);
  return { element: h('label', { class: 'field' }, 'Variables (JSON object)', textarea, message), value: check };
}

function dialog(title: string, id: string, fields: Node[], submitLabel: string, submit: () => Promise<boolean>): HTMLDialogElement {
  const button = h('button', { class: 'primary', type: 'submit', id: `${id}-submit` }, submitLabel);
  const form = h(
    'form',
    { method: 'dialog', class: 'cockpit-form' },
    h('h2', {}, title),
    ...fields,
    h('div', { class: 'form-buttons' }, h('button', { type: 'button', onclick: () => element.close() }, 'Cancel'), button),
  );
  const element = h('dialog', { class: 'cockpit-dialog', id }, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      if (await submit()) element.close();
    } finally {
      button.disabled = false;
    }
  });
  element.addEventListener('close', () => element.remove());
  document.body.append(element);
  element.showModal();
  return element;
}

/** Asks for the start of an instance of `definitions[0].processId`; calls `started` with it. */
export function startInstanceDialog(client: CockpitClient, versions: Definition[], chosen: number | undefined, started: (instance: Instance) => void): void {
  const processId = versions[0].processId;
  const businessKey = h('input', { id: 'start-business-key', placeholder: 'optional, e.g. A-42' });
  // A start that names no version takes the latest of an environment: the ones this process has, `default` first (as the API's default).
  const environments = [...new Set(versions.map((d) => d.environment ?? 'default'))].sort((a, b) => Number(b === 'default') - Number(a === 'default'));
  const version = h(
    'select',
    { id: 'start-version' },
    ...environments.map((name) => h('option', { value: `env:${name}` }, `latest in ${name}`)),
    ...versions.map((d) =>
      h(
        'option',
        { value: String(d.version), selected: d.version === chosen && !d.latest, disabled: d.suspended },
        `v${d.version}${d.environment && d.environment !== 'default' ? ` (${d.environment})` : ''}${d.suspended ? ' (suspended)' : ''}`,
      ),
    ),
  );
  const variables = variablesField('start-variables');
  dialog(
    `Start ${versions[0].name ?? processId}`,
    'start-dialog',
    [h('label', { class: 'field' }, 'Business key', businessKey), h('label', { class: 'field' }, 'Version', version), variables.element],
    'Start instance',
    async () => {
      const value = variables.value();
      if (!value) return false;
      try {
        const instance = await client.start(processId, {
          variables: value,
          businessKey: businessKey.value.trim() || undefined,
          ...(version.value.startsWith('env:') ? { environment: version.value.slice('env:'.length) } : { version: Number(version.value) }),
        });
        notify(`Started an instance of ${processId} v${instance.version}`, 'success');
        started(instance);
        return true;
      } catch (error) {
        notifyError('The instance did not start', error);
        return false;
      }
    },
  );
}

export function publishMessageDialog(client: CockpitClient, done: () => void): void {
  const name = h('input', { id: 'message-name', required: true, placeholder: 'payment-received' });
  const correlationKey = h('input', { id: 'message-correlation-key', placeholder: 'e.g. A-42' });
  const ttl = h('input', { id: 'message-ttl', type: 'number', min: 0, placeholder: '3600000 (one hour)' });
  const variables = variablesField('message-variables');
  dialog(
    'Publish a message',
    'message-dialog',
    [
      h('label', { class: 'field' }, 'Name', name),
      h('label', { class: 'field' }, 'Correlation key', correlationKey),
      h('label', { class: 'field' }, 'Time to live (ms)', ttl),
      variables.element,
    ],
    'Publish',
    async () => {
      const value = variables.value();
      if (!value) return false;
      try {
        const result = await client.publishMessage({
          name: name.value.trim(),
          correlationKey: correlationKey.value.trim() || undefined,
          variables: value,
          timeToLive: ttl.value === '' ? undefined : Number(ttl.value),
        });
        notify(
          `Message ${name.value}: ${result.instanceIds.length ? `reached ${plural(result.instanceIds.length, 'instance')}` : 'no instance waits for it now; it is kept for its time to live'}`,
          'success',
        );
        done();
        return true;
      } catch (error) {
        notifyError('The message was not published', error);
        return false;
      }
    },
  );
}

export function broadcastSignalDialog(client: CockpitClient, done: () => void): void {
  const name = h('input', { id: 'signal-name', required: true, placeholder: 'shutdown' });
  const variables = variablesField('signal-variables');
  dialog('Broadcast a signal', 'signal-dialog', [h('label', { class: 'field' }, 'Name', name), variables.element], 'Broadcast', async () => {
    const value = variables.value();
    if (!value) return false;
    try {
      const result = await client.broadcastSignal({ name: name.value.trim(), variables: value });
      notify(`Signal ${name.value}: reached ${plural(result.instanceIds.length, 'instance')}`, 'success');
      done();
      return true;
    } catch (error) {
      notifyError('The signal was not broadcast', error);
      return false;
    }
  });
}

export { variablesField };
