/**
 * `awaitCompletion` when starting an instance: the answer waits until the
 * instance has ended and carries its final state and variables; after
 * `requestTimeoutMs` it is a 408 TIMEOUT naming the instance, which goes on
 * running.
 */
import { ConflictError, TimeoutError, type Engine, type InstanceView } from '../../engine/index.js';
import { HttpError } from '../errors.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const MAX_REQUEST_TIMEOUT_MS = 60_000;

/** Reads `awaitCompletion` and `requestTimeoutMs` from a start request body; undefined when the caller does not wait. */
export function awaitOptions(body: Record<string, unknown>): { timeoutMs: number } | undefined {
  const { awaitCompletion, requestTimeoutMs } = body;
  if (awaitCompletion !== undefined && typeof awaitCompletion !== 'boolean') {
    throw new HttpError(400, 'INVALID_ARGUMENT', 'awaitCompletion must be true or false');
  }
  if (requestTimeoutMs !== undefined) {
    if (awaitCompletion !== true) throw new HttpError(400, 'INVALID_ARGUMENT', 'requestTimeoutMs applies only with awaitCompletion: true');
    if (!Number.isInteger(requestTimeoutMs) || (requestTimeoutMs as number) < 1 || (requestTimeoutMs as number) > MAX_REQUEST_TIMEOUT_MS) {
      throw new HttpError(400, 'INVALID_ARGUMENT', `requestTimeoutMs must be a whole number of milliseconds from 1 to ${MAX_REQUEST_TIMEOUT_MS}`);
    }
  }
  return awaitCompletion ? { timeoutMs: (requestTimeoutMs as number | undefined) ?? DEFAULT_REQUEST_TIMEOUT_MS } : undefined;
}

/** Resolves with the instance once it has ended in any way (completed, terminated, cancelled); TimeoutError with its id after `timeoutMs`. */
export async function untilEnded(engine: Engine, instance: InstanceView, timeoutMs: number): Promise<InstanceView> {
  if (instance.status !== 'active') return instance;
  try {
    return await engine.waitFor(instance.id, 'completed', { timeoutMs });
  } catch (error) {
    // waitFor refuses an instance that ended with another status: here that is an end like any other.
    if (error instanceof ConflictError) return engine.getInstance(instance.id);
    if (error instanceof TimeoutError) {
      throw new TimeoutError(`instance ${instance.id} has not ended within ${timeoutMs} ms; it goes on running`, { instanceId: instance.id, timeoutMs });
    }
    throw error;
  }
}
