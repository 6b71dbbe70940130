/**
 * Process definitions and their versions: list (filters id, name, tag,
 * latest), the latest version, version history, one version, its XML,
 * metadata changes, suspend / activate, delete. Starting instances is in
 * processes.ts, which asks `checkMayStart` here.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { mayStart, type DefinitionUpdate, type Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';

/** The caller as the auth middleware puts it on `ctx.state.identity`; absent without auth. */
interface Caller {
  name: string;
  roles: readonly string[];
  groups: readonly string[];
}

export function definitionRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/processes' });

  router.get('/', async (ctx) => {
    const { id, name, tag, latest, environment } = ctx.query;
    if (latest !== undefined && latest !== 'true' && latest !== 'false') throw new HttpError(400, 'INVALID_ARGUMENT', 'latest must be true or false');
    const query = { processId: single(id), name: single(name), tag: single(tag), latest: latest === 'true', environment: single(environment) };
    ctx.body = { items: await engine.definitions(query) };
  });

  router.get('/:processId', async (ctx) => {
    ctx.body = await engine.definition(ctx.params.processId);
  });

  router.get('/:processId/versions', async (ctx) => {
    ctx.body = { items: await engine.definitionVersions(ctx.params.processId) };
  });

  router.get('/:processId/versions/:version', async (ctx) => {
    ctx.body = await engine.definition(ctx.params.processId, versionOf(ctx));
  });

  router.get('/:processId/versions/:version/xml', async (ctx) => {
    const xml = await engine.definitionXml(ctx.params.processId, versionOf(ctx));
    ctx.type = 'application/xml';
    ctx.body = xml;
  });

  router.patch('/:processId/versions/:version', async (ctx) => {
    const body = jsonObject(ctx.request.body);
    const unknown = Object.keys(body).filter((key) => !['description', 'tags', 'startableBy'].includes(key));
    if (unknown.length) throw new HttpError(400, 'INVALID_ARGUMENT', `only description, tags and startableBy can be changed, not ${unknown.join(', ')}`);
    ctx.body = await engine.updateDefinition(ctx.params.processId, versionOf(ctx), body as DefinitionUpdate);
  });

  router.post('/:processId/versions/:version/suspend', async (ctx) => {
    ctx.body = await engine.suspendDefinition(ctx.params.processId, versionOf(ctx));
  });

  router.post('/:processId/versions/:version/activate', async (ctx) => {
    ctx.body = await engine.activateDefinition(ctx.params.processId, versionOf(ctx));
  });

  router.delete('/:processId/versions/:version', async (ctx) => {
    await engine.deleteDefinition(ctx.params.processId, versionOf(ctx));
    ctx.status = 204;
  });

  return router;
}

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

function versionOf(ctx: Context): number {
  const text = String(ctx.params.version);
  const version = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(version) || version < 1) throw new HttpError(400, 'INVALID_ARGUMENT', 'the version must be a whole number, 1 or more');
  return version;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
