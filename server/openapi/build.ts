/**
 * Small builders for the OpenAPI document (./document.ts): an operation
 * with its roles, JSON bodies, and the shared error responses. They only
 * shorten what is written; the document they build is plain JSON.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };
export type Schema = { [key: string]: Json | undefined };

/** The roles a route admits besides admin (server/auth.ts ROUTE_ACCESS), or 'public': no key needed. */
export type Roles = 'public' | readonly string[];

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  security?: Json[];
  /** Every role that may call the operation, admin included; absent on public operations. */
  'x-baton-roles'?: string[];
}

/** Paths as OpenAPI writes them (`/api/instances/{id}`), then lower-case methods. */
export type Paths = Record<string, Record<string, Operation>>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** An object schema that admits only the properties it lists. */
export const closed = (required: string[], properties: Record<string, Schema>, description?: string): Schema => ({
  type: 'object',
  ...(description ? { description } : {}),
  required,
  properties,
  additionalProperties: false,
});

/** A JSON response or request content. */
export const json = (schema: Schema): Json => ({ 'application/json': { schema } });

/** A response with a JSON body. */
export const jsonResponse = (description: string, schema: Schema): Json => ({ description, content: json(schema) });

/** A required JSON request body. */
export const jsonBody = (schema: Schema, required = true): Json => ({ required, content: json(schema) });

/** The error responses of components.responses, by status. */
export const ERROR_RESPONSES = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  408: 'Timeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Unprocessable',
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** `{ '404': { $ref: '#/components/responses/NotFound' }, … }` for the statuses given. */
export function errors(...statuses: ErrorStatus[]): Record<string, Json> {
  return Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/${ERROR_RESPONSES[status]}` }]));
}

export const pathParam = (name: string, description: string, schema: Schema = { type: 'string', minLength: 1 }): Json => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

export const queryParam = (name: string, description: string, schema: Schema = { type: 'string' }): Json => ({ name, in: 'query', description, schema });

/**
 * An operation. A protected one (not 'public') gets its roles as
 * `x-baton-roles` and the 401 and 403 answers every protected route can
 * give; a public one overrides the document's security with none. Every
 * operation gets the `default` answer (500 INTERNAL, never a stack trace).
 */
export function operation(roles: Roles, spec: Omit<Operation, 'security' | 'x-baton-roles'>): Operation {
  // Every route may refuse a foreign Host or Origin (403, server/cross-site.ts); one with a body, a body of another type (415).
  const common = { ...errors(403), ...(spec.requestBody ? errors(415) : {}), default: { $ref: '#/components/responses/Unexpected' } };
  if (roles === 'public') return { ...spec, security: [], responses: { ...spec.responses, ...common } };
  return { ...spec, 'x-baton-roles': ['admin', ...roles], responses: { ...spec.responses, ...errors(401), ...common } };
}
