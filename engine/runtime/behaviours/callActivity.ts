/**
 * A call activity starts another process as a child instance with a
 * reference back to it. The start and every message between parent and
 * child are internal jobs, so they survive a crash: the child's end comes
 * back as a trigger, and withdrawing the call activity cancels the child.
 *
 * Errors follow Zeebe: one that the child does not catch is looked for in
 * the calling processes, up the chain, while its thrower waits. A catcher
 * withdraws its call activity, and with it the child; when no process
 * catches it, the verdict goes back and the incident is raised where the
 * error was thrown, so that resolving it runs the thrower again.
 */
import { describeValue } from '../../expressions/feel.js';
import { INTERNAL_JOB, internalJob, sendTrigger, type CallPayload } from '../internal.js';
import type { Machine } from '../machine.js';
import { ROOT_SCOPE, type TokenState } from '../state.js';
import type { Trigger } from '../triggers.js';
import { visibleVariables } from '../variables.js';
import { throwError, type ThrownEvent } from '../errors.js';
import type { CallActivityModel } from '../../model/types.js';
import type { Behaviour } from './behaviour.js';

export const callActivity: Behaviour<CallActivityModel> = {
  execute(machine, token, { calledElement: called }) {
    const processId = machine.evaluateValue(called.processId, machine.scopeOf(token));
    if (!processId.ok) return machine.incident(token, 'execute', 'expression', `called process id: ${processId.message}`);
    if (typeof processId.value !== 'string' || !processId.value) {
      return machine.incident(token, 'execute', 'expression', `called process id evaluated to ${describeValue(processId.value)}, not a string`);
    }
    const childInstanceId = machine.globalId();
    // Without propagateAllParentVariables the child gets only the input mappings (the call activity's local variables).
    const variables = called.propagateAllParentVariables
      ? visibleVariables(machine.state, machine.scopeOf(token))
      : structuredClone(token.localScopeId ? machine.state.scopes[token.localScopeId].variables : {});
    const payload: CallPayload = { childInstanceId, processId: processId.value, binding: called.binding, variables, businessKey: machine.state.businessKey };
    token.jobKey = internalJob(machine, INTERNAL_JOB.call, payload, { token }).key;
    token.childInstanceId = childInstanceId;
    machine.wait(token);
  },
};

/** The child instance ended: tell the call activity that waits for it. */
export function notifyParent(machine: Machine, status: 'completed' | 'terminated' | 'cancelled'): void {
  const { parent, id } = machine.state;
  if (!parent) return;
  const trigger: Trigger =
    status === 'cancelled'
      ? { type: 'childFailed', childInstanceId: id, message: `the called instance ${id} was cancelled` }
      : { type: 'childCompleted', childInstanceId: id, variables: machine.state.scopes[ROOT_SCOPE].variables };
  sendTrigger(machine, parent.instanceId, trigger);
}

/** In the parent: the child completed, raised an error it did not catch, or could not run. */
export function childEnded(machine: Machine, token: TokenState, trigger: Extract<Trigger, { type: 'childCompleted' | 'childError' | 'childFailed' }>): void {
  if (trigger.type === 'childError') {
    // The call activity throws it on here; it keeps waiting for its child unless a catcher withdraws it.
    const { errorCode: code, message, variables, origin } = trigger;
    return throwError(machine, token, { code, message, variables, origin });
  }
  token.childInstanceId = undefined;
  token.jobKey = undefined;
  if (trigger.type === 'childCompleted') {
    const element = machine.elementOfType(token.elementId, 'callActivity');
    // As in Zeebe, output mappings read the child's variables even when they are not all propagated.
    const takesVariables = element.calledElement.propagateAllChildVariables || element.outputs.length > 0;
    return machine.complete(token, takesVariables ? trigger.variables : {});
  }
  machine.incident(token, 'execute', 'calledElement', trigger.message);
}
