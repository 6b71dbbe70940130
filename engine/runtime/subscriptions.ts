/**
 * Event subscriptions: what boundary events, catch events, receive tasks,
 * event-based gateways and event sub-process starts wait for. Opening one
 * evaluates its timer, message name, correlation key or condition; timers
 * become internal jobs and messages/signals subscription records, so that
 * the world outside the step can find them. Firing one moves the waiting
 * token (or starts the event sub-process).
 */
import { describeValue } from '../expressions/feel.js';
import { firstDue, isRepeating, nextDue, parseTimer } from '../expressions/timers.js';
import type { ElementModel, EventDefinition } from '../model/types.js';
import { INTERNAL_JOB, internalJob } from './internal.js';
import type { Machine } from './machine.js';
import type { SubscriptionState, TokenState } from './state.js';
import type { Variables } from './triggers.js';

const SUBSCRIBING = new Set(['timer', 'message', 'signal', 'conditional']);

/** An element that catches an event by listening for it. */
export type Catcher = ElementModel & { event: EventDefinition };

/** Whether the element's event needs a subscription to be caught (errors, escalations and links are found when thrown). */
export const subscribes = (element: ElementModel): element is Catcher => !!element.event && SUBSCRIBING.has(element.event.kind);

interface Owner {
  token?: TokenState;
  scopeId: string;
}

/**
 * Opens the subscription of `catcher` for `owner`; expressions are read in
 * `expressionScope`. Returns an error message instead when an expression
 * fails; the caller raises the incident.
 */
export function openSubscription(machine: Machine, catcher: Catcher, owner: Owner, expressionScope: string): string | undefined {
  const { event } = catcher;
  const sub: SubscriptionState = {
    id: machine.globalId(),
    kind: event.kind as SubscriptionState['kind'],
    elementId: catcher.id,
    tokenId: owner.token?.id,
    scopeId: owner.scopeId,
  };
  const text = (field: string, value: Parameters<Machine['evaluateValue']>[0] | undefined, allowNumber = false): string | { error: string } => {
    if (!value) return { error: `${field} is missing` };
    const result = machine.evaluateValue(value, expressionScope);
    if (!result.ok) return { error: `${field}: ${result.message}` };
    if (typeof result.value === 'string' && result.value) return result.value;
    if (allowNumber && typeof result.value === 'number') return String(result.value);
    return { error: `${field} evaluated to ${describeValue(result.value)}, not a ${allowNumber ? 'string or number' : 'non-empty string'}` };
  };
  switch (event.kind) {
    case 'timer': {
      const definition = text(event.timerType, event.value);
      if (typeof definition !== 'string') return `timer of '${catcher.id}': ${definition.error}`;
      const parsed = parseTimer(event.timerType, definition);
      if (!parsed.ok) return `timer of '${catcher.id}': ${parsed.message}`;
      const dueAt = firstDue(parsed.spec, machine.now);
      const job = internalJob(machine, INTERNAL_JOB.timer, { subscriptionId: sub.id }, { token: owner.token, elementId: catcher.id, dueAt });
      sub.timer = { spec: parsed.spec, jobKey: job.key, dueAt, fired: 0 };
      break;
    }
    case 'message': {
      const name = text('message name', event.name);
      if (typeof name !== 'string') return `message of '${catcher.id}': ${name.error}`;
      const key = text('correlation key', event.correlationKey, true);
      if (typeof key !== 'string') return `message of '${catcher.id}': ${key.error}`;
      Object.assign(sub, { messageName: name, correlationKey: key });
      record(machine, sub, { kind: 'message', name, correlationKey: key });
      break;
    }
    case 'signal': {
      const name = text('signal name', event.name);
      if (typeof name !== 'string') return `signal of '${catcher.id}': ${name.error}`;
      sub.signalName = name;
      record(machine, sub, { kind: 'signal', name });
      break;
    }
    case 'conditional': {
      const held = machine.evaluateFeel(event.condition, expressionScope);
      if (!held.ok) return `condition of '${catcher.id}': ${held.message}`;
      sub.conditionHeld = held.value === true;
      machine.state.subscriptions[sub.id] = sub;
      // A condition that already holds when the wait begins fires at once.
      if (held.value === true) machine.schedule(() => fire(machine, sub, {}));
      return undefined;
    }
    default:
      return undefined;
  }
  machine.state.subscriptions[sub.id] = sub;
  return undefined;
}

function record(machine: Machine, sub: SubscriptionState, fields: { kind: 'message' | 'signal'; name: string; correlationKey?: string }): void {
  machine.effects.createSubscriptions.push({
    key: sub.id,
    ...fields,
    instanceId: machine.state.id,
    definitionKey: machine.state.definitionKey,
    processId: machine.state.processId,
    elementId: sub.elementId,
    createdAt: machine.now,
  });
}

export function closeSubscription(machine: Machine, sub: SubscriptionState): void {
  delete machine.state.subscriptions[sub.id];
  if (sub.timer) machine.cancelJob(sub.timer.jobKey);
  if (sub.kind === 'message' || sub.kind === 'signal') {
    const created = machine.effects.createSubscriptions.findIndex((s) => s.key === sub.id);
    if (created >= 0) machine.effects.createSubscriptions.splice(created, 1);
    else machine.effects.deleteSubscriptions.push(sub.id);
  }
}

