/**
 * A filter as a predicate over an instance's search attributes: what the
 * memory store runs, and the reference semantics that the SQL form
 * (./sql.ts) must give too.
 *
 * A number operand compares with numbers only, a string or boolean operand
 * with texts only; an instance without the attribute matches no condition
 * except `ne` (it is not equal to anything).
 */
import { indexedValue, type IndexedValue } from './attributes.js';
import type { SearchFilter, SearchValue } from './filter.js';

export type SearchAttributes = Record<string, SearchValue>;

export function matchesFilter(filter: SearchFilter, attributes: SearchAttributes = {}): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesFilter(f, attributes));
    case 'or':
      return filter.filters.some((f) => matchesFilter(f, attributes));
    case 'in':
      return filter.values.some((value) => equal(stored(attributes, filter.attribute), indexedValue(value)));
    case 'ne':
      return !equal(stored(attributes, filter.attribute), indexedValue(filter.value));
    case 'eq':
      return equal(stored(attributes, filter.attribute), indexedValue(filter.value));
    case 'prefix': {
      const text = stored(attributes, filter.attribute)?.text;
      return text !== undefined && text.startsWith(filter.value as string);
    }
    default: {
      const cell = stored(attributes, filter.attribute);
      const operand = indexedValue(filter.value);
      const order = compare(cell, operand);
      if (order === undefined) return false;
      return { gt: order > 0, gte: order >= 0, lt: order < 0, lte: order <= 0 }[filter.op];
    }
  }
}

function stored(attributes: SearchAttributes, name: string): IndexedValue | undefined {
  return Object.prototype.hasOwnProperty.call(attributes, name) ? indexedValue(attributes[name]) : undefined;
}

function equal(cell: IndexedValue | undefined, operand: IndexedValue): boolean {
  return compare(cell, operand) === 0;
}

/** Same kind only: numbers by value, texts by UTF-16 code units (SQLite's BINARY order for the characters of the BMP). */
function compare(cell: IndexedValue | undefined, operand: IndexedValue): number | undefined {
  if (!cell) return undefined;
  if (operand.number !== undefined) return cell.number === undefined ? undefined : Math.sign(cell.number - operand.number);
  if (cell.text === undefined) return undefined;
  return cell.text < operand.text! ? -1 : cell.text > operand.text! ? 1 : 0;
}
