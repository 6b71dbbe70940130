/** Camunda's list functions that feelin lacks; all linear in the list's size. */
import { FeelDate, FeelDateTime } from 'feelin';
import { builtin, entriesOf, isContext, isList, isNumber, type Builtins } from './define.js';

/**
 * A text that is equal for FEEL-equal values (numbers, strings, booleans,
 * temporals, and lists and contexts of them), so that duplicates are found
 * with a Set in one pass instead of comparing every pair.
 */
function equalityKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${(typeof value)[0]}${String(value)}`;
  if (isList(value)) return `[${value.map(equalityKey).join(',')}]`;
  if (isContext(value)) {
    const entries = entriesOf(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${equalityKey(item)}`).join(',')}}`;
  }
  if (value instanceof FeelDate || value instanceof FeelDateTime) return `${value.constructor.name}:${String(value)}`;
  return `${Object.prototype.toString.call(value)}:${String(value)}`;
}

/** The values that occur more than once, each once, in the order of their first occurrence. */
function duplicateValues(list: unknown): unknown[] | null {
  if (!isList(list)) return null;
  const occurrences = new Map<string, { item: unknown; count: number }>();
  for (const item of list) {
    const key = equalityKey(item);
    const known = occurrences.get(key);
    if (known) known.count++;
    else occurrences.set(key, { item: item ?? null, count: 1 });
  }
  return [...occurrences.values()].filter(({ count }) => count > 1).map(({ item }) => item);
}

function partition(list: unknown, size: unknown): unknown[][] | null {
  if (!isList(list) || !isNumber(size)) return null;
  const length = Math.trunc(size);
  if (length < 1) return null;
  const parts: unknown[][] = [];
  for (let start = 0; start < list.length; start += length) parts.push(list.slice(start, start + length));
  return parts;
}

export const listBuiltins: Builtins = {
  'is empty': builtin(['list'], (list: unknown) => (isList(list) ? list.length === 0 : null)),
  'duplicate values': builtin(['list'], duplicateValues),
  partition: builtin(['list', 'size'], partition),
};
