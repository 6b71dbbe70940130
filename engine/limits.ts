/** Size limits on variables that come from outside (start, task completion, job results). */
import { InvalidArgumentError, LimitError } from './errors.js';

export interface Limits {
  /** Bytes of one variable's JSON (default 256 KiB). */
  variableBytes: number;
  /** Bytes of all variables passed in one call (default 4 MiB). */
  totalBytes: number;
}

export const DEFAULT_LIMITS: Limits = { variableBytes: 256 * 1024, totalBytes: 4 * 1024 * 1024 };

/** Returns a JSON copy of the variables, refusing non-objects, values JSON cannot hold, and oversize values. */
export function checkVariables(variables: unknown, limits: Limits): Record<string, unknown> {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    throw new InvalidArgumentError('variables must be a JSON object of name -> value');
  }
  let total = 0;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    const json = value === undefined ? 'null' : JSON.stringify(value);
    if (json === undefined) throw new InvalidArgumentError(`variable '${name}' cannot be stored as JSON`);
    const bytes = Buffer.byteLength(json);
    if (bytes > limits.variableBytes) {
      throw new LimitError(`variable '${name}' is ${bytes} bytes; the limit is ${limits.variableBytes}`, { variable: name, bytes, limit: limits.variableBytes });
    }
    total += bytes;
    copy[name] = JSON.parse(json);
  }
  if (total > limits.totalBytes) {
    throw new LimitError(`the variables are ${total} bytes together; the limit is ${limits.totalBytes}`, { bytes: total, limit: limits.totalBytes });
  }
  return copy;
}
