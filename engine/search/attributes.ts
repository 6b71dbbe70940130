/**
 * Search attributes: the variables a process declares searchable, read from
 * the instance's root scope after every step and kept on the state, so that
 * a store indexes them with the commit that changed them.
 *
 * Only scalars are indexed: a string (up to MAX_TEXT_LENGTH characters), a
 * finite number or a boolean. Anything else (absent, null, a list, a
 * context, a longer string) leaves the attribute unset for that instance.
 */
import type { ProcessModel } from '../model/types.js';
import { ROOT_SCOPE, type InstanceState } from '../runtime/state.js';
import { MAX_TEXT_LENGTH, type SearchValue } from './filter.js';

/** How a store keeps one value: text or number. Booleans are the texts 'true' and 'false', compared only for (in)equality. */
export interface IndexedValue {
  text?: string;
  number?: number;
}

export function indexedValue(value: SearchValue): IndexedValue {
  if (typeof value === 'number') return { number: value };
  return { text: typeof value === 'boolean' ? String(value) : value };
}

/** Sets `state.searchAttributes` from the root scope; an instance of a process that declares none keeps none. */
export function indexSearchAttributes(state: InstanceState, model: ProcessModel): void {
  const names = model.searchAttributes;
  if (!names?.length) {
    // A migrated instance whose new version declares none: an empty set clears the index.
    if (state.searchAttributes) state.searchAttributes = {};
    return;
  }
  const variables = state.scopes[ROOT_SCOPE]?.variables ?? {};
  const values: Record<string, SearchValue> = {};
  for (const name of names) {
    const value = readPath(variables, name);
    if (isIndexable(value)) values[name] = value;
  }
  state.searchAttributes = values;
}

function readPath(variables: Record<string, unknown>, path: string): unknown {
  let value: unknown = variables;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isIndexable(value: unknown): value is SearchValue {
  if (typeof value === 'string') return value.length <= MAX_TEXT_LENGTH;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'boolean';
}
