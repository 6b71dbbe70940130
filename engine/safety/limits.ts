/** Size limits on variables that come from outside (start, task completion, job results). */
import { InvalidArgumentError, LimitError } from '../errors.js';
import { parseWithoutProtoKeys, PROTO_KEY } from './safe-keys.js';
import type { InstanceState } from '../runtime/state.js';

export interface Limits {
  /** Bytes of one variable's JSON (default 256 KiB). */
  variableBytes: number;
  /** Bytes of all variables passed in one call (default 4 MiB): checked before anything is loaded, and bounds buffered messages. */
  totalBytes: number;
  /** Bytes of all variables of one instance, every scope together, after a step that brought variables (default 4 MiB). */
  instanceBytes: number;
}

/** Lists and contexts inside one another in one variable: JSON.stringify and FEEL recurse along them, so the nesting is bounded. */
export const MAX_VARIABLE_DEPTH = 100;

export const DEFAULT_LIMITS: Limits = { variableBytes: 256 * 1024, totalBytes: 4 * 1024 * 1024, instanceBytes: 4 * 1024 * 1024 };

/** Returns a JSON copy of the variables, refusing non-objects, values JSON cannot hold, and oversize values. */
export function checkVariables(variables: unknown, limits: Limits): Record<string, unknown> {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    throw new InvalidArgumentError('variables must be a JSON object of name -> value');
  }
  let total = 0;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (name === PROTO_KEY) throw new InvalidArgumentError(`'${PROTO_KEY}' is not allowed as a variable name`);
    if (nestedDeeperThan(value, MAX_VARIABLE_DEPTH)) {
      throw new LimitError(`variable '${name}' nests lists and contexts more than ${MAX_VARIABLE_DEPTH} levels deep`, {
        variable: name,
        limit: MAX_VARIABLE_DEPTH,
      });
    }
    const json = value === undefined ? 'null' : JSON.stringify(value);
    if (json === undefined) throw new InvalidArgumentError(`variable '${name}' cannot be stored as JSON`);
    const bytes = Buffer.byteLength(json);
    if (bytes > limits.variableBytes) {
      throw new LimitError(`variable '${name}' is ${bytes} bytes; the limit is ${limits.variableBytes}`, {
        variable: name,
        bytes,
        limit: limits.variableBytes,
      });
    }
    total += bytes;
    copy[name] = parseWithoutProtoKeys(json, `variable '${name}'`);
  }
  if (total > limits.totalBytes) {
    throw new LimitError(`the variables are ${total} bytes together; the limit is ${limits.totalBytes}`, { bytes: total, limit: limits.totalBytes });
  }
  return copy;
}

/**
 * Refuses a step whose trigger brought variables (`brought`) when the
 * instance's variables, all scopes together, would exceed `instanceBytes`:
 * a LimitError naming the largest variable the trigger brought. Measures
 * nothing when the trigger brought none.
 */
export function checkInstanceSize(state: InstanceState, brought: Record<string, unknown> | undefined, instanceBytes: number): void {
  if (!brought) return;
  const names = Object.keys(brought);
  if (names.length === 0) return;
  const bytes = instanceVariableBytes(state);
  if (bytes <= instanceBytes) return;
  let largest = names[0];
  let largestBytes = -1;
  for (const name of names) {
    const size = Buffer.byteLength(JSON.stringify(brought[name]) ?? 'null');
    if (size > largestBytes) [largest, largestBytes] = [name, size];
  }
  throw new LimitError(
    `instance ${state.id} would hold ${bytes} bytes of variables; the limit is ${instanceBytes} (the largest variable brought is '${largest}', ${largestBytes} bytes)`,
    { variable: largest, bytes, limit: instanceBytes, instanceId: state.id },
  );
}

/** Bytes of all variables of an instance, every scope together, as JSON. */
export function instanceVariableBytes(state: InstanceState): number {
  let bytes = 0;
  for (const scope of Object.values(state.scopes)) bytes += Buffer.byteLength(JSON.stringify(scope.variables));
  // Triggers held for a data load carry variables the instance stores too (../runtime/data-loader.ts).
  for (const held of state.dataLoad?.held ?? []) if ('variables' in held) bytes += Buffer.byteLength(JSON.stringify(held.variables));
  return bytes;
}

/** Whether lists and contexts in `value` nest more than `limit` levels deep; iterative, so any depth can be measured. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length) {
    const [next, depth] = pending.pop()!;
    if (next === null || typeof next !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(next)) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}
