/**
 * BPMN errors and escalations: a thrown event looks for its catcher from
 * the thrower outwards: the boundary events of the activity that raised it,
 * the event sub-processes of its scope, then the sub-process that owns that
 * scope, and so on up to the instance, and from there to a calling parent.
 * A specific code wins over a catch-all at the same level.
 */
import { ACTIVITY_TYPES, type ElementModel, type EventKind } from '../model/types.js';
import { sendTrigger } from './internal.js';
import type { Machine } from './machine.js';
import { closeScopeSubscriptions } from './subscriptions.js';
import { ROOT_SCOPE, type ScopeState, type TokenState } from './state.js';
import type { ErrorOrigin, Trigger, Variables } from './triggers.js';

export interface ThrownEvent {
  code: string;
  message: string;
  variables: Variables;
  /** An error passed up from a called instance: where it was thrown. */
  origin?: ErrorOrigin;
}

interface Catcher {
  element: ElementModel;
  /** The activity token a boundary catcher is attached to. */
  activity?: TokenState;
  /** The scope instance whose event sub-process catches. */
  scopeId?: string;
}

/** Raises a BPMN error at `thrower`: caught and interrupting, else passed to the calling process or an incident (./behaviours/callActivity.ts). */
export function throwError(machine: Machine, thrower: TokenState, error: ThrownEvent): void {
  const catcher = findCatcher(machine, thrower, 'error', error.code);
  if (catcher) return catchEvent(machine, thrower, catcher, error.variables);
  passUncaughtError(machine, thrower, error);
}

/**
 * Raises an escalation: a non-interrupting catcher runs beside the thrower,
 * which goes on; an interrupting one cancels it. Nothing catching it is not
 * a fault: the thrower goes on. Returns whether the thrower goes on.
 */
export function throwEscalation(machine: Machine, thrower: TokenState, escalation: ThrownEvent): boolean {
  const catcher = findCatcher(machine, thrower, 'escalation', escalation.code);
  if (!catcher) {
    // Not caught here: the call activity that started this instance may catch it (the thrower goes on either way).
    const { parent } = machine.state;
    if (parent) {
      sendTrigger(machine, parent.instanceId, {
        type: 'childEscalation',
        childInstanceId: machine.state.id,
        escalationCode: escalation.code,
        variables: escalation.variables,
      });
    }
    return true;
  }
  if (catcher.element.interrupting) {
    catchEvent(machine, thrower, catcher, escalation.variables);
    return false;
  }
  const scopeId = catcher.activity ? catcher.activity.scopeId : catcher.scopeId!;
  const target = catcher.activity ? catcher.element.id : catcher.element.scopeId;
  machine.spawn(scopeId, target).payload = escalation.variables;
  return true;
}

function findCatcher(machine: Machine, thrower: TokenState, kind: EventKind, code: string): Catcher | undefined {
  let current: TokenState | undefined = thrower;
  // An activity that raised the event itself (a job, a called process) is caught by its own boundary events first.
  let checkBoundaries = ACTIVITY_TYPES.has(machine.element(thrower.elementId).type);
  while (current) {
    // An inner instance of a multi-instance activity: the boundary events are its body's, and the body's scope has no event sub-processes.
    const inner = current.loopCounter !== undefined;
    if (checkBoundaries && !inner) {
      const boundary = match(machine, machine.element(current.elementId).boundaryEvents ?? [], kind, code);
      if (boundary) return { element: boundary, activity: current };
    }
    const scope: ScopeState = machine.state.scopes[current.scopeId];
    // A scope interrupted by one of its event sub-processes starts no other (nor that one again): BPMN 2.0 10.3.5, as in Zeebe.
    const listening = !inner && !interruptedScope(machine, current.scopeId);
    const starts = listening ? (machine.model.eventSubProcesses[scope.elementId] ?? []).map((id) => machine.eventSubProcessStart(id).id) : [];
    const start = match(machine, starts, kind, code);
    if (start) return { element: start, scopeId: current.scopeId };
    if (current.scopeId === ROOT_SCOPE) return undefined;
    current = scope.ownerTokenId ? machine.state.tokens[scope.ownerTokenId] : undefined;
    // A token compensating an activity is not that activity running again: its boundary events do not catch what the handler throws.
    checkBoundaries = !current?.compensationOf;
  }
  return undefined;
}

