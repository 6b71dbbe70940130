/** The CLI's client of the REST API: JSON or XML in, the API's JSON answer out, its error message on failure. */
import { RequestError, UsageError } from './errors.js';

export interface Client {
  request(method: string, path: string, body?: { json: unknown } | { xml: string }): Promise<unknown>;
}

export function httpClient(url: string, key: string | undefined): Client {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new UsageError(`--url '${url}' is not a URL`);
  }
  return {
    async request(method, path, body) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (key) headers.authorization = `Bearer ${key}`;
      let payload: string | undefined;
      if (body && 'xml' in body) {
        headers['content-type'] = 'application/xml';
        payload = body.xml;
      } else if (body) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      }
      const target = new URL(path.replace(/^\//, ''), base.href.endsWith('/') ? base : `${base.href}/`);
      let response: Response;
      try {
        response = await fetch(target, { method, headers, body: payload });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new RequestError(`cannot reach the Baton server at ${base.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
      }
      const text = await response.text();
      let answer: unknown;
      try {
        answer = text ? JSON.parse(text) : undefined;
      } catch {
        answer = undefined;
      }
      if (!response.ok) {
        const failure = (answer as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
        const message = failure?.message ?? (text.trim() || response.statusText);
        const details = failure?.details === undefined ? '' : `\n${JSON.stringify(failure.details, null, 2)}`;
        throw new RequestError(`${response.status} ${failure?.code ?? 'ERROR'}: ${message}${details}`);
      }
      return answer;
    },
  };
}
