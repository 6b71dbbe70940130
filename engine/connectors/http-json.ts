/**
 * The REST connector, compatible with Camunda's (`io.camunda:http-json:1`):
 * a service task made with Camunda's REST template (or ours,
 * connectors/templates/http-json.json) calls the URL its inputs name and
 * maps the response with its task headers. The parts live in ./http/.
 */
import { BpmnError } from '../errors.js';
import { JobFailure, type Job } from '../jobs/job.js';
import type { Connector, ElementTemplate } from './connector.js';
import { EgressPolicy, type EgressOptions } from './http/egress.js';
import { InputError, readRequest } from './http/inputs.js';
import { ExpressionError, failureContext, mappedError, responseContext, resultVariables, retryBackoffMs } from './http/outcome.js';
import { describe, RequestFailure, send, type HttpResponse } from './http/request.js';
import { Secrets, UnknownSecretError } from './http/secrets.js';
import template from '../../connectors/templates/http-json.json' with { type: 'json' };

export const HTTP_JSON_TYPE = 'io.camunda:http-json:1';

export interface HttpConnectorOptions {
  /** Where requests may go; by default anywhere but loopback, link-local and unspecified addresses (./http/egress.ts). */
  http?: EgressOptions;
  /** A larger response fails the job (default 10 MiB). */
  maxResponseBytes?: number;
  /** The names of `job.env` that are secrets of the job's environment (the engine passes its environments' `secrets`). */
  environmentSecretNames?: (job: Job) => Promise<string[]> | string[];
}

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Characters of a failed response's body quoted in the failure message. */
const EXCERPT_CHARS = 300;

/** The inputs read from the job's variables; placeholders are resolved in these only. */
const INPUTS = [
  'method',
  'url',
  'headers',
  'queryParameters',
  'body',
  'authentication',
  'connectionTimeoutInSeconds',
  'readTimeoutInSeconds',
  'followRedirects',
  'ignoreNullValues',
];

export function httpJsonConnector(options: HttpConnectorOptions = {}): Connector {
  const policy = new EgressPolicy(options.http);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) throw new RangeError('maxResponseBytes must be a positive whole number of bytes');

  async function handler(job: Job): Promise<Record<string, unknown>> {
    const secrets = new Secrets(job.secrets ?? {}, job.env ?? {}, (await options.environmentSecretNames?.(job)) ?? []);
    let redact = secrets.redactor();
    try {
      const backoffMs = retryBackoffMs(job.headers);
      try {
        const inputs: Record<string, unknown> = {};
        for (const name of INPUTS) if (Object.hasOwn(job.variables, name)) inputs[name] = secrets.resolve(job.variables[name], name);
        const { request, credentials } = readRequest(inputs);
        redact = secrets.redactor(credentials);
        const response = await exchange(request, job, redact);
        return resultVariables(job.headers, response);
      } catch (error) {
        throw withBackoff(error, backoffMs);
      }
    } catch (error) {
      throw redacted(error, redact);
    }
  }

  /** The response, or the error the diagram maps a failure to, or the failure itself. */
  async function exchange(request: Parameters<typeof send>[0], job: Job, redact: (text: string) => string): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await send(request, policy, maxResponseBytes);
    } catch (error) {
      if (!(error instanceof RequestFailure)) throw error;
      throw mappedError(job.headers, failureContext(error.code, error.message), job.retries) ?? error;
    }
    if (response.status < 200 || response.status > 299) {
      const message = `${describe(request.url)} answered HTTP ${response.status}: ${excerpt(response.body, redact)}`;
      throw mappedError(job.headers, failureContext(String(response.status), message, response), job.retries) ?? new Error(message);
    }
    const mapped = mappedError(job.headers, responseContext(response), job.retries);
    if (mapped) throw mapped;
    return response;
  }

  return { type: HTTP_JSON_TYPE, template: template as ElementTemplate, handler };
}

/** Mistakes in the diagram or the configuration (a missing secret, a refused host) do not heal by retrying: an incident at once. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof UnknownSecretError ||
    error instanceof InputError ||
    error instanceof ExpressionError ||
    (error instanceof RequestFailure && (error.code === 'EGRESS_REFUSED' || error.code === 'TOO_MANY_REDIRECTS'))
  );
}

function withBackoff(error: unknown, retryBackoffMs: number | undefined): unknown {
  if (error instanceof BpmnError) return error;
  if (error instanceof JobFailure)
    return new JobFailure(error.message, { retryBackoffMs: error.options.retryBackoffMs ?? retryBackoffMs, retries: error.options.retries });
  const message = error instanceof Error ? error.message : String(error);
  return new JobFailure(message, { retryBackoffMs, retries: isPermanent(error) ? 0 : undefined });
}

/** The same error with every secret (and credential made from one) taken out of its message. */
function redacted(error: unknown, redact: (text: string) => string): unknown {
  if (error instanceof BpmnError) return new BpmnError(error.errorCode, redact(error.message), error.variables);
  const message = redact(error instanceof Error ? error.message : String(error));
  return new JobFailure(message, error instanceof JobFailure ? error.options : { retries: isPermanent(error) ? 0 : undefined });
}

/** The start of a body, secrets taken out before it is cut (a cut secret would not be recognised). */
function excerpt(body: unknown, redact: (text: string) => string): string {
  if (body === null || body === undefined) return '(no body)';
  const text = redact(typeof body === 'string' ? body : JSON.stringify(body));
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}… (${text.length} characters)` : text;
}
