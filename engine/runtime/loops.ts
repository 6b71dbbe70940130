/**
 * Standard loops (BPMN `standardLoopCharacteristics`; Zeebe has none): the
 * activity runs again while its loop condition holds, never more than
 * `loopMaximum` times. With `testBefore` the condition is read before every
 * run, the first included (so the activity may not run at all); otherwise
 * after every run (so it runs at least once). Between two runs both read it
 * at the same moment, after the run's outputs were merged.
 *
 * One token does every run: each run is an activation of its own (history,
 * input and output mappings, a fresh local scope holding `loopCounter`, from
 * 1), while the boundary events stay open across runs, since they are
 * attached to the loop as a whole. The count lives on the token
 * (`TokenState.loopRuns`). The condition is read in the scope the activity
 * is in, where `loopCounter` is the number of runs done so far.
 */
import { describeValue, evaluateFeel } from '../expressions/feel.js';
import type { Machine } from './machine.js';
import type { TokenState } from './state.js';
import { closeTokenSubscriptions } from './subscriptions.js';
import { lookupVariable } from './variables.js';

/**
 * Before a run, from the machine's `enter`: counts the run and opens its
 * scope. On arrival, a test-before loop whose condition does not hold skips
 * the activity and the token goes on. Returns whether the run happens.
 */
export function startRun(machine: Machine, token: TokenState): boolean {
  if (token.loopRuns === undefined) {
    const { testBefore, maximum } = machine.element(token.elementId).loop!;
    if (testBefore || maximum === 0) {
      const runs = mayRun(machine, token, 0, 'arrive');
      if (runs === undefined) return false;
      if (!runs) {
        token.status = 'ready';
        token.via = undefined;
        machine.leave(token);
        return false;
      }
    }
  }
  token.loopRuns = (token.loopRuns ?? 0) + 1;
  machine.state.scopes[machine.openLocalScope(token)].variables.loopCounter = token.loopRuns;
  return true;
}

/**
 * After a run, from the machine's `leave`: runs the activity again when the
 * loop goes on (and returns false), or ends the loop and lets the token
 * leave (true). A condition that cannot be read raises an incident on the
 * token (false); resolving it reads the condition again.
 */
export function endRun(machine: Machine, token: TokenState): boolean {
  const again = mayRun(machine, token, token.loopRuns!, 'leave');
  if (again === undefined) return false;
  if (again) {
    machine.schedule(() => machine.enter(token), token);
    return false;
  }
  token.loopRuns = undefined;
  closeTokenSubscriptions(machine, token.id);
  return true;
}

/** Whether another run may start after `done` runs; undefined after raising an incident. */
function mayRun(machine: Machine, token: TokenState, done: number, phase: 'arrive' | 'leave'): boolean | undefined {
  const { condition, maximum } = machine.element(token.elementId).loop!;
  if (maximum !== undefined && done >= maximum) return false;
  if (!condition) return true;
  const where = `loop condition of '${token.elementId}' ('=${condition.source}')`;
  const lookup = (name: string) => (name === 'loopCounter' ? done : lookupVariable(machine.state, token.scopeId, name));
  const result = evaluateFeel(condition, lookup, machine.now, machine.globals);
  if (!result.ok) return void machine.incident(token, phase, 'expression', `${where}: ${result.message}`);
  if (typeof result.value !== 'boolean') {
    return void machine.incident(token, phase, 'expression', `${where} evaluated to ${describeValue(result.value)}, not a boolean`);
  }
  return result.value;
}
