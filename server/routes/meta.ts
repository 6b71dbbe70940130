/** Health, metrics, this API's OpenAPI document, and the caller. */
import type { Identity } from '../auth.js';
import { route } from '../api/route.js';
import { jsonResponse, ref } from '../openapi/build.js';

const tags = ['Operations'];

export const metaRoutes = [
  route({
    method: 'GET',
    path: '/health',
    roles: 'public',
    operationId: 'health',
    tags,
    summary: 'Liveness, for load balancers (no key needed)',
    responses: { '200': jsonResponse('The server is up.', ref('Health')) },
    handler: () => ({ status: 'ok' }),
  }),
  route({
    method: 'GET',
    path: '/metrics',
    roles: ['viewer'],
    operationId: 'metrics',
    tags,
    summary: 'Metrics in the Prometheus text format',
    responses: {
      '200': { description: 'Instances, jobs, incidents, step and HTTP request durations.', content: { 'text/plain': { schema: { type: 'string' } } } },
    },
    handler: async (ctx, _input, { metrics }) => {
      const { contentType, body } = await metrics.text();
      ctx.type = contentType;
      return body;
    },
  }),
  route({
    method: 'GET',
    path: '/api/openapi.json',
    // The API's description is no secret: clients and tools read it before they have a key.
    roles: 'public',
    operationId: 'openapi',
    tags,
    summary: 'This OpenAPI 3.1 document (no key needed)',
    responses: { '200': jsonResponse('The document.', ref('OpenApiDocument')) },
    handler: (_ctx, _input, { openApi }) => openApi,
  }),
  route({
    method: 'GET',
    path: '/api/me',
    // Any key: the browser app asks who it is (roles decide what it shows).
    roles: ['viewer', 'deployer', 'operator', 'worker', 'user'],
    operationId: 'me',
    tags,
    summary: "The caller: its key's name, roles and groups",
    description: 'Without configured keys: `{ anonymous: true, name: "anonymous", roles: ["admin"], groups: [] }`.',
    responses: { '200': jsonResponse('Who is calling.', ref('Identity')) },
    handler: (ctx) => {
      const identity = ctx.state.identity as Identity | undefined;
      // Without configured keys there is no identity: every caller is an anonymous admin (server/auth.ts).
      return identity
        ? { name: identity.name, roles: identity.roles, groups: identity.groups }
        : { anonymous: true, name: 'anonymous', roles: ['admin'], groups: [] };
    },
  }),
];
