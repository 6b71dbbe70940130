/**
 * The calls a connector runtime makes to a Baton server: register its
 * connectors, and the jobs API for external workers (activate, complete,
 * fail, error). Answers other than 2xx become an ApiError with the API's
 * code and message.
 */
import type { ActivatedJob } from '../../engine/index.js';
import type { ConnectorOffer } from '../../server/connectors/registry.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export interface ActivateRequest {
  type: string;
  worker: string;
  maxJobs: number;
  lockMs: number;
  requestTimeoutMs: number;
  /** The jobs' instance secrets, for `{{secrets.NAME}}` (the runtime's key has the worker role). */
  withSecrets: boolean;
}

export class ServerApi {
  private readonly base: string;

  constructor(
    url: string,
    private readonly key?: string,
  ) {
    this.base = url.endsWith('/') ? url : `${url}/`;
  }

  register(runtime: string, connectors: ConnectorOffer[]): Promise<unknown> {
    return this.post('api/connectors/registrations', { runtime, connectors });
  }

  async activate(request: ActivateRequest, signal?: AbortSignal): Promise<ActivatedJob[]> {
    const { jobs } = (await this.post('api/jobs/activate', request, signal)) as { jobs: ActivatedJob[] };
    return jobs;
  }

  complete(key: string, body: { worker: string; variables: Record<string, unknown>; result?: { denied: boolean; deniedReason?: string } }): Promise<unknown> {
    return this.post(`api/jobs/${encodeURIComponent(key)}/complete`, body);
  }

  fail(key: string, body: { worker: string; retries: number; backoffMs: number; errorMessage: string }): Promise<unknown> {
    return this.post(`api/jobs/${encodeURIComponent(key)}/fail`, body);
  }

  error(key: string, body: { worker: string; errorCode: string; message?: string; variables: Record<string, unknown> }): Promise<unknown> {
    return this.post(`api/jobs/${encodeURIComponent(key)}/error`, body);
  }

  private async post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    const response = await fetch(new URL(path, this.base), { method: 'POST', headers, body: JSON.stringify(body), signal });
    const text = await response.text();
    const answer = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const failure = (answer as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(response.status, failure?.code ?? 'ERROR', failure?.message ?? (text.trim() || response.statusText));
    }
    return answer;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
