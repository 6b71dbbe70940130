/** Process definitions and their versions, and starting instances (server/routes/definitions.ts, processes.ts). */
import { errors, json, jsonBody, jsonResponse, operation, pathParam, queryParam, ref, type Paths } from '../build.js';

const READERS = ['viewer', 'deployer', 'operator'];
const processId = pathParam('processId', 'The process id (the `id` of the BPMN process).');
const version = pathParam('version', 'The version number.', { type: 'integer', minimum: 1 });
const tags = ['Process definitions'];

export const processPaths: Paths = {
  '/api/processes': {
    get: operation(READERS, {
      operationId: 'listDefinitions',
      tags,
      summary: 'List process definition versions',
      parameters: [
        queryParam('id', 'Exactly this process id.'),
        queryParam('name', 'Part of the name, ignoring case.'),
        queryParam('tag', 'Versions that carry this tag.'),
        queryParam('latest', 'Only the latest version of each process.', { enum: ['true', 'false'] }),
        queryParam('environment', 'Only versions of this environment.'),
      ],
      responses: { '200': jsonResponse('The versions.', ref('DefinitionList')), ...errors(400) },
    }),
  },
  '/api/processes/{processId}': {
    get: operation(READERS, {
      operationId: 'getDefinition',
      tags,
      summary: 'The latest version of a process',
      parameters: [processId],
      responses: { '200': jsonResponse('The latest version.', ref('Definition')), ...errors(404) },
    }),
  },
  '/api/processes/{processId}/versions': {
    get: operation(READERS, {
      operationId: 'listDefinitionVersions',
      tags,
      summary: 'Every version of a process, oldest first',
      parameters: [processId],
      responses: { '200': jsonResponse('The versions.', ref('DefinitionList')), ...errors(404) },
    }),
  },
  '/api/processes/{processId}/versions/{version}': {
    get: operation(READERS, {
      operationId: 'getDefinitionVersion',
      tags,
      summary: 'One version of a process',
      parameters: [processId, version],
      responses: { '200': jsonResponse('The version.', ref('Definition')), ...errors(400, 404) },
    }),
    patch: operation(['deployer'], {
      operationId: 'updateDefinitionVersion',
      tags,
      summary: "Change a version's description, tags or startableBy",
      parameters: [processId, version],
      requestBody: jsonBody(ref('DefinitionUpdate')),
      responses: { '200': jsonResponse('The version as changed.', ref('Definition')), ...errors(400, 404, 413) },
    }),
    delete: operation(['deployer'], {
      operationId: 'deleteDefinitionVersion',
      tags,
      summary: 'Delete a version that has no active instances',
      description: "When it was the latest, the previous version's start events take over. Its version number is never given again.",
      parameters: [processId, version],
      responses: { '204': { description: 'Deleted.' }, ...errors(400, 404, 409) },
    }),
  },
  '/api/processes/{processId}/versions/{version}/xml': {
    get: operation(READERS, {
      operationId: 'getDefinitionXml',
      tags,
      summary: 'The BPMN XML a version was deployed from',
      parameters: [processId, version],
      responses: {
        '200': { description: 'The XML as deployed.', content: { 'application/xml': { schema: { type: 'string' } } } },
        ...errors(400, 404),
      },
    }),
  },
  '/api/processes/{processId}/versions/{version}/suspend': {
    post: operation(['deployer'], {
      operationId: 'suspendDefinitionVersion',
      tags,
      summary: 'Suspend a version',
      description: 'It starts no instances (start: 409; its timer and message start events pause); its running instances go on.',
      parameters: [processId, version],
      responses: { '200': jsonResponse('The version, suspended.', ref('Definition')), ...errors(400, 404) },
    }),
  },
  '/api/processes/{processId}/versions/{version}/activate': {
    post: operation(['deployer'], {
      operationId: 'activateDefinitionVersion',
      tags,
      summary: 'Activate a suspended version',
      parameters: [processId, version],
      responses: { '200': jsonResponse('The version, active.', ref('Definition')), ...errors(400, 404) },
    }),
  },
  '/api/processes/{processId}/instances': {
    post: operation(['operator'], {
      operationId: 'startInstance',
      tags: ['Instances'],
      summary: 'Start an instance of the latest (or a given) version',
      description:
        'Answers once the first step has committed. With `awaitCompletion`, once the instance has ended, with its final status and variables; ' +
        'a 408 when it has not ended within `requestTimeoutMs` (it goes on running; `details.instanceId` names it). ' +
        'A version with `startableBy` may be started only by a key in one of those groups (403). A suspended version: 409.',
      parameters: [processId],
      requestBody: { required: false, content: json(ref('StartInstanceRequest')) },
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
};
