/**
 * Camunda's connector functions, for a connector's `errorExpression`
 * (engine/connectors): `bpmnError(code, message, variables)` asks for a
 * BPMN error at the task, `jobError(message, variables, retries,
 * retryBackoff)` for a failed attempt. Each only describes the request as a
 * context; the connector acts on it. Elsewhere such a context is plain data.
 */
import { builtin, isContext, isNumber, isString, newContext, type Builtins } from './define.js';

function bpmnError(code: unknown, message: unknown, variables: unknown): Record<string, unknown> | null {
  if (!isString(code)) return null;
  return newContext([
    ['errorType', 'bpmnError'],
    ['code', code],
    ['message', isString(message) ? message : code],
    ['variables', isContext(variables) ? variables : newContext([])],
  ]);
}

function jobError(message: unknown, variables: unknown, retries: unknown, retryBackoff: unknown): Record<string, unknown> | null {
  if (!isString(message)) return null;
  return newContext([
    ['errorType', 'jobError'],
    ['message', message],
    ['variables', isContext(variables) ? variables : newContext([])],
    ['retries', isNumber(retries) ? retries : 0],
    ['retryBackoff', retryBackoff ?? null],
  ]);
}

export const connectorBuiltins: Builtins = {
  bpmnError: builtin(['errorCode', 'errorMessage', 'variables'], bpmnError),
  jobError: builtin(['errorMessage', 'variables', 'retries', 'retryBackoff'], jobError),
};
