/**
 * One step: a typed trigger applied to an instance's state. The result is
 * the new state (rev + 1) and the effects to commit with it. A trigger that
 * no longer applies (a job already completed, a task already done) changes
 * nothing, which makes at-least-once delivery safe.
 */
import type { ProcessModel } from '../model/types.js';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../errors.js';
import { recreateJob } from './behaviours/jobs.js';
import { Machine, type StepOptions } from './machine.js';
export type { StepBudget, StepOptions } from './machine.js';
import type { Effects } from './records.js';
import type { Trigger } from './triggers.js';

export type { Trigger } from './triggers.js';
import { ROOT_SCOPE, type InstanceState, type TokenState } from './state.js';
import { propagateVariables } from './variables.js';
import { PROTO_KEY } from '../safety/safe-keys.js';
import { activateAdHocElements } from './behaviours/adhoc.js';
import { interceptForDataLoad, startLoad } from './data-loader.js';
import { childEnded } from './behaviours/callActivity.js';
import { errorUncaught, throwError, throwEscalation } from './errors.js';
import { fire, openScopeSubscriptions } from './subscriptions.js';
import { indexSearchAttributes } from '../search/attributes.js';
import { beginListeners, beginProcessStart, listenerJobCompleted, listenerJobFailed, retryListener } from './listeners.js';
import type { FeelGlobals } from '../expressions/feel.js';

export interface StepResult {
  state: InstanceState;
  effects: Effects;
  /** False when the trigger no longer applied; there is nothing to commit. */
  changed: boolean;
}

export interface NewInstance {
  id: string;
  definitionKey: string;
  processId: string;
  version: number;
  businessKey?: string;
  now: number;
}

/** A fresh instance at rev 0, before its start trigger. */
export function newInstance(init: NewInstance): InstanceState {
  // Named fields, not rest and spread of `init`: that pair cost 9% of a start in a profile of diagram (a).
  const { id, definitionKey, processId, version, businessKey, now } = init;
  const state: InstanceState = {
    id,
    definitionKey,
    processId,
    version,
    status: 'active',
    rev: 0,
    startedAt: now,
    scopes: { [ROOT_SCOPE]: { id: ROOT_SCOPE, elementId: processId, variables: {} } },
    tokens: {},
    incidents: [],
    subscriptions: {},
    sequence: 0,
  };
  if (businessKey !== undefined) state.businessKey = businessKey;
  return state;
}

/** Applies `trigger` to `state` (which it changes in place) and runs until every token waits or ends. */
export function step(state: InstanceState, model: ProcessModel, trigger: Trigger, now: number, globals?: FeelGlobals, options?: StepOptions): StepResult {
  const machine = new Machine(state, model, now, globals, options);
  const changed = apply(machine, trigger);
  if (changed) {
    machine.run();
    indexSearchAttributes(state, model);
    state.rev += 1;
  }
  return { state, effects: machine.effects, changed };
}

/**
 * Several triggers applied one after the other in one step, each followed by
 * a run until every token waits: the state and effects of applying them in
 * steps of their own, with one commit (engine/instances/steps.ts).
 * `changedEach` says which of them applied.
 */
export function stepAll(
  state: InstanceState,
  model: ProcessModel,
  triggers: Trigger[],
  now: number,
  globals?: FeelGlobals,
  options?: StepOptions,
): StepResult & { changedEach: boolean[] } {
  const machine = new Machine(state, model, now, globals, options);
  const changedEach = triggers.map((trigger) => {
    const changed = apply(machine, trigger);
    if (changed) machine.run();
    return changed;
  });
  const changed = changedEach.includes(true);
  if (changed) {
    indexSearchAttributes(state, model);
    state.rev += 1;
  }
  return { state, effects: machine.effects, changed, changedEach };
}

