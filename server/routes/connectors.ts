/**
 * Connector discovery: connector runtimes register the task types they serve
 * with their element templates (and repeat it as a heartbeat); the modeler
 * reads the templates. The registry is server/connectors/registry.ts, which
 * checks each template itself (size, `__proto__` keys).
 */
import { route } from '../api/route.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

const tags = ['Connectors'];
const READERS = ['viewer', 'deployer', 'operator', 'worker'] as const;

export const connectorRoutes = [
  route({
    method: 'GET',
    path: '/api/connectors',
    roles: READERS,
    operationId: 'listConnectors',
    tags,
    summary: 'The connectors served now: built-in ones and those of registered connector runtimes',
    description: 'A runtime\'s connectors are listed until its registration is 2 minutes old without a heartbeat. Built-ins have `runtime: "built-in"`.',
    responses: { '200': jsonResponse('The connectors, built-ins first, then by type.', ref('ConnectorList')) },
    handler: (_ctx, _input, { connectors }) => ({ items: connectors.list() }),
  }),
  route({
    method: 'GET',
    path: '/api/connectors/templates',
    roles: READERS,
    operationId: 'listConnectorTemplates',
    tags,
    summary: 'The element templates of the connectors served now, for the modeler',
    responses: { '200': jsonResponse('The templates, each id and version once.', { type: 'array', items: ref('ElementTemplate') }) },
    handler: (_ctx, _input, { connectors }) => connectors.templates(),
  }),
  route<Record<string, unknown>>({
    method: 'POST',
    path: '/api/connectors/registrations',
    // Connector runtimes (`baton connectors`) register what they serve with their worker key.
    roles: ['worker'],
    operationId: 'registerConnectors',
    tags,
    summary: "Register a connector runtime's connectors (repeat it as a heartbeat)",
    description:
      "Replaces the runtime's previous registration. At most 100 connectors, each template at most 256 KiB as JSON (413); " +
      'a template must be a JSON object with `id` and `name` strings, a whole `version` if any, and no `__proto__` key (400).',
    body: { schema: ref('ConnectorRegistration') },
    responses: { '200': jsonResponse('Recorded.', ref('ConnectorRegistrationResult')), ...errors(413) },
    handler: (_ctx, { body }, { connectors }) => connectors.register(body),
  }),
];
