/**
 * One declaration per HTTP endpoint: method, path, roles, documentation,
 * the schemas of its path and query parameters and body, its answers, and
 * its handler. From the declarations the server derives its Koa routes
 * (./mount.ts), the role table (ROUTE_ACCESS in server/auth.ts), request
 * validation (./validation.ts) and the OpenAPI document
 * (server/openapi/document.ts). Adding an endpoint means adding a
 * declaration to the resource's file in server/routes and listing nothing
 * anywhere else.
 */
import type { Context } from 'koa';
import type { Engine } from '../../engine/index.js';
import type { Access } from '../auth.js';
import type { ConnectorRegistry } from '../connectors/registry.js';
import type { DeployTargetRule } from '../deploy-targets.js';
import type { Metrics } from '../metrics.js';
import type { Json, Schema } from '../openapi/build.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A path or query parameter. Path parameters are always required. */
export interface Parameter {
  description: string;
  /** A string by default; `integer` and `boolean` parameters arrive converted. */
  schema?: Schema;
  required?: boolean;
  /** Documents the value as OpenAPI `content` instead of `schema` (a JSON-encoded value); validated as text. */
  content?: Json;
}

/** What handlers may use besides the request: the engine and the server's own parts. */
export interface Services {
  engine: Engine;
  connectors: ConnectorRegistry;
  metrics: Metrics;
  /** The OpenAPI document of this API. */
  openApi: object;
  /** Largest accepted request body, e.g. '5mb'. */
  bodyLimit: string;
  mayDeployTo?: DeployTargetRule;
  /** Where the bundled sample diagrams are. */
  samplesDir: string;
}

/** The request as validated against the declaration: `params` and `query` converted to their schema types. */
export interface Input<Body, Query, Params> {
  body: Body;
  query: Query;
  params: Params;
}

export interface RouteSpec<Body = unknown, Query = Record<string, unknown>, Params = Record<string, unknown>> {
  method: Method;
  /** As @koa/router writes it: '/api/instances/:id'. */
  path: string;
  roles: Access;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: Record<string, Parameter>;
  query?: Record<string, Parameter>;
  /** A JSON body; an absent body is validated as `{}`. */
  body?: { schema: Schema; required?: boolean };
  /** A body that is not JSON (deployments): documented as given, read by the handler itself. */
  rawBody?: Json;
  /** By status, as OpenAPI writes them (server/openapi/build.ts helps). */
  responses: Record<string, Json>;
  handler(ctx: Context, input: Input<Body, Query, Params>, services: Services): unknown;
}

/** Declares an endpoint; the type parameters say what the schemas admit, for the handler. */
export function route<Body = Record<string, never>, Query = Record<string, never>, Params = Record<string, never>>(
  spec: RouteSpec<Body, Query, Params>,
): RouteSpec {
  return spec as RouteSpec;
}
