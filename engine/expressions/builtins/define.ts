/**
 * Shared helpers for the built-in functions Baton adds to feelin. A
 * built-in is a feelin `FeelFunction` whose parameter names are the ones
 * Camunda documents, so that named arguments (`get or else(value: x,
 * default: 1)`) work. Arguments of the wrong type give `null`, as in
 * Camunda 8.3+: FEEL returns null where something goes wrong.
 */
import { FeelFunction } from 'feelin';

export type Builtins = Record<string, FeelFunction>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function builtin(params: string[], fn: (...args: any[]) => unknown): FeelFunction {
  return new FeelFunction(fn, params);
}

export const isString = (value: unknown): value is string => typeof value === 'string';

export const isList = (value: unknown): value is unknown[] => Array.isArray(value);

export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A FEEL context: a plain object (feelin's own contexts and parsed JSON), never a date, list or function. */
export function isContext(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A new FEEL context with the given entries. Keys are defined, never
 * assigned, so a key such as `__proto__` stays an ordinary entry instead of
 * replacing the object's prototype; the prototype stays Object.prototype
 * because feelin recognises contexts by it.
 */
export function newContext(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(context, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return context;
}

/** The own entries of a context, in order. */
export const entriesOf = (context: Record<string, unknown>): [string, unknown][] => Object.entries(context);

export const hasEntry = (context: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(context, key);
