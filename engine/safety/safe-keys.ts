/**
 * Keys from outside (variables from clients, workers and messages; names in
 * a diagram; keys of FEEL contexts) must never reach an object's prototype:
 * `obj['__proto__'] = x` replaces the prototype of `obj`, and a path walked
 * through `constructor` and `prototype` reaches `Object.prototype`, which
 * every object in the process shares.
 *
 * The rule, in one place: a diagram may not name `__proto__`, `prototype`
 * or `constructor` as an id, a variable, a path segment or a header (refused
 * at deploy); data may not hold a `__proto__` key at any depth (refused at
 * the edge, dropped from FEEL results). Other keys are plain data.
 */
import { InvalidArgumentError } from '../errors.js';

const UNSAFE_NAMES = new Set(['__proto__', 'prototype', 'constructor']);

/** The key that replaces an object's prototype when it is assigned. */
export const PROTO_KEY = '__proto__';

/** Whether a name from a diagram may not be used as a property name. */
export function isUnsafeName(name: string): boolean {
  return UNSAFE_NAMES.has(name);
}

/** The first segment of a dotted path (`order.total`) that may not be used, if any. */
export function unsafeSegment(path: string): string | undefined {
  return path.split('.').find(isUnsafeName);
}

/** JSON text parsed, refusing a `__proto__` key at any depth with an InvalidArgumentError naming `what`. */
export function parseWithoutProtoKeys(json: string, what: string): unknown {
  return JSON.parse(json, (key, value) => {
    if (key === PROTO_KEY) throw new InvalidArgumentError(`${what} holds a key '${PROTO_KEY}', which is not allowed`);
    return value;
  });
}
