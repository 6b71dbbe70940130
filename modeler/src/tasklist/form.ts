/**
 * The form a user task is completed with:
 * - a form-js form when the task embeds one (`formBody`, from
 *   zeebe:userTaskForm), filled with the task's variables;
 * - otherwise a form generated from the task's variables: one field per
 *   variable by its JSON type (checkbox, number, text, JSON), plus rows to
 *   add new variables. Only changed and added variables are sent.
 * `collect()` answers the variables to complete with, or undefined after
 * showing what is wrong.
 */
import { Form } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { h } from '../ui.js';

export interface TaskForm {
  element: HTMLElement;
  /** The variables to complete with, or undefined when the form is invalid (its errors are shown). */
  collect(): Record<string, unknown> | undefined;
  destroy(): void;
}

/** A form-js form from the embedded schema; undefined when the schema is not usable (the caller generates one). */
export async function formJsForm(formBody: string, variables: Record<string, unknown>): Promise<TaskForm | undefined> {
  let schema: unknown;
  try {
    schema = JSON.parse(formBody);
  } catch {
    return undefined;
  }
  const element = h('div', { class: 'formjs-host', 'data-form': 'form-js' });
  // No input debounce: Complete reads what was typed a moment ago.
  const form = new Form({ container: element, debounce: false } as ConstructorParameters<typeof Form>[0]);
  try {
    await form.importSchema(schema as Parameters<Form['importSchema']>[0], variables);
  } catch {
    form.destroy();
    return undefined;
  }
  return {
    element,
    collect() {
      const { data, errors } = form.submit();
      return Object.keys(errors).length ? undefined : (data as Record<string, unknown>);
    },
    destroy: () => form.destroy(),
  };
}

export type Kind = 'boolean' | 'number' | 'string' | 'json';

function isBlank(name: string, form: HTMLElement): boolean {
  const input = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-variable="${CSS.escape(name)}"] [name]`);
  return !!input && input.type !== 'checkbox' && input.value.trim() === '';
}

const kindOf = (value: unknown): Kind =>
  typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : 'json';

/** Reads one field: the value, or an error message. */
type Reader = () => { value: unknown } | { error: string };

/** The input for a value of this kind, and how to read it back. */
const FIELDS: Record<Kind, (name: string, value: unknown) => { input: HTMLElement; read: Reader }> = {
  boolean: (name, value) => {
    const input = h('input', { type: 'checkbox', name, checked: value === true });
    return { input, read: () => ({ value: input.checked }) };
  },
  number: (name, value) => {
    const input = h('input', { type: 'number', name, step: 'any', value: String(value) });
    return {
      input,
      read: () => (input.value.trim() === '' || Number.isNaN(input.valueAsNumber) ? { error: 'must be a number' } : { value: input.valueAsNumber }),
    };
  },
  string: (name, value) => {
    const input = h('input', { type: 'text', name, value: String(value) });
    return { input, read: () => ({ value: input.value }) };
  },
  json: (name, value) => {
    const input = h('textarea', { name, class: 'json-input', rows: 3, spellcheck: false });
    input.value = value === undefined ? '' : JSON.stringify(value, null, 2);
    return { input, read: () => readJson(input.value) };
  },
};

function readJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: 'must be JSON: 42, true, "text", [1, 2] or {"a": 1}' };
  }
}

/** A variable the task does not see yet that the process reads next (its output mappings, the following gateways). */
export interface SuggestedField {
  name: string;
  kind: Kind;
  source: 'outputMapping' | 'gateway';
}

/** An empty input of the kind: unchecked, blank; a blank one is left out when the form is sent. */
const EMPTY: Record<Kind, unknown> = { boolean: false, number: '', string: '', json: undefined };

export function generatedForm(variables: Record<string, unknown>, note?: string, suggested: readonly SuggestedField[] = []): TaskForm {
  const fields: Array<{ name: string; original: unknown; read: Reader; error: HTMLElement; optional?: boolean }> = [];
  const row = (name: string, kind: Kind, value: unknown, hint?: string, optional?: boolean) => {
    const { input, read } = FIELDS[kind](name, value);
    input.id = `var-${name}`;
    const error = h('span', { class: 'field-error' });
    fields.push({ name, original: optional ? undefined : value, read, error, optional });
    return h(
      'div',
      { class: `form-row kind-${kind}${optional ? ' suggested' : ''}`, 'data-variable': name },
      h('label', { for: input.id }, name, h('small', {}, hint ? `${kind} · ${hint}` : kind)),
      input,
      error,
    );
  };
  const rows = [
    ...Object.keys(variables)
      .sort()
      .map((name) => row(name, kindOf(variables[name]), variables[name])),
    ...suggested.map((field) =>
      row(field.name, field.kind, EMPTY[field.kind], field.source === 'gateway' ? 'the next decision reads it' : 'the task passes it on', true),
    ),
  ];
  const added = h('div', { class: 'added-variables' });
  const addRow = () => {
    const name = h('input', { class: 'new-name', placeholder: 'name', 'aria-label': 'new variable name' });
    const value = h('input', { class: 'new-value mono', placeholder: 'JSON value: true, 42, "text"', 'aria-label': 'new variable value' });
    const remove = h('button', { type: 'button', class: 'link', title: 'Remove' }, '×');
    const row = h('div', { class: 'new-variable' }, name, value, remove);
    remove.addEventListener('click', () => row.remove());
    added.append(row);
    name.focus();
  };
  const formError = h('p', { class: 'field-error', id: 'task-form-error', role: 'alert' });
  const element = h(
    'div',
    { class: 'generated-form', 'data-form': 'generated' },
    note ? h('p', { class: 'muted form-note' }, note) : '',
    rows.length ? h('div', { class: 'form-rows' }, ...rows) : h('p', { class: 'muted' }, 'The task sees no variables.'),
    added,
    h('button', { type: 'button', id: 'add-task-variable', onclick: addRow }, '+ Add variable'),
    formError,
  );
  return {
    element,
    collect() {
      const result: Record<string, unknown> = {};
      let ok = true;
      formError.textContent = '';
      for (const field of fields) {
        // A suggested field left blank is not sent (a checkbox always is: unchecked is false).
        if (field.optional && isBlank(field.name, element)) continue;
        const read = field.read();
        field.error.textContent = 'error' in read ? read.error : '';
        if ('error' in read) ok = false;
        else if (JSON.stringify(read.value) !== JSON.stringify(field.original)) result[field.name] = read.value;
      }
      for (const row of added.querySelectorAll<HTMLElement>('.new-variable')) {
        const name = (row.querySelector('.new-name') as HTMLInputElement).value.trim();
        const text = (row.querySelector('.new-value') as HTMLInputElement).value;
        if (!name && !text.trim()) continue;
        const read = readJson(text);
        if (!name || 'error' in read) {
          formError.textContent = !name ? 'A new variable needs a name.' : `${name} ${(read as { error: string }).error}`;
          ok = false;
          continue;
        }
        result[name] = read.value;
      }
      return ok ? result : undefined;
    },
    destroy: () => undefined,
  };
}
