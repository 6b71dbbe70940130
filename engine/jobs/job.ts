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
  /** The configuration values of the environment the job's process version belongs to (engine/environments.ts). */
  env: Record<string, string>;
  /**
   * Stable across retries and redeliveries of this job: delivery is
   * at-least-once, so a handler with side effects should pass this to the
   * system it calls.
   */
  idempotencyKey: string;
}

/** Returns variables to merge into the instance (or nothing); throws to fail the attempt. */
export type JobHandler = (job: Job) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
