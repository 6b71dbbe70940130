/**
 * The REST connector's inputs, as Camunda's element template maps them to
 * `zeebe:input` targets (`method`, `url`, `headers`, `queryParameters`,
 * `body`, `authentication.*`, `connectionTimeoutInSeconds`, …), read from
 * the job's variables into one request. Secrets are already resolved.
 */
import type { HttpRequest } from './request.js';

export class InputError extends Error {}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const DEFAULT_TIMEOUT_SECONDS = 20;
/** A job's lease runs while the request does: no wait is longer than this (and Camunda's 0, "no timeout", means this). */
export const MAX_TIMEOUT_SECONDS = 300;

export interface Prepared {
  request: HttpRequest;
  /** Header values made from credentials (`Basic …`), to be redacted like the secrets they hold. */
  credentials: string[];
}

export function readRequest(inputs: Record<string, unknown>): Prepared {
  const method = String(inputs.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) throw new InputError(`method must be one of ${[...METHODS].join(', ')}, not '${method}'`);
  const url = readUrl(inputs.url);
  for (const [name, value] of Object.entries(contextOf(inputs.queryParameters, 'queryParameters'))) {
    if (value !== null && value !== undefined) url.searchParams.append(name, text(value));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(contextOf(inputs.headers, 'headers'))) {
    if (value !== null && value !== undefined) headers[name.toLowerCase()] = text(value);
  }
  const credentials = authenticate(contextOf(inputs.authentication, 'authentication'), headers, url);
  const body = readBody(inputs.body, method, inputs.ignoreNullValues === true || inputs.ignoreNullValues === 'true', headers);
  return {
    request: {
      method,
      url,
      headers,
      body,
      followRedirects: inputs.followRedirects === true || inputs.followRedirects === 'true',
      connectTimeoutMs: seconds(inputs.connectionTimeoutInSeconds, 'connectionTimeoutInSeconds') * 1000,
      readTimeoutMs: seconds(inputs.readTimeoutInSeconds, 'readTimeoutInSeconds') * 1000,
    },
    credentials,
  };
}

function readUrl(value: unknown): URL {
  if (typeof value !== 'string' || !value.trim()) throw new InputError('url is missing: the REST connector needs the URL to call');
  try {
    return new URL(value.trim());
  } catch {
    // Not echoed: it may hold a secret.
    throw new InputError('url is not a valid absolute URL');
  }
}

/** Sets the headers (or query parameter) an authentication type asks for; returns the credential values made. */
function authenticate(auth: Record<string, unknown>, headers: Record<string, string>, url: URL): string[] {
  const type = auth.type ?? 'noAuth';
  switch (type) {
    case 'noAuth':
      return [];
    case 'basic': {
      const value = `Basic ${Buffer.from(`${text(auth.username ?? '')}:${text(auth.password ?? '')}`).toString('base64')}`;
      headers.authorization = value;
      return [value, value.slice('Basic '.length)];
    }
    case 'bearer': {
      if (auth.token === undefined || auth.token === null || auth.token === '')
        throw new InputError('authentication.token is missing for bearer authentication');
      headers.authorization = `Bearer ${text(auth.token)}`;
      return [];
    }
    case 'apiKey': {
      const name = text(auth.name ?? '');
      if (!name) throw new InputError('authentication.name (the API key name) is missing for apiKey authentication');
      const value = text(auth.value ?? '');
      if ((auth.apiKeyLocation ?? 'headers') === 'query') url.searchParams.append(name, value);
      else headers[name.toLowerCase()] = value;
      return [];
    }
    default:
      throw new InputError(`authentication.type '${text(type)}' is not supported (use noAuth, basic, bearer or apiKey)`);
  }
}

/** A context body is sent as JSON; a text body as it is. JSON unless the diagram sets Content-Type. */
function readBody(body: unknown, method: string, ignoreNullValues: boolean, headers: Record<string, string>): string | undefined {
  if (body === undefined || body === null || body === '' || method === 'GET' || method === 'HEAD') return undefined;
  headers['content-type'] ??= 'application/json';
  if (typeof body === 'string') return body;
  return JSON.stringify(ignoreNullValues ? withoutNulls(body) : body);
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item)]),
  );
}

/** A context input; Camunda also accepts its JSON text. */
function contextOf(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    try {
      return contextOf(JSON.parse(value), field);
    } catch {
      throw new InputError(`${field} must be a context (a FEEL context or its JSON text)`);
    }
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${field} must be a context`);
  return value as Record<string, unknown>;
}

function seconds(value: unknown, field: string): number {
  if (value === undefined || value === null || value === '') return DEFAULT_TIMEOUT_SECONDS;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InputError(`${field} must be a number of seconds, not ${JSON.stringify(value)}`);
  return number === 0 ? MAX_TIMEOUT_SECONDS : Math.min(number, MAX_TIMEOUT_SECONDS);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
