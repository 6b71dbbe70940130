import type { Behaviour } from './behaviour.js';
import { passThrough } from './behaviour.js';

export const startEvent: Behaviour = passThrough;

/** A none intermediate throw event marks a milestone and passes on. */
export const intermediateThrowEvent: Behaviour = passThrough;

/** A none end event consumes its token; a terminate end event ends its whole scope. */
export const endEvent: Behaviour = {
  execute(machine, token) {
    const { terminate } = machine.element(token.elementId);
    machine.record('element.completed', { elementId: token.elementId, tokenId: token.id });
    if (!terminate) return machine.end(token);
    machine.discard(token);
    machine.terminateScope(token.scopeId);
  },
};
