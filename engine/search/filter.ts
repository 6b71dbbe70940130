/**
 * The search filter language: a small JSON language over an instance's
 * search attributes, parsed and validated here into a typed tree before
 * anything reaches a store. A store compiles the tree to a parameterised
 * query (./sql.ts) or to a predicate (./predicate.ts); client text never
 * becomes query text.
 *
 *   { "and": [ { "total": { "gt": 10 } },
 *              { "or": [ { "customer.tier": { "eq": "gold" } }, { "orderId": { "prefix": "A-" } } ] } ] }
 *
 * An object with several attributes, or an attribute with several
 * operators, means all of them; `{ "total": 10 }` is short for `eq`.
 */
import { InvalidArgumentError } from '../errors.js';

export type SearchValue = string | number | boolean;

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'prefix';

export type SearchCondition = { op: ComparisonOperator; attribute: string; value: SearchValue } | { op: 'in'; attribute: string; values: SearchValue[] };

export type SearchFilter = SearchCondition | { op: 'and'; filters: SearchFilter[] } | { op: 'or'; filters: SearchFilter[] };

export const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'prefix'] as const;

/** A variable name, or a dotted path into a context variable (`customer.tier`). */
export const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const MAX_ATTRIBUTE_NAME_LENGTH = 128;
/** Longest text operand; longer indexed strings are not indexed at all (./attributes.ts). */
export const MAX_TEXT_LENGTH = 1024;

export const FILTER_LIMITS = {
  /** Nesting of and/or. */
  depth: 8,
  /** Conditions in the whole filter. */
  conditions: 64,
  /** Values of one `in`. */
  inValues: 100,
};

/** Whether `name` is acceptable as an attribute name (declared in a diagram or named in a filter). */
export function isAttributeName(name: string): boolean {
  return name.length <= MAX_ATTRIBUTE_NAME_LENGTH && ATTRIBUTE_NAME.test(name);
}

/** Parses and validates a filter; an InvalidArgumentError names the place (`where.and[1].total`) and what is wrong there. */
export function parseFilter(input: unknown): SearchFilter {
  const counter = { conditions: 0 };
  return parseNode(input, 'where', 1, counter);
}

/** Every attribute name a filter mentions. */
export function filterAttributes(filter: SearchFilter): string[] {
  if (filter.op === 'and' || filter.op === 'or') return [...new Set(filter.filters.flatMap(filterAttributes))];
  return [filter.attribute];
}

function fail(path: string, message: string): never {
  throw new InvalidArgumentError(`${path}: ${message}`, { path });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseNode(input: unknown, path: string, depth: number, counter: { conditions: number }): SearchFilter {
  if (depth > FILTER_LIMITS.depth) fail(path, `filters nest at most ${FILTER_LIMITS.depth} deep`);
  if (!isPlainObject(input)) fail(path, 'a filter is a JSON object, such as { "total": { "gt": 10 } }');
  const keys = Object.keys(input);
  if (keys.length === 0) fail(path, 'an empty filter: name an attribute, or use "and" / "or"');
  const parts: SearchFilter[] = [];
  for (const key of keys) {
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      const list = input[key];
      if (!Array.isArray(list) || list.length === 0) fail(at, `"${key}" takes a non-empty list of filters`);
      const filters = list.map((item, n) => parseNode(item, `${at}[${n}]`, depth + 1, counter));
      parts.push(filters.length === 1 ? filters[0] : key === 'and' ? { op: 'and', filters } : { op: 'or', filters });
    } else {
      parts.push(...parseAttribute(key, input[key], at, counter));
    }
  }
  return parts.length === 1 ? parts[0] : { op: 'and', filters: parts };
}

function parseAttribute(attribute: string, spec: unknown, path: string, counter: { conditions: number }): SearchCondition[] {
  if (!isAttributeName(attribute)) {
    fail(
      path,
      `'${attribute}' is not an attribute name (letters, digits and _, dotted paths like customer.tier, at most ${MAX_ATTRIBUTE_NAME_LENGTH} characters)`,
    );
  }
  const operators = isPlainObject(spec) ? spec : { eq: spec };
  const entries = Object.entries(operators);
  if (entries.length === 0) fail(path, `no operator: use one of ${OPERATORS.join(', ')}`);
  return entries.map(([op, operand]) => {
    const at = `${path}.${op}`;
    if (++counter.conditions > FILTER_LIMITS.conditions) fail(at, `a filter has at most ${FILTER_LIMITS.conditions} conditions`);
    if (!(OPERATORS as readonly string[]).includes(op)) fail(at, `unknown operator '${op}': use one of ${OPERATORS.join(', ')}`);
    if (op === 'in') {
      if (!Array.isArray(operand) || operand.length === 0) fail(at, '"in" takes a non-empty list of values');
      if (operand.length > FILTER_LIMITS.inValues) fail(at, `"in" takes at most ${FILTER_LIMITS.inValues} values`);
      return { op, attribute, values: operand.map((value, n) => scalar(value, `${at}[${n}]`)) };
    }
    const value = scalar(operand, at);
    if (op === 'prefix' && typeof value !== 'string') fail(at, '"prefix" takes a string');
    if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof value === 'boolean') fail(at, `"${op}" takes a number or a string, not a boolean`);
    return { op: op as ComparisonOperator, attribute, value };
  });
}

function scalar(value: unknown, path: string): SearchValue {
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT_LENGTH) fail(path, `strings in filters are at most ${MAX_TEXT_LENGTH} characters`);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(path, 'numbers must be finite');
    return value;
  }
  if (typeof value === 'boolean') return value;
  return fail(
    path,
    `a value is a string, a number or a boolean, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value}`,
  );
}
