import type { ElementModel } from '../../model/types.js';
import type { Machine } from '../machine.js';
import type { TokenState } from '../state.js';

/**
 * What an element family does with a token at its element, which it
 * receives with its own type (`Behaviour<ElementOfType<'userTask'>>`).
 * `execute` is required; `arrive` (joins) and `leave` (gateway routing)
 * default to the machine's activity behaviour.
 */
export interface Behaviour<E extends ElementModel = ElementModel> {
  arrive?(machine: Machine, token: TokenState, element: E): void;
  execute(machine: Machine, token: TokenState, element: E): void;
  leave?(machine: Machine, token: TokenState, element: E): void;
}

/** Tasks and events with no work of their own: the token passes straight through. */
export const passThrough: Behaviour = {
  execute: (machine, token) => machine.complete(token),
};
