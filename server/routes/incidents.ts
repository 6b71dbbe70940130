/** Incidents: list the open ones across instances, read one, resolve one (its id names its instance). */
import { pageParams, type PageQuery } from '../api/parameters.js';
import { route } from '../api/route.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

const tags = ['Incidents'];
const ID = { id: { description: 'The incident id, `<instanceId>-<n>`.' } };

export const incidentRoutes = [
  route<unknown, PageQuery & { processId?: string; instanceId?: string }>({
    method: 'GET',
    path: '/api/incidents',
    roles: ['viewer', 'operator'],
    operationId: 'listIncidents',
    tags,
    summary: 'List open incidents across instances',
    query: { processId: { description: 'Incidents of this process.' }, instanceId: { description: 'Incidents of this instance.' }, ...pageParams },
    responses: { '200': jsonResponse('A page of incidents.', ref('IncidentPage')) },
    handler: (_ctx, { query }, { engine }) => engine.incidents(query),
  }),
  route<unknown, unknown, { id: string }>({
    method: 'GET',
    path: '/api/incidents/:id',
    roles: ['viewer', 'operator'],
    operationId: 'getIncident',
    tags,
    summary: 'An open incident with its instance',
    params: ID,
    responses: { '200': jsonResponse('The incident.', ref('Incident')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.getIncident(params.id),
  }),
  route<{ retries?: number }, unknown, { id: string }>({
    method: 'POST',
    path: '/api/incidents/:id/resolve',
    roles: ['operator'],
    operationId: 'resolveIncident',
    tags,
    summary: 'Run the failed part again',
    description: 'Fix the cause first (set variables, deploy a handler). A failed job is created again with `retries` attempts.',
    params: ID,
    body: { schema: ref('ResolveIncidentRequest'), required: false },
    responses: { '200': jsonResponse('The instance, with the failed part running again.', ref('Instance')), ...errors(404, 409, 413) },
    handler: async (_ctx, { params, body }, { engine }) => {
      const incident = await engine.getIncident(params.id);
      await engine.resolveIncident(incident.instanceId, incident.id, { retries: body.retries });
      return engine.getInstance(incident.instanceId);
    },
  }),
];
