/**
 * The engine's own jobs: timers coming due, children to start, triggers
 * between parent and child instances, and signals thrown by events. Each
 * is consumed by the commit it causes, so a crash before that commit leaves
 * the job to run again.
 */
import type { Clock } from '../clock.js';
import type { Correlation } from '../messaging/correlation.js';
import { postponeSuspendedTimer, startableState } from '../definitions/definitions.js';
import type { Deployments, ResolvedDefinition } from '../definitions/deployments.js';
import { ConflictError, InvalidArgumentError, LimitError, NotFoundError } from '../errors.js';
import { nextDue, isRepeating } from '../expressions/timers.js';
import type { JobWorker } from './worker.js';
import { INTERNAL_JOB, payloadOf, type CallPayload, type InternalJobType, type StartTimerPayload } from '../runtime/internal.js';
import type { JobRecord } from '../runtime/records.js';
import type { InstanceState } from '../runtime/state.js';
import type { Trigger } from '../runtime/triggers.js';
import { startTimerJob } from '../definitions/start-triggers.js';
import type { Steps } from '../instances/steps.js';
import type { Store } from '../store/store.js';

export interface InternalJobsContext {
  store: Store;
  steps: Steps;
  deployments: Deployments;
  correlation: Correlation;
  clock: Clock;
  worker: JobWorker;
  workerId: string;
  /** Deepest chain of call activities allowed. */
  maxCallDepth: number;
}

/** One handler per internal job type (retention registers its own, engine/instances/retention.ts): a missing one is a compile error. */
const HANDLERS: { [T in Exclude<InternalJobType, typeof INTERNAL_JOB.retention>]: (context: InternalJobsContext, job: JobRecord) => Promise<void> } = {
  [INTERNAL_JOB.timer]: (context, job) => (job.instanceId ? fireTimer(context, job) : startByTimer(context, job)),
  [INTERNAL_JOB.trigger]: (context, job) => deliverTrigger(context, job, payloadOf(job, INTERNAL_JOB.trigger).trigger),
  [INTERNAL_JOB.call]: (context, job) => startChild(context, job),
  [INTERNAL_JOB.signal]: async (context, job) => {
    const { name, variables } = payloadOf(job, INTERNAL_JOB.signal);
    await context.correlation.broadcast({ name }, variables);
    await context.store.deleteJob(job.key, context.workerId);
  },
};

export function registerInternalJobs(context: InternalJobsContext): void {
  for (const [type, handler] of Object.entries(HANDLERS)) context.worker.registerInternal(type, (job) => handler(context, job));
}

function fireTimer(context: InternalJobsContext, job: JobRecord): Promise<void> {
  return deliverTrigger(context, job, { type: 'timerFired', jobKey: job.key });
}

/** Applies a trigger to the job's instance; an instance that is gone consumes the job all the same. */
async function deliverTrigger(context: InternalJobsContext, job: JobRecord, trigger: Trigger): Promise<void> {
  try {
    await context.steps.apply(job.instanceId, trigger, job.key);
  } catch (error) {
    // A child's variables that would make the parent too large: the call activity fails (an incident) instead.
    if (error instanceof LimitError && 'childInstanceId' in trigger && trigger.type !== 'childFailed') {
      await context.steps.apply(job.instanceId, { type: 'childFailed', childInstanceId: trigger.childInstanceId, message: error.message }, job.key);
      return;
    }
    if (!(error instanceof NotFoundError) && !(error instanceof ConflictError)) throw error;
    await context.store.deleteJob(job.key, context.workerId);
  }
}

