/**
 * What the connector's task headers make of an exchange, as in Camunda:
 * `resultVariable` holds the whole response, `resultExpression` (FEEL over
 * the response) gives a context of variables to merge, and
 * `errorExpression` (FEEL over the response, or over `error` when the
 * request failed) may turn either into a BPMN error (`bpmnError(code,
 * message)`) or a failed attempt (`jobError(message, …)`).
 */
import { BpmnError } from '../../errors.js';
import { evaluateFeel, parseFeel } from '../../expressions/feel.js';
import { firstDue, parseTimer } from '../../expressions/timers.js';
import { isUnsafeName } from '../../safety/safe-keys.js';
import { JobFailure } from '../../jobs/job.js';
import type { HttpResponse } from './request.js';

/** A header's FEEL did not parse, or gave the wrong kind of value: the job fails with this message. */
export class ExpressionError extends Error {}

/** What the expressions see of a response: its fields, and the same under `response`. */
export function responseContext(response: HttpResponse): Record<string, unknown> {
  const fields = { status: response.status, headers: response.headers, body: response.body };
  return { ...fields, response: fields };
}

/** What `errorExpression` sees of a failed request: `error.code` is the status as text ("404") or the failure's code ("TIMEOUT"). */
export function failureContext(code: string, message: string, response?: HttpResponse): Record<string, unknown> {
  const variables = response ? { response: responseContext(response).response } : {};
  return { error: { code, message, variables }, ...(response ? responseContext(response) : {}) };
}

export function resultVariables(headers: Record<string, string>, response: HttpResponse): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  const name = headers.resultVariable?.trim();
  const define = (key: string, value: unknown) => Object.defineProperty(variables, key, { value, enumerable: true, writable: true, configurable: true });
  if (name) define(name, responseContext(response).response);
  const mapped = evaluateHeader(headers, 'resultExpression', responseContext(response));
  if (mapped === null || mapped === undefined) return variables;
  if (typeof mapped !== 'object' || Array.isArray(mapped)) throw new ExpressionError('resultExpression must give a context of variables to set');
  for (const [key, value] of Object.entries(mapped)) if (!isUnsafeName(key)) define(key, value);
  return variables;
}

/** The BPMN error or failed attempt that `errorExpression` asks for, if any. */
export function mappedError(headers: Record<string, string>, context: Record<string, unknown>, retries: number): BpmnError | JobFailure | undefined {
  const result = evaluateHeader(headers, 'errorExpression', { ...context, job: { retries } });
  if (result === null || result === undefined) return undefined;
  if (typeof result !== 'object' || Array.isArray(result)) throw new ExpressionError('errorExpression must give a context (bpmnError(code, message)) or null');
  const error = result as Record<string, unknown>;
  if (error.errorType === 'jobError') {
    const retryBackoffMs = typeof error.retryBackoff === 'string' ? durationMs(error.retryBackoff, 'jobError retryBackoff') : undefined;
    return new JobFailure(String(error.message), { retries: Number(error.retries ?? 0), retryBackoffMs });
  }
  if (typeof error.code !== 'string' || !error.code) return undefined;
  const variables =
    error.variables && typeof error.variables === 'object' && !Array.isArray(error.variables) ? (error.variables as Record<string, unknown>) : {};
  return new BpmnError(error.code, typeof error.message === 'string' ? error.message : error.code, variables);
}

/** The `retryBackoff` header (an ISO duration such as PT30S) in milliseconds; undefined when absent. */
export function retryBackoffMs(headers: Record<string, string>): number | undefined {
  const text = headers.retryBackoff?.trim();
  return text ? durationMs(text, 'the retryBackoff header') : undefined;
}

function durationMs(text: string, field: string): number {
  const parsed = parseTimer('timeDuration', text);
  if (!parsed.ok) throw new ExpressionError(`${field} must be an ISO 8601 duration such as PT30S, not '${text}'`);
  return firstDue(parsed.spec, 0);
}

function evaluateHeader(headers: Record<string, string>, name: string, context: Record<string, unknown>): unknown {
  const text = headers[name]?.trim();
  if (!text) return undefined;
  const parsed = parseFeel(text);
  if (!parsed.ok) throw new ExpressionError(`${name}: ${parsed.message}`);
  const outcome = evaluateFeel(parsed.expression, (variable) => (Object.hasOwn(context, variable) ? context[variable] : undefined));
  if (!outcome.ok) throw new ExpressionError(`${name}: ${outcome.message}`);
  return outcome.value;
}
