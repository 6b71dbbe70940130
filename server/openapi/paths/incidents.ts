/** Incidents (server/routes/incidents.ts). */
import { errors, json, jsonResponse, operation, pathParam, queryParam, ref, type Paths } from '../build.js';

const id = pathParam('id', 'The incident id, `<instanceId>-<n>`.');
const tags = ['Incidents'];

export const incidentPaths: Paths = {
  '/api/incidents': {
    get: operation(['viewer', 'operator'], {
      operationId: 'listIncidents',
      tags,
      summary: 'List open incidents across instances',
      parameters: [
        queryParam('processId', 'Incidents of this process.'),
        queryParam('instanceId', 'Incidents of this instance.'),
        queryParam('limit', 'Page size.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
        queryParam('after', "Cursor: a page's `next`."),
      ],
      responses: { '200': jsonResponse('A page of incidents.', ref('IncidentPage')), ...errors(400) },
    }),
  },
  '/api/incidents/{id}': {
    get: operation(['viewer', 'operator'], {
      operationId: 'getIncident',
      tags,
      summary: 'An open incident with its instance',
      parameters: [id],
      responses: { '200': jsonResponse('The incident.', ref('Incident')), ...errors(404) },
    }),
  },
  '/api/incidents/{id}/resolve': {
    post: operation(['operator'], {
      operationId: 'resolveIncident',
      tags,
      summary: 'Run the failed part again',
      description: 'Fix the cause first (set variables, deploy a handler). A failed job is created again with `retries` attempts.',
      parameters: [id],
      requestBody: { required: false, content: json(ref('ResolveIncidentRequest')) },
      responses: { '200': jsonResponse('The instance, with the failed part running again.', ref('Instance')), ...errors(400, 404, 409, 413) },
    }),
  },
};