/** A timer start event: a new instance, and the next timer of a cycle, in one commit with the fired job's removal. */
async function startByTimer(context: InternalJobsContext, job: JobRecord): Promise<void> {
  const payload = payloadOf(job, INTERNAL_JOB.timer) as StartTimerPayload;
  const latest = await context.store.latestDefinitionKey(job.processId);
  if (latest !== job.definitionKey) {
    await context.store.deleteJob(job.key, context.workerId);
    return;
  }
  const now = context.clock.now();
  if ((await startableState(context.store, job.definitionKey)) === 'suspended') {
    await postponeSuspendedTimer(context.store, job, context.workerId, now);
    return;
  }
  const fired = payload.fired + 1;
  const next = isRepeating(payload.spec) ? nextDue(payload.spec, job.dueAt, fired, now) : undefined;
  const createJobs = next === undefined ? [] : [startTimerJob(job.definitionKey, job.processId, { ...payload, fired }, next, now)];
  try {
    await context.steps.start({
      // One id per firing: if this job runs twice, the second start is refused as a duplicate.
      id: job.key,
      definition: await context.deployments.resolve(job.processId),
      variables: {},
      startEventId: payload.startEventId,
      extraEffects: { deleteJobs: [job.key], createJobs },
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    await context.store.deleteJob(job.key, context.workerId);
  }
}

/** A call activity's child: started once (its id is fixed by the parent), or the parent is told why not. */
async function startChild(context: InternalJobsContext, job: JobRecord): Promise<void> {
  const payload = payloadOf(job, INTERNAL_JOB.call);
  const parent = await context.store.getInstance(job.instanceId);
  // The call activity was withdrawn (a boundary event, a cancel) before its child started: there is nothing to start.
  if (!parent || !waitsForChild(parent, payload.childInstanceId)) {
    await context.store.deleteJob(job.key, context.workerId);
    return;
  }
  const depth = (parent.parent?.depth ?? 0) + 1;
  const refuse = (message: string) => context.steps.apply(job.instanceId, { type: 'childFailed', childInstanceId: payload.childInstanceId, message }, job.key);
  if (depth > context.maxCallDepth) {
    return void (await refuse(`cannot call '${payload.processId}': call activities are nested more than ${context.maxCallDepth} deep (a recursive call?)`));
  }
  let definition: ResolvedDefinition;
  try {
    definition = await resolveCalled(context, payload, parent.definitionKey);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return void (await refuse(`cannot call '${payload.processId}': ${error.message}`));
  }
  if ((await startableState(context.store, definition.key)) === 'suspended') {
    return void (await refuse(`cannot call '${payload.processId}': version ${definition.version} is suspended`));
  }
  try {
    await context.steps.start({
      id: payload.childInstanceId,
      definition,
      variables: payload.variables,
      businessKey: payload.businessKey,
      parent: { instanceId: job.instanceId, tokenId: job.tokenId, elementId: job.elementId, depth },
      extraEffects: { deleteJobs: [job.key] },
    });
  } catch (error) {
    if (error instanceof InvalidArgumentError || error instanceof LimitError)
      return void (await refuse(`cannot start '${payload.processId}': ${error.message}`));
    // Started already (this job ran before and its removal was lost).
    if (!(error instanceof ConflictError)) throw error;
    await context.store.deleteJob(job.key, context.workerId);
  }
  await cancelIfAbandoned(context, job.instanceId, payload.childInstanceId);
}

const waitsForChild = (parent: InstanceState, childInstanceId: string): boolean =>
  parent.status === 'active' && Object.values(parent.tokens).some((t) => t.childInstanceId === childInstanceId);

/**
 * The parent may have withdrawn the call activity while the child was being
 * started, and then its cancel found no child to cancel. Looking again after
 * the child's first commit closes that gap: a later withdrawal sends its
 * cancel to a child that exists.
 */
async function cancelIfAbandoned(context: InternalJobsContext, parentId: string, childInstanceId: string): Promise<void> {
  const parent = await context.store.getInstance(parentId);
  if (parent && waitsForChild(parent, childInstanceId)) return;
  try {
    await context.steps.apply(childInstanceId, { type: 'cancel' });
  } catch (error) {
    // Ended already.
    if (!(error instanceof ConflictError)) throw error;
  }
}

/**
 * `deployment` binding: the version of the called process deployed from the
 * same file as the caller; as in Zeebe, an incident when that file had none.
 */
async function resolveCalled(context: InternalJobsContext, payload: CallPayload, callerKey: string): Promise<ResolvedDefinition> {
  if (payload.binding !== 'deployment') return context.deployments.resolve(payload.processId);
  const caller = await context.store.getDefinition(callerKey);
  const sameFile = caller && (await context.store.findDefinitionByHash(payload.processId, caller.hash));
  if (!sameFile) {
    throw new NotFoundError(
      `binding type 'deployment': the file '${caller?.resourceName ?? callerKey}' that deployed the calling process has no process '${payload.processId}'`,
    );
  }
  return context.deployments.resolve(payload.processId, sameFile.version);
}
