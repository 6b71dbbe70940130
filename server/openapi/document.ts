/**
 * The OpenAPI 3.1 document of the REST API, served at GET
 * /api/openapi.json. Its operations are built from the route declarations
 * (server/routes, server/api/route.ts), so a route and its documentation
 * cannot part; the reusable schemas are in ./schemas.ts, and what is said
 * of the API as a whole is here. test/server/openapi.spec.ts checks that
 * the document is valid OpenAPI 3.1 and that the answers the tests get
 * validate against it.
 */
import type { RouteSpec } from '../api/route.js';
import { ROUTES } from '../routes/index.js';
import type { Json, Paths, Schema } from './build.js';
import { errors, json, operation, pathParam, ref } from './build.js';
import { schemas } from './schemas.js';

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, Json>;
  paths: Paths;
  components: { schemas: Record<string, Schema>; responses: Record<string, Json>; securitySchemes: Record<string, Json> };
  [key: string]: unknown;
}

const error = (description: string): Json => ({ description, content: { 'application/json': { schema: ref('Error') } } });

const DESCRIPTION = `Baton's REST API: deploy BPMN diagrams, start and drive process instances, serve user tasks and jobs, resolve incidents.

JSON in and out. Every error is \`{ "error": { "code", "message", "details" } }\` with a status from its kind; a stack trace is never sent.
Unknown paths answer 404 NOT_FOUND and known paths with another method 405 METHOD_NOT_ALLOWED.

**Authentication.** With API keys configured on the server, send one as \`Authorization: Bearer <key>\`: without a known key every operation
but the public ones (\`security: []\`) answers 401, with a key lacking the operation's role 403. \`x-baton-roles\` on each operation lists
the roles that may call it; \`admin\` may call everything. With no keys configured there is no authentication and the server listens on
a loopback address only.

**Limits.** Request bodies are limited (\`BATON_BODY_LIMIT\`, default 5 MB: 413); a variable is at most 256 KiB as JSON and the variables of
one request 4 MiB (413 with \`details.variable\`).`;

/** The operations of the declared routes, by OpenAPI path ('/api/instances/{id}') and method. */
export function pathsOf(routes: readonly RouteSpec[]): Paths {
  const paths: Paths = {};
  for (const spec of routes) {
    const path = spec.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    (paths[path] ??= {})[spec.method.toLowerCase()] = operationOf(spec);
  }
  return paths;
}

function operationOf(spec: RouteSpec): ReturnType<typeof operation> {
  const named = [...spec.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]);
  const undeclared = named.filter((name) => !spec.params?.[name]);
  if (undeclared.length) throw new Error(`${spec.method} ${spec.path}: declare the path parameters ${undeclared.join(', ')}`);
  const parameters: Json[] = [
    ...named.map((name) => pathParam(name, spec.params![name].description, spec.params![name].schema)),
    ...Object.entries(spec.query ?? {}).map(([name, { description, schema, required, content }]): Json => ({
      name,
      in: 'query',
      description,
      ...(required ? { required } : {}),
      ...(content ? { content } : { schema: schema ?? { type: 'string' } }),
    })),
  ];
  const requestBody = spec.body ? { required: spec.body.required ?? true, content: json(spec.body.schema as Schema) } : spec.rawBody;
  // Whatever the route declares is validated: a request that does not fit is a 400.
  const validated = spec.body || spec.query || spec.params || spec.rawBody;
  return operation(spec.roles, {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { ...spec.responses, ...(validated ? errors(400) : {}) },
  });
}

export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Baton REST API',
    version: '1.0.0',
    description: DESCRIPTION,
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/', description: 'The server this document came from.' }],
  security: [{ apiKey: [] }],
  tags: [
    { name: 'Deployments', description: 'Upload BPMN files.' },
    { name: 'Process definitions', description: 'Deployed versions: metadata, XML, suspend, activate, delete.' },
    { name: 'Instances', description: 'Start, read, list, cancel, change and migrate process instances.' },
    { name: 'Messages and signals' },
    { name: 'User tasks', description: 'Work for people.' },
    { name: 'Incidents', description: 'What stopped an instance, and running it again.' },
    { name: 'Jobs', description: 'Work for external workers in any language: activate, complete, fail, throw an error, extend the lock.' },
    {
      name: 'Connectors',
      description: 'Connector runtimes register the task types they serve with their element templates; the modeler offers the templates.',
    },
    { name: 'Environments', description: 'Deployments belong to an environment; versions are promoted along a path (by default dev -> staging -> prod).' },
    { name: 'Samples', description: 'The bundled sample diagrams, for the browser app.' },
    { name: 'Operations', description: 'Health, metrics, this document, the caller.' },
  ],
  paths: pathsOf(ROUTES),
  components: {
    schemas,
    securitySchemes: {
      apiKey: {
        type: 'http',
        scheme: 'bearer',
        description:
          'An API key configured on the server (BATON_API_KEYS or the BATON_CONFIG file), with roles: admin, deployer, operator, worker, user, viewer.',
      },
    },
    responses: {
      BadRequest: error(
        'BAD_REQUEST (malformed JSON or XML, wrong content), INVALID_ARGUMENT (a field or parameter with a wrong value) BPMN_PARSE_ERROR or DMN_PARSE_ERROR (a file that is not well-formed XML, with its line and column).',
      ),
      Unauthenticated: {
        description: 'UNAUTHENTICATED: API keys are configured and the request has none, or one the server does not know.',
        headers: { 'WWW-Authenticate': { schema: { const: 'Bearer' } } },
        content: { 'application/json': { schema: ref('Error') } },
      },
      Forbidden: error(
        'FORBIDDEN: the key has none of the roles the operation admits (`details.required` lists them), or it may not do this to this resource. ' +
          'Without API keys: FORBIDDEN_HOST (the `Host` is not a loopback name) or FORBIDDEN_ORIGIN (a state change asked by a page of another origin).',
      ),
      UnsupportedMediaType: error('UNSUPPORTED_MEDIA_TYPE: the body is not application/json (application/xml or multipart/form-data for deployments).'),
      NotFound: error('NOT_FOUND: no such process, version, instance, user task (or one the caller may not see), incident, job or sample.'),
      Timeout: error('TIMEOUT: the instance has not ended within `requestTimeoutMs`; it goes on running (`details.instanceId`).'),
      Conflict: error(
        'CONFLICT: the resource is not in a state that allows this (an ended instance, a suspended version, a task or job held by someone else, …).',
      ),
      PayloadTooLarge: error("LIMIT_EXCEEDED: the body is over the server's limit, or a variable over its limit (`details.variable` names it)."),
      Unprocessable: error(
        'VALIDATION_ERROR (a diagram cannot run: `details.problems`, each with its elementId), MIGRATION_REFUSED (an active element has no target) or PROMOTION_REFUSED (the target environment lacks values the version reads: `details.missing`).',
      ),
      Unexpected: error('INTERNAL (500): the server failed; the cause is logged, never sent.'),
    },
  },
};