/** Closes what a token waits for: its boundary events, its catch event, its event-based gateway's events. */
export function closeTokenSubscriptions(machine: Machine, tokenId: string): void {
  for (const sub of Object.values(machine.state.subscriptions)) if (sub.tokenId === tokenId) closeSubscription(machine, sub);
}

/** Closes the event sub-process starts of a scope that ends. */
export function closeScopeSubscriptions(machine: Machine, scopeId: string): void {
  for (const sub of Object.values(machine.state.subscriptions)) if (!sub.tokenId && sub.scopeId === scopeId) closeSubscription(machine, sub);
}

/** An activity starts: its timer, message, signal and conditional boundary events begin to listen. */
export function openBoundarySubscriptions(machine: Machine, token: TokenState): string | undefined {
  const element = machine.element(token.elementId);
  for (const boundaryId of element.boundaryEvents ?? []) {
    const boundary = machine.element(boundaryId);
    const open = Object.values(machine.state.subscriptions).some((s) => s.tokenId === token.id && s.elementId === boundaryId);
    if (!subscribes(boundary) || open) continue;
    const failure = openSubscription(machine, boundary, { token, scopeId: token.scopeId }, machine.scopeOf(token));
    // All or none: while the activity has the incident, none of its boundary events listens (a timer would fire).
    if (failure) {
      closeTokenSubscriptions(machine, token.id);
      return failure;
    }
  }
  return undefined;
}

/** A scope opens (the instance, a sub-process): its event sub-processes begin to listen. */
export function openScopeSubscriptions(machine: Machine, scopeId: string, scopeElementId: string): string | undefined {
  for (const eventSubProcessId of machine.model.eventSubProcesses[scopeElementId] ?? []) {
    const start = machine.eventSubProcessStart(eventSubProcessId);
    if (!subscribes(start)) continue;
    const failure = openSubscription(machine, start, { scopeId }, scopeId);
    // All or none: resolving the incident opens them all again.
    if (failure) {
      closeScopeSubscriptions(machine, scopeId);
      return failure;
    }
  }
  return undefined;
}

/** The event happened: the catching element takes it. */
export function fire(machine: Machine, sub: SubscriptionState, variables: Variables): void {
  if (machine.state.subscriptions[sub.id] !== sub) return;
  const catcher = machine.element(sub.elementId);
  const token = sub.tokenId ? machine.state.tokens[sub.tokenId] : undefined;
  if (catcher.type === 'boundaryEvent' && token) return fireBoundary(machine, sub, catcher, token, variables);
  if (catcher.type === 'startEvent') return fireEventSubProcess(machine, sub, catcher, variables);
  if (!token) return closeSubscription(machine, sub);
  closeTokenSubscriptions(machine, token.id);
  if (token.elementId === catcher.id) return machine.complete(token, variables);
  // The token waits at an event-based gateway: the first event wins and the token moves to it.
  const gateway = machine.element(token.elementId);
  machine.record('element.completed', { elementId: gateway.id, tokenId: token.id });
  const flowId = gateway.outgoing.find((f) => machine.model.flows[f].targetRef === catcher.id)!;
  token.payload = variables;
  machine.take(token, [flowId]);
}

function fireBoundary(machine: Machine, sub: SubscriptionState, boundary: ElementModel, activity: TokenState, variables: Variables): void {
  if (boundary.interrupting) machine.withdraw(activity);
  else keepListening(machine, sub);
  machine.spawn(activity.scopeId, boundary.id).payload = variables;
}

function fireEventSubProcess(machine: Machine, sub: SubscriptionState, start: ElementModel, variables: Variables): void {
  const scopeId = sub.scopeId;
  if (start.interrupting) {
    for (const token of machine.tokensIn(scopeId)) machine.withdraw(token);
    closeScopeSubscriptions(machine, scopeId);
  } else {
    keepListening(machine, sub);
  }
  machine.spawn(scopeId, start.scopeId).payload = variables;
}

/** Non-interrupting catchers listen on: a repeating timer is set again, a one-off one closes. */
function keepListening(machine: Machine, sub: SubscriptionState): void {
  if (!sub.timer) return;
  const timer = sub.timer;
  timer.fired += 1;
  const next = isRepeating(timer.spec) ? nextDue(timer.spec, timer.dueAt, timer.fired, machine.now) : undefined;
  if (next === undefined) return closeSubscription(machine, sub);
  const job = internalJob(machine, INTERNAL_JOB.timer, { subscriptionId: sub.id }, { elementId: sub.elementId, dueAt: next });
  sub.timer = { ...timer, jobKey: job.key, dueAt: next };
}

/** Conditions are read again after every step that ran: those that turned true fire. */
export function reevaluateConditions(machine: Machine): boolean {
  let fired = false;
  for (const sub of Object.values(machine.state.subscriptions)) {
    if (sub.kind !== 'conditional') continue;
    const catcher = machine.element(sub.elementId);
    const token = sub.tokenId ? machine.state.tokens[sub.tokenId] : undefined;
    if (catcher.event?.kind !== 'conditional' || (sub.tokenId && !token)) continue;
    const result = machine.evaluateFeel(catcher.event.condition, token ? machine.scopeOf(token) : sub.scopeId);
    const holds = result.ok && result.value === true;
    if (holds && !sub.conditionHeld) {
      sub.conditionHeld = true;
      fire(machine, sub, {});
      fired = true;
    } else if (!holds) {
      sub.conditionHeld = false;
    }
  }
  return fired;
}
