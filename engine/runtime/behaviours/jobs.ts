/**
 * Service and send tasks hand their work to a job: the step records the job
 * and the token waits; a worker (a registered handler or an external one)
 * completes it later as a new trigger.
 */
import { describeValue } from '../../expressions/feel.js';
import type { Machine } from '../machine.js';
import type { TokenState } from '../state.js';
import type { Behaviour } from './behaviour.js';
import { visibleVariables } from '../variables.js';

export function createJob(machine: Machine, token: TokenState, retriesOverride?: number): void {
  const element = machine.element(token.elementId);
  const definition = element.job!;
  const scope = machine.scopeOf(token);
  const type = machine.evaluateValue(definition.type, scope);
  if (!type.ok) return machine.incident(token, 'execute', 'expression', `task type: ${type.message}`);
  if (typeof type.value !== 'string' || !type.value) {
    return machine.incident(token, 'execute', 'expression', `task type evaluated to ${describeValue(type.value)}, not a non-empty string`);
  }
  const retries = machine.evaluateValue(definition.retries, scope);
  if (!retries.ok) return machine.incident(token, 'execute', 'expression', `retries: ${retries.message}`);
  const retryCount = retriesOverride ?? Number(retries.value);
  if (!Number.isInteger(retryCount) || retryCount < 0) {
    return machine.incident(token, 'execute', 'expression', `retries evaluated to ${describeValue(retries.value)}, not a whole number`);
  }
  const key = machine.globalId();
  machine.effects.createJobs.push({
    key,
    instanceId: machine.state.id,
    definitionKey: machine.state.definitionKey,
    processId: machine.state.processId,
    elementId: element.id,
    tokenId: token.id,
    type: type.value,
    retries: retryCount,
    headers: definition.headers,
    variables: visibleVariables(machine.state, scope),
    dueAt: machine.now,
    createdAt: machine.now,
  });
  token.jobKey = key;
  machine.wait(token);
}

export const jobTask: Behaviour = {
  execute: (machine, token) => createJob(machine, token),
};
