/**
 * `to json` and `from json`. Temporal values become their ISO text (a
 * zoned date-time as `2025-11-24T10:00:00+01:00[Europe/Berlin]`, as
 * Camunda writes it); functions and ranges have no JSON form and become null.
 */
import { FeelDateTime } from 'feelin';
import { builtin, entriesOf, isContext, isList, isString, newContext, type Builtins } from './define.js';

function jsonOf(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (isList(value)) return value.map(jsonOf);
  if (isContext(value)) return newContext(entriesOf(value).map(([key, item]) => [key, jsonOf(item)] as const));
  if (value instanceof FeelDateTime) return dateTimeText(value);
  const text = (value as { toJSON?: () => unknown }).toJSON?.();
  return typeof text === 'string' ? text : null;
}

function dateTimeText(value: FeelDateTime): string {
  if (!value.zone) return value.value.toString();
  if (/^(Z|[+-]\d{2}:\d{2})$/.test(value.zone)) return `${value.value.toString()}${value.zone}`;
  try {
    return value.value.toZonedDateTime(value.zone).toString();
  } catch {
    return value.toString();
  }
}

function fromJson(text: unknown): unknown {
  if (!isString(text)) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export const conversionBuiltins: Builtins = {
  'to json': builtin(['value'], (value: unknown) => JSON.stringify(jsonOf(value))),
  'from json': builtin(['value'], fromJson),
};
