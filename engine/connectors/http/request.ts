/**
 * One HTTP exchange of the REST connector, through node:http / node:https
 * with a DNS look-up of our own: the egress policy (./egress.ts) sees the
 * very address the socket connects to. (Node's fetch would need the undici
 * package for a connect-time look-up; node:http takes one as an option.)
 * Bounded in time (connect and read timeouts) and size (response bytes).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { EgressPolicy, EgressRefusedError } from './egress.js';

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Redirects are followed only when the diagram asks (`followRedirects`), each hop checked again by the egress policy. */
  followRedirects: boolean;
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else its text; null when empty. */
  body: unknown;
}

export type RequestFailureCode = 'TIMEOUT' | 'RESPONSE_TOO_LARGE' | 'EGRESS_REFUSED' | 'CONNECTION_FAILED' | 'TOO_MANY_REDIRECTS';

/** The exchange did not produce a response: no connection, a timeout, too large, refused by the egress policy. */
export class RequestFailure extends Error {
  constructor(
    readonly code: RequestFailureCode,
    message: string,
  ) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function send(request: HttpRequest, policy: EgressPolicy, maxResponseBytes: number): Promise<HttpResponse> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = await exchange(current, policy, maxResponseBytes);
    const location = response.headers.location;
    if (!current.followRedirects || !REDIRECTS.has(response.status) || !location) return response;
    if (hop >= MAX_REDIRECTS) throw new RequestFailure('TOO_MANY_REDIRECTS', `more than ${MAX_REDIRECTS} redirects from ${describe(request.url)}`);
    current = redirected(current, response.status, new URL(location, current.url));
  }
}

/** The request a redirect asks for: 303 (and 301/302 after a POST) become a GET without body, as browsers do; credentials stay with their origin. */
function redirected(request: HttpRequest, status: number, url: URL): HttpRequest {
  const asGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  const headers = { ...request.headers };
  if (url.origin !== request.url.origin) delete headers.authorization;
  if (asGet) {
    delete headers['content-type'];
    delete headers['content-length'];
  }
  return { ...request, url, headers, method: asGet ? 'GET' : request.method, body: asGet ? undefined : request.body };
}

function exchange(request: HttpRequest, policy: EgressPolicy, maxResponseBytes: number): Promise<HttpResponse> {
  const { url } = request;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new RequestFailure('CONNECTION_FAILED', `only http and https URLs can be called, not ${url.protocol}`));
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  try {
    // An address written in the URL is never looked up: it is checked here. A name is checked here against the deny list and again, resolved, at connect.
    policy.checkHost(host);
  } catch (error) {
    return Promise.reject(new RequestFailure('EGRESS_REFUSED', (error as Error).message));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // Settled once: a request destroyed for its size may still report an end of its response.
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      reject(asFailure(error, request));
      req.destroy();
    };
    const headers = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const req = client.request(url, { method: request.method, headers, agent: false, lookup: guardedLookup(policy, host) });
    const connectTimer = setTimeout(
      () => fail(new RequestFailure('TIMEOUT', `no connection to ${describe(url)} within ${request.connectTimeoutMs / 1000} s`)),
      request.connectTimeoutMs,
    );
    req.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.setTimeout(request.readTimeoutMs, () =>
      fail(new RequestFailure('TIMEOUT', `${describe(url)} sent nothing for ${request.readTimeoutMs / 1000} s (readTimeoutInSeconds)`)),
    );
    req.on('error', fail);
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      const tooLarge = () => new RequestFailure('RESPONSE_TOO_LARGE', `the response of ${describe(url)} is larger than ${maxResponseBytes} bytes`);
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) return fail(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) return fail(tooLarge());
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settled = true;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: parseBody(text) });
      });
    });
    req.end(request.body);
  });
}

/** Resolves as usual, then keeps only the addresses the policy lets through; none left fails the connection. */
function guardedLookup(policy: EgressPolicy, host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      let refusal: Error | undefined;
      const allowed = addresses.filter(({ address }) => {
        try {
          policy.checkAddress(address, host);
          return true;
        } catch (refused) {
          refusal ??= refused as Error;
          return false;
        }
      });
      if (!allowed.length) return callback(refusal ?? new Error(`'${hostname}' has no address`), '', 0);
      if (options.all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

function asFailure(error: Error, request: HttpRequest): RequestFailure {
  if (error instanceof RequestFailure) return error;
  if (error instanceof EgressRefusedError) return new RequestFailure('EGRESS_REFUSED', error.message);
  // Node wraps the errors of every address it tried (autoSelectFamily) in an AggregateError.
  const inner = error instanceof AggregateError ? error.errors.find((e) => e instanceof EgressRefusedError) : undefined;
  if (inner) return new RequestFailure('EGRESS_REFUSED', inner.message);
  const code = (error as NodeJS.ErrnoException).code;
  return new RequestFailure('CONNECTION_FAILED', `the request to ${describe(request.url)} failed: ${code ?? error.message}`);
}

/** The URL without its query and credentials: those may hold secrets. */
export function describe(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
