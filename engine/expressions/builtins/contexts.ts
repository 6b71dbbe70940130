/**
 * Context functions with Camunda's overloads: `get value` and `context put`
 * take a list of keys (a path into nested contexts) as well as one key.
 * New contexts are built with defined keys (./define.ts), so a hostile key
 * such as `__proto__` is an ordinary entry.
 */
import { builtin, hasEntry, isContext, isList, isString, newContext, entriesOf, type Builtins } from './define.js';

/** One key or a non-empty list of keys, as a path; null when neither. */
function pathOf(keys: unknown): string[] | null {
  if (isString(keys)) return [keys];
  if (!isList(keys) || keys.length === 0 || !keys.every(isString)) return null;
  return keys as string[];
}

function getValue(context: unknown, keys: unknown): unknown {
  const path = pathOf(keys);
  if (!isContext(context) || !path) return null;
  let current: unknown = context;
  for (const key of path) {
    if (!isContext(current) || !hasEntry(current, key)) return null;
    current = current[key];
  }
  return current ?? null;
}

function put(context: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  const existing = hasEntry(context, key) ? context[key] : undefined;
  const entry = rest.length === 0 ? value : put(isContext(existing) ? existing : {}, rest, value);
  const entries = entriesOf(context).filter(([name]) => name !== key);
  // An existing key keeps its place; a new one goes last.
  const at = entriesOf(context).findIndex(([name]) => name === key);
  entries.splice(at < 0 ? entries.length : at, 0, [key, entry]);
  return newContext(entries);
}

function contextPut(context: unknown, keys: unknown, value: unknown): Record<string, unknown> | null {
  const path = pathOf(keys);
  if (!isContext(context) || !path) return null;
  return put(context, path, value ?? null);
}

export const contextBuiltins: Builtins = {
  'get value': builtin(['context', 'key'], getValue),
  'context put': builtin(['context', 'key', 'value'], contextPut),
};