/** `resumed`: a trigger held for a data load, applied now that it is done (./data-loader.ts). */
function apply(machine: Machine, trigger: Trigger, resumed = false): boolean {
  const { state } = machine;
  if (!resumed) {
    const taken = interceptForDataLoad(machine, trigger, (held) => apply(machine, held, true));
    if (taken !== undefined) return taken;
  }
  if (trigger.type === 'start') {
    if (state.rev !== 0 && !resumed) return false;
    const startEventId = trigger.startEventId ?? machine.model.startEventId;
    if (!startEventId) throw new InvalidArgumentError(`process '${state.processId}' has no none start event: it starts on its events only`);
    Object.assign(state.scopes[ROOT_SCOPE].variables, trigger.variables);
    machine.record('instance.started');
    // An event sub-process whose timer or correlation key cannot be evaluated refuses the start, with the reason.
    const failure = openScopeSubscriptions(machine, ROOT_SCOPE, state.processId);
    if (failure) throw new InvalidArgumentError(`cannot start '${state.processId}': ${failure}`);
    if (!beginProcessStart(machine, startEventId)) machine.spawn(ROOT_SCOPE, startEventId);
    return true;
  }
  if (state.status !== 'active') {
    if (trigger.type === 'cancel' || trigger.type === 'setVariables' || trigger.type === 'resolveIncident' || trigger.type === 'adHocActivate') {
      throw new ConflictError(`instance ${state.id} is ${state.status}`);
    }
    return false;
  }
  switch (trigger.type) {
    case 'jobCompleted': {
      const token = findToken(state, (t) => t.jobKey === trigger.jobKey && t.status === 'waiting');
      if (!token) return false;
      machine.effects.deleteJobs.push(trigger.jobKey);
      if (token.listener) {
        listenerJobCompleted(machine, token, trigger.variables, trigger.result);
        return true;
      }
      token.jobKey = undefined;
      machine.complete(token, trigger.variables);
      return true;
    }
    case 'jobFailed': {
      const token = findToken(state, (t) => t.jobKey === trigger.jobKey && t.status === 'waiting');
      if (!token) return false;
      machine.effects.deleteJobs.push(trigger.jobKey);
      if (token.listener) {
        listenerJobFailed(machine, token, trigger.jobKey, trigger.message);
        return true;
      }
      token.jobKey = undefined;
      machine.incident(token, 'execute', 'job', trigger.message, { jobKey: trigger.jobKey });
      return true;
    }
    case 'userTaskCompleted': {
      const token = findToken(state, (t) => t.userTaskId === trigger.taskId && t.status === 'waiting');
      if (!token) return false;
      if (token.listener) throw new ConflictError(`user task '${trigger.taskId}' is being ${token.listener.event}: its listeners have not finished`);
      if (beginListeners(machine, token, { event: 'completing', index: 0, variables: trigger.variables, task: trigger.task })) return true;
      machine.effects.deleteUserTasks.push(trigger.taskId);
      token.userTaskId = undefined;
      machine.complete(token, trigger.variables);
      return true;
    }
    case 'setVariables':
      setVariablesFromOutside(machine, trigger);
      return true;
    case 'resolveIncident':
      resolveIncident(machine, trigger.incidentId, trigger.retries);
      return true;
    case 'cancel':
      for (const token of Object.values(state.tokens)) if (state.tokens[token.id]) machine.withdraw(token);
      machine.finishInstance('cancelled');
      return true;
    case 'adHocActivate': {
      const token = state.tokens[trigger.tokenId];
      if (!token || machine.element(token.elementId).type !== 'adHocSubProcess' || token.multiInstance || !token.localScopeId) {
        throw new NotFoundError(
          `instance ${state.id} has no active ad-hoc sub-process '${trigger.tokenId}' (the tokenId of the sub-process among its activeElements)`,
        );
      }
      if (token.status !== 'waiting')
        throw new ConflictError(`ad-hoc sub-process '${token.elementId}' is not active yet (it has an incident, or its listeners run)`);
      if (token.adHocSatisfied) throw new ConflictError(`ad-hoc sub-process '${token.elementId}' met its completion condition and is completing`);
      activateAdHocElements(machine, token, trigger.elements);
      return true;
    }
    case 'jobError': {
      const token = findToken(state, (t) => t.jobKey === trigger.jobKey && t.status === 'waiting');
      if (!token) return false;
      machine.effects.deleteJobs.push(trigger.jobKey);
      // As in Zeebe, a listener cannot throw a BPMN error: the element gets an incident instead.
      if (token.listener) {
        listenerJobFailed(machine, token, trigger.jobKey, `a listener job cannot throw a BPMN error (it threw '${trigger.errorCode}')`);
        return true;
      }
      token.jobKey = undefined;
      throwError(machine, token, { code: trigger.errorCode, message: trigger.message, variables: trigger.variables });
      return true;
    }
    case 'timerFired': {
      const sub = Object.values(state.subscriptions).find((s) => s.timer?.jobKey === trigger.jobKey);
      if (!sub) return false;
      fire(machine, sub, {});
      return true;
    }
    case 'eventOccurred': {
      const sub = state.subscriptions[trigger.subscriptionId];
      if (!sub) return false;
      fire(machine, sub, trigger.variables);
      return true;
    }
    case 'childCompleted':
    case 'childError':
    case 'childFailed': {
      const token = findToken(state, (t) => t.childInstanceId === trigger.childInstanceId);
      if (!token) return false;
      childEnded(machine, token, trigger);
      return true;
    }
    case 'errorUncaught':
      return errorUncaught(machine, trigger);
    case 'childEscalation': {
      const token = findToken(state, (t) => t.childInstanceId === trigger.childInstanceId);
      if (!token) return false;
      throwEscalation(machine, token, { code: trigger.escalationCode, message: `escalation '${trigger.escalationCode}'`, variables: trigger.variables });
      return true;
    }
  }
}

