/** Connector discovery: runtimes register, the modeler reads templates (server/routes/connectors.ts). */
import { errors, jsonBody, jsonResponse, operation, ref, type Paths } from '../build.js';

const tags = ['Connectors'];
const READERS = ['viewer', 'deployer', 'operator', 'worker'];

export const connectorPaths: Paths = {
  '/api/connectors': {
    get: operation(READERS, {
      operationId: 'listConnectors',
      tags,
      summary: 'The connectors served now: built-in ones and those of registered connector runtimes',
      description: "A runtime's connectors are listed until its registration is 2 minutes old without a heartbeat. Built-ins have `runtime: \"built-in\"`.",
      responses: { '200': jsonResponse('The connectors, built-ins first, then by type.', ref('ConnectorList')) },
    }),
  },
  '/api/connectors/templates': {
    get: operation(READERS, {
      operationId: 'listConnectorTemplates',
      tags,
      summary: 'The element templates of the connectors served now, for the modeler',
      responses: { '200': jsonResponse('The templates, each id and version once.', { type: 'array', items: ref('ElementTemplate') }) },
    }),
  },
  '/api/connectors/registrations': {
    post: operation(['worker'], {
      operationId: 'registerConnectors',
      tags,
      summary: "Register a connector runtime's connectors (repeat it as a heartbeat)",
      description:
        "Replaces the runtime's previous registration. At most 100 connectors, each template at most 256 KiB as JSON (413); " +
        'a template must be a JSON object with `id` and `name` strings, a whole `version` if any, and no `__proto__` key (400).',
      requestBody: jsonBody(ref('ConnectorRegistration')),
      responses: { '200': jsonResponse('Recorded.', ref('ConnectorRegistrationResult')), ...errors(400, 413) },
    }),
  },
};
