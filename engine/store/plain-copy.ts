/**
 * A deep copy with the result of `JSON.parse(JSON.stringify(value))`, made
 * without the text in between: the memory store copies every record in and
 * out (so that no caller shares an object with the store), and the JSON
 * round trip was a quarter of its step time (bench/RESULTS.md). Plain
 * objects, arrays and primitives are copied directly, with JSON's rules
 * (undefined and function members dropped, in arrays null; NaN, ±Infinity
 * and -0 as JSON writes them; a `__proto__` key kept as an own property, as
 * JSON.parse makes it); anything else (a Date, an object with toJSON, a
 * class instance, a bigint) goes through JSON itself.
 */
export function plainCopy<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return copyArray(value);
      if (isPlain(value)) return copyObject(value as Record<string, unknown>);
      return viaJson(value);
    default:
      // undefined and functions at the top, bigint, symbol: whatever JSON does with them (undefined, or a TypeError).
      return viaJson(value);
  }
}

function copyArray(array: unknown[]): unknown[] {
  const copy = new Array<unknown>(array.length);
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    copy[i] = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : copyValue(item);
  }
  return copy;
}

function copyObject(object: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    // An own `__proto__` property, not the prototype: assignment would set the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copyValue(item), enumerable: true, writable: true, configurable: true });
    else copy[key] = copyValue(item);
  }
  return copy;
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function viaJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}
