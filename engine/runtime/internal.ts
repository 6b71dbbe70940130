/**
 * Internal job types: work the engine does for itself outside a step, kept
 * in the store like any job so that it survives a crash and runs once.
 */
import type { Machine } from './machine.js';
import type { JobRecord } from './records.js';
import type { TokenState } from './state.js';
import type { Trigger } from './triggers.js';
import type { TimerSpec } from '../expressions/timers.js';

export const INTERNAL_JOB = {
  /** A timer came due: payload `{ subscriptionId }` for an instance, `{ startEventId }` for a timer start event. */
  timer: 'baton:timer',
  /** Start a called process: payload `CallPayload`. */
  call: 'baton:call',
  /** Deliver a trigger to another instance (parent or child): payload `{ trigger }`, target in `instanceId`. */
  trigger: 'baton:trigger',
  /** Broadcast a signal thrown by an event: payload `{ name, variables }`. */
  signal: 'baton:signal',
  /** Delete a batch of ended instances past their retention (engine/instances/retention.ts): one engine-wide job, no instance. */
  retention: 'baton:retention',
} as const;

export const isInternalJob = (type: string): boolean => type.startsWith('baton:');

export type InternalJobType = (typeof INTERNAL_JOB)[keyof typeof INTERNAL_JOB];

export type CallPayload = {
  childInstanceId: string;
  processId: string;
  binding: 'latest' | 'deployment';
  variables: Record<string, unknown>;
  businessKey?: string;
};

/** A timer start event's job (engine/definitions/start-triggers.ts): its schedule, and how often it fired. */
export type StartTimerPayload = {
  startEventId: string;
  spec: TimerSpec;
  fired: number;
};

/** What each internal job type carries in `JobRecord.payload`; the handler table (engine/jobs/internal-jobs.ts) is typed by it. */
export type InternalPayloads = {
  /** An instance's timer (`subscriptionId`), or a timer start event (no instance). */
  'baton:timer': { subscriptionId: string } | StartTimerPayload;
  'baton:call': CallPayload;
  'baton:trigger': { trigger: Trigger };
  'baton:signal': { name: string; variables: Record<string, unknown> };
  'baton:retention': Record<string, never>;
};

/** The payload of an internal job, by its type: the one place where the stored JSON is given its type. */
export function payloadOf<T extends InternalJobType>(job: JobRecord, type: T): InternalPayloads[T] {
  if (job.type !== type) throw new Error(`job ${job.key} is a '${job.type}' job, not '${type}'`);
  return (job.payload ?? {}) as InternalPayloads[T];
}

/** An internal job of this instance, due now unless `dueAt` says otherwise. */
export function internalJob<T extends InternalJobType>(
  machine: Machine,
  type: T,
  payload: InternalPayloads[T],
  fields: { instanceId?: string; token?: TokenState; elementId?: string; dueAt?: number } = {},
): JobRecord {
  const job: JobRecord = {
    key: machine.globalId(),
    instanceId: fields.instanceId ?? machine.state.id,
    definitionKey: machine.state.definitionKey,
    processId: machine.state.processId,
    elementId: fields.elementId ?? fields.token?.elementId ?? '',
    tokenId: fields.token?.id ?? '',
    type,
    retries: 3,
    headers: {},
    variables: {},
    dueAt: fields.dueAt ?? machine.now,
    createdAt: machine.now,
    payload,
  };
  machine.effects.createJobs.push(job);
  return job;
}

/** Sends a trigger to another instance, durably: the engine applies it after this step commits. */
export function sendTrigger(machine: Machine, instanceId: string, trigger: Trigger): void {
  internalJob(machine, INTERNAL_JOB.trigger, { trigger }, { instanceId });
}
