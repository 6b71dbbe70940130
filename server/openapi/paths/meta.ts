/** Health, metrics, this document, the caller, the bundled samples (server/app.ts, routes/openapi.ts, me.ts, samples.ts). */
import { errors, jsonResponse, operation, pathParam, ref, type Paths } from '../build.js';

const EVERY_ROLE = ['viewer', 'deployer', 'operator', 'worker', 'user'];

export const metaPaths: Paths = {
  '/health': {
    get: operation('public', {
      operationId: 'health',
      tags: ['Operations'],
      summary: 'Liveness, for load balancers (no key needed)',
      responses: { '200': jsonResponse('The server is up.', ref('Health')) },
    }),
  },
  '/metrics': {
    get: operation(['viewer'], {
      operationId: 'metrics',
      tags: ['Operations'],
      summary: 'Metrics in the Prometheus text format',
      responses: {
        '200': { description: 'Instances, jobs, incidents, step and HTTP request durations.', content: { 'text/plain': { schema: { type: 'string' } } } },
      },
    }),
  },
  '/api/openapi.json': {
    get: operation('public', {
      operationId: 'openapi',
      tags: ['Operations'],
      summary: 'This OpenAPI 3.1 document (no key needed)',
      responses: { '200': jsonResponse('The document.', ref('OpenApiDocument')) },
    }),
  },
  '/api/me': {
    get: operation(EVERY_ROLE, {
      operationId: 'me',
      tags: ['Operations'],
      summary: "The caller: its key's name, roles and groups",
      description: 'Without configured keys: `{ anonymous: true, name: "anonymous", roles: ["admin"], groups: [] }`.',
      responses: { '200': jsonResponse('Who is calling.', ref('Identity')) },
    }),
  },
  '/api/samples': {
    get: operation(EVERY_ROLE, {
      operationId: 'listSamples',
      tags: ['Samples'],
      summary: 'The bundled sample diagrams',
      responses: { '200': jsonResponse('The samples.', ref('SampleList')) },
    }),
  },
  '/api/samples/{name}': {
    get: operation(EVERY_ROLE, {
      operationId: 'getSample',
      tags: ['Samples'],
      summary: 'A sample diagram',
      parameters: [pathParam('name', 'The file name from the listing.', { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.bpmn$' })],
      responses: {
        '200': { description: 'The BPMN XML.', content: { 'application/xml': { schema: { type: 'string' } } } },
        ...errors(404),
      },
    }),
  },
};
