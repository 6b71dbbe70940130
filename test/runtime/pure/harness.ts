/**
 * Drives one instance through the pure `step()` function: no engine, no
 * store, no timers. The harness keeps the jobs the steps asked for (so a
 * spec can say "complete the job of `charge`"), applies each trigger at a
 * fixed `now` and hands back the step's result, effects included, for the
 * spec to assert exactly.
 */
import { compileBpmn } from '../../../engine/model/compile.js';
import type { ProcessModel } from '../../../engine/model/types.js';
import type { JobRecord } from '../../../engine/runtime/records.js';
import type { InstanceState, SubscriptionState } from '../../../engine/runtime/state.js';
import { newInstance, step, type StepResult, type Trigger } from '../../../engine/runtime/step.js';
import { fixture } from '../../helpers.js';

export type Variables = Record<string, unknown>;

/** A fixed moment, so that due dates in the effects are exact. */
export const T0 = Date.parse('2025-01-01T00:00:00Z');

/** Compiles the process `processId` of a `.bpmn` fixture beside the spec (the deploy path's compiler). */
export async function compileFixture(specUrl: string, file: string, processId: string): Promise<ProcessModel> {
  const { processes } = await compileBpmn(fixture(specUrl, file));
  const model = processes.find((p) => p.id === processId);
  if (!model) throw new Error(`${file} has no executable process '${processId}'`);
  return model;
}

export class PureRun {
  readonly state: InstanceState;
  /** Jobs created by the steps so far and not deleted since, by key. */
  readonly openJobs = new Map<string, JobRecord>();
  /** Every step so far as JSON (trigger, result, state after it): two runs of the same script give the same transcript. */
  readonly transcript: string[] = [];
  now = T0;

  constructor(
    readonly model: ProcessModel,
    id = 'i1',
  ) {
    this.state = newInstance({ id, definitionKey: `${model.id}:1`, processId: model.id, version: 1, now: this.now });
  }

  start(variables: Variables = {}): StepResult {
    return this.apply({ type: 'start', variables });
  }

  /** Completes the single open job of a task at `elementId` (`loopCounter` picks one inner instance of a multi-instance body). */
  completeJob(elementId: string, variables: Variables = {}, loopCounter?: number): StepResult {
    return this.apply({ type: 'jobCompleted', jobKey: this.jobAt(elementId, loopCounter).key, variables });
  }

  /** The worker of the job at `elementId` throws a BPMN error. */
  throwError(elementId: string, errorCode: string, variables: Variables = {}): StepResult {
    return this.apply({ type: 'jobError', jobKey: this.jobAt(elementId).key, errorCode, message: `thrown ${errorCode}`, variables });
  }

  /** The timer of the catching element `elementId` (a boundary event, a catch event after a gateway) comes due. */
  fireTimer(elementId: string): StepResult {
    const timer = this.subscriptionAt(elementId).timer;
    if (!timer) throw new Error(`the subscription at '${elementId}' is no timer`);
    this.now = Math.max(this.now, timer.dueAt);
    return this.apply({ type: 'timerFired', jobKey: timer.jobKey });
  }

  /** A message or signal reaches the subscription of the catching element `elementId`. */
  deliver(elementId: string, variables: Variables = {}): StepResult {
    return this.apply({ type: 'eventOccurred', subscriptionId: this.subscriptionAt(elementId).id, variables });
  }

  /** Applies any trigger and keeps track of the jobs the effects create and delete. */
  apply(trigger: Trigger): StepResult {
    const result = step(this.state, this.model, trigger, this.now);
    for (const job of result.effects.createJobs) this.openJobs.set(job.key, job);
    for (const key of result.effects.deleteJobs) this.openJobs.delete(key);
    this.transcript.push(JSON.stringify({ trigger, now: this.now, ...result }));
    return result;
  }

  /** The open job of a task at `elementId` (timer jobs are the subscriptions' business: see `fireTimer`). */
  jobAt(elementId: string, loopCounter?: number): JobRecord {
    const jobs = [...this.openJobs.values()].filter(
      (job) =>
        job.elementId === elementId &&
        !job.type.startsWith('baton:') &&
        (loopCounter === undefined || this.state.tokens[job.tokenId]?.loopCounter === loopCounter),
    );
    if (jobs.length !== 1) throw new Error(`expected one open job at '${elementId}'${loopCounter ? ` #${loopCounter}` : ''}, found ${jobs.length}`);
    return jobs[0];
  }

  subscriptionAt(elementId: string): SubscriptionState {
    const subs = Object.values(this.state.subscriptions).filter((s) => s.elementId === elementId);
    if (subs.length !== 1) throw new Error(`expected one subscription at '${elementId}', found ${subs.length}`);
    return subs[0];
  }

  /** Element ids of the tokens, with their status, sorted: where the instance stands. */
  tokens(): string[] {
    return Object.values(this.state.tokens)
      .map((t) => `${t.elementId}:${t.status}`)
      .sort();
  }

  /** The root scope's variables. */
  variables(): Variables {
    return this.state.scopes.root.variables;
  }
}

/** Element ids of one kind of history event in a step's effects, in order. */
export function eventsOf(result: StepResult, type: string): string[] {
  return result.effects.events.filter((e) => e.type === type).map((e) => e.elementId ?? '');
}

/** True when the step changed nothing and asked for nothing. */
export function isNoOp(result: StepResult): boolean {
  const { createJobs, deleteJobs, createUserTasks, deleteUserTasks, createSubscriptions, deleteSubscriptions, events } = result.effects;
  return (
    !result.changed &&
    [createJobs, deleteJobs, createUserTasks, deleteUserTasks, createSubscriptions, deleteSubscriptions, events].every((list) => list.length === 0)
  );
}
