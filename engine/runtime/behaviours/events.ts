/**
 * Events. Catching events wait on a subscription (see ../subscriptions.ts)
 * unless an event already arrived with the token; throwing events raise
 * errors, escalations and signals, compensate (../compensation.ts), jump
 * along links, or end their scope.
 */
import { describeValue } from '../../expressions/feel.js';
import type { ElementOfType, FeelExpression } from '../../model/types.js';
import { throwCompensation } from '../compensation.js';
import { throwError, throwEscalation } from '../errors.js';
import { INTERNAL_JOB, internalJob } from '../internal.js';
import type { Machine } from '../machine.js';
import type { TokenState } from '../state.js';
import { closeTokenSubscriptions, openSubscription } from '../subscriptions.js';
import type { Behaviour } from './behaviour.js';
import { createJob } from './jobs.js';

/** Start and boundary events merge what their event delivered and go on. */
const takeDelivered: Behaviour = {
  execute: (machine, token) => machine.complete(token, token.payload ?? {}),
};

export const startEvent = takeDelivered;
export const boundaryEvent = takeDelivered;

/** Intermediate catch events and receive tasks wait for their timer, message, signal or condition. */
export const intermediateCatchEvent: Behaviour<ElementOfType<'intermediateCatchEvent' | 'receiveTask'>> = {
  execute(machine, token, element) {
    if (token.payload || element.event?.kind === 'link') return machine.complete(token, token.payload ?? {});
    const failure = openSubscription(machine, element, { token, scopeId: token.scopeId }, machine.scopeOf(token));
    if (failure) return machine.incident(token, 'execute', 'expression', failure);
    machine.wait(token);
  },
};

export const receiveTask = intermediateCatchEvent;

/** Waits for whichever of the events after it happens first; the others are withdrawn (../subscriptions.ts fires it). */
export const eventBasedGateway: Behaviour = {
  execute(machine, token, gateway) {
    for (const flowId of gateway.outgoing) {
      const target = machine.elementOfType(machine.model.flows[flowId].targetRef, 'intermediateCatchEvent', 'receiveTask');
      const failure = openSubscription(machine, target, { token, scopeId: token.scopeId }, token.scopeId);
      if (failure) {
        // None of its events listens while the gateway has the incident; resolving it opens them all again.
        closeTokenSubscriptions(machine, token.id);
        return machine.incident(token, 'execute', 'expression', failure);
      }
    }
    machine.wait(token);
  },
};

/** Throwing, shared by intermediate throw and end events. Returns whether the token goes on. */
function throwEvent(machine: Machine, token: TokenState, { event, job }: ElementOfType<'endEvent' | 'intermediateThrowEvent'>): boolean | 'waits' {
  const variables = () => structuredClone(token.localScopeId ? machine.state.scopes[token.localScopeId].variables : {});
  switch (event?.kind) {
    case 'message':
      // As in Zeebe, a worker sends the message: the event is a job (the validator requires its task definition).
      if (!job) throw new Error(`engine defect: the message throw event '${token.elementId}' has no job`);
      createJob(machine, token, job);
      return 'waits';
    case 'signal': {
      const name = machine.evaluateValue(event.name, machine.scopeOf(token));
      if (!name.ok || typeof name.value !== 'string') {
        machine.incident(token, 'execute', 'expression', `signal name: ${name.ok ? 'not a string' : name.message}`);
        return 'waits';
      }
      internalJob(machine, INTERNAL_JOB.signal, { name: name.value, variables: variables() }, { token });
      return true;
    }
    case 'escalation': {
      const code = thrownCode(machine, token, 'escalation code', event.escalationCode, event.escalationCodeExpression);
      if (code === undefined) return 'waits';
      return throwEscalation(machine, token, { code, message: `escalation '${code}'`, variables: variables() });
    }
    case 'error': {
      const code = thrownCode(machine, token, 'error code', event.errorCode, event.errorCodeExpression);
      if (code === undefined) return 'waits';
      throwError(machine, token, { code, message: `error end event '${token.elementId}'`, variables: variables() });
      return false;
    }
    case 'compensation':
      // The event waits until every handler is done; ../compensation.ts then completes it.
      return throwCompensation(machine, token) || 'waits';
    default:
      return true;
  }
}

/** The code an error or escalation throw event throws: fixed, or its expression's text (else an incident, and undefined). */
function thrownCode(machine: Machine, token: TokenState, field: string, fixed: string | undefined, expression: FeelExpression | undefined): string | undefined {
  if (!expression) return fixed ?? '';
  const result = machine.evaluateFeel(expression, machine.scopeOf(token));
  if (result.ok && (typeof result.value === 'string' || typeof result.value === 'number') && String(result.value)) return String(result.value);
  const why = result.ok ? `'${expression.source}' evaluated to ${describeValue(result.value)}, not a text` : result.message;
  machine.incident(token, 'execute', 'expression', `${field}: ${why}`);
  return undefined;
}

export const intermediateThrowEvent: Behaviour<ElementOfType<'intermediateThrowEvent'>> = {
  execute(machine, token, element) {
    if (element.event?.kind === 'link') {
      if (!element.linkTarget) throw new Error(`engine defect: the link throw event '${element.id}' has no target`);
      machine.record('element.completed', { elementId: element.id, tokenId: token.id });
      return machine.jump(token, element.linkTarget);
    }
    if (throwEvent(machine, token, element) === true && machine.state.tokens[token.id]) machine.complete(token);
  },
};

/** A none end event consumes its token; a terminate end event ends its whole scope; the others throw first. */
export const endEvent: Behaviour<ElementOfType<'endEvent'>> = {
  execute(machine, token, element) {
    if (element.terminate) {
      machine.record('element.completed', { elementId: element.id, tokenId: token.id });
      machine.discard(token);
      return machine.terminateScope(token.scopeId);
    }
    if (throwEvent(machine, token, element) === true && machine.state.tokens[token.id]) machine.complete(token);
  },
};
