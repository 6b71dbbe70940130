/** What a job handler receives and may return. */

export interface JobContext {
  instanceId: string;
  processId: string;
  definitionKey: string;
  elementId: string;
}

export interface Job {
  key: string;
  type: string;
  /** The variables visible to the task when it was reached. */
  variables: Record<string, unknown>;
  /** `zeebe:taskHeaders`, static per task. */
  headers: Record<string, string>;
  context: JobContext;
  /** Attempts left, this one included. */
  retries: number;
  /** The configuration values of the environment the job's process version belongs to (engine/definitions/environments.ts). */
  env: Record<string, string>;
  /**
   * The instance's secrets (its own over those it inherits from the
   * instances that called it): kept apart from variables, never stored in
   * history, incidents or logs.
   */
  secrets: Record<string, string>;
  /**
   * Stable across retries and redeliveries of this job: delivery is
   * at-least-once, so a handler with side effects should pass this to the
   * system it calls.
   */
  idempotencyKey: string;
  /** What the job is for, as Zeebe names it: the element's own work, or one of its listeners (../runtime/listeners.ts). */
  kind: JobKind;
  /** Listener jobs: the event (START, END, CREATING, ASSIGNING, UPDATING, COMPLETING, CANCELING); else UNSPECIFIED. */
  listenerEventType: string;
}

export type JobKind = 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER';

/** A task listener's answer refusing the user task operation it listens to (assigning, updating, completing). */
export class Denial {
  constructor(readonly reason?: string) {}
}

/** Returned by a task listener's handler: `return deny('the amount is missing')`. */
export const deny = (reason?: string): Denial => new Denial(reason);

/**
 * Thrown by a handler to fail the attempt on terms of its own, as Zeebe's
 * fail-job command allows: the back-off before the next attempt instead of
 * the worker's, and the retries left instead of one fewer (0: an incident now).
 */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly options: { retryBackoffMs?: number; retries?: number } = {},
  ) {
    super(message);
  }
}

/** Returns variables to merge into the instance (or nothing, or a task listener's `deny()`); throws to fail the attempt. */
export type JobHandler = (job: Job) => Promise<JobOutcome> | JobOutcome;

type JobOutcome = Record<string, unknown> | Denial | void;
