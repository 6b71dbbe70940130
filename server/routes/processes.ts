/** Starting instances of a process (the definitions themselves are in definitions.ts). */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { awaitOptions, untilEnded } from './await-completion.js';
import { jsonObject } from './body.js';
import { checkMayStart } from './definitions.js';

export function processRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/processes' });

  router.post('/:processId/instances', async (ctx) => {
    const body = jsonObject(ctx.request.body);
    const { variables, businessKey, version, environment } = body;
    if (environment !== undefined && typeof environment !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'environment must be a string');
    if (businessKey !== undefined && typeof businessKey !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'businessKey must be a string');
    if (version !== undefined && !Number.isInteger(version)) throw new HttpError(400, 'INVALID_ARGUMENT', 'version must be a whole number');
    const waiting = awaitOptions(body);
    // In an environment: its latest version, unless one is named.
    const requested = version === undefined && environment !== undefined ? await engine.latestVersionIn(ctx.params.processId, environment) : version;
    const startVersion = await checkMayStart(engine, ctx, ctx.params.processId, requested as number | undefined);
    const instance = await engine.start(ctx.params.processId, {
      variables: variables === undefined ? {} : jsonObject(variables, 'variables'),
      businessKey: businessKey as string | undefined,
      version: startVersion,
      environment: environment as string | undefined,
    });
    ctx.status = 201;
    ctx.set('Location', `/api/instances/${instance.id}`);
    ctx.body = waiting ? await untilEnded(engine, instance, waiting.timeoutMs) : instance;
  });

  return router;
}
