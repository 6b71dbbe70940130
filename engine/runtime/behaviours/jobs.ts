/**
 * Service and send tasks hand their work to a job: the step records the job
 * and the token waits; a worker (a registered handler or an external one)
 * completes it later as a new trigger.
 */
import { describeValue } from '../../expressions/feel.js';
import type { Machine } from '../machine.js';
import type { TokenState } from '../state.js';
import type { JobDefinition, JobTaskModel } from '../../model/types.js';
import type { JobRecord } from '../records.js';
import type { Behaviour } from './behaviour.js';
import { visibleVariables } from '../variables.js';

export function createJob(machine: Machine, token: TokenState, definition: JobDefinition, retriesOverride?: number): void {
  const scope = machine.scopeOf(token);
  // Fields named, not `...definition`: spreading the model's object took a tenth of a step's time on diagram (c) (bench/RESULTS.md).
  const { type, retries, headers } = definition;
  const job = jobRecord(machine, token, { type, retries, headers, scope, elementId: token.elementId, retriesOverride });
  if (!job.ok) return machine.incident(token, 'execute', 'expression', job.message.replace(/^type/, 'task type'));
  machine.effects.createJobs.push(job.record);
  token.jobKey = job.record.key;
  machine.wait(token);
}

export interface JobSpec extends JobDefinition {
  /** The scope the type and retries are evaluated in, and whose visible variables the job carries. */
  scope: string;
  elementId: string;
  retriesOverride?: number;
}

/**
 * The job a token waits for: its type and retries evaluated (a failure
 * names `type` or `retries` in its message), the rest from `spec`. Shared by
 * element jobs and listener jobs (../listeners.ts).
 */
export function jobRecord(machine: Machine, token: TokenState, spec: JobSpec): { ok: true; record: JobRecord } | { ok: false; message: string } {
  const type = machine.evaluateValue(spec.type, spec.scope);
  if (!type.ok) return { ok: false, message: `type: ${type.message}` };
  if (typeof type.value !== 'string' || !type.value) return { ok: false, message: `type evaluated to ${describeValue(type.value)}, not a non-empty string` };
  const retries = machine.evaluateValue(spec.retries, spec.scope);
  if (!retries.ok) return { ok: false, message: `retries: ${retries.message}` };
  const retryCount = spec.retriesOverride ?? Number(retries.value);
  if (!Number.isInteger(retryCount) || retryCount < 0)
    return { ok: false, message: `retries evaluated to ${describeValue(retries.value)}, not a whole number` };
  const record: JobRecord = {
    key: machine.globalId(),
    instanceId: machine.state.id,
    definitionKey: machine.state.definitionKey,
    processId: machine.state.processId,
    elementId: spec.elementId,
    tokenId: token.id,
    type: type.value,
    retries: retryCount,
    headers: spec.headers,
    variables: visibleVariables(machine.state, spec.scope),
    dueAt: machine.now,
    createdAt: machine.now,
  };
  return { ok: true, record };
}

export const jobTask: Behaviour<JobTaskModel> = {
  execute: (machine, token, element) => createJob(machine, token, element.job),
};

/** The element's job made again once its incident is resolved (with the retries the resolution gave). */
export function recreateJob(machine: Machine, token: TokenState, retries?: number): void {
  const { job } = machine.element(token.elementId);
  if (!job) throw new Error(`engine defect: '${token.elementId}' has no job to create again`);
  createJob(machine, token, job, retries);
}
