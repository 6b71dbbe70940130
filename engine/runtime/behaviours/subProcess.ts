import type { SubProcessModel } from '../../model/types.js';
import type { Behaviour } from './behaviour.js';

/**
 * An embedded sub-process opens its own scope (made by the machine on
 * entry) and starts a token at its start event; the machine completes it
 * when its last inner token ends.
 */
export const subProcess: Behaviour<SubProcessModel> = {
  execute(machine, token, element) {
    machine.wait(token);
    // An event sub-process hands what its event delivered to its start event.
    machine.spawn(machine.scopeOf(token), element.startEventId).payload = token.payload;
    token.payload = undefined;
  },
};
