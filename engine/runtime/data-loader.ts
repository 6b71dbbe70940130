/**
 * A process's data loader (../model/data-loader.ts): before the instance
 * starts, and before it resumes from a wait state (a job completed, a user
 * task completed, a message or signal arrived, a timer fired), the engine
 * runs the loader's job and merges its result into the root variables; only
 * then is the trigger applied. The held triggers live in the instance state,
 * committed with the loader job, so a crash in between loses none, and the
 * step that consumes the loader's completion applies each exactly once.
 * Triggers that arrive while a load runs are held too, in order; one load
 * serves them all.
 */
import { ROOT_SCOPE, type InstanceState } from './state.js';
import type { JobRecord } from './records.js';
import type { Machine } from './machine.js';
import type { Trigger } from './triggers.js';
import { visibleVariables } from './variables.js';

/** A load under way: its job (none while its incident is open) and the triggers waiting for it. */
export interface DataLoadState {
  jobKey?: string;
  held: Trigger[];
}

type Apply = (trigger: Trigger) => boolean;

/**
 * Takes over a trigger when the process has a data loader: the loader's own
 * job reporting back, or a trigger that resumes the instance (held for a
 * load). Returns undefined for a trigger it leaves to the caller.
 */
export function interceptForDataLoad(machine: Machine, trigger: Trigger, apply: Apply): boolean | undefined {
  const { state, model } = machine;
  const loader = model.dataLoader;
  const load = state.dataLoad;
  if ('jobKey' in trigger && load?.jobKey !== undefined && trigger.jobKey === load.jobKey) return loaderReported(machine, trigger, apply);
  if (!loader || !resumes(state, trigger)) return undefined;
  if (trigger.type === 'start') {
    // The loader sees the start variables: it may need them to know what to load.
    Object.assign(state.scopes[ROOT_SCOPE].variables, trigger.variables);
    trigger = { ...trigger, variables: {} };
  }
  if (trigger.type === 'jobCompleted') machine.effects.deleteJobs.push(trigger.jobKey);
  if (load) {
    load.held.push(trigger);
  } else {
    state.dataLoad = { held: [trigger] };
    startLoad(machine);
  }
  return true;
}

/** A new loader job with the root variables as they are now. */
export function startLoad(machine: Machine, retries?: number): void {
  const { state, model } = machine;
  const loader = model.dataLoader!;
  const job: JobRecord = {
    key: machine.globalId(),
    instanceId: state.id,
    definitionKey: state.definitionKey,
    processId: state.processId,
    elementId: state.processId,
    tokenId: '',
    type: loader.type,
    retries: retries ?? loader.retries,
    headers: {},
    variables: visibleVariables(state, ROOT_SCOPE),
    dueAt: machine.now,
    createdAt: machine.now,
  };
  machine.effects.createJobs.push(job);
  state.dataLoad!.jobKey = job.key;
}

/** The instance ends: its load, and the triggers held for it, are dropped. */
export function dropLoad(machine: Machine): void {
  const jobKey = machine.state.dataLoad?.jobKey;
  if (jobKey) machine.effects.deleteJobs.push(jobKey);
  delete machine.state.dataLoad;
}

function loaderReported(machine: Machine, trigger: Trigger & { jobKey: string }, apply: Apply): boolean {
  const { state } = machine;
  const load = state.dataLoad!;
  machine.effects.deleteJobs.push(trigger.jobKey);
  if (trigger.type === 'jobCompleted') {
    delete state.dataLoad;
    Object.assign(state.scopes[ROOT_SCOPE].variables, trigger.variables);
    machine.record('instance.dataLoaded', { message: `data loader '${machine.model.dataLoader?.type}' for ${load.held.length} held trigger(s)` });
    for (const held of load.held) {
      if (state.status !== 'active') break;
      apply(held);
      machine.run();
    }
    return true;
  }
  const message =
    trigger.type === 'jobError'
      ? `data loader '${machine.model.dataLoader?.type}' threw BPMN error '${trigger.errorCode}'; a data loader cannot throw one (fail it instead)`
      : trigger.type === 'jobFailed'
        ? `data loader '${machine.model.dataLoader?.type}': ${trigger.message}`
        : undefined;
  if (message === undefined) return false;
  load.jobKey = undefined;
  machine.loadIncident(trigger.jobKey, message);
  return true;
}

/** Whether the trigger would resume the instance now (a stale or duplicate one is not held). */
function resumes(state: InstanceState, trigger: Trigger): boolean {
  const tokens = Object.values(state.tokens);
  switch (trigger.type) {
    case 'start':
      return state.rev === 0;
    case 'jobCompleted':
      return tokens.some((t) => t.jobKey === trigger.jobKey && t.status === 'waiting');
    case 'userTaskCompleted':
      return tokens.some((t) => t.userTaskId === trigger.taskId && t.status === 'waiting' && !t.listener);
    case 'eventOccurred':
      return !!state.subscriptions[trigger.subscriptionId];
    case 'timerFired':
      return Object.values(state.subscriptions).some((s) => s.timer?.jobKey === trigger.jobKey);
    default:
      return false;
  }
}
