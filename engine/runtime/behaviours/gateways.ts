/**
 * Gateways route tokens; they do no work of their own. Joins hold arriving
 * tokens until they may fire: a parallel join when every incoming flow has a
 * token, an inclusive join when no token of the scope can still reach it
 * (checked by the machine once everything else has moved).
 */
import type { Machine } from '../machine.js';
import type { TokenState } from '../state.js';
import type { Behaviour } from './behaviour.js';

/** A gateway completes as soon as it is entered; its `leave` does the routing. */
const route = (machine: Machine, token: TokenState) => machine.complete(token);

/** The first flow whose condition is true, in document order; else the default; else an incident. */
export const exclusiveGateway: Behaviour = {
  execute: route,
  leave(machine, token) {
    const flows = machine.selectFlows(token, 'first');
    if (flows) machine.take(token, flows);
  },
};

/** Every outgoing flow; the join waits for one token per incoming flow. */
export const parallelGateway: Behaviour = {
  arrive(machine, token, gateway) {
    if (gateway.incoming.length <= 1) return machine.enter(token);
    machine.wait(token);
    const waiting = machine.waitingAt(token.scopeId, gateway.id);
    if (gateway.incoming.every((flowId) => waiting.some((t) => t.via === flowId))) machine.fireJoin(waiting, gateway.incoming);
  },
  execute: route,
  leave(machine, token, gateway) {
    machine.take(token, gateway.outgoing);
  },
};

/** Every flow whose condition is true (else the default); the join waits until nothing upstream remains. */
export const inclusiveGateway: Behaviour = {
  arrive(machine, token, gateway) {
    if (gateway.incoming.length <= 1) return machine.enter(token);
    machine.wait(token);
  },
  execute: route,
  leave(machine, token) {
    const flows = machine.selectFlows(token, 'all');
    if (flows) machine.take(token, flows);
  },
};