/** Whether an interrupting event sub-process runs in the scope (it is then the scope's only token). */
function interruptedScope(machine: Machine, scopeId: string): boolean {
  return machine.tokensIn(scopeId).some((token) => {
    const element = machine.element(token.elementId);
    return element.eventSubProcess === true && machine.eventSubProcessStart(element.id).interrupting;
  });
}

/** The catcher for `code` among `elementIds`: one with exactly that code, else a catch-all. */
function match(machine: Machine, elementIds: string[], kind: EventKind, code: string): ElementModel | undefined {
  const candidates = elementIds.map((id) => machine.element(id)).filter((e) => e.event?.kind === kind);
  const codeOf = (e: ElementModel) => (e.event?.kind === 'error' ? e.event.errorCode : e.event?.kind === 'escalation' ? e.event.escalationCode : undefined);
  return candidates.find((e) => codeOf(e) === code) ?? candidates.find((e) => codeOf(e) === undefined);
}

/** An interrupting catch: the thrower and everything between it and the catcher are withdrawn. */
function catchEvent(machine: Machine, thrower: TokenState, catcher: Catcher, variables: Variables): void {
  // The thrower first (an error end event is terminated, as in Zeebe), then what encloses it.
  if (machine.state.tokens[thrower.id]) machine.withdraw(thrower);
  if (catcher.activity) {
    if (machine.state.tokens[catcher.activity.id]) machine.withdraw(catcher.activity);
    machine.spawn(catcher.activity.scopeId, catcher.element.id).payload = variables;
    return;
  }
  const scopeId = catcher.scopeId!;
  if (catcher.element.interrupting) {
    for (const token of machine.tokensIn(scopeId)) machine.withdraw(token);
    closeScopeSubscriptions(machine, scopeId);
  }
  machine.spawn(scopeId, catcher.element.scopeId).payload = variables;
}

/**
 * An error that nothing in this instance catches. With a parent, it goes up
 * and the thrower waits for the verdict (a call activity passing on its
 * child's error simply keeps waiting); at the top of the chain it is an
 * incident: here, or, for an error from a child, back where it was thrown.
 */
export function passUncaughtError(machine: Machine, thrower: TokenState, error: ThrownEvent): void {
  const { parent, id } = machine.state;
  const origin = error.origin ?? { instanceId: id, tokenId: thrower.id, elementId: thrower.elementId };
  if (parent) {
    const { code: errorCode, message, variables } = error;
    sendTrigger(machine, parent.instanceId, { type: 'childError', childInstanceId: id, errorCode, message, variables, origin });
    if (!error.origin) machine.wait(thrower);
    return;
  }
  if (origin.instanceId !== id) {
    const { tokenId, elementId } = origin;
    return sendTrigger(machine, origin.instanceId, { type: 'errorUncaught', tokenId, elementId, errorCode: error.code, message: error.message });
  }
  machine.incident(thrower, 'execute', 'bpmnError', `BPMN error '${error.code}' was not caught: ${error.message}`);
}

/** In the instance that threw an error: no calling process caught it. Returns whether the thrower still waited for that. */
export function errorUncaught(machine: Machine, trigger: Extract<Trigger, { type: 'errorUncaught' }>): boolean {
  const token = machine.state.tokens[trigger.tokenId];
  if (!token || token.elementId !== trigger.elementId || token.status !== 'waiting') return false;
  // Waiting for something else now (it moved on and came back): not the throw this verdict is about.
  if (token.jobKey || token.userTaskId || token.childInstanceId) return false;
  const message = `BPMN error '${trigger.errorCode}' was caught neither here nor by the calling processes: ${trigger.message}`;
  machine.incident(token, 'execute', 'bpmnError', message);
  return true;
}
