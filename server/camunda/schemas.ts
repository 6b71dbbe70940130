/**
 * Request schemas of the Camunda 8 operations Baton serves, as the Camunda
 * 8 REST API's OpenAPI document writes them (additionalProperties: false),
 * restricted where Baton serves less: a tenant can only be `<default>`.
 */
import type { Schema } from '../openapi/build.js';

export const DEFAULT_TENANT = '<default>';

export const longKey: Schema = { type: 'string', pattern: '^-?[0-9]+$', minLength: 1, maxLength: 25 };
export const tenantId: Schema = { type: 'string', enum: [DEFAULT_TENANT], description: 'Baton has one tenant.' };
export const variables: Schema = { type: ['object', 'null'], additionalProperties: true };
const names: Schema = { type: 'array', items: { type: 'string', maxLength: 256 }, maxItems: 1000 };

export const closed = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...(required.length ? { required } : {}),
});

export const JobActivationRequest = closed(
  {
    type: { type: 'string', minLength: 1, maxLength: 256 },
    worker: { type: 'string', minLength: 1, maxLength: 256 },
    timeout: { type: 'integer', minimum: 1 },
    maxJobsToActivate: { type: 'integer', minimum: 1 },
    fetchVariable: names,
    requestTimeout: { type: 'integer' },
    tenantIds: { type: 'array', items: tenantId, maxItems: 1 },
    tenantFilter: { type: 'string', enum: ['PROVIDED'] },
  },
  ['type', 'timeout', 'maxJobsToActivate'],
);

export const JobCompletionRequest = closed({
  variables,
  result: closed({ type: { type: 'string', enum: ['userTask'] }, denied: { type: ['boolean', 'null'] }, deniedReason: { type: ['string', 'null'] } }, ['type']),
});

export const JobFailRequest = closed({
  retries: { type: 'integer', minimum: 0 },
  errorMessage: { type: 'string' },
  retryBackOff: { type: 'integer', minimum: 0 },
});

export const JobErrorRequest = closed({ errorCode: { type: 'string', minLength: 1 }, errorMessage: { type: ['string', 'null'] }, variables }, ['errorCode']);

export const JobUpdateRequest = closed(
  {
    changeset: closed({ retries: { type: ['integer', 'null'] }, timeout: { type: ['integer', 'null'], minimum: 1 } }),
    operationReference: { type: 'integer', minimum: 1 },
  },
  ['changeset'],
);

const page: Schema = closed({
  limit: { type: 'integer', minimum: 1, maximum: 1000 },
  after: { type: 'string', maxLength: 1000 },
  from: { type: 'integer', enum: [0] },
});

/** A search request: `filter` as the operation describes it, a page by Baton's cursor (`after` is the previous page's endCursor). */
export const searchQuery = (filter: Record<string, Schema>): Schema =>
  closed({ filter: closed(filter), page, sort: { type: 'array', maxItems: 0, description: 'Baton sorts by key only.' } });

export const ProcessInstanceCreationInstruction = closed(
  {
    processDefinitionId: { type: 'string', minLength: 1, maxLength: 256 },
    processDefinitionVersion: { type: 'integer', minimum: -1 },
    processDefinitionKey: longKey,
    variables,
    tenantId,
    awaitCompletion: { type: 'boolean' },
    fetchVariables: names,
    requestTimeout: { type: 'integer', minimum: 0 },
    businessId: { type: 'string', maxLength: 256 },
  },
  [],
);

export const MessagePublicationRequest = closed(
  {
    name: { type: 'string', minLength: 1, maxLength: 256 },
    correlationKey: { type: 'string', maxLength: 256 },
    timeToLive: { type: 'integer', minimum: 0 },
    messageId: { type: 'string', maxLength: 256 },
    variables,
    tenantId,
  },
  ['name'],
);

export const MessageCorrelationRequest = closed(
  { name: { type: 'string', minLength: 1, maxLength: 256 }, correlationKey: { type: 'string', maxLength: 256 }, variables, tenantId },
  ['name'],
);

export const SignalBroadcastRequest = closed({ signalName: { type: 'string', minLength: 1, maxLength: 256 }, variables, tenantId }, ['signalName']);

export const ProcessInstanceFilter = {
  processInstanceKey: longKey,
  processDefinitionId: { type: 'string', maxLength: 256 },
  processDefinitionKey: longKey,
  state: { type: 'string', enum: ['ACTIVE', 'COMPLETED', 'TERMINATED'] },
  hasIncident: { type: 'boolean' },
  parentProcessInstanceKey: longKey,
  tenantId,
};

export const UserTaskFilter = {
  userTaskKey: longKey,
  processInstanceKey: longKey,
  processDefinitionId: { type: 'string', maxLength: 256 },
  assignee: { type: 'string', maxLength: 256 },
  candidateGroup: { type: 'string', maxLength: 256 },
  state: { type: 'string', enum: ['CREATED'], description: 'Baton keeps open tasks only.' },
  tenantId,
};

export const UserTaskAssignmentRequest = closed(
  { assignee: { type: 'string', minLength: 1, maxLength: 256 }, allowOverride: { type: ['boolean', 'null'] }, action: { type: ['string', 'null'] } },
  ['assignee'],
);

export const UserTaskCompletionRequest = closed({ variables, action: { type: ['string', 'null'] } });

export const IncidentFilter = {
  processInstanceKey: longKey,
  processDefinitionId: { type: 'string', maxLength: 256 },
  state: { type: 'string', enum: ['ACTIVE'], description: 'Baton keeps open incidents only.' },
  tenantId,
};
