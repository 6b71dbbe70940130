import type { Machine } from '../machine.js';
import type { TokenState } from '../state.js';

/**
 * What an element family does with a token. `execute` is required; `arrive`
 * (joins) and `leave` (gateway routing) default to the machine's activity
 * behaviour.
 */
export interface Behaviour {
  arrive?(machine: Machine, token: TokenState): void;
  execute(machine: Machine, token: TokenState): void;
  leave?(machine: Machine, token: TokenState): void;
}

/** Tasks and events with no work of their own: the token passes straight through. */
export const passThrough: Behaviour = {
  execute: (machine, token) => machine.complete(token),
};
