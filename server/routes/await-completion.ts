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

export interface AwaitFields {
  awaitCompletion?: boolean;
  requestTimeoutMs?: number;
}

/** How long to wait (the schema has checked the types and range); undefined when the caller does not wait. */
export function awaitOptions({ awaitCompletion, requestTimeoutMs }: AwaitFields): { timeoutMs: number } | undefined {
  if (requestTimeoutMs !== undefined && awaitCompletion !== true) {
    throw new HttpError(400, 'INVALID_ARGUMENT', 'requestTimeoutMs applies only with awaitCompletion: true', { pointer: '/requestTimeoutMs' });
  }
  return awaitCompletion ? { timeoutMs: requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS } : undefined;
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
