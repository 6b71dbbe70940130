/** Process instances: start by definition key, read, list, history, cancel, set variables and secrets, activate ad-hoc elements, migrate. */
import { parseDefinitionKey, type AdHocActivation, type InstanceStatus } from '../../engine/index.js';
import { pageParams, type PageQuery } from '../api/parameters.js';
import { route } from '../api/route.js';
import { historyEventOnWire } from '../api/wire.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';
import { searchParams, searchQuery, type SearchQuery } from './instance-search.js';
import { startInstance, STARTED, type StartFields } from './processes.js';

const READERS = ['viewer', 'operator'] as const;
const tags = ['Instances'];
const ID = { id: { description: 'The instance id.' } };

interface Id {
  id: string;
}

interface ListQuery extends PageQuery, SearchQuery {
  processId?: string;
  order?: 'oldest' | 'newest';
  status?: InstanceStatus;
  businessKey?: string;
  parentInstanceId?: string;
  hasIncidents?: boolean;
}

export const instanceRoutes = [
  route<unknown, ListQuery>({
    method: 'GET',
    path: '/api/instances',
    roles: READERS,
    operationId: 'listInstances',
    tags,
    summary: 'List instances, with filters and cursor pagination',
    query: {
      processId: { description: 'Instances of this process.' },
      status: { description: 'Instances with this status.', schema: ref('InstanceStatus') },
      businessKey: { description: 'Instances with this business key.' },
      parentInstanceId: { description: 'The instances that the call activities of this instance started.' },
      hasIncidents: { description: 'true: only instances with an open incident; false: only those without.', schema: { type: 'boolean' } },
      order: {
        description: '`oldest` (default) or `newest` first. Ids sort by creation time, so the order is by id; `after` continues in the same order.',
        schema: { type: 'string', enum: ['oldest', 'newest'] },
      },
      ...searchQuery,
      ...pageParams,
    },
    responses: { '200': jsonResponse('A page of instances, by id.', ref('InstancePage')) },
    handler: (_ctx, { query }, { engine }) => {
      const { processId, status, businessKey, parentInstanceId, hasIncidents, limit, after, order } = query;
      const newestFirst = order === 'newest' ? true : undefined;
      return engine.queryInstances({ processId, status, businessKey, parentInstanceId, hasIncidents, limit, after, newestFirst, ...searchParams(query) });
    },
  }),
  route<StartFields & { definitionKey: string }>({
    method: 'POST',
    path: '/api/instances',
    roles: ['operator'],
    operationId: 'startInstanceByKey',
    tags,
    summary: 'Start an instance of the version a definition key names',
    description:
      'As `POST /api/processes/{processId}/instances`, but the version is named by its key (`order:3`): ' +
      'a key that is not deployed (or is deleted) is a 404, a suspended version a 409, `startableBy` a 403. ' +
      'With `awaitCompletion`, the answer waits until the instance has ended (408 after `requestTimeoutMs`).',
    body: { schema: ref('StartInstanceByKeyRequest') },
    responses: STARTED,
    handler: async (ctx, { body }, { engine }) => {
      await startInstance(engine, ctx, body, parseDefinitionKey(body.definitionKey));
    },
  }),
  route<unknown, unknown, Id>({
    method: 'GET',
    path: '/api/instances/:id',
    roles: READERS,
    operationId: 'getInstance',
    tags,
    summary: 'An instance: status, variables, active elements, incidents, parent',
    params: ID,
    responses: { '200': jsonResponse('The instance.', ref('Instance')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.getInstance(params.id),
  }),
  route<unknown, unknown, Id>({
    method: 'GET',
    path: '/api/instances/:id/history',
    roles: READERS,
    operationId: 'getInstanceHistory',
    tags,
    summary: "An instance's history events, in order",
    params: ID,
    responses: { '200': jsonResponse('The events.', ref('HistoryList')), ...errors(404) },
    handler: async (_ctx, { params }, { engine }) => {
      await engine.getInstance(params.id);
      return { items: (await engine.history(params.id)).map(historyEventOnWire) };
    },
  }),
  route<unknown, unknown, Id>({
    method: 'POST',
    path: '/api/instances/:id/cancel',
    roles: ['operator'],
    operationId: 'cancelInstance',
    tags,
    summary: 'Cancel an instance',
    description: 'Every token is withdrawn (jobs, user tasks, subscriptions and child instances removed); status `cancelled`.',
    params: ID,
    responses: { '200': jsonResponse('The cancelled instance.', ref('Instance')), ...errors(404, 409) },
    handler: async (_ctx, { params }, { engine }) => {
      await engine.cancel(params.id);
      return engine.getInstance(params.id);
    },
  }),
  route<{ variables: Record<string, unknown> }, unknown, Id>({
    method: 'PUT',
    path: '/api/instances/:id/variables',
    roles: ['operator'],
    operationId: 'setInstanceVariables',
    tags,
    summary: "Set variables in an instance's root scope",
    description: 'Each variable is checked against the size limits (413 naming it).',
    params: ID,
    body: { schema: ref('SetVariablesRequest') },
    responses: { '200': jsonResponse('The instance with the variables set.', ref('Instance')), ...errors(404, 409, 413) },
    handler: async (_ctx, { params, body }, { engine }) => {
      await engine.setVariables(params.id, body.variables);
      return engine.getInstance(params.id);
    },
  }),
  route<{ secrets: Record<string, string> }, unknown, Id>({
    method: 'PUT',
    path: '/api/instances/:id/secrets',
    roles: ['operator'],
    operationId: 'setInstanceSecrets',
    tags,
    summary: "Replace an instance's own secrets",
    description:
      "Rotates them at once: the instance's next jobs, and those of the instances its call activities started (unless they set their own), get the new values. `{}` removes them. The answer lists names only; values are never returned.",
    params: ID,
    body: { schema: ref('SetSecretsRequest') },
    responses: { '200': jsonResponse('The names of the secrets the instance sees.', ref('SecretNames')), ...errors(404, 409, 413) },
    handler: async (_ctx, { params, body }, { engine }) => {
      await engine.setSecrets(params.id, body.secrets);
      return engine.secretNames(params.id);
    },
  }),
  route<{ secrets: Record<string, string | null> }, unknown, Id>({
    method: 'PATCH',
    path: '/api/instances/:id/secrets',
    roles: ['operator'],
    operationId: 'updateInstanceSecrets',
    tags,
    summary: "Set or remove some of an instance's own secrets, keeping the others",
    description: 'Atomic. The answer lists names only; values are never returned.',
    params: ID,
    body: { schema: ref('UpdateSecretsRequest') },
    responses: { '200': jsonResponse('The names of the secrets the instance sees.', ref('SecretNames')), ...errors(404, 409, 413) },
    handler: async (_ctx, { params, body }, { engine }) => {
      await engine.updateSecrets(params.id, body.secrets);
      return engine.secretNames(params.id);
    },
  }),
  route<unknown, unknown, Id>({
    method: 'GET',
    path: '/api/instances/:id/secrets',
    roles: READERS,
    operationId: 'getInstanceSecretNames',
    tags,
    summary: 'The names of the secrets an instance sees (never their values)',
    params: ID,
    responses: { '200': jsonResponse('Its own names and those it inherits.', ref('SecretNames')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.secretNames(params.id),
  }),
  route<{ elements: AdHocActivation[] }, unknown, Id & { tokenId: string }>({
    method: 'POST',
    path: '/api/instances/:id/ad-hoc-activities/:tokenId/activation',
    roles: ['operator'],
    operationId: 'activateAdHocElements',
    tags,
    summary: 'Activate elements inside an active ad-hoc sub-process',
    description:
      "`tokenId` is the ad-hoc sub-process's among the instance's `activeElements`. 400 naming ids it cannot activate (nothing is activated then); 404 when the token is no active ad-hoc sub-process; 409 while it has an incident or is completing.",
    params: { ...ID, tokenId: { description: 'The tokenId of the ad-hoc sub-process.' } },
    body: { schema: ref('AdHocActivationRequest') },
    responses: { '200': jsonResponse('The instance after the activation.', ref('Instance')), ...errors(404, 409, 413) },
    handler: async (_ctx, { params, body }, { engine }) => {
      await engine.activateAdHocElements(params.id, params.tokenId, body.elements);
      return engine.getInstance(params.id);
    },
  }),
  route<{ targetVersion: number; mapping?: Record<string, string> }, unknown, Id>({
    method: 'POST',
    path: '/api/instances/:id/migrate',
    roles: ['operator'],
    operationId: 'migrateInstance',
    tags,
    summary: 'Move a running instance to another version of its process',
    description: 'Refused (422 MIGRATION_REFUSED, `details.problems`) when an active element has no target in that version.',
    params: ID,
    body: { schema: ref('MigrateRequest') },
    responses: { '200': jsonResponse('The migrated instance.', ref('Instance')), ...errors(404, 409, 413, 422) },
    handler: (_ctx, { params, body }, { engine }) => engine.migrateInstance(params.id, { targetVersion: body.targetVersion, mapping: body.mapping ?? {} }),
  }),
];
