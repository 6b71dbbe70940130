/**
 * Process definitions and their versions: list (filters id, name, tag,
 * latest), the latest version, version history, one version, its XML,
 * metadata changes, suspend / activate, delete. Starting instances is in
 * processes.ts, which asks `checkMayStart` here.
 */
import type { Context } from 'koa';
import { mayStart, type DefinitionUpdate, type Engine } from '../../engine/index.js';
import { processIdParam, versionParam } from '../api/parameters.js';
import { route } from '../api/route.js';
import { HttpError } from '../errors.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

/** The caller as the auth middleware puts it on `ctx.state.identity`; absent without auth. */
interface Caller {
  name: string;
  roles: readonly string[];
  groups: readonly string[];
}

const READERS = ['viewer', 'deployer', 'operator'] as const;
const tags = ['Process definitions'];
const PROCESS = { processId: processIdParam };
const VERSION = { processId: processIdParam, version: versionParam };

interface ProcessParams {
  processId: string;
}
interface VersionParams extends ProcessParams {
  version: number;
}
interface ListQuery {
  id?: string;
  name?: string;
  tag?: string;
  latest?: boolean;
  environment?: string;
}

export const definitionRoutes = [
  route<unknown, ListQuery>({
    method: 'GET',
    path: '/api/processes',
    roles: READERS,
    operationId: 'listDefinitions',
    tags,
    summary: 'List process definition versions',
    query: {
      id: { description: 'Exactly this process id.' },
      name: { description: 'Part of the name, ignoring case.' },
      tag: { description: 'Versions that carry this tag.' },
      latest: { description: 'Only the latest version of each process.', schema: { type: 'boolean' } },
      environment: { description: 'Only versions of this environment.' },
    },
    responses: { '200': jsonResponse('The versions.', ref('DefinitionList')) },
    handler: async (_ctx, { query: { id, name, tag, latest = false, environment } }, { engine }) => ({
      items: await engine.definitions({ processId: id, name, tag, latest, environment }),
    }),
  }),
  route<unknown, unknown, ProcessParams>({
    method: 'GET',
    path: '/api/processes/:processId',
    roles: READERS,
    operationId: 'getDefinition',
    tags,
    summary: 'The latest version of a process',
    params: PROCESS,
    responses: { '200': jsonResponse('The latest version.', ref('Definition')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.definition(params.processId),
  }),
  route<unknown, unknown, ProcessParams>({
    method: 'GET',
    path: '/api/processes/:processId/versions',
    roles: READERS,
    operationId: 'listDefinitionVersions',
    tags,
    summary: 'Every version of a process, oldest first',
    params: PROCESS,
    responses: { '200': jsonResponse('The versions.', ref('DefinitionList')), ...errors(404) },
    handler: async (_ctx, { params }, { engine }) => ({ items: await engine.definitionVersions(params.processId) }),
  }),
  route<unknown, unknown, VersionParams>({
    method: 'GET',
    path: '/api/processes/:processId/versions/:version',
    roles: READERS,
    operationId: 'getDefinitionVersion',
    tags,
    summary: 'One version of a process',
    params: VERSION,
    responses: { '200': jsonResponse('The version.', ref('Definition')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.definition(params.processId, params.version),
  }),
  route<unknown, unknown, VersionParams>({
    method: 'GET',
    path: '/api/processes/:processId/versions/:version/xml',
    roles: READERS,
    operationId: 'getDefinitionXml',
    tags,
    summary: 'The BPMN XML a version was deployed from',
    params: VERSION,
    responses: {
      '200': { description: 'The XML as deployed.', content: { 'application/xml': { schema: { type: 'string' } } } },
      ...errors(404),
    },
    handler: async (ctx, { params }, { engine }) => {
      const xml = await engine.definitionXml(params.processId, params.version);
      ctx.type = 'application/xml';
      return xml;
    },
  }),
  route<DefinitionUpdate, unknown, VersionParams>({
    method: 'PATCH',
    path: '/api/processes/:processId/versions/:version',
    roles: ['deployer'],
    operationId: 'updateDefinitionVersion',
    tags,
    summary: "Change a version's description, tags or startableBy",
    params: VERSION,
    body: { schema: ref('DefinitionUpdate') },
    responses: { '200': jsonResponse('The version as changed.', ref('Definition')), ...errors(404, 413) },
    handler: (_ctx, { params, body }, { engine }) => engine.updateDefinition(params.processId, params.version, body),
  }),
  route<unknown, unknown, VersionParams>({
    method: 'POST',
    path: '/api/processes/:processId/versions/:version/suspend',
    roles: ['deployer'],
    operationId: 'suspendDefinitionVersion',
    tags,
    summary: 'Suspend a version',
    description: 'It starts no instances (start: 409; its timer and message start events pause); its running instances go on.',
    params: VERSION,
    responses: { '200': jsonResponse('The version, suspended.', ref('Definition')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.suspendDefinition(params.processId, params.version),
  }),
  route<unknown, unknown, VersionParams>({
    method: 'POST',
    path: '/api/processes/:processId/versions/:version/activate',
    roles: ['deployer'],
    operationId: 'activateDefinitionVersion',
    tags,
    summary: 'Activate a suspended version',
    params: VERSION,
    responses: { '200': jsonResponse('The version, active.', ref('Definition')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.activateDefinition(params.processId, params.version),
  }),
  route<unknown, unknown, VersionParams>({
    method: 'DELETE',
    path: '/api/processes/:processId/versions/:version',
    roles: ['deployer'],
    operationId: 'deleteDefinitionVersion',
    tags,
    summary: 'Delete a version that has no active instances',
    description: "When it was the latest, the previous version's start events take over. Its version number is never given again.",
    params: VERSION,
    responses: { '204': { description: 'Deleted.' }, ...errors(404, 409) },
    handler: async (ctx, { params }, { engine }) => {
      await engine.deleteDefinition(params.processId, params.version);
      ctx.status = 204;
    },
  }),
];

/**
 * When the caller has an identity (auth is on) and is no admin, a version
 * with `startableBy` may be started only by a member of one of its groups:
 * 403 otherwise. Resolves with the version that was checked, so that the
 * start runs that one even if another is deployed meanwhile.
 */
export async function checkMayStart(engine: Engine, ctx: Context, processId: string, version: number | undefined): Promise<number | undefined> {
  const caller = ctx.state.identity as Caller | undefined;
  if (!caller) return version;
  const definition = await engine.definition(processId, version);
  if (!caller.roles.includes('admin') && !mayStart(definition.startableBy, caller.groups)) {
    throw new HttpError(403, 'FORBIDDEN', `the key '${caller.name}' is in none of the groups that may start '${processId}' version ${definition.version}`, {
      startableBy: definition.startableBy,
    });
  }
  return definition.version;
}

/**
 * The groups a message or signal of this caller may start versions for
 * (server/engine `callerGroups`): undefined without auth or for an admin,
 * who may start anything.
 */
export function callerGroups(ctx: Context): string[] | undefined {
  const caller = ctx.state.identity as Caller | undefined;
  if (!caller || caller.roles.includes('admin')) return undefined;
  return [...caller.groups];
}
