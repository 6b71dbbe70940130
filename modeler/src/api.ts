/**
 * The REST API as the browser app uses it: a typed fetch wrapper that sends
 * the API key as a Bearer token and turns every error answer into an
 * ApiError carrying the server's { code, message, details }.
 */
import type { Answer, Schemas } from './api-operations.js';
import type { ElementTemplate } from './modeler/template-types.js';

/** Who the key belongs to; `anonymous` when the server has no API keys configured (everyone is an admin). */
export type Identity = Schemas['Identity'];
export type Role = Identity['roles'][number];
export type Problem = Schemas['ValidationProblem'];
export type DeployedProcess = Schemas['DeployedProcess'];
export type SkippedProcess = Schemas['SkippedProcess'];
export type DeployResult = Schemas['DeployResult'];
export type DryRunResult = Schemas['DryRunResult'];
export type Sample = Schemas['Sample'];
/** A task type the server knows: `handler` when its engine serves it, `unserved` when a deployed diagram uses it and nothing serves it. */
export type TaskType = Schemas['TaskTypes']['items'][number];
export type Environment = Schemas['Environment'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Validation problems of a refused deployment (422), if any. */
  get problems(): Problem[] {
    const problems = (this.details as { problems?: unknown } | undefined)?.problems;
    return Array.isArray(problems) ? (problems as Problem[]) : [];
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/xml. */
  xml?: string;
  /** Read the answer as text instead of JSON. */
  text?: boolean;
}

export class Api {
  /** Called when the server answers 401: the key is gone or was never valid. */
  onUnauthorized: (error: ApiError) => void = () => {};

  constructor(
    private readonly base = '',
    private key: string | undefined = undefined,
  ) {}

  setKey(key: string | undefined): void {
    this.key = key;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    let body: string | undefined;
    if (options.xml !== undefined) {
      headers['content-type'] = 'application/xml';
      body = options.xml;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await fetch(this.base + path + queryString(options.query), { method, headers, body });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', `the server cannot be reached (${(error as Error).message})`);
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401) this.onUnauthorized(error);
      throw error;
    }
    if (options.text) return (await response.text()) as T;
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  me(): Promise<Answer<'me'>> {
    return this.request('GET', '/api/me');
  }

  samples(): Promise<Answer<'listSamples'>> {
    return this.request('GET', '/api/samples');
  }

  sample(name: string): Promise<string> {
    return this.request('GET', `/api/samples/${encodeURIComponent(name)}`, { text: true });
  }

  deploy(xml: string, { name, environment }: { name?: string; environment?: string } = {}): Promise<DeployResult> {
    return this.request('POST', '/api/deployments', { xml, query: { name, environment: environment || undefined } });
  }

  /** `name`: the file name, which says whether it is BPMN or DMN (.dmn). */
  dryRun(xml: string, name?: string): Promise<DryRunResult> {
    return this.request('POST', '/api/deployments', { xml, query: { dryRun: true, name } });
  }

  /** The environments the server has configured (deploy targets). */
  environments(): Promise<Answer<'listEnvironments'>> {
    return this.request('GET', '/api/environments');
  }

  taskTypes(): Promise<Answer<'listTaskTypes'>> {
    return this.request('GET', '/api/task-types');
  }

  /** The element templates of the connectors registered with the server. */
  connectorTemplates(): Promise<ElementTemplate[]> {
    return this.request('GET', '/api/connectors/templates');
  }
}

function queryString(query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (error?.message) return new ApiError(response.status, error.code ?? 'ERROR', error.message, error.details);
  } catch {
    // not the API's JSON error shape
  }
  return new ApiError(
    response.status,
    `HTTP_${response.status}`,
    `${response.status} ${response.statusText || 'error'}${text ? `: ${text.slice(0, 200)}` : ''}`,
  );
}
