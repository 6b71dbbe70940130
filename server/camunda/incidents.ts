/**
 * Incidents on the Camunda 8 API: search the open ones, resolve one (a job's
 * incident gets its job back with one retry, as Zeebe's resolution after
 * the retries were raised).
 */
import type { Engine, IncidentDetails } from '../../engine/index.js';
import { route } from '../api/route.js';
import { elementId, idOf, keyOf } from './keys.js';
import { DEFAULT_TENANT, IncidentFilter, longKey, searchQuery } from './schemas.js';
import { pageOf, cursorIn } from './views.js';

const tags = ['Camunda 8: incidents'];

/** Baton's incident kinds in Camunda's error types. */
const ERROR_TYPE: Record<string, string> = {
  job: 'JOB_NO_RETRIES',
  expression: 'EXTRACT_VALUE_ERROR',
  bpmnError: 'UNHANDLED_ERROR_EVENT',
  noFlow: 'CONDITION_ERROR',
  calledElement: 'CALLED_ELEMENT_ERROR',
};

interface Search {
  filter?: { processInstanceKey?: string; processDefinitionId?: string };
  page?: { limit?: number; after?: string };
}

export const camundaIncidentRoutes = [
  route<Search>({
    method: 'POST',
    path: '/v2/incidents/search',
    roles: ['viewer', 'operator'],
    operationId: 'camunda.searchIncidents',
    tags,
    summary: 'Search open incidents',
    body: { schema: searchQuery(IncidentFilter), required: false },
    responses: { '200': { description: 'A page of incidents.' } },
    handler: async (_ctx, { body }, { engine }) => {
      const { filter = {}, page = {} } = body;
      const result = await engine.incidents({
        instanceId: filter.processInstanceKey === undefined ? undefined : await idOf(engine, 'instance', filter.processInstanceKey),
        processId: filter.processDefinitionId,
        limit: page.limit,
        after: cursorIn(page.after),
      });
      const items = await Promise.all(result.items.map((incident) => incidentResult(engine, incident)));
      return { items, page: pageOf(items.length, result.next) };
    },
  }),
  route<unknown, unknown, { incidentKey: string }>({
    method: 'POST',
    path: '/v2/incidents/:incidentKey/resolution',
    roles: ['operator'],
    operationId: 'camunda.resolveIncident',
    tags,
    summary: 'Resolve an incident',
    params: { incidentKey: { description: 'The incident key.', schema: longKey } },
    body: {
      schema: { type: ['object', 'null'], additionalProperties: false, properties: { operationReference: { type: 'integer', minimum: 1 } } },
      required: false,
    },
    responses: { '204': { description: 'Resolved.' } },
    handler: async (ctx, { params }, { engine }) => {
      const incident = await engine.getIncident(await idOf(engine, 'incident', params.incidentKey));
      await engine.resolveIncident(incident.instanceId, incident.id, incident.jobKey === undefined ? {} : { retries: 1 });
      ctx.status = 204;
    },
  }),
];

async function incidentResult(engine: Engine, incident: IncidentDetails) {
  const [incidentKey, processInstanceKey, processDefinitionKey, jobKey] = await Promise.all([
    keyOf(engine, 'incident', incident.id),
    keyOf(engine, 'instance', incident.instanceId),
    keyOf(engine, 'definition', incident.definitionKey),
    incident.jobKey === undefined ? null : keyOf(engine, 'job', incident.jobKey),
  ]);
  return {
    incidentKey,
    processDefinitionKey,
    processInstanceKey,
    elementInstanceKey: await keyOf(engine, 'element', elementId(incident.instanceId, incident.id)),
    creationTime: incident.createdAt,
    state: 'ACTIVE',
    errorType: ERROR_TYPE[incident.kind] ?? 'UNKNOWN',
    errorMessage: incident.message,
    elementId: incident.elementId,
    processDefinitionId: incident.processId,
    rootProcessInstanceKey: null,
    jobKey,
    tenantId: DEFAULT_TENANT,
  };
}