/** Runs the failed phase of the element again (a new job, with `retries` when given). */
function resolveIncident(machine: Machine, incidentId: string, retries?: number): void {
  const { state } = machine;
  const incident = state.incidents.find((i) => i.id === incidentId);
  if (!incident) throw new NotFoundError(`instance ${state.id} has no incident ${incidentId}`);
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 1)) {
    throw new InvalidArgumentError('retries must be a whole number of at least 1');
  }
  state.incidents = state.incidents.filter((i) => i !== incident);
  machine.record('incident.resolved', { elementId: incident.elementId, tokenId: incident.tokenId, incidentId });
  if (incident.phase === 'load') return startLoad(machine, retries);
  const token = state.tokens[incident.tokenId];
  token.status = 'ready';
  const again: Record<typeof incident.phase, () => void> = {
    // A token still on its flow arrives again (a join may hold it); one without a flow was about to enter.
    arrive: () => (token.via !== undefined ? machine.arrive(token) : machine.enter(token)),
    enter: () => machine.applyInputs(token),
    execute: () => (incident.kind === 'job' ? recreateJob(machine, token, retries) : machine.execute(token)),
    complete: () => machine.complete(token, incident.pendingVariables),
    leave: () => machine.leave(token),
    listener: () => retryListener(machine, token, retries),
  };
  machine.schedule(again[incident.phase], token);
}

function findToken(state: InstanceState, match: (token: TokenState) => boolean): TokenState | undefined {
  return Object.values(state.tokens).find(match);
}

/** Where variables set from outside go: the root, or an active element's own scope (opened for them when it has none). */
function setVariablesFromOutside(machine: Machine, trigger: Extract<Trigger, { type: 'setVariables' }>): void {
  const { state } = machine;
  if (trigger.tokenId === undefined) {
    if (trigger.local) Object.assign(state.scopes[ROOT_SCOPE].variables, withoutProto(trigger.variables));
    else propagateVariables(state, ROOT_SCOPE, trigger.variables);
    return;
  }
  const token = state.tokens[trigger.tokenId];
  if (!token) throw new NotFoundError(`instance ${state.id} has no active element '${trigger.tokenId}'`);
  if (trigger.local) {
    Object.assign(state.scopes[machine.openLocalScope(token)].variables, withoutProto(trigger.variables));
    return;
  }
  propagateVariables(state, token.localScopeId && state.scopes[token.localScopeId] ? token.localScopeId : token.scopeId, trigger.variables);
}

/** Refused where variables come in (../safety/safe-keys.ts); never written through a prototype here either. */
function withoutProto(variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variables).filter(([name]) => name !== PROTO_KEY));
}
