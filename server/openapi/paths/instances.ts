/** Process instances: list, read, history, cancel, set variables, activate ad-hoc elements, migrate (server/routes/instances.ts, instance-search.ts, migration.ts). */
import { errors, json, jsonBody, jsonResponse, operation, pathParam, queryParam, ref, type Paths } from '../build.js';

const READERS = ['viewer', 'operator'];
const id = pathParam('id', 'The instance id.');
const tags = ['Instances'];
const time = (name: string, what: string) =>
  queryParam(name, `${what}: an ISO 8601 date or date-time (no zone means UTC).`, { type: 'string', examples: ['2026-05-01T10:00:00Z'] });

export const instancePaths: Paths = {
  '/api/instances': {
    get: operation(READERS, {
      operationId: 'listInstances',
      tags,
      summary: 'List instances, with filters and cursor pagination',
      parameters: [
        queryParam('processId', 'Instances of this process.'),
        queryParam('version', 'Instances of this version (needs processId).', { type: 'integer', minimum: 1 }),
        queryParam('status', 'Instances with this status.', ref('InstanceStatus')),
        queryParam('businessKey', 'Instances with this business key.'),
        queryParam('parentInstanceId', 'The instances that the call activities of this instance started.'),
        queryParam('hasIncidents', 'true: only instances with an open incident; false: only those without.', { enum: ['true', 'false'] }),
        time('startedAfter', 'Started at or after'),
        time('startedBefore', 'Started before'),
        time('endedAfter', 'Ended at or after'),
        time('endedBefore', 'Ended before'),
        {
          name: 'where',
          in: 'query',
          description: 'A search attribute filter, as URL-encoded JSON, e.g. `{"total":{"gt":10}}`. Never a database query: see SearchFilter.',
          content: json(ref('SearchFilter')),
        },
        queryParam('limit', 'Page size.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
        queryParam('after', "Cursor: a page's `next`."),
      ],
      responses: { '200': jsonResponse('A page of instances, by id.', ref('InstancePage')), ...errors(400) },
    }),
    post: operation(['operator'], {
      operationId: 'startInstanceByKey',
      tags,
      summary: 'Start an instance of the version a definition key names',
      description:
        'As `POST /api/processes/{processId}/instances`, but the version is named by its key (`order:3`): ' +
        'a key that is not deployed (or is deleted) is a 404, a suspended version a 409, `startableBy` a 403. ' +
        'With `awaitCompletion`, the answer waits until the instance has ended (408 after `requestTimeoutMs`).',
      requestBody: { required: true, content: json(ref('StartInstanceByKeyRequest')) },
      responses: {
        '201': {
          description: 'The instance.',
          headers: { Location: { description: 'The instance: `/api/instances/{id}`.', schema: { type: 'string' } } },
          content: json(ref('Instance')),
        },
        ...errors(400, 404, 408, 409, 413),
      },
    }),
  },
  '/api/instances/{id}': {
    get: operation(READERS, {
      operationId: 'getInstance',
      tags,
      summary: 'An instance: status, variables, active elements, incidents, parent',
      parameters: [id],
      responses: { '200': jsonResponse('The instance.', ref('Instance')), ...errors(404) },
    }),
  },
  '/api/instances/{id}/history': {
    get: operation(READERS, {
      operationId: 'getInstanceHistory',
      tags,
      summary: "An instance's history events, in order",
      parameters: [id],
      responses: { '200': jsonResponse('The events.', ref('HistoryList')), ...errors(404) },
    }),
  },
  '/api/instances/{id}/cancel': {
    post: operation(['operator'], {
      operationId: 'cancelInstance',
      tags,
      summary: 'Cancel an instance',
      description: 'Every token is withdrawn (jobs, user tasks, subscriptions and child instances removed); status `cancelled`.',
      parameters: [id],
      responses: { '200': jsonResponse('The cancelled instance.', ref('Instance')), ...errors(404, 409) },
    }),
  },
  '/api/instances/{id}/ad-hoc-activities/{tokenId}/activation': {
    post: operation(['operator'], {
      operationId: 'activateAdHocElements',
      tags,
      summary: 'Activate elements inside an active ad-hoc sub-process',
      description:
        "`tokenId` is the ad-hoc sub-process's among the instance's `activeElements`. 400 naming ids it cannot activate (nothing is activated then); 404 when the token is no active ad-hoc sub-process; 409 while it has an incident or is completing.",
      parameters: [id, pathParam('tokenId', 'The tokenId of the ad-hoc sub-process.')],
      requestBody: jsonBody(ref('AdHocActivationRequest')),
      responses: { '200': jsonResponse('The instance after the activation.', ref('Instance')), ...errors(400, 404, 409, 413) },
    }),
  },
  '/api/instances/{id}/secrets': {
    put: operation(['operator'], {
      operationId: 'setInstanceSecrets',
      tags,
      summary: "Replace an instance's own secrets",
      description:
        "Rotates them at once: the instance's next jobs, and those of the instances its call activities started (unless they set their own), get the new values. `{}` removes them. The answer lists names only; values are never returned.",
      parameters: [id],
      requestBody: jsonBody(ref('SetSecretsRequest')),
      responses: { '200': jsonResponse('The names of the secrets the instance sees.', ref('SecretNames')), ...errors(400, 404, 409, 413) },
    }),
    patch: operation(['operator'], {
      operationId: 'updateInstanceSecrets',
      tags,
      summary: "Set or remove some of an instance's own secrets, keeping the others",
      description: 'Atomic. The answer lists names only; values are never returned.',
      parameters: [id],
      requestBody: jsonBody(ref('UpdateSecretsRequest')),
      responses: { '200': jsonResponse('The names of the secrets the instance sees.', ref('SecretNames')), ...errors(400, 404, 409, 413) },
    }),
    get: operation(READERS, {
      operationId: 'getInstanceSecretNames',
      tags,
      summary: 'The names of the secrets an instance sees (never their values)',
      parameters: [id],
      responses: { '200': jsonResponse('Its own names and those it inherits.', ref('SecretNames')), ...errors(404) },
    }),
  },
  '/api/instances/{id}/variables': {
    put: operation(['operator'], {
      operationId: 'setInstanceVariables',
      tags,
      summary: "Set variables in an instance's root scope",
      parameters: [id],
      requestBody: jsonBody(ref('SetVariablesRequest')),
      responses: { '200': jsonResponse('The instance with the variables set.', ref('Instance')), ...errors(400, 404, 409, 413) },
    }),
  },
  '/api/instances/{id}/migrate': {
    post: operation(['operator'], {
      operationId: 'migrateInstance',
      tags,
      summary: 'Move a running instance to another version of its process',
      description: 'Refused (422 MIGRATION_REFUSED, `details.problems`) when an active element has no target in that version.',
      parameters: [id],
      requestBody: jsonBody(ref('MigrateRequest')),
      responses: { '200': jsonResponse('The migrated instance.', ref('Instance')), ...errors(400, 404, 409, 413, 422) },
    }),
  },
};
